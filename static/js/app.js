// Small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to a swapped-in region that asks for it, so screen readers announce it.
  const target = event.detail.target.querySelector("[data-focus-after-swap]");
  if (target) target.focus();
});
