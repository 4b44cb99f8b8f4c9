"""Rule 1 (the Treeknorm clock) with hand-computed cases, and the set-based query compared
with the pure function on generated event histories."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casemanagement.models import Aanmelding, Uitstel
from tests.casemanagement.factories import ClientFactory
from wachtlijst.clock import (
    Gebeurtenissen,
    Status,
    norm_overschreden_vanaf,
    status_voor,
    uitsteldagen,
    wachttijd,
)
from wachtlijst.selectors import (
    met_wachttijd,
    samenvatting,
    status_filter,
    wachtend_op,
    zes_weken_of_langer,
)

D = dt.date


def test_aanmelding_on_the_peildatum_has_waited_zero_days():
    w = wachttijd(Gebeurtenissen(D(2026, 10, 1)), D(2026, 10, 1))
    assert (w.wachtend, w.nza_dagen, w.gecorrigeerd_dagen) == (True, 0, 0)


def test_not_yet_registered_on_the_peildatum():
    assert wachttijd(Gebeurtenissen(D(2026, 10, 2)), D(2026, 10, 1)) is None


def test_leap_day_counts_as_a_day():
    w = wachttijd(Gebeurtenissen(D(2024, 2, 20)), D(2024, 3, 1))
    assert w.nza_dagen == 10  # 20 Feb .. 29 Feb: 10 days


def test_first_contact_stops_the_clock_and_on_its_own_day_the_client_no_longer_waits():
    g = Gebeurtenissen(D(2026, 1, 1), eerste_contact=D(2026, 1, 29))
    assert wachttijd(g, D(2026, 1, 28)).wachtend
    w = wachttijd(g, D(2026, 1, 29))
    assert (w.wachtend, w.nza_dagen, w.gestopt_op) == (False, 28, D(2026, 1, 29))
    assert wachttijd(g, D(2026, 6, 1)).nza_dagen == 28  # stays at the stop


def test_first_contact_on_the_day_of_aanmelding():
    w = wachttijd(Gebeurtenissen(D(2026, 3, 3), eerste_contact=D(2026, 3, 3)), D(2026, 3, 3))
    assert (w.wachtend, w.nza_dagen) == (False, 0)


def test_afmelding_before_first_contact_stops_the_clock_without_counting_as_helped():
    g = Gebeurtenissen(D(2026, 1, 1), afgemeld=D(2026, 1, 15), eerste_contact=None)
    w = wachttijd(g, D(2026, 2, 1))
    assert (w.wachtend, w.nza_dagen, w.gestopt_op) == (False, 14, D(2026, 1, 15))


def test_pause_spanning_the_peildatum_is_clipped_and_makes_the_client_wenswachtend():
    # aanmelding 1 Sep, postponed 10 Sep up to 10 Oct, peildatum 1 Oct
    g = Gebeurtenissen(D(2026, 9, 1), uitstellen=((D(2026, 9, 10), D(2026, 10, 10)),))
    w = wachttijd(g, D(2026, 10, 1))
    assert (w.nza_dagen, w.gecorrigeerd_dagen, w.wenswachtend) == (30, 9, True)


def test_day_the_client_is_available_again_counts_as_waiting():
    g = Gebeurtenissen(D(2026, 9, 1), uitstellen=((D(2026, 9, 10), D(2026, 9, 20)),))
    w = wachttijd(g, D(2026, 9, 20))
    assert (w.nza_dagen, w.gecorrigeerd_dagen, w.wenswachtend) == (19, 9, False)


def test_several_and_overlapping_pauses_count_once():
    g = Gebeurtenissen(
        D(2026, 1, 1),
        uitstellen=(
            (D(2026, 1, 5), D(2026, 1, 15)),  # 10 days
            (D(2026, 1, 10), D(2026, 1, 20)),  # overlaps: +5
            (D(2026, 2, 1), D(2026, 2, 8)),  # +7
        ),
    )
    assert wachttijd(g, D(2026, 3, 1)).gecorrigeerd_dagen == 59 - 22


def test_pause_after_the_stop_does_not_count():
    g = Gebeurtenissen(
        D(2026, 1, 1),
        eerste_contact=D(2026, 1, 20),
        uitstellen=((D(2026, 1, 15), D(2026, 2, 15)),),
    )
    assert wachttijd(g, D(2026, 3, 1)).gecorrigeerd_dagen == 19 - 5


@pytest.mark.parametrize(
    ("dagen", "status"),
    [
        (0, Status.BINNEN_NORM),
        (28, Status.BINNEN_NORM),
        (29, Status.DREIGT),
        (42, Status.DREIGT),
        (43, Status.OVERSCHREDEN),
    ],
)
def test_status_on_the_adjusted_wait(dagen, status):
    assert status_voor(dagen) == status


def test_six_weeks_or_longer_uses_the_nza_wait():
    w = wachttijd(
        Gebeurtenissen(D(2026, 1, 1), uitstellen=((D(2026, 1, 2), D(2026, 1, 20)),)), D(2026, 2, 12)
    )
    assert w.nza_dagen == 42 and w.zes_weken_of_langer
    assert w.status() == Status.BINNEN_NORM  # adjusted 24


@pytest.mark.parametrize(
    "stop",
    [
        {"eerste_contact": D(2026, 2, 20)},  # taken into care after 50 days
        {"afgemeld": D(2026, 2, 20)},  # left the list after 50 days
    ],
)
def test_a_client_whose_wait_stopped_is_not_waiting_six_weeks_or_longer(stop):
    # NZa: "wachtend 6 weken of langer" counts those still waiting on the peildatum
    w = wachttijd(Gebeurtenissen(D(2026, 1, 1), **stop), D(2026, 4, 1))
    assert (w.wachtend, w.nza_dagen) == (False, 50)
    assert not w.zes_weken_of_langer


def test_a_client_waiting_on_the_day_of_the_stop_is_no_longer_counted():
    g = Gebeurtenissen(D(2026, 1, 1), eerste_contact=D(2026, 2, 20))
    assert wachttijd(g, D(2026, 2, 19)).zes_weken_of_langer  # 49 days, still waiting
    assert not wachttijd(g, D(2026, 2, 20)).zes_weken_of_langer  # first contact that day


def test_expected_date_the_norm_is_passed_accounts_for_a_pause():
    g = Gebeurtenissen(D(2026, 1, 1), uitstellen=((D(2026, 1, 10), D(2026, 1, 20)),))
    day = norm_overschreden_vanaf(g, D(2026, 1, 5))
    assert day == D(2026, 2, 23)  # 1 Jan + 42 + 10 paused days + 1
    assert wachttijd(g, day).gecorrigeerd_dagen == 43
    assert wachttijd(g, day - dt.timedelta(days=1)).gecorrigeerd_dagen == 42


def test_uitsteldagen_clips_to_the_waiting_period():
    assert uitsteldagen([(D(2025, 12, 1), D(2026, 1, 10))], D(2026, 1, 1), D(2026, 1, 5)) == 4


# --- The database agrees with the pure function ---------------------------------------------

BEGIN = D(2024, 1, 1)
days = st.integers(min_value=0, max_value=500)


@st.composite
def histories(draw):
    start = BEGIN + dt.timedelta(days=draw(days))
    stop_kind = draw(st.sampled_from(["none", "contact", "afgemeld"]))
    stop = start + dt.timedelta(days=draw(st.integers(0, 200)))
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        a = start + dt.timedelta(days=draw(st.integers(-10, 150)))
        pauses.append((a, a + dt.timedelta(days=draw(st.integers(1, 60)))))
    return Gebeurtenissen(
        aanmelddatum=start,
        eerste_contact=stop if stop_kind == "contact" else None,
        afgemeld=stop if stop_kind == "afgemeld" else None,
        uitstellen=tuple(pauses),
    )


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    history=st.lists(histories(), min_size=1, max_size=6),
    peil=days,
    signaal=st.integers(min_value=1, max_value=60),
)
def test_set_based_query_agrees_with_the_pure_function(netwerk, history, peil, signaal):
    """Every aanmelding, waiting or stopped (first contact, afmelding) on the peildatum: the
    clock, whether it waits, its Treeknorm status (for any warning threshold, also beyond
    the 42 a network may set) and whether it counts as waiting 6 weeks or longer."""
    peildatum = BEGIN + dt.timedelta(days=peil)
    # each example in its own savepoint, rolled back, so examples do not see each other
    with transaction.atomic():
        _check_example(netwerk, history, peildatum, signaal)
        transaction.set_rollback(True)


def _check_example(netwerk, history, peildatum, signaal):
    aanmeldingen = []
    for g in history:
        aanmelding = Aanmelding.objects.create(
            client=ClientFactory(netwerk=netwerk),
            netwerk=netwerk,
            datum=g.aanmelddatum,
            verwijzer_type="huisarts",
            eerste_contact_op=g.eerste_contact,
            afgemeld_op=g.afgemeld,
            afmeldreden="afzien" if g.afgemeld else "",
        )
        Uitstel.objects.bulk_create(
            [Uitstel(aanmelding=aanmelding, van=a, tot=b) for a, b in g.uitstellen]
        )
        aanmeldingen.append((aanmelding, g))
    alle = Aanmelding.objects.filter(pk__in=[a.pk for a, _ in aanmeldingen])
    clock_db = met_wachttijd(alle, peildatum)
    from_db = {a.pk: a for a in clock_db}
    waiting_db = set(wachtend_op(alle, peildatum).values_list("pk", flat=True))
    status_db = {
        pk: status
        for status in Status
        for pk in clock_db.filter(status_filter(status, signaal)).values_list("pk", flat=True)
    }
    zes_weken_db = set(clock_db.filter(zes_weken_of_langer()).values_list("pk", flat=True))
    expected_waiting = expected_zes_weken = expected_dreigt = expected_boven = 0
    for aanmelding, g in aanmeldingen:
        expected = wachttijd(g, peildatum)
        if expected is None:
            assert aanmelding.pk not in from_db
            continue
        row = from_db[aanmelding.pk]
        assert (
            row.wachtend_op_peildatum,
            row.nza_dagen,
            row.gecorrigeerd_dagen,
            row.wenswachtend,
        ) == (
            expected.wachtend,
            expected.nza_dagen,
            expected.gecorrigeerd_dagen,
            expected.wenswachtend,
        ), g
        assert (aanmelding.pk in waiting_db) == expected.wachtend
        assert status_db[aanmelding.pk] == expected.status(signaal), g
        assert (aanmelding.pk in zes_weken_db) == expected.zes_weken_of_langer, g
        expected_waiting += expected.wachtend
        expected_zes_weken += expected.zes_weken_of_langer
        if expected.wachtend:
            expected_dreigt += expected.status(signaal) == Status.DREIGT
            expected_boven += expected.status(signaal) == Status.OVERSCHREDEN
    summary = samenvatting(alle, peildatum, signaal)
    assert (
        summary.aantal_wachtend,
        summary.aantal_zes_weken_of_langer,
        summary.aantal_dreigt,
        summary.aantal_boven_treeknorm,
    ) == (expected_waiting, expected_zes_weken, expected_dreigt, expected_boven)
