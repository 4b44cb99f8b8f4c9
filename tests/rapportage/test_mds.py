"""The minimale-dataset export (rapportage.mds, docs/minimale-dataset.md, decision 0025):
one pseudonymised row per traject, a key per export, figures that agree with the report,
made by a Celery job, downloadable by the coordinator and the national monitoring only, and
the record of what was sent to the Register Dementiezorg en Ondersteuning."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.actor import Actor
from accounts.models import AccessLogEntry, Role
from casemanagement.models import Eindreden, Meting, MetingType, Volhoudtijd
from rapportage import mds, services
from rapportage.models import MdsExport, MdsExportStatus
from rapportage.perioden import parse_periode
from rapportage.snapshot import netwerk_snapshot
from tests.casemanagement.factories import (
    AanmeldingFactory,
    ClientFactory,
    ContactmomentFactory,
    TrajectFactory,
)
from tests.netwerk.factories import (
    NetwerkFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)

from .conftest import PERIODE

Q3 = parse_periode(PERIODE)


def _meting(traject, datum, type_, door, score=None, volhoudtijd=""):
    return Meting.objects.create(
        traject=traject, datum=datum, type=type_, score=score, volhoudtijd=volhoudtijd, door=door
    )


@pytest.fixture
def data(gevuld_netwerk):
    """gevuld_netwerk (6 trajecten in care since September, 7 waiting) plus: a traject ended
    in the period (in the export, not in care on the peildatum), one ended before the period
    and one of another network (both not in the export), and measurements of one traject."""
    netwerk = gevuld_netwerk
    coordinator = netwerk.coordinator
    eerste = netwerk.trajecten.order_by("pk").first()
    _meting(eerste, dt.date(2026, 7, 1), MetingType.KWALITEIT_VAN_LEVEN, coordinator, Decimal(30))
    _meting(eerste, dt.date(2026, 9, 1), MetingType.KWALITEIT_VAN_LEVEN, coordinator, Decimal(34))
    _meting(eerste, dt.date(2026, 12, 1), MetingType.KWALITEIT_VAN_LEVEN, coordinator, Decimal(40))
    _meting(
        eerste,
        dt.date(2026, 8, 1),
        MetingType.VOLHOUDTIJD,
        coordinator,
        volhoudtijd=Volhoudtijd.EEN_TOT_TWEE_JAAR,
    )
    ContactmomentFactory(traject=eerste, datum=dt.date(2026, 9, 15), minuten=45)
    ContactmomentFactory(traject=eerste, datum=dt.date(2026, 9, 16), minuten=30)
    ContactmomentFactory(traject=eerste, datum=dt.date(2026, 10, 2), minuten=99)  # after Q3
    casemanager = eerste.casemanager
    TrajectFactory(
        casemanager=casemanager,
        aanmelding__datum=dt.date(2026, 5, 1),
        aanmelding__eerste_contact_op=dt.date(2026, 5, 20),
        aanmelding__ontvangt_wijkverpleging=True,
        toegewezen_op=dt.date(2026, 5, 10),
        startdatum=dt.date(2026, 5, 20),
        einddatum=dt.date(2026, 8, 31),
        eindreden=Eindreden.OPNAME,
    )
    TrajectFactory(
        casemanager=casemanager,
        aanmelding__datum=dt.date(2026, 1, 5),
        toegewezen_op=dt.date(2026, 1, 10),
        startdatum=dt.date(2026, 1, 20),
        einddatum=dt.date(2026, 6, 30),
        eindreden=Eindreden.OVERLIJDEN,
    )
    TrajectFactory(startdatum=dt.date(2026, 9, 12))  # another network
    return netwerk


def _maak(user, netwerk, periode=Q3) -> MdsExport:
    """Ask for the export; the Celery job runs eagerly in the tests, once, on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = services.mds_export_aanvragen(
            actor=Actor.of(user), netwerk=netwerk, periode=periode
        )
    export.refresh_from_db()
    return export


def _json(export: MdsExport) -> dict:
    with export.json.open("rb") as f:
        return json.loads(f.read())


