import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import Categorie, MelderType, SignaalStatus
from tests.signaalteam.factories import signaal
from tests.spreadsheets import assert_csv_neutralised, assert_xlsx_neutralised

pytestmark = pytest.mark.django_db

MELDER = ("Melder Geheimnaam", "melder.geheim@example.nl", "06 12345678", "Geheime Organisatie")


def _today():
    return timezone.localdate()


def url(name):
    return reverse(f"signaalteam:{name}")


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def gesloten(signaalteam_user, netwerk):
    result = signaal(
        signaalteam_user,
        netwerk,
        titel="Aanbieder gestopt",
        ontvangen_op=_today() - dt.timedelta(days=12),
    )
    services.signaal_take_up(signaal=result, actor=Actor.of(signaalteam_user))
    return services.signaal_close(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        status=SignaalStatus.OPGELOST,
        oplossing="Cliënten met eigen casemanager overgegaan.",
    )


def test_signaalteam_csv_has_the_melder_details(client, signaalteam_user, gesloten):
    client.force_login(signaalteam_user)
    response = client.get(url("export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    header, row = _csv_rows(response)
    record = dict(zip(header, row, strict=True))
    assert record["Referentie"] == gesloten.referentie
    assert record["Naam melder"] == "Melder Geheimnaam"
    assert record["E-mail melder"] == "melder.geheim@example.nl"
    assert record["Status"] == "Opgelost"
    assert record["Doorlooptijd (dagen)"] == "12"
    assert record["Netwerken"] == "Dementienetwerk Haaglanden"


@pytest.mark.parametrize("export", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("role", ["verzekeraar", "coordinator"])
def test_exports_of_other_roles_hold_no_melder_details(
    client, gesloten, coordinator, verzekeraar, export, role
):
    client.force_login({"verzekeraar": verzekeraar, "coordinator": coordinator}[role])
    response = client.get(url(export))

    assert response.status_code == 200
    rows = _csv_rows(response) if export == "export_csv" else _xlsx_rows(response)
    assert len(rows) == 2
    assert "Naam melder" not in rows[0]
    flat = " ".join(str(value) for row in rows for value in row)
    for private in MELDER:
        assert private not in flat
    assert gesloten.referentie in flat


def test_xlsx_of_the_signaalteam(client, signaalteam_user, gesloten):
    client.force_login(signaalteam_user)
    response = client.get(url("export_xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = _xlsx_rows(response)
    record = dict(zip(header, row, strict=True))
    assert record["Titel"] == "Aanbieder gestopt"
    assert record["Telefoon melder"] == "06 12345678"
    assert record["Doorlooptijd (dagen)"] == 12


def test_exports_follow_the_filters(client, signaalteam_user, gesloten, netwerk):
    signaal(signaalteam_user, netwerk, titel="Personeel", categorie=Categorie.PERSONEEL)
    client.force_login(signaalteam_user)

    rows = _csv_rows(client.get(url("export_csv") + "?categorie=personeel"))
    assert [row[1] for row in rows[1:]] == ["Personeel"]
    rows = _xlsx_rows(client.get(url("export_xlsx") + "?status=gesloten"))
    assert [row[1] for row in rows[1:]] == ["Aanbieder gestopt"]


def test_texts_from_the_meldpunt_are_never_run_as_formulas(client, signaalteam_user, netwerk):
    services.meldpunt_submit(
        melder_type=MelderType.ANDERS,
        naam="=cmd|' /C calc'!A0",
        email="x@example.nl",
        telefoon="+31 6 12345678",
        categorie=Categorie.OVERIG,
        omschrijving='=HYPERLINK("http://evil.example","klik")',
        netwerk=netwerk,
    )
    client.force_login(signaalteam_user)
    hostile = ["=cmd|' /C calc'!A0", "+31 6 12345678", '=HYPERLINK("http://evil.example","klik")']

    csv_response = client.get(url("export_csv"))
    assert_csv_neutralised(csv_response, hostile)
    csv_record = dict(zip(*_csv_rows(csv_response), strict=True))
    assert csv_record["Omschrijving"] == "'" + hostile[2]

    xlsx_response = client.get(url("export_xlsx"))
    assert_xlsx_neutralised(xlsx_response, hostile)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Omschrijving") + 1)
    assert (cell.data_type, cell.value) == ("s", hostile[2])
    ontvangen = sheet.cell(row=2, column=header.index("Ontvangen op") + 1)
    assert ontvangen.is_date


def test_export_query_count_does_not_grow(
    client, signaalteam_user, netwerk, other_netwerk, django_assert_max_num_queries
):
    for n in range(30):
        signaal(signaalteam_user, [netwerk, other_netwerk][n % 2], titel=f"S{n}")
    client.force_login(signaalteam_user)
    for export in ("export_csv", "export_xlsx"):
        with django_assert_max_num_queries(10):
            assert client.get(url(export)).status_code == 200
