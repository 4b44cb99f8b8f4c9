"""The journeys people make through the application, in a real browser against the live
server with the demo data: what they click, and what they see."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from casemanagement.models import Casemanager
from netwerk.models import Netwerk
from tests.e2e.browser import (
    CountingUser,
    blocking_violations,
    current_totp,
    email_of,
    log_in,
    submit_login,
)
from tests.e2e.demo import HAAGLANDEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A valid BSN (elfproef) outside the demo's numbers (200000000 and up).
NIEUW_BSN = "123456782"
LOCKOUT_TITLE = "Account tijdelijk geblokkeerd"


def _wachtend(page: Page) -> int:
    """The figure "wachtend" at the top of the coordinator's waitlist."""
    figure = page.locator(".cards .card").first.locator(".figure")
    return int(figure.inner_text().replace(".", ""))


def _menu(page: Page, name: str) -> None:
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name=name, exact=True).click()


def _open_wachtlijst(page: Page) -> None:
    _menu(page, "Wachtlijst")
    expect(page.get_by_role("heading", level=1, name=re.compile("Wachtlijst"))).to_be_visible()


def test_coordinator_registers_and_assigns_and_the_first_contact_takes_the_client_off_the_waitlist(
    demo, new_context
):
    sanne = Casemanager.objects.select_related("user", "organisatie").get(
        user__email=email_of("casemanager")
    )
    gemeente = sanne.werkgebied.order_by("naam").first()
    coordinator = new_context().new_page()
    log_in(coordinator, "netwerkcoordinator")

    _open_wachtlijst(coordinator)
    wachtend_vooraf = _wachtend(coordinator)

    # register the client and the aanmelding
    _menu(coordinator, "Toewijzen")
    coordinator.get_by_role("link", name="Cliënt aanmelden").click()
    coordinator.get_by_label("BSN").fill(NIEUW_BSN)
    coordinator.get_by_label("Voornaam").fill("Geertje")
    coordinator.get_by_label("Achternaam").fill("Zonneveld")
    coordinator.get_by_label("Geboortedatum").fill("1941-05-14")
    coordinator.get_by_label("Gemeente").select_option(value=str(gemeente.pk))
    coordinator.get_by_label("Verwezen door").select_option(label="Huisarts / POH")
    coordinator.get_by_label("Aanbieder").select_option(value=str(sanne.organisatie_id))
    coordinator.get_by_role("button", name="Aanmelden").click()
    expect(coordinator.get_by_role("status")).to_contain_text("geregistreerd")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Geertje Zonneveld")

    _open_wachtlijst(coordinator)
    assert _wachtend(coordinator) == wachtend_vooraf + 1
    rij = coordinator.get_by_role("row", name=re.compile("Geertje Zonneveld"))
    expect(rij).to_be_visible()

    # assign her to Sanne Bakker, who works in her gemeente: her caseload is full, so the
    # coordinator gives the reason to go over the norm
    rij.get_by_role("link", name="Toewijzen").click()
    keuze = coordinator.get_by_role("row", name=re.compile(sanne.user.naam))
    expect(keuze).to_contain_text("Vol")
    coordinator.get_by_label(sanne.user.naam).check()
    coordinator.get_by_label("Reden om boven de caseloadnorm toe te wijzen").fill(
        "Woont in de wijk van mevrouw Bakker; een andere casemanager heeft er geen tijd."
    )
    coordinator.get_by_role("button", name="Toewijzen").click()
    expect(coordinator.get_by_role("status")).to_contain_text(
        f"Geertje Zonneveld is toegewezen aan {sanne.user.naam}"
    )
    _open_wachtlijst(coordinator)
    expect(coordinator.get_by_role("row", name=re.compile("Geertje Zonneveld"))).to_contain_text(
        sanne.user.naam
    )
    assert _wachtend(coordinator) == wachtend_vooraf + 1  # assigned, still waiting

    # the casemanager logs the first contact from Mijn cliënten
    casemanager = new_context().new_page()
    log_in(casemanager, "casemanager")
    expect(casemanager.get_by_role("heading", level=1)).to_have_text("Mijn cliënten")
    nieuw = casemanager.get_by_role("row", name=re.compile("Geertje Zonneveld"))
    expect(nieuw).to_contain_text("Nog niet in zorg genomen")
    nieuw.get_by_role("link", name=re.compile("Contact")).click()
    nieuw.get_by_label("Soort contact").select_option(label="Huisbezoek")
    nieuw.get_by_label("Minuten").fill("60")
    nieuw.get_by_role("button", name="Vastleggen").click()
    expect(nieuw.get_by_role("status")).to_contain_text("Vastgelegd")

    # the coordinator's waitlist: she no longer waits, one fewer waiting
    coordinator.reload()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Wachtlijst")
    expect(coordinator.get_by_role("row", name=re.compile("Geertje Zonneveld"))).to_have_count(0)
    assert _wachtend(coordinator) == wachtend_vooraf
    # and her record says since when she is in care
    _menu(coordinator, "Cliënten")
    coordinator.get_by_role("search").get_by_role("textbox").fill(NIEUW_BSN)
    coordinator.get_by_role("search").get_by_role("button", name="Zoeken").click()
    coordinator.get_by_role("link", name="Geertje Zonneveld").click()
    with translation.override("nl"):
        vandaag = date_format(timezone.localdate(), "j F Y")
    expect(coordinator.get_by_text("Eerste contact (in zorg) op")).to_have_text(
        f"Eerste contact (in zorg) op {vandaag}"
    )