def test_export_has_one_pseudonymised_row_per_traject_and_no_identifying_data(data):
    export = _maak(data.coordinator, data)

    assert export.status == MdsExportStatus.KLAAR
    inhoud = _json(export)
    rows = inhoud["trajecten"]
    # the 6 in care and the one ended in the period; not the one ended before it, nor the
    # other network's
    assert len(rows) == export.aantal_trajecten == 7
    assert len({r["pseudoniem"] for r in rows}) == 7
    assert all(len(r["pseudoniem"]) == 32 for r in rows)
    assert set(rows[0]) == set(mds.KOLOMMEN)
    assert {r["mds01_geboortejaar"] for r in rows} == {1940}
    bestanden = b"".join(
        getattr(export, veld).open("rb").read() for veld in ("csv", "xlsx", "json")
    )
    for traject in data.trajecten.select_related("client"):
        client = traject.client
        for geheim in (client.bsn, client.achternaam, client.voornaam, "1940-05-17", "17-05-1940"):
            assert geheim.encode() not in bestanden
        assert str(client.pk) not in {r["pseudoniem"] for r in rows}


def test_every_export_has_its_own_key_so_pseudonyms_differ_between_exports(data):
    eerste = {r["pseudoniem"] for r in _json(_maak(data.coordinator, data))["trajecten"]}
    tweede = {r["pseudoniem"] for r in _json(_maak(data.coordinator, data))["trajecten"]}

    assert len(eerste) == len(tweede) == 7
    assert not eerste & tweede


def test_the_trajecten_of_one_client_share_a_pseudonym_within_an_export(db, netwerk):
    client = ClientFactory(netwerk=netwerk)
    a = TrajectFactory(
        casemanager__netwerk=netwerk,
        aanmelding__client=client,
        aanmelding__datum=dt.date(2026, 6, 1),
        aanmelding__eerste_contact_op=dt.date(2026, 6, 3),
        toegewezen_op=dt.date(2026, 6, 2),
        startdatum=dt.date(2026, 6, 3),
        einddatum=dt.date(2026, 7, 15),
        eindreden=Eindreden.VERHUIZING,
    )
    TrajectFactory(
        casemanager=a.casemanager,
        aanmelding__client=client,
        aanmelding__datum=dt.date(2026, 8, 1),
        toegewezen_op=dt.date(2026, 8, 2),
    )
    sleutel = mds.nieuwe_sleutel()

    rows = mds.rijen([netwerk], Q3, sleutel=sleutel)

    assert len(rows) == 2
    assert rows[0]["pseudoniem"] == rows[1]["pseudoniem"] == mds.pseudoniem(sleutel, client.pk)
    assert mds.pseudoniem(mds.nieuwe_sleutel(), client.pk) != rows[0]["pseudoniem"]


def test_in_care_on_the_peildatum_agrees_with_the_report_snapshot(data):
    export = _maak(data.coordinator, data)
    rows = _json(export)["trajecten"]
    rapport = netwerk_snapshot(data, Q3)

    in_zorg = sum(1 for r in rows if r["in_zorg_op_peildatum"])
    assert in_zorg == export.aantal_in_zorg == rapport["caseload"]["clienten_in_zorg"] == 6
    beeindigd = [r for r in rows if r["mds11_einddatum"]]
    assert [(r["mds11_einddatum"], r["mds11_eindreden"]) for r in beeindigd] == [
        ("2026-08-31", "opname")
    ]
    assert beeindigd[0]["wijkverpleging_bij_aanmelding"] is True
    assert not beeindigd[0]["in_zorg_op_peildatum"]


def test_a_traject_started_on_the_peildatum_is_a_row_and_in_care_as_in_the_report(data):
    """The peildatum of Q3 is 1 October, the day after the period: a traject assigned and
    started that day is in the report's "in zorg" figure, so it is a row of the export, in
    care (found by `make bench` on the national data: 10 such trajecten were missing)."""
    TrajectFactory(
        casemanager=data.trajecten.order_by("pk").first().casemanager,
        aanmelding__datum=dt.date(2026, 9, 20),
        aanmelding__eerste_contact_op=dt.date(2026, 10, 1),
        aanmelding__toegewezen_op=dt.date(2026, 10, 1),
        toegewezen_op=dt.date(2026, 10, 1),
        startdatum=dt.date(2026, 10, 1),
    )
    TrajectFactory(  # assigned on 1 October, its first contact later: not in care on it
        casemanager=data.trajecten.order_by("pk").first().casemanager,
        aanmelding__datum=dt.date(2026, 9, 21),
        aanmelding__toegewezen_op=dt.date(2026, 10, 1),
        toegewezen_op=dt.date(2026, 10, 1),
        startdatum=None,
    )
    export = _maak(data.coordinator, data)
    rows = _json(export)["trajecten"]
    rapport = netwerk_snapshot(data, Q3)

    assert export.aantal_trajecten == 8
    assert [r["toegewezen_op"] for r in rows if r["in_zorg_op_peildatum"]].count("2026-10-01") == 1
    assert export.aantal_in_zorg == rapport["caseload"]["clienten_in_zorg"] == 7


