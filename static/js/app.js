// Small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSettle", () => {
  // Move focus to what a swap asks for (the confirmation, the first field to fill in or to
  // correct), so a screen reader announces it and a phone user continues there. Looked up in
  // the whole document: an outerHTML swap replaces the element the event names.
  const target = document.querySelector("[data-focus-after-swap]");
  if (target) {
    target.removeAttribute("data-focus-after-swap");
    target.focus();
  }
});

document.addEventListener("change", (event) => {
  // The contact form: choosing the kind of contact sets its usual minutes, unless the user
  // typed minutes of their own.
  const soort = event.target.closest("select[data-minuten-per-soort]");
  if (!soort || !soort.form) return;
  const minuten = soort.form.elements.namedItem("minuten");
  if (!minuten || (minuten.value !== "" && minuten.value !== minuten.dataset.standaard)) return;
  const standaard = JSON.parse(soort.dataset.minutenPerSoort)[soort.value];
  if (standaard !== undefined) {
    minuten.value = String(standaard);
    minuten.dataset.standaard = String(standaard);
  }
});

function scrollableTablesFocusable(root) {
  // A table wider than a phone's screen scrolls inside its .table-wrap, not the page: make
  // that region reachable and scrollable by keyboard, named after the table's caption.
  root.querySelectorAll(".table-wrap").forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
      if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
      const caption = wrap.querySelector("caption");
      if (caption && !wrap.hasAttribute("aria-label")) {
        wrap.setAttribute("aria-label", caption.textContent.trim().split("\n")[0]);
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", () => scrollableTablesFocusable(document));
document.addEventListener("htmx:afterSettle", () => scrollableTablesFocusable(document));
