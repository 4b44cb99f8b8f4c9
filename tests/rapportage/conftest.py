import datetime as dt
from decimal import Decimal

import pytest

from accounts.actor import Actor
from casemanagement.models import Meting, MetingType
from netwerk import services as netwerk_services
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory, TrajectFactory
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import coordinator_of
from tests.netwerk.plans import filled_plan, goal_with_indicator

PERIODE = "2026Q3"  # 1 July - 30 September 2026, peildatum 1 October 2026


@pytest.fixture
def gevuld_netwerk(netwerk):
    """A network with a plan, waiting clients, care, contracts, measurements and a meeting."""
    coordinator = coordinator_of(netwerk)
    plan = filled_plan(netwerk, coordinator)
    _doel, indicator = goal_with_indicator(plan, coordinator)
    netwerk_services.realisatie_add(
        indicator=indicator,
        actor=Actor.of(coordinator),
        datum=dt.date(2026, 9, 1),
        waarde=Decimal("77"),
    )
    for dagen in range(7):  # 7 waiting on 1 October: 10..70 days
        AanmeldingFactory(
            client=ClientFactory(netwerk=netwerk, achternaam=f"Wachter{dagen}"),
            netwerk=netwerk,
            datum=dt.date(2026, 10, 1) - dt.timedelta(days=10 * (dagen + 1)),
        )
    for index in range(6):  # in care since the summer
        traject = TrajectFactory(
            casemanager__netwerk=netwerk,
            aanmelding__client__achternaam=f"Inzorg{index}",
            startdatum=dt.date(2026, 9, 12),
            aanmelding__eerste_contact_op=dt.date(2026, 9, 12),
        )
        Meting.objects.create(
            traject=traject,
            datum=dt.date(2026, 9, 20),
            type=MetingType.BELASTING,
            score=Decimal(6),
            door=coordinator,
        )
    ContractFactory(netwerk=netwerk, jaar=2026, volume_clienten=300)
    netwerk_services.voortgangsgesprek_create(
        netwerk=netwerk, actor=Actor.of(coordinator), datum=dt.date(2026, 6, 15), deelnemers="x"
    )
    netwerk.coordinator = coordinator
    return netwerk