def test_casemanager_logs_a_contact_in_a_handful_of_clicks(demo, page):
    log_in(page, "casemanager")
    _menu(page, "Mijn cliënten")
    person = CountingUser(page)
    in_zorg = page.locator("table.caseload tbody tr").filter(has_not_text="Nog niet in zorg")
    rij = page.locator(f"#{in_zorg.first.get_attribute('id')}")
    naam = rij.get_by_role("rowheader").get_by_role("link").inner_text()

    person.click(rij.get_by_role("link", name=re.compile("^Contact")))
    formulier = rij.locator("form")
    expect(formulier).to_be_visible()
    assert formulier.locator("[required]").count() <= 3  # date (today), kind, minutes
    expect(formulier.get_by_label("Datum")).to_have_value(timezone.localdate().isoformat())
    person.choose(formulier.get_by_label("Soort contact"), "Telefonisch")
    # a phone call's usual minutes are filled in when the kind is chosen
    expect(formulier.get_by_label("Minuten")).to_have_value("15")
    person.click(formulier.get_by_role("button", name="Vastleggen"))

    expect(rij.get_by_role("status")).to_contain_text("Vastgelegd")
    expect(rij.get_by_role("status")).to_contain_text("Telefonisch")
    assert page.url.endswith("/mijn-clienten/"), "the form stays inline, on Mijn cliënten"
    assert person.clicks <= 5 and person.keystrokes == 0, person.steps
    # the contact is on the client's record
    rij.get_by_role("link", name=naam, exact=True).click()
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    contact = page.get_by_role("table", name="Contactmomenten").get_by_role("row")
    expect(contact.filter(has_text=vandaag).filter(has_text="Telefonisch").first).to_contain_text(
        "15"
    )


def test_dashboard_shows_the_capacity_and_waitlist_panels_of_inkoop_and_wachtlijst(
    demo, new_context
):
    """The network dashboard loads the capacity and the waitlist as panels that inkoop and
    wachtlijst serve (docs/decisions/0014), for the coordinator and for the insurer."""
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    for role in ("netwerkcoordinator", "verzekeraar"):
        page = new_context().new_page()
        log_in(page, role)
        page.goto(f"/netwerken/{haaglanden.pk}/")

        capaciteit = page.get_by_role("region", name="Capaciteit casemanagement")
        expect(capaciteit).to_contain_text("Verwachte vraag")
        expect(capaciteit.get_by_role("link", name="Capaciteit bekijken")).to_be_visible()
        wachtlijst = page.get_by_role("region", name="Wachtlijst", exact=True)
        expect(wachtlijst.get_by_role("table")).to_contain_text("Wachtend op casemanagement")


