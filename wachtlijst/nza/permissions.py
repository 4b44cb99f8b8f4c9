"""Who may see and manage a network's NZa quarterly figures.

Coordinators read their own network's quarters, concepts included; beheerders read all.
Signaalteam reads every network's published figures, insurers those of the networks they may
see in detail, with small counts masked (wachtlijst.permissions.klein_aantal). Casemanagers
see none. Only the network's coordinator makes, publishes and corrects its figures: the
beheerder may change a network's settings but does not sign off its figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from accounts.models import Role
from accounts.roles import acting_role
from inkoop.selectors import SMALL_COUNT_LIMIT
from netwerk.models import Netwerk
from netwerk.permissions import (
    can_change_netwerk,
    can_view_netwerk_details,
    filter_netwerken_with_details,
)

from ..models.nza import OOIT_GEPUBLICEERD

CONCEPT_READERS = (Role.NETWERKCOORDINATOR, Role.BEHEERDER)


def filter_visible_kwartalen(queryset: QuerySet, user) -> QuerySet:
    netwerken = filter_netwerken_with_details(Netwerk.objects.all(), user)
    queryset = queryset.filter(netwerk__in=netwerken)
    if not can_see_concepts(user):
        queryset = queryset.filter(status__in=OOIT_GEPUBLICEERD)
    return queryset


def can_see_concepts(user) -> bool:
    return acting_role(user) in CONCEPT_READERS


def can_view_nza(user, netwerk: Netwerk) -> bool:
    return can_view_netwerk_details(user, netwerk)


def can_manage_nza(user, netwerk: Netwerk) -> bool:
    return acting_role(user) == Role.NETWERKCOORDINATOR and can_change_netwerk(user, netwerk)


def zichtbaar_gemiddelde(cijfers, maskeren: bool) -> Decimal | None:
    """The average wait, left out when it describes fewer than 5 people and must be masked
    (``cijfers``: an NzaKwartaal or selectors.NzaCijfers)."""
    if maskeren and cijfers.aantal_wachtend < SMALL_COUNT_LIMIT:
        return None
    return cijfers.gemiddelde_wachtdagen
