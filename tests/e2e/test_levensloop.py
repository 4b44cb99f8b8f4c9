"""The client data's life cycle in the browser (docs/decisions/0017): a coordinator records a
request for destruction, sets up the second factor to read the network's access log and the
client's inzage report; a beheerder confirms the request and gets the receipt."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from casemanagement.models import Client
from netwerk.models import Netwerk
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory
from tests.e2e.browser import email_of, log_in
from tests.e2e.demo import HAAGLANDEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=name, exact=True
    ).click()


def _code_of_new_device(email: str) -> str:
    device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def test_destruction_request_inzage_and_access_view_end_to_end(demo, new_context):
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    dossier = AanmeldingFactory(
        client=ClientFactory(netwerk=haaglanden, voornaam="Grietje", achternaam="Vernietigmij"),
        datum=dt.date(2026, 1, 5),
        afgemeld_op=dt.date(2026, 2, 1),
        afmeldreden="afzien",
    ).client

    coordinator = new_context().new_page()
    log_in(coordinator, "netwerkcoordinator")
    coordinator.goto(f"/clienten/{dossier.pk}/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Grietje Vernietigmij")

    # the access view needs the second factor: set it up, and come back
    _menu(coordinator, "Toegangslog")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    coordinator.get_by_label("Code uit de authenticator-app").fill(
        _code_of_new_device(email_of("netwerkcoordinator"))
    )
    coordinator.get_by_role("button", name="Bevestigen").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Toegangslog")
    coordinator.get_by_label("Cliënt (naam of BSN)").fill("Vernietigmij")
    coordinator.get_by_role("button", name="Filteren").click()
    rows = coordinator.get_by_role("region", name="Regels van het toegangslog")
    expect(rows.get_by_role("cell", name="Grietje Vernietigmij").first).to_be_visible()

    # the inzage report, with its CSV
    coordinator.goto(f"/clienten/{dossier.pk}/")
    coordinator.get_by_role("link", name="Inzageverslag").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Inzageverslag")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename.startswith(f"inzageverslag-{dossier.pk}-")

    # the request, recorded by the coordinator
    coordinator.goto(f"/clienten/{dossier.pk}/")
    coordinator.get_by_role("link", name="Vernietigingsverzoek", exact=True).click()
    coordinator.get_by_label("Wie vraagt om vernietiging?").select_option(label="De cliënt zelf")
    coordinator.get_by_label("Verzoek ontvangen op").fill("2026-11-02")
    coordinator.get_by_label(re.compile("Ik heb vastgesteld")).check()
    coordinator.get_by_role("button", name="Verzoek vastleggen").click()
    expect(coordinator.get_by_text("Wacht op bevestiging")).to_be_visible()
    expect(
        coordinator.get_by_role("button", name="Bevestigen en dossier vernietigen")
    ).to_have_count(0)
    referentie = coordinator.get_by_role("heading", level=1).inner_text().split()[-1]

    # confirmed by a second person: the beheerder
    beheerder = new_context().new_page()
    log_in(beheerder, "beheerder")
    _menu(beheerder, "Vernietigingsverzoeken")
    beheerder.get_by_role("link", name=referentie).click()
    beheerder.get_by_role("button", name="Bevestigen en dossier vernietigen").click()
    expect(beheerder.get_by_role("heading", level=1)).to_have_text(
        f"Bewijs van vernietiging {referentie}"
    )
    expect(beheerder.get_by_text("Vernietigmij")).to_have_count(0)
    assert Client.objects.get(pk=dossier.pk).vernietigd_op is not None

    coordinator.goto(f"/clienten/{dossier.pk}/")
    expect(coordinator.get_by_role("heading", level=1)).not_to_have_text("Grietje Vernietigmij")
