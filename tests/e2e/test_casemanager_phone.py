"""The casemanager on a phone (390×844), between two home visits (issue #15): no page scrolls
sideways, the client's name stays in view while a contact is logged, a contact takes at most
five taps, the four measurements go in one form, and axe finds nothing serious."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from casemanagement.models import Casemanager, Meting, Traject
from tests.e2e.browser import (
    CountingUser,
    blocking_violations,
    email_of,
    log_in,
    wait_for_panels,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(demo, new_context) -> Page:
    page = new_context(**PHONE).new_page()
    log_in(page, "casemanager")
    return page


def sideways(page: Page) -> str:
    """What sticks out to the right of the screen ('' when nothing does): the page may be
    no wider than the screen."""
    return page.evaluate(
        """() => {
      const width = window.innerWidth;
      if (document.documentElement.scrollWidth <= width) return "";
      const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
      return document.documentElement.scrollWidth + "px > " + width + "px: " + wide.join(", ");
    }"""
    )


def _not_in_care_row(page: Page):
    rij = page.locator("table.caseload tbody tr").filter(has_text="Nog niet in zorg genomen")
    return page.locator(f"#{rij.first.get_attribute('id')}")


def test_casemanager_logs_a_contact_on_a_phone_in_five_taps_with_the_name_in_view(phone):
    page = phone
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn cliënten", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn cliënten")
    assert sideways(page) == ""
    # clients not yet in care come first
    first = page.locator("table.caseload tbody tr").first
    expect(first).to_contain_text("Nog niet in zorg genomen")
    rij = _not_in_care_row(page)
    naam = rij.get_by_role("rowheader").get_by_role("link")
    naam_tekst = naam.inner_text()

    person = CountingUser(page)
    person.click(rij.get_by_role("link", name=re.compile("^Contact")))
    formulier = rij.locator("form")
    expect(formulier).to_be_visible()
    expect(formulier.get_by_label("Soort contact")).to_be_focused()
    assert sideways(page) == "", "the open contact form fits the screen"
    expect(formulier.get_by_label("Datum")).to_have_value(timezone.localdate().isoformat())
    expect(formulier.get_by_label("Minuten")).to_have_value("60")  # a home visit
    person.choose(formulier.get_by_label("Soort contact"), "Telefonisch")
    expect(formulier.get_by_label("Minuten")).to_have_value("15")  # a phone call

    knop = formulier.get_by_role("button", name="Vastleggen")
    knop.scroll_into_view_if_needed()
    expect(knop).to_be_in_viewport()
    expect(naam).to_be_in_viewport()  # the name stays in view beside the form
    person.click(knop)

    status = rij.get_by_role("status")
    expect(status).to_contain_text("Vastgelegd")
    expect(status).to_contain_text("Telefonisch")
    expect(status).to_be_focused()
    # the row is up to date without a reload
    expect(rij).not_to_contain_text("Nog niet in zorg genomen")
    expect(rij.locator("[id^='laatste-contact-']")).not_to_have_text("–")
    assert person.clicks <= 5 and person.keystrokes == 0, person.steps
    assert sideways(page) == ""

    traject = Traject.objects.get(pk=int(rij.get_attribute("id").removeprefix("traject-")))
    assert traject.startdatum == timezone.localdate(), naam_tekst


def test_on_the_contact_page_the_name_stays_on_top_while_scrolling(phone):
    page = phone
    sanne = Casemanager.objects.get(user__email=email_of("casemanager"))
    traject = Traject.objects.filter(casemanager=sanne, einddatum__isnull=True).first()
    page.goto(f"/trajecten/{traject.pk}/contact/")
    kop = page.get_by_role("heading", level=1)
    expect(kop).to_have_text(f"Contact met {traject.client.naam}")
    assert sideways(page) == ""
    page.get_by_label("Korte notitie").fill("Dochter gebeld over de dagbesteding.")
    page.get_by_role("button", name="Vastleggen").scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    expect(kop).to_be_in_viewport()


def test_the_four_measurements_go_in_one_form_and_a_wrong_score_keeps_the_rest(phone):
    page = phone
    page.goto("/mijn-clienten/")
    badge = page.locator("a.status--kort").first
    expect(badge).to_be_visible()
    traject_id = int(
        badge.locator("xpath=ancestor::tr").get_attribute("id").removeprefix("traject-")
    )
    voor = Meting.objects.filter(traject_id=traject_id).count()
    badge.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uitkomstmetingen van")
    assert sideways(page) == ""
    assert page.get_by_text("optioneel").count() == 0

    page.get_by_label("Kwaliteit van leven cliënt (QoL-AD, 13-52)").fill("60")
    page.get_by_label("Ervaren belasting mantelzorger (0-10)").fill("6,5")
    page.get_by_label(re.compile("^Volhoudtijd mantelzorger")).select_option(label="1 tot 2 jaar")
    page.get_by_label("Cliëntoordeel casemanagement (1-10)").fill("8")
    page.get_by_role("button", name="Metingen vastleggen").click()

    expect(page.get_by_role("alert")).to_contain_text("niet vastgelegd")
    expect(page.get_by_text("De score ligt tussen 13 en 52.")).to_be_visible()
    expect(page.get_by_label("Ervaren belasting mantelzorger (0-10)")).to_have_value("6,5")
    expect(page.get_by_label("Cliëntoordeel casemanagement (1-10)")).to_have_value("8")
    assert Meting.objects.filter(traject_id=traject_id).count() == voor

    page.get_by_label("Kwaliteit van leven cliënt (QoL-AD, 13-52)").fill("38")
    page.get_by_role("button", name="Metingen vastleggen").click()  # one submit for all four
    expect(page.get_by_role("status")).to_contain_text("De 4 metingen zijn vastgelegd.")
    assert Meting.objects.filter(traject_id=traject_id).count() == voor + 4
    assert sideways(page) == ""


def test_casemanager_pages_on_a_phone_fit_the_screen_and_have_no_serious_axe_violation(phone):
    page = phone
    problems: list[str] = []

    def check(label: str) -> None:
        wide = sideways(page)
        if wide:
            problems.append(f"{label}: scrolls sideways ({wide})")
        problems.extend(blocking_violations(page, f"{label} (390×844)"))

    page.goto("/mijn-clienten/")
    menu = page.eval_on_selector_all(
        'nav[aria-label="Hoofdmenu"] a, nav.subnav a, .site-header__user a',
        "links => links.map((a) => a.getAttribute('href'))",
    )
    client_link = page.locator("table.caseload tbody th a").first.get_attribute("href")
    contact_link = page.locator("td[id^='contact-'] a").first.get_attribute("href")
    meting_link = page.locator("a.status--kort").first.get_attribute("href")
    for path in dict.fromkeys(
        [
            "/",
            "/mijn-clienten/",
            client_link,
            contact_link,
            meting_link,
            "/clienten/nieuw/",
            "/account/meldingen/",
            "/account/instellingen/",
            *menu,  # every page the casemanager's menu leads to
        ]
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        wait_for_panels(page)
        check(path)

    # the search with its results, the inline contact form, and a form with its errors
    page.goto("/mijn-clienten/")
    page.get_by_role("search").get_by_role("textbox").fill("de")
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check("/clienten/ (zoekresultaten)")
    page.goto("/mijn-clienten/")
    page.locator("td[id^='contact-'] a").first.click()
    expect(page.get_by_role("button", name="Vastleggen")).to_be_visible()
    check("/mijn-clienten/ (contactformulier open)")
    page.goto(meting_link)
    page.get_by_role("button", name="Metingen vastleggen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check(f"{meting_link} (met fouten)")

    assert not problems, "\n".join(problems)
