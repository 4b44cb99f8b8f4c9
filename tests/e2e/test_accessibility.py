"""axe-core on every main page of every role: no serious or critical WCAG 2.1 A/AA violation.

A role's main pages are the ones its menu and the network's submenu lead to, plus the first
detail page of each kind those pages link to (a client, a plan, a goal, ...), found the way a
person would find them, so a new menu item or page is checked without changing this test.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from demo.accounts import DEMO_USERS
from netwerk.models import Netwerk
from netwerk.selectors import casemanagement_aanbieders
from tests.casemanagement.factories import CasemanagerUitnodigingFactory
from tests.e2e.browser import (
    blocking_violations,
    current_totp,
    email_of,
    log_in,
    submit_login,
    wait_for_panels,
)
from tests.e2e.demo import HAAGLANDEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The first link of each kind a role's pages lead to is checked too.
DETAIL_PAGES = {
    "cliënt": r"/clienten/\d+/",
    "contact vastleggen": r"/trajecten/\d+/contact/",
    "toewijzen": r"/aanmeldingen/\d+/toewijzen/",
    "netwerk": r"/netwerken/\d+/",
    "meerjarenplan": r"/plannen/\d+/",
    "jaarplan": r"/plannen/\d+/jaarplan/\d+/",
    "doel": r"/doelen/\d+/",
    "voortgangsgesprek": r"/voortgangsgesprekken/\d+/",
    "contract": r"/inkoop/contracten/\d+/",
    "NZa-kwartaal": r"/nza/\d+/",
    "signaal": r"/signalen/\d+/",
    "rapport": r"/rapporten/\d+/",
}
# What each role must reach, so the walk cannot silently shrink.
EXPECTED_DETAILS = {
    "casemanager": {"cliënt", "contact vastleggen", "netwerk"},
    "netwerkcoordinator": {
        "cliënt",
        "toewijzen",
        "netwerk",
        "meerjarenplan",
        "doel",
        "voortgangsgesprek",
        "contract",
        "NZa-kwartaal",
        "signaal",
        "rapport",
    },
    "verzekeraar": {
        "netwerk",
        "meerjarenplan",
        "doel",
        "voortgangsgesprek",
        "contract",
        "rapport",
    },
    "signaalteam": {"netwerk", "signaal", "contract"},
    "beheerder": {"netwerk", "signaal", "contract"},
}
# Every page is checked at the desk and on a casemanager's phone.
VIEWPORTS = {"1366x900": {"width": 1366, "height": 900}, "390x844": {"width": 390, "height": 844}}
# The Django admin is not our markup; downloads are not pages.
SKIPPED = re.compile(r"^/(beheer|api|static|media)/|\.(pdf|csv|xlsx)$")
MENU_LINKS = 'nav[aria-label="Hoofdmenu"] a, nav.subnav a, .site-header__user a'


def _links(page: Page, selector: str = "a[href^='/']") -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    paths = [href.split("#")[0].split("?")[0] for href in hrefs if href.startswith("/")]
    return [path for path in dict.fromkeys(paths) if path and not SKIPPED.search(path)]


def _walk(page: Page, start: list[str]) -> tuple[list[str], set[str]]:
    """Check the start pages and the menu pages, then the first detail page of each kind;
    returns the problems and the kinds of detail page reached."""
    problems: list[str] = []
    reached: set[str] = set()
    queue = list(start)
    seen: set[str] = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or not response.ok:
            problems.append(f"{path}: HTTP {response and response.status} (a link that fails)")
            continue
        wait_for_panels(page)
        problems += blocking_violations(page, page.url.removeprefix(_origin(page)))
        queue += [link for link in _links(page, MENU_LINKS) if link not in seen]
        links = _links(page)
        for kind, pattern in DETAIL_PAGES.items():
            if kind in reached:
                continue
            match = next((link for link in links if re.fullmatch(pattern, link)), None)
            if match is not None:
                reached.add(kind)
                queue.append(match)
    return problems, reached


def _origin(page: Page) -> str:
    return re.match(r"https?://[^/]+", page.url).group(0)


def _report(problems: list[str]) -> str:
    return "serious or critical WCAG 2.1 AA violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(DEMO_USERS))
def test_every_main_page_of_a_role_has_no_serious_accessibility_violation(
    demo, page, role, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    problems: list[str] = []
    if role == "beheerder":
        submit_login(page, email_of(role))
        expect(page.get_by_role("heading", name="Tweede factor")).to_be_visible()
        problems += blocking_violations(page, "/account/tweede-factor/")
        page.get_by_label("Code uit de authenticator-app").fill(current_totp(email_of(role)))
        page.get_by_role("button", name="Controleren").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    else:
        log_in(page, role)

    # the demo's fullest network (plans, goals, meetings), for the roles that see many
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    start = ["/", f"/netwerken/{haaglanden.pk}/"]
    if role in ("casemanager", "netwerkcoordinator"):
        start.append("/clienten/?q=de")  # the search with its results
    walked, reached = _walk(page, start)
    problems += walked

    if role == "casemanager":
        # the inline contact form, as HTMX puts it into Mijn cliënten
        page.goto("/mijn-clienten/")
        page.locator("td[id^='contact-'] a").first.click()
        expect(page.get_by_role("button", name="Vastleggen")).to_be_visible()
        problems += blocking_violations(page, "/mijn-clienten/ (contactformulier open)")

    assert not problems, _report(problems)
    assert EXPECTED_DETAILS[role] <= reached, f"not reached: {EXPECTED_DETAILS[role] - reached}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_public_pages_have_no_serious_accessibility_violation(demo, page, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    problems = []
    for path in ["/account/inloggen/", "/meldpunt/", f"/openbaar/{haaglanden.slug}/wachtlijst/"]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        problems += blocking_violations(page, path)
    # the login form showing its error message
    submit_login(page, email_of("casemanager"), "niet-het-wachtwoord")
    expect(page.get_by_role("alert")).to_be_visible()
    problems += blocking_violations(page, "/account/inloggen/ (fout wachtwoord)")
    assert not problems, _report(problems)


def test_casemanager_invitation_pages_have_no_serious_accessibility_violation(demo, page):
    """The public page where an invitee sets a password (also with its errors), and the
    coordinator's list with an open invitation (docs/decisions/0010)."""
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=haaglanden,
        organisatie=casemanagement_aanbieders(haaglanden, timezone.localdate()).first(),
        email="nieuwe.casemanager@example.nl",
        naam="Sanne Bakker",
        uitgenodigd_door=User.objects.get(email=email_of("netwerkcoordinator")),
    )
    problems = []
    page.goto(f"/uitnodiging/{uitnodiging.token}/")
    expect(page.get_by_role("heading", name="Maak uw account aan")).to_be_visible()
    problems += blocking_violations(page, "/uitnodiging/<token>/")
    page.get_by_label("Kies een wachtwoord").fill("kort")
    page.get_by_label("Herhaal het wachtwoord").fill("kort")
    page.get_by_role("button", name="Account aanmaken en uitnodiging aannemen").click()
    expect(page.get_by_text("Dit wachtwoord is te kort")).to_be_visible()
    problems += blocking_violations(page, "/uitnodiging/<token>/ (fout wachtwoord)")

    log_in(page, "netwerkcoordinator")
    page.goto("/casemanagers/")
    expect(page.get_by_role("heading", name="Uitnodigingen")).to_be_visible()
    problems += blocking_violations(page, "/casemanagers/ (met uitnodiging)")
    assert not problems, _report(problems)
