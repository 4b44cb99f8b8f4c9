"""Who may see and change contracts and the capacity view. Rights follow the acting
membership (accounts.roles); unknown or missing roles see nothing.

- verzekeraar: sees and changes its own insurer's contracts, creates contracts for itself.
- netwerkcoördinator: reads the contracts for its own network.
- beheerder: sees and changes all contracts; signaalteam reads all.
- casemanager: no contracts; the list itself is refused.
- capacity: whoever may read the network's details (netwerk.permissions).
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from netwerk.permissions import can_view_netwerk_details


def filter_visible_contracten(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in (Role.BEHEERDER, Role.SIGNAALTEAM):
        return queryset
    membership = acting_membership(user)
    if role == Role.VERZEKERAAR:
        return queryset.filter(zorgverzekeraar_id=membership.zorgverzekeraar_id)
    if role == Role.NETWERKCOORDINATOR:
        return queryset.filter(netwerk_id=membership.netwerk_id)
    return queryset.none()


CONTRACT_READERS = (Role.VERZEKERAAR, Role.NETWERKCOORDINATOR, Role.BEHEERDER, Role.SIGNAALTEAM)


def can_list_contracten(user) -> bool:
    """Roles that have contracts to see at all; others are refused the list (deny by
    default) rather than shown an empty one."""
    return acting_role(user) in CONTRACT_READERS


def can_view_contract(user, contract) -> bool:
    from .models import Contract

    return filter_visible_contracten(Contract.objects.filter(pk=contract.pk), user).exists()


def can_create_contract(user) -> bool:
    return acting_role(user) in (Role.VERZEKERAAR, Role.BEHEERDER)


def can_change_contract(user, contract) -> bool:
    """The insurer that owns the contract, or a beheerder."""
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return True
    membership = acting_membership(user)
    return (
        role == Role.VERZEKERAAR
        and membership.zorgverzekeraar_id is not None
        and membership.zorgverzekeraar_id == contract.zorgverzekeraar_id
    )


def fixed_zorgverzekeraar_id(user) -> int | None:
    """The insurer a new contract of this user belongs to: an insurer contracts for itself
    only; a beheerder picks one (None)."""
    if acting_role(user) == Role.VERZEKERAAR:
        return acting_membership(user).zorgverzekeraar_id
    return None


def can_view_capaciteit(user, netwerk) -> bool:
    return can_view_netwerk_details(user, netwerk)


def can_view_tarief(user, contract) -> bool:
    """Tariffs are commercially confidential between insurer and provider: only those who
    may change the contract (the owning insurer, beheerders) see them."""
    return can_change_contract(user, contract)


def must_mask_small_counts(user) -> bool:
    """Insurers see counts of people below 5 as "<5" (DESIGN.md rule 5)."""
    return acting_role(user) == Role.VERZEKERAAR