def test_insurer_downloads_a_pdf_report(demo, page):
    """The insurer picks the period from a list in words, gets a file named after the
    network and the period, and the PDF says it is adopted, when and by whom."""
    from rapportage.models import Rapport

    rapport = Rapport.objects.get(netwerk__naam=HAAGLANDEN, status="vastgesteld")
    log_in(page, "verzekeraar")
    _menu(page, "Rapportages")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportages downloaden")
    page.get_by_label("Periode").select_option(label=rapport.periode_label)
    page.get_by_role("button", name="Filteren").click()
    rij = page.get_by_role("row", name=re.compile("Dementienetwerk Haaglanden"))
    expect(rij).to_contain_text("Vastgesteld")
    expect(rij).to_contain_text(rapport.periode_label)

    with page.expect_download() as download_info:
        rij.get_by_role("link", name=re.compile("Download")).click()
    download = download_info.value
    jaar, kwartaal = rapport.periode.split("Q")
    assert download.suggested_filename == (
        f"voortgang-dementienetwerk-haaglanden-{jaar}-Q{kwartaal}-v1.pdf"
    )
    with open(download.path(), "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        with translation.override("nl"):
            op = date_format(timezone.localtime(rapport.vastgesteld_op), "j F Y")
        assert f"Vastgesteld op {op} door {rapport.vastgesteld_door.naam}" in " ".join(text.split())


def test_coordinator_accepts_the_contract_an_insurer_offered(demo, page):
    """The demo's next-year contract of Zilveren Kruis waits for Haaglanden's coordinator;
    accepting it is what makes it count (decision 0009)."""
    log_in(page, "netwerkcoordinator")
    _menu(page, "Contracten")
    expect(page.get_by_text("1 contract wacht op acceptatie door het netwerk.")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Accepteren")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contract accepteren")
    assert not blocking_violations(page, "contract accepteren")
    page.get_by_role("button", name="Accepteren").click()

    expect(page.get_by_text("Het contract is geaccepteerd en afgesloten.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Geaccepteerd door .* namens het netwerk"))).to_be_visible()
    expect(page.get_by_role("link", name="Accepteren")).to_have_count(0)


def test_citizen_submits_the_meldpunt_form(demo, new_context, settings):
    settings.SIGNAAL_MELDPUNT_LIMIET = "100/m"  # earlier runs from this address do not count
    page = new_context().new_page()
    page.goto("/meldpunt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldpunt casemanagement dementie")
    page.get_by_label("Er is een wachtlijst").check()
    page.get_by_label("Vertel wat er gebeurt").fill(
        "Mijn moeder wacht al twee maanden op een casemanager en niemand belt terug."
    )
    page.get_by_label(re.compile(r"^Dementienetwerk")).select_option(
        label="Dementienetwerk Haaglanden"
    )
    page.get_by_label("Cliënt of mantelzorger").check()
    page.get_by_label("Uw naam").fill("Petra de Wit")
    page.get_by_label("E-mailadres").fill("petra@example.org")
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw melding is ontvangen")
    referentie = page.locator(".referentie").inner_text()
    assert re.fullmatch(r"SIG-\d{4}-\d{4,}", referentie), referentie
    assert not blocking_violations(page, "/meldpunt/ontvangen/")

    # the signaalteam finds it among the signals
    team = new_context().new_page()
    log_in(team, "signaalteam")
    _menu(team, "Signalen")
    expect(team.get_by_role("link", name=referentie)).to_be_visible()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(demo, page):
    email = email_of("signaalteam")
    for _attempt in range(4):
        submit_login(page, email, "verkeerd-wachtwoord")
        expect(page.get_by_role("alert")).to_contain_text("niet bekend")
    submit_login(page, email, "verkeerd-wachtwoord")
    expect(page.get_by_role("heading", level=1)).to_have_text(LOCKOUT_TITLE)

    submit_login(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(LOCKOUT_TITLE)
    expect(page.get_by_text("over een uur opnieuw proberen")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    assert not blocking_violations(page, "lockout")
    page.goto("/signalen/")
    assert "/account/inloggen/" in page.url


def test_beheerder_needs_the_second_factor(demo, page):
    email = email_of("beheerder")
    submit_login(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
    # nothing else is reachable before the code
    page.goto("/account/toegangslog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")

    code = current_totp(email)
    page.get_by_label("Code uit de authenticator-app").fill(f"{(int(code) + 500_000) % 10**6:06d}")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
    expect(page.locator(".field__errors")).to_be_visible()
    # django-otp accepts the next try a second after a wrong code; a person is slower
    page.wait_for_timeout(1_100)

    page.get_by_label("Code uit de authenticator-app").fill(current_totp(email))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Toegangslog")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Toegangslog")).to_be_visible()
