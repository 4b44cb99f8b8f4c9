"""What the browser tests do as a person would: log in, count clicks, check a page with axe."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from demo.accounts import DEMO_PASSWORD, DEMO_USERS

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def email_of(role: str) -> str:
    return DEMO_USERS[role][0]


def current_totp(email: str) -> str:
    """The code the demo beheerder's authenticator app shows now."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def submit_login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_in(page: Page, role: str) -> None:
    """Log in as the demo user of the role, with the second factor for the beheerder."""
    submit_login(page, email_of(role))
    if role == "beheerder":
        expect(page.get_by_role("heading", name="Tweede factor")).to_be_visible()
        page.get_by_label("Code uit de authenticator-app").fill(current_totp(email_of(role)))
        page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


@dataclass
class CountingUser:
    """Acts on a page and counts what a person would do: clicks (choosing from a list is two:
    open it, pick) and keys typed."""

    page: Page
    clicks: int = 0
    keystrokes: int = 0
    steps: list[str] = field(default_factory=list)

    def click(self, target: Locator) -> None:
        target.click()
        self.clicks += 1
        self.steps.append("click")

    def choose(self, target: Locator, label: str) -> None:
        target.select_option(label=label)
        self.clicks += 2
        self.steps.append(f"choose {label}")

    def type(self, target: Locator, text: str) -> None:
        target.click()
        target.press_sequentially(text)
        self.clicks += 1
        self.keystrokes += len(text)
        self.steps.append(f"type {text}")


# --- axe-core ---------------------------------------------------------------------------

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  }));
}"""


def wait_for_panels(page: Page) -> None:
    """Wait until the panels a page loads with HTMX (``hx-trigger="load"``, e.g. the capacity
    and waitlist cards of the network dashboard) have replaced their placeholder, so a check
    sees the page as a person does. A panel that fails to load keeps its placeholder, and
    this times out."""
    page.wait_for_function("() => !document.querySelector('[hx-trigger=\"load\"]')")


def axe_violations(page: Page) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol, not as an inline <script> that the
        # page's Content-Security-Policy would refuse.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def blocking_violations(page: Page, label: str) -> list[str]:
    """The serious and critical violations on the page, one readable line each."""
    lines = []
    for violation in axe_violations(page):
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = ", ".join(violation["targets"][:5])
            more = len(violation["targets"]) - 5
            if more > 0:
                targets += f" (+{more} more)"
            lines.append(
                f"{label}: {violation['id']} ({violation['impact']}) {violation['help']}"
                f" -> {targets}"
            )
    return lines
