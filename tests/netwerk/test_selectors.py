import datetime as dt
from decimal import Decimal

import pytest

from accounts.actor import Actor
from netwerk import services
from netwerk.models import Netwerk
from netwerk.selectors import (
    Voortgang,
    gesprek_achterstallig,
    indicator_voortgang,
    inwoners_65_plus,
    inwoners_65_plus_per_netwerk,
    plan_voortgang,
)
from tests.netwerk.factories import BevolkingFactory, GemeenteFactory, WerkgebiedFactory
from tests.netwerk.plans import filled_plan, goal_with_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(netwerk, coordinator):
    return filled_plan(netwerk, coordinator)


def _measure(indicator, user, datum, waarde):
    services.realisatie_add(
        indicator=indicator, actor=Actor.of(user), datum=datum, waarde=Decimal(waarde)
    )


@pytest.mark.parametrize(
    ("measurements", "expected"),
    [
        ([], Voortgang.GEEN_METING),
        ([(dt.date(2026, 6, 30), "81")], Voortgang.OP_KOERS),  # 2026 target 80
        ([(dt.date(2026, 6, 30), "79")], Voortgang.ACHTER),
        ([(dt.date(2027, 6, 30), "85")], Voortgang.OP_KOERS),  # no 2027 target: 2026's 80
        ([(dt.date(2026, 6, 30), "96")], Voortgang.BEHAALD),  # final target 95
        ([(dt.date(2026, 1, 1), "96"), (dt.date(2026, 6, 30), "75")], Voortgang.ACHTER),
    ],
)
def test_indicator_progress_against_targets(plan, coordinator, measurements, expected):
    _doel, indicator = goal_with_indicator(plan, coordinator)
    for datum, waarde in measurements:
        _measure(indicator, coordinator, datum, waarde)
    assert indicator_voortgang(indicator).status == expected


def test_lower_is_better_indicators(plan, coordinator):
    _doel, indicator = goal_with_indicator(
        plan,
        coordinator,
        higher_is_better=False,
        targets={2025: Decimal("50"), 2028: Decimal("30")},
    )
    _measure(indicator, coordinator, dt.date(2025, 12, 1), "45")
    assert indicator_voortgang(indicator).status == Voortgang.OP_KOERS
    _measure(indicator, coordinator, dt.date(2026, 1, 1), "29")
    assert indicator_voortgang(indicator).status == Voortgang.BEHAALD


def test_goal_is_behind_when_any_indicator_is_behind(plan, coordinator):
    doel, indicator = goal_with_indicator(plan, coordinator)
    second = services.indicator_create(
        doel=doel,
        actor=Actor.of(coordinator),
        naam="Bereik",
        eenheid="aantal",
        basiswaarde=Decimal("1"),
        streefwaarden={2025: Decimal("10")},
    )
    _measure(indicator, coordinator, dt.date(2025, 6, 1), "71")
    _measure(second, coordinator, dt.date(2025, 6, 1), "5")
    [voortgang] = plan_voortgang(plan)
    assert voortgang.status == Voortgang.ACHTER
    assert voortgang.status.label == "Loopt achter"


def test_plan_progress_query_count_does_not_grow_with_goals(
    plan, coordinator, django_assert_num_queries
):
    for _ in range(5):
        _doel, indicator = goal_with_indicator(plan, coordinator)
        _measure(indicator, coordinator, dt.date(2025, 6, 1), "71")
    with django_assert_num_queries(4):
        result = plan_voortgang(plan)
    assert len(result) == 5


def test_population_sums_the_latest_figures_of_each_gemeente_in_the_werkgebied(netwerk):
    a, b, elsewhere = GemeenteFactory(), GemeenteFactory(), GemeenteFactory()
    WerkgebiedFactory(netwerk=netwerk, gemeente=a)
    WerkgebiedFactory(netwerk=netwerk, gemeente=b)
    BevolkingFactory(gemeente=a, jaar=2025, inwoners_65_plus=11000)
    BevolkingFactory(gemeente=a, jaar=2026, inwoners_65_plus=12000)
    BevolkingFactory(gemeente=a, jaar=2027, inwoners_65_plus=99999)  # later than asked
    BevolkingFactory(gemeente=b, jaar=2024, inwoners_65_plus=8000)
    BevolkingFactory(gemeente=elsewhere, jaar=2026, inwoners_65_plus=5000)
    assert inwoners_65_plus(netwerk, 2026) == (20000, 2026)


def test_population_per_network_counts_gemeenten_without_figures_as_none(
    netwerk, other_netwerk, django_assert_num_queries
):
    """A gemeente without figures adds nothing and does not hide the others' year; a network
    whose werkgebied has no figures at all has 0 and no year; one query for all networks."""
    a, b, c = GemeenteFactory(), GemeenteFactory(), GemeenteFactory()
    WerkgebiedFactory(netwerk=netwerk, gemeente=a)
    WerkgebiedFactory(netwerk=netwerk, gemeente=b)
    WerkgebiedFactory(netwerk=other_netwerk, gemeente=c)
    BevolkingFactory(gemeente=a, jaar=2024, inwoners_65_plus=7000)
    with django_assert_num_queries(1):
        per_netwerk = inwoners_65_plus_per_netwerk(Netwerk.objects.all(), 2026)
    assert per_netwerk == {netwerk.pk: (7000, 2024), other_netwerk.pk: (0, None)}


def test_meeting_is_overdue_after_twelve_months():
    vandaag = dt.date(2026, 11, 23)
    assert gesprek_achterstallig(None, vandaag)
    assert gesprek_achterstallig(dt.date(2025, 11, 22), vandaag)
    assert not gesprek_achterstallig(dt.date(2025, 11, 23), vandaag)
