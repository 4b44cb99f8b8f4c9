"""Who may see and change netwerk data. Deny by default: unknown roles see nothing."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role


def filter_visible_netwerken(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in (Role.BEHEERDER, Role.SIGNAALTEAM):
        return queryset
    membership = acting_membership(user)
    if role in (Role.NETWERKCOORDINATOR, Role.CASEMANAGER):
        return queryset.filter(pk=membership.netwerk_id)
    if role == Role.VERZEKERAAR:
        return queryset.filter(preferente_zorgverzekeraar=membership.zorgverzekeraar_id)
    return queryset.none()


def can_change_netwerk(user, netwerk) -> bool:
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return True
    membership = acting_membership(user)
    return role == Role.NETWERKCOORDINATOR and membership.netwerk_id == netwerk.pk
