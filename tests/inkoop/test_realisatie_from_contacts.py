"""The realisation on contracts comes from the casemanagement contact log (issue 3, item 10:
the test lands with the casemanagement issue)."""

import datetime as dt
from decimal import Decimal

import pytest

from casemanagement.models import Contactmoment, ContactType
from inkoop import selectors
from tests.casemanagement.factories import TrajectFactory
from tests.inkoop.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_contract_realisation_sums_the_contact_minutes_of_the_organisation(netwerk):
    traject = TrajectFactory(casemanager__netwerk=netwerk)
    other = TrajectFactory(casemanager=traject.casemanager)
    for t, minuten in [(traject, 90), (traject, 30), (other, 60)]:
        Contactmoment.objects.create(
            traject=t,
            casemanager=t.casemanager,
            organisatie=t.organisatie,
            datum=dt.date(2026, 10, 1),
            type=ContactType.HUISBEZOEK,
            minuten=minuten,
        )
    Contactmoment.objects.create(  # another year does not count
        traject=traject,
        casemanager=traject.casemanager,
        organisatie=traject.organisatie,
        datum=dt.date(2025, 10, 1),
        type=ContactType.HUISBEZOEK,
        minuten=600,
    )
    contract = ContractFactory(
        netwerk=netwerk, organisatie=traject.organisatie, jaar=2026, volume_clienten=10
    )
    [realisatie] = selectors.realisaties([contract]).values()
    assert realisatie.uren == Decimal("3.0")
    assert realisatie.clienten == 2
