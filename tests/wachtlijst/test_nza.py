"""NZa-transparantie: the quarterly figures per vestiging against a hand-computed network, the
immutable snapshot (database trigger and ORM), corrections, the quarterly job, exports, who
sees what on the pages, and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.actor import Actor
from casemanagement.models import Aanmelding, Eindreden, Uitstel
from netwerk.models import Netwerk
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
    aanbieder_in,
)
from tests.netwerk.factories import (
    OrganisatieFactory,
    VestigingFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from wachtlijst.models import KwartaalOnveranderlijk, KwartaalStatus, NzaKwartaal, NzaKwartaalRegel
from wachtlijst.nza.peildata import laatste_peildatum, peildata_tot
from wachtlijst.nza.selectors import CENTRAAL_NAAM, ZONDER_VESTIGING_NAAM, nza_cijfers
from wachtlijst.nza.services import (
    nza_kwartaal_concept,
    nza_kwartaal_concept_delete,
    nza_kwartaal_correctie,
    nza_kwartaal_publish,
)
from wachtlijst.selectors import met_wachttijd
from wachtlijst.tasks import nza_kwartaal_concepten

P = dt.date(2026, 10, 1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# --- A network with hand-computed figures ----------------------------------------------------


def aanmelding(netwerk, datum, organisatie=None, vestiging=None, **fields) -> Aanmelding:
    return AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        organisatie=organisatie,
        vestiging=vestiging,
        datum=datum,
        **fields,
    )


def traject(casemanager, *, aangemeld, start=None, eind=None):
    """A traject whose aanmelding stopped waiting at the first contact (= start)."""
    return TrajectFactory(
        casemanager=casemanager,
        toegewezen_op=aangemeld,
        startdatum=start,
        einddatum=eind,
        eindreden=Eindreden.OPNAME if eind else "",
        aanmelding__datum=aangemeld,
        aanmelding__toegewezen_op=aangemeld,
        aanmelding__eerste_contact_op=start,
    )


@dataclass
class World:
    netwerk: Netwerk
    alfa: object
    beta: object
    gamma: object
    alfa_noord: object
    alfa_zuid: object
    beta_centrum: object
    uitgestelde: Aanmelding


def build_world(netwerk, other_netwerk=None) -> World:
    """Three providers: Alfa (two vestigingen), Beta (an inactive vestiging with the lowest AGB
    code and an active one), Gamma (no vestiging). Expected on P = 1 October 2026:

    vestiging        wachtend  6+wk  in zorg  casemanagers  fte
    Beta Centrum        2        1      1          1        0.60
    Gamma (geen)        1        0      0          1        0.40
    Alfa Noord          3        2      2          2        1.30
    Alfa Zuid           1        0      0          0        0.00
    Centraal            2        0      0          0        0.00
    NZa waits of those waiting: 50 60 20 | 10 | 42 19 | 41 0 | 3 = 245 / 9 = 27.2
    """
    alfa = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Zorggroep Alfa"))
    beta = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Buurtzorg Beta"))
    gamma = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Casemanagement Gamma"))
    alfa_noord = VestigingFactory(organisatie=alfa, naam="Alfa Noord", agb_code="11000001")
    alfa_zuid = VestigingFactory(organisatie=alfa, naam="Alfa Zuid", agb_code="11000002")
    VestigingFactory(organisatie=beta, naam="Beta Oud", agb_code="10999999", actief=False)
    beta_centrum = VestigingFactory(organisatie=beta, naam="Beta Centrum", agb_code="12000001")

    # Waiting
    aanmelding(netwerk, P - days(10), alfa, alfa_zuid)  # Alfa Zuid, 10 days
    aanmelding(netwerk, P - days(50), alfa)  # first vestiging Alfa Noord, 50 days: 6+ weeks
    uitgestelde = aanmelding(netwerk, P - days(60), alfa)  # 60 days NZa, 25 days adjusted
    Uitstel.objects.create(aanmelding=uitgestelde, van=P - days(55), tot=P - days(20))
    aanmelding(netwerk, P - days(42), beta)  # inactive Beta Oud skipped: Beta Centrum, 42 days
    aanmelding(netwerk, P - days(41), None)  # central, 41 days
    aanmelding(netwerk, P, None)  # central, registered on the peildatum: 0 days
    aanmelding(netwerk, P - days(3), gamma)  # Gamma has no vestiging
    # Not waiting on P
    aanmelding(netwerk, P - days(30), alfa, alfa_noord, eerste_contact_op=P - days(5))
    aanmelding(netwerk, P - days(30), alfa, afgemeld_op=P, afmeldreden="opname")
    aanmelding(netwerk, P + days(1), alfa)

    cm_alfa = CasemanagerFactory(netwerk=netwerk, organisatie=alfa, fte=Decimal("0.80"))
    CasemanagerFactory(netwerk=netwerk, organisatie=alfa, fte=Decimal("0.50"))
    CasemanagerFactory(netwerk=netwerk, organisatie=alfa, fte=Decimal("1.00"), actief=False)
    cm_beta = CasemanagerFactory(netwerk=netwerk, organisatie=beta, fte=Decimal("0.60"))
    CasemanagerFactory(netwerk=netwerk, organisatie=gamma, fte=Decimal("0.40"))

    traject(cm_alfa, aangemeld=P - days(120), start=P - days(100))  # in care
    traject(cm_alfa, aangemeld=P - days(25), start=P - days(5), eind=P)  # ended on P
    traject(cm_alfa, aangemeld=P - days(20), start=P)  # first contact on P: in care
    traject(cm_alfa, aangemeld=P - days(20))  # assigned, no contact yet: waiting 20 days
    traject(cm_beta, aangemeld=P - days(19), start=P + days(1))  # still waiting on P: 19 days
    traject(cm_beta, aangemeld=P - days(40), start=P - days(20), eind=P + days(5))  # in care

    if other_netwerk is not None:
        ander = aanbieder_in(other_netwerk)
        VestigingFactory(organisatie=ander, agb_code="19000001")
        aanmelding(other_netwerk, P - days(80), ander)
        CasemanagerFactory(netwerk=other_netwerk, organisatie=ander)
    return World(netwerk, alfa, beta, gamma, alfa_noord, alfa_zuid, beta_centrum, uitgestelde)


EXPECTED_ROWS = [
    # agb, vestiging, organisatie, wachtend, 6+, in zorg, casemanagers, fte
    ("12000001", "Beta Centrum", "Buurtzorg Beta", 2, 1, 1, 1, Decimal("0.60")),
    ("", str(ZONDER_VESTIGING_NAAM), "Casemanagement Gamma", 1, 0, 0, 1, Decimal("0.40")),
    ("11000001", "Alfa Noord", "Zorggroep Alfa", 3, 2, 2, 2, Decimal("1.30")),
    ("11000002", "Alfa Zuid", "Zorggroep Alfa", 1, 0, 0, 0, Decimal("0")),
    ("", str(CENTRAAL_NAAM), "", 2, 0, 0, 0, Decimal("0")),
]


def rows_of(regels) -> list[tuple]:
    return [
        (
            r.agb_code,
            r.vestiging_naam,
            r.organisatie_naam,
            r.wachtend,
            r.zes_weken_of_langer,
            r.in_zorg,
            r.aantal_casemanagers,
            r.fte_casemanagers,
        )
        for r in regels
    ]


@pytest.fixture
def world(netwerk, other_netwerk):
    return build_world(netwerk, other_netwerk)


@pytest.fixture
def concept(world):
    return nza_kwartaal_concept(netwerk=world.netwerk, peildatum=P, actor=Actor.system())


@pytest.fixture
def published(concept, coordinator):
    return nza_kwartaal_publish(kwartaal=concept, actor=Actor.of(coordinator))


# --- Figures ---------------------------------------------------------------------------------


def test_snapshot_per_vestiging_matches_the_hand_computed_figures(concept):
    assert rows_of(concept.regels.all()) == EXPECTED_ROWS
    assert (
        concept.aantal_wachtend,
        concept.aantal_zes_weken_of_langer,
        concept.aantal_in_zorg,
        concept.aantal_casemanagers,
        concept.fte_casemanagers,
        concept.gemiddelde_wachtdagen,
    ) == (9, 3, 3, 4, Decimal("2.30"), Decimal("27.2"))
    assert (concept.versie, concept.status, concept.reden) == (1, KwartaalStatus.CONCEPT, "")


def test_postponement_keeps_the_adjusted_wait_low_but_counts_six_weeks_on_the_nza_wait(world):
    clock = met_wachttijd(Aanmelding.objects.filter(pk=world.uitgestelde.pk), P).get()
    assert (clock.nza_dagen, clock.gecorrigeerd_dagen) == (60, 25)
    noord = next(r for r in nza_cijfers(world.netwerk, P).regels if r.agb_code == "11000001")
    assert noord.zes_weken_of_langer == 2  # the 50-day wait and this one


def test_central_aanmeldingen_have_their_own_row_without_agb_code(concept):
    centraal = concept.regels.get(vestiging_naam=str(CENTRAAL_NAAM))
    assert (centraal.agb_code, centraal.organisatie_naam, centraal.wachtend) == ("", "", 2)
    assert centraal.is_centraal


def test_no_central_row_when_nobody_is_registered_centrally(netwerk):
    organisatie = aanbieder_in(netwerk)
    VestigingFactory(organisatie=organisatie)
    aanmelding(netwerk, P - days(3), organisatie)
    assert [r.is_centraal for r in nza_cijfers(netwerk, P).regels] == [False]


def test_provider_without_anything_to_report_has_a_row_of_zeros(netwerk):
    organisatie = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Stil"))
    VestigingFactory(organisatie=organisatie, naam="Stil Oost", agb_code="13000001")
    cijfers = nza_cijfers(netwerk, P)
    assert rows_of(cijfers.regels) == [("13000001", "Stil Oost", "Stil", 0, 0, 0, 0, Decimal("0"))]
    assert cijfers.gemiddelde_wachtdagen is None


def test_a_quarter_cannot_be_made_for_another_day_or_the_future(netwerk):
    with pytest.raises(ValidationError, match="1 januari, 1 april"):
        nza_kwartaal_concept(netwerk=netwerk, peildatum=dt.date(2026, 10, 2), actor=Actor.system())
    with (
        time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))),
        pytest.raises(ValidationError, match="toekomst"),
    ):
        nza_kwartaal_concept(netwerk=netwerk, peildatum=dt.date(2027, 1, 1), actor=Actor.system())
    assert not NzaKwartaal.objects.exists()


def test_peildata():
    assert laatste_peildatum(dt.date(2026, 10, 1)) == dt.date(2026, 10, 1)
    assert laatste_peildatum(dt.date(2026, 11, 23)) == dt.date(2026, 10, 1)
    assert laatste_peildatum(dt.date(2026, 3, 31)) == dt.date(2026, 1, 1)
    assert peildata_tot(dt.date(2026, 2, 1), 3) == [
        dt.date(2026, 1, 1),
        dt.date(2025, 10, 1),
        dt.date(2025, 7, 1),
    ]


# --- Concept, publication, corrections -------------------------------------------------------


def test_regenerating_an_unchanged_concept_changes_nothing(concept):
    regel_ids = list(concept.regels.values_list("pk", flat=True))
    again = nza_kwartaal_concept(netwerk=concept.netwerk, peildatum=P, actor=Actor.system())
    again.refresh_from_db()
    assert (again.pk, again.aangemaakt_op) == (concept.pk, concept.aangemaakt_op)
    assert list(again.regels.values_list("pk", flat=True)) == regel_ids


def test_regenerating_a_concept_takes_in_todays_data(concept, world, coordinator):
    aanmelding(world.netwerk, P - days(70), world.alfa, world.alfa_zuid)
    again = nza_kwartaal_concept(netwerk=world.netwerk, peildatum=P, actor=Actor.of(coordinator))
    assert (again.pk, again.versie, again.aantal_wachtend) == (concept.pk, 1, 10)
    assert again.aangemaakt_door == coordinator
    assert again.regels.get(agb_code="11000002").zes_weken_of_langer == 1


def test_publication_records_who_and_when(concept, coordinator):
    with time_machine.travel(dt.datetime(2026, 10, 8, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        kwartaal = nza_kwartaal_publish(kwartaal=concept, actor=Actor.of(coordinator))
    kwartaal.refresh_from_db()
    assert kwartaal.status == KwartaalStatus.GEPUBLICEERD
    assert kwartaal.gepubliceerd_door == coordinator
    assert timezone.localdate(kwartaal.gepubliceerd_op) == dt.date(2026, 10, 8)


def test_a_published_quarter_cannot_be_published_again(published, coordinator):
    with pytest.raises(ValidationError, match="Alleen een concept"):
        nza_kwartaal_publish(kwartaal=published, actor=Actor.of(coordinator))


def test_later_data_corrections_do_not_change_a_published_quarter(published, world):
    Aanmelding.objects.filter(netwerk=world.netwerk, datum=P - days(50)).update(
        eerste_contact_op=P - days(10)
    )
    aanmelding(world.netwerk, P - days(70), world.alfa, world.alfa_zuid)
    world.alfa.naam = "Alfa Zorg (nieuwe naam)"
    world.alfa.save()

    again = nza_kwartaal_concept(netwerk=world.netwerk, peildatum=P, actor=Actor.system())

    assert again.pk == published.pk
    published.refresh_from_db()
    assert (published.status, published.aantal_wachtend) == (KwartaalStatus.GEPUBLICEERD, 9)
    assert rows_of(published.regels.all()) == EXPECTED_ROWS
    assert NzaKwartaal.objects.count() == 1


def test_a_correction_is_a_new_version_with_its_reason_and_replaces_the_old_on_publish(
    published, world, coordinator
):
    aanmelding(world.netwerk, P - days(70), world.alfa, world.alfa_zuid)  # registered late
    with pytest.raises(ValidationError) as blank:
        nza_kwartaal_correctie(kwartaal=published, actor=Actor.of(coordinator), reden="   ")
    assert "reden" in blank.value.message_dict

    correctie = nza_kwartaal_correctie(
        kwartaal=published,
        actor=Actor.of(coordinator),
        reden="Aanmelding van Alfa te laat ingevoerd",
    )
    assert (correctie.versie, correctie.status) == (2, KwartaalStatus.CONCEPT)
    assert correctie.reden == "Aanmelding van Alfa te laat ingevoerd"
    assert correctie.aantal_wachtend == 10
    published.refresh_from_db()
    assert published.status == KwartaalStatus.GEPUBLICEERD  # public until the correction is

    with pytest.raises(ValidationError, match="al een correctie"):
        nza_kwartaal_correctie(kwartaal=published, actor=Actor.of(coordinator), reden="Nog een")

    nza_kwartaal_publish(kwartaal=correctie, actor=Actor.of(coordinator))
    published.refresh_from_db()
    correctie.refresh_from_db()
    assert published.status == KwartaalStatus.VERVANGEN
    assert published.aantal_wachtend == 9
    assert correctie.status == KwartaalStatus.GEPUBLICEERD
    with pytest.raises(ValidationError, match="Alleen de gepubliceerde"):
        nza_kwartaal_correctie(kwartaal=published, actor=Actor.of(coordinator), reden="Oude versie")


def test_a_concept_can_be_deleted_a_published_quarter_cannot(concept, coordinator):
    nza_kwartaal_concept_delete(kwartaal=concept, actor=Actor.of(coordinator))
    assert not NzaKwartaal.objects.exists()
    assert not NzaKwartaalRegel.objects.exists()
    kwartaal = nza_kwartaal_publish(
        kwartaal=nza_kwartaal_concept(netwerk=concept.netwerk, peildatum=P, actor=Actor.system()),
        actor=Actor.of(coordinator),
    )
    with pytest.raises(ValidationError, match="Alleen een concept"):
        nza_kwartaal_concept_delete(kwartaal=kwartaal, actor=Actor.of(coordinator))


# --- Immutability ----------------------------------------------------------------------------


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_database_refuses_update_and_delete_of_a_published_quarter(published):
    for sql in (
        "UPDATE wachtlijst_nzakwartaal SET aantal_wachtend = 0 WHERE id = %s",
        "UPDATE wachtlijst_nzakwartaal SET status = 'concept' WHERE id = %s",
        "UPDATE wachtlijst_nzakwartaal SET status = 'vervangen', reden = 'x' WHERE id = %s",
        "DELETE FROM wachtlijst_nzakwartaal WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="verandert niet"):
            _raw(sql, [published.pk])
    published.refresh_from_db()
    assert (published.status, published.aantal_wachtend) == (KwartaalStatus.GEPUBLICEERD, 9)


def test_database_refuses_changing_the_rows_of_a_published_quarter(published):
    regel = published.regels.first()
    for sql, params in (
        ("UPDATE wachtlijst_nzakwartaalregel SET wachtend = 0 WHERE id = %s", [regel.pk]),
        ("DELETE FROM wachtlijst_nzakwartaalregel WHERE id = %s", [regel.pk]),
        (
            "INSERT INTO wachtlijst_nzakwartaalregel (kwartaal_id, volgorde, agb_code, "
            "vestiging_naam, organisatie_naam, wachtend, zes_weken_of_langer, in_zorg, "
            "fte_casemanagers, aantal_casemanagers) VALUES (%s, 99, '', 'x', '', 0, 0, 0, 0, 0)",
            [published.pk],
        ),
    ):
        with pytest.raises(DatabaseError, match="verandert niet"):
            _raw(sql, params)
    assert rows_of(published.regels.all()) == EXPECTED_ROWS


def test_database_allows_only_marking_the_published_version_as_replaced(published):
    _raw("UPDATE wachtlijst_nzakwartaal SET status = 'vervangen' WHERE id = %s", [published.pk])
    for sql in (
        "UPDATE wachtlijst_nzakwartaal SET status = 'gepubliceerd' WHERE id = %s",
        "DELETE FROM wachtlijst_nzakwartaal WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="verandert niet"):
            _raw(sql, [published.pk])


def test_database_lets_a_concept_change(concept):
    _raw("UPDATE wachtlijst_nzakwartaal SET aantal_wachtend = 10 WHERE id = %s", [concept.pk])
    _raw("DELETE FROM wachtlijst_nzakwartaalregel WHERE kwartaal_id = %s", [concept.pk])
    _raw("DELETE FROM wachtlijst_nzakwartaal WHERE id = %s", [concept.pk])
    assert not NzaKwartaal.objects.exists()


def test_orm_refuses_changing_a_published_quarter(published, concept):
    stale = concept  # loaded while it was still a concept
    stale.aantal_wachtend = 0
    with pytest.raises(KwartaalOnveranderlijk):
        stale.save()
    published.reden = "stilletjes"
    with pytest.raises(KwartaalOnveranderlijk):
        published.save()
    with pytest.raises(KwartaalOnveranderlijk):
        published.delete()
    with pytest.raises(KwartaalOnveranderlijk):
        NzaKwartaal.objects.filter(pk=published.pk).delete()
    regel = published.regels.first()
    regel.wachtend = 0
    with pytest.raises(KwartaalOnveranderlijk):
        regel.save()
    with pytest.raises(KwartaalOnveranderlijk):
        regel.delete()
    with pytest.raises(KwartaalOnveranderlijk):
        published.regels.all().delete()
    assert rows_of(published.regels.all()) == EXPECTED_ROWS


def test_database_constraints_on_peildatum_reason_and_one_published_version(published):
    base = {
        "netwerk": published.netwerk,
        "aangemaakt_op": timezone.now(),
        "aantal_wachtend": 0,
        "aantal_zes_weken_of_langer": 0,
        "aantal_in_zorg": 0,
        "fte_casemanagers": 0,
        "aantal_casemanagers": 0,
    }
    for fields in (
        {"peildatum": dt.date(2026, 10, 2)},
        {"peildatum": dt.date(2026, 2, 1)},
        {"peildatum": P, "versie": 2},  # a correction needs a reason
        {"peildatum": P, "versie": 1},  # version 1 exists
        {
            "peildatum": P,
            "versie": 3,
            "reden": "x",
            "status": KwartaalStatus.GEPUBLICEERD,
            "gepubliceerd_op": timezone.now(),
            "gepubliceerd_door": published.gepubliceerd_door,
        },  # a second published version
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            NzaKwartaal.objects.create(**base, **fields)


# --- The quarterly job -----------------------------------------------------------------------


def test_task_makes_a_concept_for_every_network_and_a_second_run_changes_nothing(
    world, other_netwerk
):
    leeg = Netwerk.objects.create(naam="Netwerk zonder gegevens", slug="leeg")
    eerste = nza_kwartaal_concepten.delay(P.isoformat()).get()
    assert eerste == {"peildatum": "2026-10-01", "aangemaakt": 3, "overgeslagen": 0, "mislukt": 0}
    assert set(NzaKwartaal.objects.values_list("netwerk", "status")) == {
        (world.netwerk.pk, KwartaalStatus.CONCEPT),
        (other_netwerk.pk, KwartaalStatus.CONCEPT),
        (leeg.pk, KwartaalStatus.CONCEPT),
    }
    kwartaal = NzaKwartaal.objects.get(netwerk=world.netwerk)
    assert rows_of(kwartaal.regels.all()) == EXPECTED_ROWS
    assert kwartaal.aangemaakt_door is None
    snapshot = list(NzaKwartaal.objects.order_by("pk").values())
    regels = list(NzaKwartaalRegel.objects.order_by("pk").values())

    tweede = nza_kwartaal_concepten.delay(P.isoformat()).get()

    assert (tweede["aangemaakt"], tweede["overgeslagen"]) == (0, 3)
    assert list(NzaKwartaal.objects.order_by("pk").values()) == snapshot
    assert list(NzaKwartaalRegel.objects.order_by("pk").values()) == regels


def test_task_leaves_a_published_quarter_alone(published, world):
    aanmelding(world.netwerk, P - days(70), world.alfa)
    nza_kwartaal_concepten(P.isoformat())
    assert list(NzaKwartaal.objects.filter(netwerk=world.netwerk)) == [published]


def test_task_defaults_to_the_most_recent_peildatum(netwerk):
    with time_machine.travel(dt.datetime(2026, 10, 1, 6, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        assert nza_kwartaal_concepten()["peildatum"] == "2026-10-01"
    with time_machine.travel(dt.datetime(2027, 2, 14, 6, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        assert nza_kwartaal_concepten()["peildatum"] == "2027-01-01"
    assert set(NzaKwartaal.objects.values_list("peildatum", flat=True)) == {
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
    }


# --- Pages and who sees what -----------------------------------------------------------------


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def as_verzekeraar(client, verzekeraar):
    client.force_login(verzekeraar)
    return client


def test_coordinator_sees_the_quarters_of_their_network_with_versions(as_coordinator, concept):
    response = as_coordinator.get(reverse("wachtlijst:nza_list", args=[concept.netwerk.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 oktober 2026" in html
    assert "Concept" in html
    assert reverse("wachtlijst:nza_detail", args=[concept.pk]) in html


def test_coordinator_reads_the_table_per_vestiging_and_the_totals(as_coordinator, concept):
    response = as_coordinator.get(reverse("wachtlijst:nza_detail", args=[concept.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alfa Noord" in html and "11000001" in html
    assert str(CENTRAAL_NAAM) in html
    assert "Casemanagement Gamma" in html  # named as having no active vestiging
    assert "27,2" in html  # average wait
    assert "<caption>" in html and 'scope="row"' in html
    assert reverse("wachtlijst:nza_publish", args=[concept.pk]) in html


def test_coordinator_publishes_through_the_page(as_coordinator, concept):
    bevestigen = as_coordinator.get(reverse("wachtlijst:nza_publish", args=[concept.pk]))
    assert "Ja, publiceren" in bevestigen.content.decode()  # a confirmation step first
    concept.refresh_from_db()
    assert concept.status == KwartaalStatus.CONCEPT
    response = as_coordinator.post(reverse("wachtlijst:nza_publish", args=[concept.pk]))
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.status == KwartaalStatus.GEPUBLICEERD


def test_coordinator_corrects_through_the_page_with_a_reason(as_coordinator, published):
    url = reverse("wachtlijst:nza_correct", args=[published.pk])
    assert as_coordinator.get(url).status_code == 200
    refused = as_coordinator.post(url, {"reden": ""})
    assert refused.status_code == 200
    assert not NzaKwartaal.objects.filter(versie=2).exists()
    response = as_coordinator.post(url, {"reden": "Dubbele aanmelding verwijderd"})
    correctie = NzaKwartaal.objects.get(versie=2)
    assert response["Location"] == reverse("wachtlijst:nza_detail", args=[correctie.pk])
    assert correctie.reden == "Dubbele aanmelding verwijderd"


def test_coordinator_makes_a_missing_quarter_and_regenerates_it(as_coordinator, world):
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        response = as_coordinator.post(
            reverse("wachtlijst:nza_create", args=[world.netwerk.pk]), {"peildatum": "2026-10-01"}
        )
        kwartaal = NzaKwartaal.objects.get()
        assert response["Location"] == reverse("wachtlijst:nza_detail", args=[kwartaal.pk])
        aanmelding(world.netwerk, P - days(70), world.alfa)
        as_coordinator.post(reverse("wachtlijst:nza_regenerate", args=[kwartaal.pk]))
    kwartaal.refresh_from_db()
    assert kwartaal.aantal_wachtend == 10


def test_coordinator_cannot_see_another_networks_quarters(client, concept, other_netwerk):
    client.force_login(coordinator_of(other_netwerk))
    assert client.get(reverse("wachtlijst:nza_detail", args=[concept.pk])).status_code == 404
    assert client.get(reverse("wachtlijst:nza_list", args=[concept.netwerk.pk])).status_code == 404
    assert client.post(reverse("wachtlijst:nza_publish", args=[concept.pk])).status_code == 404
    concept.refresh_from_db()
    assert concept.status == KwartaalStatus.CONCEPT


def test_insurer_sees_only_published_figures_with_small_counts_masked(
    as_verzekeraar, published, coordinator
):
    correctie = nza_kwartaal_correctie(
        kwartaal=published, actor=Actor.of(coordinator), reden="Controle"
    )
    assert (
        as_verzekeraar.get(reverse("wachtlijst:nza_detail", args=[correctie.pk])).status_code == 404
    )
    listing = as_verzekeraar.get(reverse("wachtlijst:nza_list", args=[published.netwerk.pk]))
    assert reverse("wachtlijst:nza_detail", args=[correctie.pk]) not in listing.content.decode()

    response = as_verzekeraar.get(reverse("wachtlijst:nza_detail", args=[published.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="getal">9</td>' in html  # 9 waiting: shown
    assert 'class="getal">&lt;5</td>' in html  # 3 waiting 6+ weeks: masked
    assert 'class="getal">3</td>' not in html
    assert "27,2" in html  # the average of 9 people
    assert "<5" not in html  # always escaped: &lt;5
    assert reverse("wachtlijst:nza_publish", args=[published.pk]) not in html
    assert (
        as_verzekeraar.post(reverse("wachtlijst:nza_correct", args=[published.pk])).status_code
        == 403
    )


def test_insurer_of_another_region_sees_nothing(client, published):
    client.force_login(verzekeraar_user())
    assert client.get(reverse("wachtlijst:nza_detail", args=[published.pk])).status_code == 404


def test_casemanager_is_refused(client, netwerk, published):
    client.force_login(casemanager_of(netwerk))
    assert client.get(reverse("wachtlijst:nza_list", args=[netwerk.pk])).status_code == 403
    assert client.get(reverse("wachtlijst:nza_detail", args=[published.pk])).status_code == 404
    csv_url = reverse("wachtlijst:nza_export_csv", args=[published.pk])
    assert client.get(csv_url).status_code == 404


def test_signaalteam_reads_published_figures_only(client, published, coordinator, signaalteam_user):
    correctie = nza_kwartaal_correctie(
        kwartaal=published, actor=Actor.of(coordinator), reden="Controle"
    )
    client.force_login(signaalteam_user)
    assert client.get(reverse("wachtlijst:nza_detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("wachtlijst:nza_detail", args=[correctie.pk])).status_code == 404


def test_beheerder_reads_concepts_but_does_not_publish(beheerder_client, concept):
    assert (
        beheerder_client.get(reverse("wachtlijst:nza_detail", args=[concept.pk])).status_code == 200
    )
    response = beheerder_client.post(reverse("wachtlijst:nza_publish", args=[concept.pk]))
    assert response.status_code == 403
    concept.refresh_from_db()
    assert concept.status == KwartaalStatus.CONCEPT


# --- Exports ---------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_parses_back_to_the_figures(as_coordinator, published):
    response = as_coordinator.get(reverse("wachtlijst:nza_export_csv", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "nza-haaglanden-2026-10-01-v1.csv" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0] == [
        "AGB-code",
        "Vestiging",
        "Organisatie",
        "Wachtend",
        "Wachtend 6 weken of langer",
        "In zorg",
        "Aantal casemanagers",
        "Fte casemanagers",
        "Gemiddelde wachttijd (dagen)",
    ]
    assert rows[3] == ["11000001", "Alfa Noord", "Zorggroep Alfa", "3", "2", "2", "2", "1,30", ""]
    assert rows[-1] == [
        "",
        "Totaal netwerk",
        "Dementienetwerk Haaglanden",
        "9",
        "3",
        "3",
        "4",
        "2,30",
        "27,2",
    ]
    assert len(rows) == 1 + len(EXPECTED_ROWS) + 1


def test_xlsx_export_parses_back_to_the_figures(as_coordinator, published):
    response = as_coordinator.get(reverse("wachtlijst:nza_export_xlsx", args=[published.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["AGB-code", "Vestiging", "Organisatie", "Wachtend"]
    assert rows[3][:8] == ["11000001", "Alfa Noord", "Zorggroep Alfa", 3, 2, 2, 2, 1.3]
    assert rows[-1] == [None, "Totaal netwerk", "Dementienetwerk Haaglanden", 9, 3, 3, 4, 2.3, 27.2]
    info = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert info["Versie"] == 1
    assert info["Status"] == "Gepubliceerd"
    assert info["Peildatum"].date() == P


def test_insurer_exports_show_small_counts_as_less_than_five(as_verzekeraar, published):
    rows = _csv_rows(as_verzekeraar.get(reverse("wachtlijst:nza_export_csv", args=[published.pk])))
    assert rows[3][:8] == [
        "11000001",
        "Alfa Noord",
        "Zorggroep Alfa",
        "<5",
        "<5",
        "<5",
        "<5",
        "1,30",
    ]
    assert rows[-1][3:] == ["9", "<5", "<5", "<5", "2,30", "27,2"]
    workbook = load_workbook(
        io.BytesIO(
            as_verzekeraar.get(reverse("wachtlijst:nza_export_xlsx", args=[published.pk])).content
        )
    )
    assert list(workbook.worksheets[0].iter_rows(values_only=True))[3][3] == "<5"


# --- API -------------------------------------------------------------------------------------


def api_url(netwerk, peildatum: str | None = "2026-10-01") -> str:
    url = reverse("api:nza-kwartaal", args=[netwerk.pk])
    return f"{url}?peildatum={peildatum}" if peildatum is not None else url


def test_api_answers_the_concept_then_the_published_version(as_coordinator, concept, coordinator):
    data = as_coordinator.get(api_url(concept.netwerk)).json()
    assert (data["bron"], data["versie"], data["status"]) == ("concept", 1, "concept")
    assert data["totaal"] == {
        "aantal_wachtend": 9,
        "aantal_zes_weken_of_langer": 3,
        "aantal_in_zorg": 3,
        "aantal_casemanagers": 4,
        "fte_casemanagers": 2.3,
        "gemiddelde_wachtdagen": 27.2,
        "aantal_wachtend_onderdrukt": False,
        "aantal_zes_weken_of_langer_onderdrukt": False,
        "aantal_in_zorg_onderdrukt": False,
        "aantal_casemanagers_onderdrukt": False,
        "gemiddelde_wachtdagen_onderdrukt": False,
    }
    assert [v["agb_code"] for v in data["vestigingen"]] == [r[0] for r in EXPECTED_ROWS]
    assert data["vestigingen"][2]["wachtend"] == 3

    nza_kwartaal_publish(kwartaal=concept, actor=Actor.of(coordinator))
    data = as_coordinator.get(api_url(concept.netwerk)).json()
    assert (data["bron"], data["status"]) == ("gepubliceerd", "gepubliceerd")


def test_api_computes_live_for_the_coordinator_without_storing(as_coordinator, world):
    response = as_coordinator.get(api_url(world.netwerk))
    assert response.status_code == 200
    data = response.json()
    assert (data["bron"], data["versie"], data["status"]) == ("actueel", None, None)
    assert data["totaal"]["aantal_wachtend"] == 9
    assert not NzaKwartaal.objects.exists()


def test_api_gives_insurers_published_figures_only_with_small_counts_masked(
    as_verzekeraar, concept, coordinator
):
    assert as_verzekeraar.get(api_url(concept.netwerk)).status_code == 404
    nza_kwartaal_publish(kwartaal=concept, actor=Actor.of(coordinator))
    data = as_verzekeraar.get(api_url(concept.netwerk)).json()
    assert data["bron"] == "gepubliceerd"
    assert data["totaal"]["aantal_wachtend"] == 9
    assert data["totaal"]["aantal_zes_weken_of_langer"] is None
    assert data["totaal"]["aantal_zes_weken_of_langer_onderdrukt"] is True
    assert data["totaal"]["gemiddelde_wachtdagen"] == 27.2
    assert data["totaal"]["gemiddelde_wachtdagen_onderdrukt"] is False
    noord = data["vestigingen"][2]
    assert (noord["wachtend"], noord["in_zorg"], noord["fte_casemanagers"]) == (None, None, 1.3)
    assert noord["wachtend_onderdrukt"] and noord["in_zorg_onderdrukt"]


def test_api_hides_the_average_of_fewer_than_five_from_insurers(as_verzekeraar, netwerk):
    organisatie = aanbieder_in(netwerk)
    VestigingFactory(organisatie=organisatie)
    aanmelding(netwerk, P - days(30), organisatie)
    coordinator = coordinator_of(netwerk)
    nza_kwartaal_publish(
        kwartaal=nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.system()),
        actor=Actor.of(coordinator),
    )
    data = as_verzekeraar.get(api_url(netwerk)).json()
    totaal = data["totaal"]
    assert (totaal["aantal_wachtend"], totaal["gemiddelde_wachtdagen"]) == (None, None)
    assert totaal["aantal_wachtend_onderdrukt"] and totaal["gemiddelde_wachtdagen_onderdrukt"]


@pytest.mark.parametrize(
    ("peildatum", "message"),
    [
        (None, "Geef een peildatum op"),
        ("gisteren", "Geen geldige datum"),
        ("2026-13-01", "Geen geldige datum"),
        ("2026-10-02", "1 januari, 1 april, 1 juli of 1 oktober"),
        ("2099-01-01", "toekomst"),
    ],
)
def test_api_refuses_a_missing_or_wrong_peildatum_in_dutch(
    as_coordinator, netwerk, peildatum, message
):
    response = as_coordinator.get(api_url(netwerk, peildatum))
    assert response.status_code == 400
    assert message in response.json()["peildatum"][0]


def test_api_404_for_a_network_the_user_may_not_see_in_detail(client, netwerk, other_netwerk):
    client.force_login(coordinator_of(other_netwerk))
    assert client.get(api_url(netwerk)).status_code == 404
    client.force_login(casemanager_of(netwerk))
    assert client.get(api_url(netwerk)).status_code == 404


def test_api_404_when_a_reader_has_no_figures_for_the_peildatum(client, netwerk):
    client.force_login(national_user("signaalteam"))
    response = client.get(api_url(netwerk))
    assert response.status_code == 404
    assert "gepubliceerde cijfers" in response.json()["detail"]


def test_api_schema_documents_the_endpoint(beheerder_client):
    schema = beheerder_client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/netwerken/{netwerk_pk}/nza-kwartaal/" in schema["paths"]


# --- Query counts ----------------------------------------------------------------------------


def grow(netwerk, aantal: int) -> None:
    """``aantal`` more providers, each with a vestiging, a casemanager, a waiting client and a
    client in care."""
    for index in range(aantal):
        organisatie = aanbieder_in(netwerk)
        VestigingFactory(organisatie=organisatie)
        casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=organisatie)
        aanmelding(netwerk, P - days(index + 1), organisatie)
        traject(casemanager, aangemeld=P - days(30), start=P - days(10))


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def test_figures_and_concept_take_a_fixed_number_of_queries(netwerk, other_netwerk):
    grow(netwerk, 2)
    grow(other_netwerk, 12)
    assert count_queries(lambda: nza_cijfers(netwerk, P)) == 5
    assert count_queries(lambda: nza_cijfers(other_netwerk, P)) == 5
    small = count_queries(
        lambda: nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.system())
    )
    large = count_queries(
        lambda: nza_kwartaal_concept(netwerk=other_netwerk, peildatum=P, actor=Actor.system())
    )
    assert small == large
    assert NzaKwartaal.objects.get(netwerk=other_netwerk).regels.count() == 12


def test_pages_exports_and_api_take_a_fixed_number_of_queries(client, netwerk):
    grow(netwerk, 2)
    coordinator = coordinator_of(netwerk)
    client.force_login(coordinator)
    first = nza_kwartaal_concept(
        netwerk=netwerk, peildatum=dt.date(2026, 7, 1), actor=Actor.system()
    )
    nza_kwartaal_publish(kwartaal=first, actor=Actor.of(coordinator))
    kwartaal = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.system())
    urls = [
        reverse("wachtlijst:nza_list", args=[netwerk.pk]),
        reverse("wachtlijst:nza_detail", args=[kwartaal.pk]),
        reverse("wachtlijst:nza_export_csv", args=[kwartaal.pk]),
        reverse("wachtlijst:nza_export_xlsx", args=[kwartaal.pk]),
        api_url(netwerk),
    ]
    before = [count_queries(lambda url=url: client.get(url)) for url in urls]

    grow(netwerk, 15)
    nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.system())
    nza_kwartaal_publish(
        kwartaal=nza_kwartaal_correctie(kwartaal=first, actor=Actor.of(coordinator), reden="Meer"),
        actor=Actor.of(coordinator),
    )
    after = [count_queries(lambda url=url: client.get(url)) for url in urls]

    assert before == after
    assert max(after) <= 20
