"""The insurer's report and the NZa figures say the same thing on the same peildatum: the
clients in care (wachtlijst.selectors.in_zorg_op), the number waiting and the number waiting
6 weeks or longer. Hand-built situations at the boundaries, then generated ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casemanagement.models import Eindreden
from rapportage.perioden import parse_periode
from rapportage.snapshot import netwerk_snapshot
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
    aanbieder_in,
)
from tests.netwerk.factories import OrganisatieFactory, VestigingFactory
from wachtlijst.nza.selectors import nza_cijfers

PERIODE = parse_periode("2026Q3")
P = PERIODE.peildatum  # 1 October 2026, the NZa peildatum of the quarter


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture
def casemanagers(netwerk):
    """A casemanager at each of two providers: Alfa has a vestiging, Beta has none."""
    alfa = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Zorggroep Alfa"))
    VestigingFactory(organisatie=alfa, naam="Alfa Noord", agb_code="11000001")
    beta = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Buurtzorg Beta"))
    return [
        CasemanagerFactory(netwerk=netwerk, organisatie=alfa, fte=Decimal("0.80")),
        CasemanagerFactory(netwerk=netwerk, organisatie=beta, fte=Decimal("0.60")),
    ]


def traject(client, casemanager, *, start: int | None, eind: int | None, volgnummer: int = 0):
    """A traject of the client, its days relative to P. Its aanmelding was registered before
    the assignment and stops waiting at the first contact (= start), or, for a traject that
    ended before any contact, at the afmelding on its end date."""
    dagen = [d for d in (start, eind) if d is not None]
    toegewezen = P + days(min(dagen, default=0) - 3)
    afgemeld = start is None and eind is not None
    return TrajectFactory(
        casemanager=casemanager,
        aanmelding__client=client,
        aanmelding__datum=P - days(90 + 10 * volgnummer),
        aanmelding__toegewezen_op=toegewezen,
        aanmelding__eerste_contact_op=None if start is None else P + days(start),
        aanmelding__afgemeld_op=P + days(eind) if afgemeld else None,
        aanmelding__afmeldreden="overlijden" if afgemeld else "",
        toegewezen_op=toegewezen,
        startdatum=None if start is None else P + days(start),
        einddatum=None if eind is None else P + days(eind),
        eindreden=Eindreden.OVERLIJDEN if eind is not None else "",
    )


def build(netwerk, casemanagers, clients) -> int:
    """Every client with their trajecten (provider index, start, end); returns how many of
    them are in care on P as DESIGN.md rule 1 reads: started on or before P, not ended on or
    before P."""
    in_zorg = 0
    for trajecten in clients:
        client = ClientFactory(netwerk=netwerk)
        for volgnummer, (aanbieder, start, eind) in enumerate(trajecten):
            traject(client, casemanagers[aanbieder], start=start, eind=eind, volgnummer=volgnummer)
        in_zorg += any(
            start is not None and start <= 0 and (eind is None or eind > 0)
            for _aanbieder, start, eind in trajecten
        )
    AanmeldingFactory(client=ClientFactory(netwerk=netwerk), netwerk=netwerk, datum=P - days(50))
    AanmeldingFactory(client=ClientFactory(netwerk=netwerk), netwerk=netwerk, datum=P - days(3))
    return in_zorg


def assert_report_agrees_with_nza(netwerk, expected_in_zorg: int):
    nza = nza_cijfers(netwerk, P)
    rapport = netwerk_snapshot(netwerk, PERIODE)
    assert rapport["periode"]["peildatum"] == nza.peildatum.isoformat()
    assert nza.aantal_in_zorg == rapport["caseload"]["clienten_in_zorg"] == expected_in_zorg
    assert nza.aantal_wachtend == rapport["wachtlijst"]["aantal_wachtend"]
    assert nza.aantal_zes_weken_of_langer == rapport["wachtlijst"]["aantal_zes_weken_of_langer"]


@pytest.mark.parametrize(
    ("trajecten", "in_zorg"),
    [
        pytest.param([(0, 0, None)], 1, id="traject starting on the peildatum"),
        pytest.param([(0, -30, 0)], 0, id="traject ending on the peildatum"),
        pytest.param([(0, -30, 1)], 1, id="traject ending the day after the peildatum"),
        pytest.param([(0, 0, 0)], 0, id="starting and ending on the peildatum"),
        pytest.param([(0, 1, None)], 0, id="traject starting the day after the peildatum"),
        pytest.param([(0, None, None)], 0, id="assigned, no first contact yet"),
        pytest.param([(0, -60, -10), (1, -5, None)], 1, id="two trajecten, one after the other"),
        pytest.param([(0, -60, 0), (1, 0, None)], 1, id="handed over on the peildatum"),
        pytest.param([(0, -60, 20), (1, -5, None)], 1, id="two trajecten overlapping on P"),
    ],
)
def test_report_and_nza_figures_count_the_same_clients_in_care(
    netwerk, casemanagers, trajecten, in_zorg
):
    build(netwerk, casemanagers, [trajecten])
    assert_report_agrees_with_nza(netwerk, in_zorg)


def test_a_client_with_overlapping_trajecten_counts_once_at_the_provider_that_started_last(
    netwerk, casemanagers
):
    build(netwerk, casemanagers, [[(0, -60, 20), (1, -5, None)]])
    regels = {r.organisatie_naam: r.in_zorg for r in nza_cijfers(netwerk, P).regels if r.in_zorg}
    assert regels == {"Buurtzorg Beta": 1}


# --- Generated situations ----------------------------------------------------------------------

dag = st.integers(min_value=-40, max_value=5)


@st.composite
def client_trajecten(draw):
    """One or two trajecten of a client, days relative to P. At most one is open (the
    database allows no more); the second may overlap the first."""
    trajecten = []
    for index in range(draw(st.integers(1, 2))):
        start = draw(st.none() | dag)
        open_ = index == 1 and draw(st.booleans())
        eind = None if open_ else (start if start is not None else -40) + draw(st.integers(0, 30))
        trajecten.append((draw(st.integers(0, 1)), start, eind))
    return trajecten


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(clients=st.lists(client_trajecten(), min_size=1, max_size=5))
@example(clients=[[(0, 0, None)], [(1, -10, 0)], [(0, -20, 5), (1, -2, None)]])
def test_report_and_nza_figures_agree_on_generated_situations(netwerk, casemanagers, clients):
    # each example in its own savepoint, rolled back, so examples do not see each other
    with transaction.atomic():
        in_zorg = build(netwerk, casemanagers, clients)
        assert_report_agrees_with_nza(netwerk, in_zorg)
        transaction.set_rollback(True)
