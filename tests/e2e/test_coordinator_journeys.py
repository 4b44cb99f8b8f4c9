"""The coordinator's daily journeys (issue #15, docs/decisions/0019), in a real browser
against the live server with the demo data: the werkbak, a registration outside the
werkgebied, and a meerjarenplan agreed by the preferente verzekeraar before adoption."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from casemanagement.identifiers import bsn_hash
from casemanagement.models import Aanmelding
from netwerk.models import Meerjarenplan, Netwerk, PlanStatus
from tests.e2e.browser import blocking_violations, log_in
from tests.e2e.demo import HAAGLANDEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LAPTOP = {"width": 1366, "height": 900}
# A valid BSN (elfproef) outside the demo's numbers (200000000 and up).
BSN_MAASTRICHT = "111222333"
ZUID_LIMBURG = "Netwerk Dementie Zuid-Limburg"


def _menu(page: Page, name: str) -> None:
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name=name, exact=True).click()


def test_the_coordinator_starts_on_the_werkbak_and_assigns_from_it(demo, new_context):
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, "netwerkcoordinator")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Werkbak")
    wachtlijst = page.get_by_role("region", name="Wachtlijst vandaag")
    expect(wachtlijst).to_contain_text("Dreigt")
    expect(wachtlijst).to_contain_text("Boven de Treeknorm")
    for region in ("Termijnen dit kwartaal", "Voortgangsgesprek", "Over tijd"):
        expect(page.get_by_role("region", name=region)).to_be_visible()
    expect(page.get_by_role("region", name="Open signalen over het netwerk")).to_be_visible()
    assert not blocking_violations(page, "/werkbak/")

    # the most urgent aanmelding heads the list; Toewijzen sorts the same way
    toewijzen = page.get_by_role("table", name=re.compile("Aanmeldingen zonder casemanager"))
    rijen = toewijzen.locator("tbody tr")
    expect(rijen.first).to_be_visible()
    eerste = rijen.first.get_by_role("rowheader").inner_text()
    urgenties = [rijen.nth(i).locator("td").first.inner_text() for i in range(rijen.count())]
    rang = {"Crisis": 0, "Hoog": 1, "Normaal": 2}
    assert urgenties == sorted(urgenties, key=rang.__getitem__), urgenties
    _menu(page, "Toewijzen")
    expect(page.locator("table tbody tr").first.get_by_role("rowheader")).to_have_text(eerste)

    page.go_back()
    rijen.first.get_by_role("link", name=re.compile("^Toewijzen")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(eerste)


def test_the_waitlist_fits_a_laptop_screen(demo, new_context):
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, "netwerkcoordinator")
    _menu(page, "Wachtlijst")
    tabel = page.get_by_role("table", name=re.compile("wachtende"))
    expect(tabel).to_be_visible()
    breed = page.evaluate(
        "() => { const w = document.querySelector('#lijst-kop').parentElement"
        ".querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; }"
    )
    assert breed[0] <= breed[1], f"the table is wider than its place: {breed}"
    toewijzen = tabel.get_by_role("link", name=re.compile("^Toewijzen")).first
    vak = toewijzen.bounding_box()
    assert vak is not None and vak["x"] + vak["width"] <= LAPTOP["width"], vak

    # a future peildatum is refused with a clear message
    page.goto(page.url.split("?")[0] + "?peildatum=2099-01-01")
    expect(page.get_by_role("alert")).to_contain_text("ligt in de toekomst")


def test_a_client_from_another_werkgebied_is_registered_there_after_a_warning(demo, new_context):
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, "netwerkcoordinator")
    _menu(page, "Toewijzen")
    page.get_by_role("link", name="Cliënt aanmelden").click()

    gemeente = page.get_by_label("Gemeente", exact=True)
    groepen = gemeente.locator("optgroup")
    expect(groepen.first).to_have_attribute("label", f"Werkgebied van {HAAGLANDEN}")
    expect(groepen.first.locator("option", has_text="Delft")).to_have_count(1)

    page.get_by_label("BSN").fill(BSN_MAASTRICHT)
    page.get_by_label("Voornaam").fill("Maria")
    page.get_by_label("Achternaam").fill("Maasland")
    page.get_by_label("Geboortedatum").fill("1938-02-11")
    gemeente.select_option(label="Maastricht")
    page.get_by_label("Verwezen door").select_option(label="Huisarts / POH")
    page.get_by_role("button", name="Aanmelden").click()

    # warned before anything is saved
    waarschuwing = page.get_by_role("alert")
    expect(waarschuwing).to_contain_text("hoort niet bij het werkgebied")
    expect(waarschuwing).to_contain_text(ZUID_LIMBURG)
    assert not blocking_violations(page, "/clienten/nieuw/ (buiten werkgebied)")
    page.get_by_label(f"Ja, meld deze cliënt aan bij {ZUID_LIMBURG}").check()
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("status")).to_contain_text(ZUID_LIMBURG)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werkbak")
    # the aanmelding waits there, centrally, for that network's coordinator
    aanmelding = Aanmelding.objects.get(client__bsn_hash=bsn_hash(BSN_MAASTRICHT))
    assert (aanmelding.netwerk.naam, aanmelding.organisatie) == (ZUID_LIMBURG, None)


def test_the_plan_is_adopted_after_the_preferente_verzekeraar_agreed(demo, new_context):
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    coordinator = new_context(viewport=LAPTOP).new_page()
    log_in(coordinator, "netwerkcoordinator")
    coordinator.goto(f"/netwerken/{haaglanden.pk}/")
    coordinator.get_by_role("navigation", name="Netwerk").get_by_role(
        "link", name="Meerjarenplan"
    ).click()
    coordinator.get_by_role("row", name=re.compile("Vastgesteld")).get_by_role("link").click()
    coordinator.get_by_role("button", name="Nieuwe versie maken").click()
    coordinator.get_by_role("button", name="Indienen bij de verzekeraar").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("ingediend")
    expect(coordinator.get_by_text("Vaststellen kan zodra de preferente")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Vaststellen…")).to_have_count(0)

    verzekeraar = new_context(viewport=LAPTOP).new_page()
    log_in(verzekeraar, "verzekeraar")
    _menu(verzekeraar, "Plannen ter beoordeling")
    rij = verzekeraar.get_by_role("row", name=re.compile(HAAGLANDEN))
    expect(rij).to_contain_text("Wacht op beoordeling")
    assert not blocking_violations(verzekeraar, "/plannen/ter-beoordeling/")
    rij.get_by_role("link").click()
    assert not blocking_violations(verzekeraar, "plan ter beoordeling")
    verzekeraar.get_by_label("Opmerkingen of toelichting").fill("Akkoord, mooi plan.")
    verzekeraar.get_by_role("button", name="Akkoord geven").click()
    expect(verzekeraar.get_by_role("status").first).to_contain_text("akkoord")

    coordinator.reload()
    coordinator.get_by_role("link", name="Vaststellen…").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Plan definitief vaststellen")
    assert not blocking_violations(coordinator, "plan vaststellen (bevestigen)")
    coordinator.get_by_role("button", name="Ja, plan vaststellen").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("vastgesteld")
    plan = Meerjarenplan.objects.filter(netwerk=haaglanden).order_by("-versie").first()
    assert plan.status == PlanStatus.VASTGESTELD
    assert plan.beoordeeld_door.email == "verzekeraar@demo.dementienetwerk.nl"