def test_outcomes_first_and_last_value_up_to_the_end_of_the_period_and_minutes(data):
    export = _maak(data.coordinator, data)
    rows = _json(export)["trajecten"]
    eerste = data.trajecten.order_by("pk").first()
    # the rows are in traject order within the network
    rij = next(r for r in rows if r["mds12_contactminuten_periode"] == 75)

    assert rij["mds13_kwaliteit_van_leven_eerste_datum"] == "2026-07-01"
    assert rij["mds13_kwaliteit_van_leven_eerste_waarde"] == "30.0"
    assert rij["mds13_kwaliteit_van_leven_laatste_datum"] == "2026-09-01"  # not December
    assert rij["mds13_kwaliteit_van_leven_laatste_waarde"] == "34.0"
    assert rij["mds13_kwaliteit_van_leven_aantal"] == 2
    assert rij["mds14b_volhoudtijd_mantelzorger_laatste_waarde"] == "1_2j"
    # gevuld_netwerk gives every traject a belasting of 6 on 20 September
    assert rij["mds14a_belasting_mantelzorger_eerste_waarde"] == "6.0"
    assert rij["mds15_clientoordeel_aantal"] == 0
    assert rij["mds15_clientoordeel_eerste_waarde"] is None
    assert eerste.metingen.count() == 5


def test_csv_and_xlsx_carry_the_same_rows_as_the_json(data):
    export = _maak(data.coordinator, data)
    tekst = export.csv.open("rb").read().decode("utf-8-sig")
    csv_rows = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    workbook = load_workbook(io.BytesIO(export.xlsx.open("rb").read()))
    sheet = list(workbook["Minimale dataset"].iter_rows(values_only=True))
    json_rows = _json(export)["trajecten"]

    assert [r["pseudoniem"] for r in csv_rows] == [r["pseudoniem"] for r in json_rows]
    assert list(sheet[0]) == mds.KOLOMMEN
    assert len(sheet) - 1 == len(csv_rows) == 7
    assert {r["mds07_aanmelddatum"][:4] for r in csv_rows} == {"2026"}  # ISO dates
    assert {r["in_zorg_op_peildatum"] for r in csv_rows} == {"0", "1"}
    assert "Verantwoording" in workbook.sheetnames


def test_national_export_covers_every_network(data):
    export = _maak(national_user(Role.SIGNAALTEAM), None)

    assert export.aantal_trajecten == 8  # the other network's traject too
    assert {r["netwerk"] for r in _json(export)["trajecten"]} == {
        data.slug,
        *[n.slug for n in type(data).objects.exclude(pk=data.pk)],
    }


def test_other_networks_coordinator_insurer_and_casemanager_may_not_export(db, netwerk):
    ander = coordinator_of(NetwerkFactory())
    for user in (ander, verzekeraar_user(), casemanager_of(netwerk)):
        with pytest.raises(PermissionDenied):
            services.mds_export_aanvragen(actor=Actor.of(user), netwerk=netwerk, periode=Q3)
    with pytest.raises(PermissionDenied):  # all networks: the national monitoring only
        services.mds_export_aanvragen(
            actor=Actor.of(coordinator_of(netwerk)), netwerk=None, periode=Q3
        )
    assert not MdsExport.objects.exists()


