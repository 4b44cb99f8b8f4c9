"""Who may see, generate and adopt reports. Deny by default.

- netwerkcoördinator: all reports of their own network (concepts too); generates, writes
  the texts, vaststelt, makes new versions.
- verzekeraar: the vastgesteld (and superseded) reports of the networks in its region.
- signaalteam, beheerder: the national reports (they generate and adopt them) and the
  vastgesteld reports of every network.
- casemanager: none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from netwerk.models import Netwerk

from .models import NETWERK_TYPES, RapportStatus

DEFINITIEF = [RapportStatus.VASTGESTELD, RapportStatus.VERVANGEN]
NATIONAL = (Role.SIGNAALTEAM, Role.BEHEERDER)


def filter_visible_rapporten(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role == Role.NETWERKCOORDINATOR:
        return queryset.filter(netwerk_id=acting_membership(user).netwerk_id)
    if role == Role.VERZEKERAAR:
        return queryset.filter(netwerk__in=Netwerk.objects.visible_to(user), status__in=DEFINITIEF)
    if role in NATIONAL:
        return queryset.filter(
            Q(netwerk__isnull=True) | Q(type__in=NETWERK_TYPES, status__in=DEFINITIEF)
        )
    return queryset.none()


def can_manage_rapport(user, rapport) -> bool:
    """Texts, vaststellen, new versions: the coordinator of the network; national reports
    the signaalteam and beheerders."""
    role = acting_role(user)
    if rapport.netwerk_id is None:
        return role in NATIONAL
    return (
        role == Role.NETWERKCOORDINATOR and acting_membership(user).netwerk_id == rapport.netwerk_id
    )


def can_generate_for(user, netwerk_id: int | None) -> bool:
    role = acting_role(user)
    if netwerk_id is None:
        return role in NATIONAL
    return role == Role.NETWERKCOORDINATOR and acting_membership(user).netwerk_id == netwerk_id


def can_download(user) -> bool:
    return acting_role(user) in (Role.NETWERKCOORDINATOR, Role.VERZEKERAAR, *NATIONAL)


# --- The minimale dataset (rapportage.mds) ----------------------------------------------------


def can_export_mds(user, netwerk_id: int | None) -> bool:
    """Make and download a network's minimale-dataset export: its coordinator; the national
    monitoring (signaalteam, beheerder) for every network and for all networks at once.
    Insurers and casemanagers never: the rows are per traject, not aggregates."""
    role = acting_role(user)
    if role in NATIONAL:
        return True
    return (
        netwerk_id is not None
        and role == Role.NETWERKCOORDINATOR
        and acting_membership(user).netwerk_id == netwerk_id
    )


def filter_visible_mds_exports(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in NATIONAL:
        return queryset
    if role == Role.NETWERKCOORDINATOR:
        return queryset.filter(netwerk_id=acting_membership(user).netwerk_id)
    return queryset.none()
