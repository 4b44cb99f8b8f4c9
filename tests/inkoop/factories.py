from decimal import Decimal

import factory
from django.utils import timezone

from inkoop.models import Contract, ContractIndicator, ContractStatus
from tests.accounts.factories import UserFactory
from tests.netwerk.factories import (
    AansluitingFactory,
    NetwerkFactory,
    OrganisatieFactory,
    ZorgverzekeraarFactory,
)


class ContractFactory(factory.django.DjangoModelFactory):
    """An afgesloten contract, accepted by the network side, unless told otherwise. Pass
    ``geaccepteerd=True`` for an ended contract that had been accepted."""

    class Meta:
        model = Contract

    class Params:
        geaccepteerd = factory.LazyAttribute(lambda o: o.status == ContractStatus.AFGESLOTEN)

    zorgverzekeraar = factory.SubFactory(ZorgverzekeraarFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    netwerk = factory.SubFactory(NetwerkFactory)
    jaar = 2026
    volume_clienten = 300
    volume_uren = Decimal("7500.0")
    tarief_per_uur = Decimal("87.50")
    status = ContractStatus.AFGESLOTEN
    geaccepteerd_door = factory.Maybe("geaccepteerd", factory.SubFactory(UserFactory), None)
    geaccepteerd_op = factory.Maybe("geaccepteerd", factory.LazyFunction(timezone.now), None)


class ContractIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractIndicator

    contract = factory.SubFactory(ContractFactory)
    naam = factory.Sequence(lambda n: f"Indicator {n}")
    eenheid = "%"
    streefwaarde = Decimal("90")


def contract_in_order(netwerk, **fields) -> Contract:
    """A contract without signals: the network's preferent insurer with an organisation
    affiliated for casemanagement."""
    organisatie = fields.pop("organisatie", None) or OrganisatieFactory()
    AansluitingFactory(netwerk=netwerk, organisatie=organisatie, levert_casemanagement=True)
    fields.setdefault("zorgverzekeraar", netwerk.preferente_zorgverzekeraar)
    return ContractFactory(netwerk=netwerk, organisatie=organisatie, **fields)