def test_download_is_logged_and_refused_to_other_network_and_insurer(client, data):
    export = _maak(data.coordinator, data)
    url = reverse("rapportage:mds_bestand", args=[export.pk, "csv"])

    client.force_login(data.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("pseudoniem;")
    assert (
        AccessLogEntry.objects.filter(
            object_type="mds_export", object_id=str(export.pk), action="exporteren"
        ).count()
        == 2
    )  # the request and the download
    assert client.get(reverse("rapportage:mds_bestand", args=[export.pk, "pdf"])).status_code == 404

    client.force_login(coordinator_of(NetwerkFactory()))
    assert client.get(url).status_code == 404
    client.force_login(verzekeraar_user(data.preferente_zorgverzekeraar))
    assert client.get(url).status_code == 404
    assert client.get(reverse("rapportage:mds_exports")).status_code == 403
    client.force_login(national_user(Role.SIGNAALTEAM))
    assert client.get(url).status_code == 200


def test_page_asks_for_an_export_and_records_the_delivery(client, data):
    client.force_login(data.coordinator)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("rapportage:mds_exports"), {"periode": PERIODE})
    assert response.status_code == 302
    response = client.get(reverse("rapportage:mds_exports"))
    assert response.status_code == 200
    export = MdsExport.objects.get()
    assert export.netwerk == data and export.status == MdsExportStatus.KLAAR
    assert "Aanlevering vastleggen" in response.content.decode()

    vandaag = timezone.localdate().isoformat()
    response = client.post(
        reverse("rapportage:mds_aanlevering", args=[export.pk]),
        {"aangeleverd_op": vandaag, "opmerking": "via het portaal"},
        follow=True,
    )
    aanlevering = export.aanleveringen.get()
    assert aanlevering.vastgelegd_door == data.coordinator
    assert aanlevering.ontvanger == "Register Dementiezorg en Ondersteuning"
    assert "via het portaal" in response.content.decode()


def test_delivery_in_the_future_or_by_another_network_is_refused(data):
    export = _maak(data.coordinator, data)
    morgen = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError):
        services.mds_aanlevering_vastleggen(
            actor=Actor.of(data.coordinator), export=export, aangeleverd_op=morgen
        )
    with pytest.raises(PermissionDenied):
        services.mds_aanlevering_vastleggen(
            actor=Actor.of(coordinator_of(NetwerkFactory())),
            export=export,
            aangeleverd_op=timezone.localdate(),
        )
    assert not export.aanleveringen.exists()


def test_job_is_idempotent_and_a_failure_marks_the_export(db, netwerk, monkeypatch):
    AanmeldingFactory(client=ClientFactory(netwerk=netwerk), netwerk=netwerk)
    export = MdsExport.objects.create(
        netwerk=netwerk, periode=PERIODE, periode_begin=Q3.begin, periode_eind=Q3.eind
    )
    klaar = services.mds_export_maken(export_id=export.pk)
    assert klaar.status == MdsExportStatus.KLAAR and klaar.aantal_trajecten == 0
    sha = klaar.sha256_json
    assert services.mds_export_maken(export_id=export.pk).sha256_json == sha

    kapot = MdsExport.objects.create(
        netwerk=netwerk, periode=PERIODE, periode_begin=Q3.begin, periode_eind=Q3.eind
    )

    def stuk(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(mds, "rijen", stuk)
    with pytest.raises(RuntimeError):
        services.mds_export_maken(export_id=kapot.pk)
    kapot.refresh_from_db()
    assert kapot.status == MdsExportStatus.MISLUKT


def test_above_the_row_limit_no_xlsx_is_made_but_csv_and_json_are(data, monkeypatch, client):
    monkeypatch.setattr(mds, "XLSX_MAX_RIJEN", 6)
    export = _maak(data.coordinator, data)

    assert export.status == MdsExportStatus.KLAAR
    assert export.csv and export.json and not export.xlsx
    client.force_login(data.coordinator)
    xlsx = reverse("rapportage:mds_bestand", args=[export.pk, "xlsx"])
    assert client.get(xlsx).status_code == 404
    assert "bestand.xlsx" not in client.get(reverse("rapportage:mds_exports")).content.decode()


def test_page_explains_every_column_of_the_export_in_dutch(client, data):
    from rapportage.mds import KOLOMMEN

    client.force_login(data.coordinator)
    response = client.get(reverse("rapportage:mds_exports"))
    kolommen = dict(response.context["kolommen"])
    assert list(kolommen) == KOLOMMEN
    assert all(uitleg.strip() for uitleg in kolommen.values())
    assert "docs/minimale-dataset.md" not in response.content.decode()
    assert "Waarde van de eerste meting van cliëntoordeel (1-10)." in kolommen.values()
