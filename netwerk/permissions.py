"""Who may see and change netwerk data. Deny by default: unknown roles see nothing.

- beheerder, signaalteam: every network (national roles); beheerder changes reference data.
- netwerkcoördinator: sees and changes their own network, its partners, plans and meetings.
- casemanager: only the public facts of their own network (name, website, werkgebied,
  partners), not its plans, meetings or capacity.
- verzekeraar: reads networks where it is preferent or has a contract with an affiliated
  organisation; records voortgangsgesprekken of networks where it is preferent.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role

NATIONAL_ROLES = (Role.BEHEERDER, Role.SIGNAALTEAM)


def filter_visible_netwerken(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in NATIONAL_ROLES:
        return queryset
    membership = acting_membership(user)
    if role in (Role.NETWERKCOORDINATOR, Role.CASEMANAGER):
        return queryset.filter(pk=membership.netwerk_id)
    if role == Role.VERZEKERAAR:
        return queryset.filter(
            Q(preferente_zorgverzekeraar=membership.zorgverzekeraar_id)
            | Q(
                pk__in=queryset.model.objects.filter(
                    contracten__zorgverzekeraar=membership.zorgverzekeraar_id
                ).values("pk")
            )
        )
    return queryset.none()


def filter_netwerken_with_details(queryset: QuerySet, user) -> QuerySet:
    """Networks whose plans, meetings and capacity the user may read (not casemanagers)."""
    if acting_role(user) == Role.CASEMANAGER:
        return queryset.none()
    return filter_visible_netwerken(queryset, user)


def can_view_netwerk(user, netwerk) -> bool:
    from .models import Netwerk

    return filter_visible_netwerken(Netwerk.objects.filter(pk=netwerk.pk), user).exists()


def can_view_netwerk_details(user, netwerk) -> bool:
    from .models import Netwerk

    return filter_netwerken_with_details(Netwerk.objects.filter(pk=netwerk.pk), user).exists()


def can_change_netwerk(user, netwerk) -> bool:
    """Coordinators change their own network (partners, plans, norms); beheerders any."""
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return True
    membership = acting_membership(user)
    return role == Role.NETWERKCOORDINATOR and membership.netwerk_id == netwerk.pk


def can_edit_plan(user, plan) -> bool:
    return plan.is_bewerkbaar and can_change_netwerk(user, plan.netwerk)


def can_record_voortgangsgesprek(user, netwerk) -> bool:
    """The coordinator of the network or the preferente zorgverzekeraar itself."""
    if can_change_netwerk(user, netwerk):
        return True
    membership = acting_membership(user)
    return (
        acting_role(user) == Role.VERZEKERAAR
        and netwerk.preferente_zorgverzekeraar_id is not None
        and membership.zorgverzekeraar_id == netwerk.preferente_zorgverzekeraar_id
    )


def can_manage_reference_data(user) -> bool:
    """Gemeenten and population figures: beheerders only."""
    return acting_role(user) == Role.BEHEERDER
