"""Who may see and change contracts and the capacity view. Rights follow the acting
membership (accounts.roles); unknown or missing roles see nothing.

- verzekeraar: sees and changes its own insurer's contracts, creates contracts for itself,
  offers them to the network and ends them; never accepts one (that is the other party).
- netwerkcoördinator: reads the contracts for its own network, accepts or declines the
  offered ones, ends the accepted ones.
- beheerder: sees, changes, accepts, declines and ends all contracts; signaalteam reads all.
- casemanager: no contracts; the list itself is refused.
- capacity: whoever may read the network's details (netwerk.permissions).

These say who may act; whether the contract's status allows it is the service's rule
(inkoop.services), which refuses with a Dutch message. Seeing a contract (any status) gives
an insurer no view of its network: that follows accepted contracts only
(netwerk.permissions.filter_visible_netwerken, docs/decisions/0009-insurer-visibility.md).
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from netwerk.permissions import can_change_netwerk_id, can_view_netwerk_details


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


def _is_owner_or_beheerder(user, contract) -> bool:
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


def can_change_contract(user, contract) -> bool:
    """Change the terms and add indicators: the owning insurer or a beheerder (the service
    sends a changed offered or accepted contract back to concept)."""
    return _is_owner_or_beheerder(user, contract)


def can_offer_contract(user, contract) -> bool:
    return _is_owner_or_beheerder(user, contract)


def can_decide_contract(user, contract) -> bool:
    """Accept or decline an offered contract: the network side, i.e. the coordinator acting
    for the contract's network, or a beheerder. Never the insurer, whose own offer it is."""
    return can_change_netwerk_id(user, contract.netwerk_id)


def decides_contracten(user) -> bool:
    """Roles on the network side of contracts (the list tells them what waits for them)."""
    return acting_role(user) in (Role.NETWERKCOORDINATOR, Role.BEHEERDER)


def can_end_contract(user, contract) -> bool:
    """Either party: the owning insurer (or a beheerder) at any time; the network's
    coordinator once the network has accepted the contract."""
    if _is_owner_or_beheerder(user, contract):
        return True
    return contract.is_geaccepteerd and can_decide_contract(user, contract)


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
    return _is_owner_or_beheerder(user, contract)
