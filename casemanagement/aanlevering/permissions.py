"""Who may issue keys, deliver and upload (the one home of these rules)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from netwerk.selectors import is_casemanagement_aanbieder

from ..permissions import is_coordinator_of


def can_manage_sleutels(user, netwerk_id: int) -> bool:
    """Issue and revoke a provider's keys: the network's coordinator, or the beheerder."""
    return is_coordinator_of(user, netwerk_id) or acting_role(user) == Role.BEHEERDER


def can_manage_alle_sleutels(user) -> bool:
    """The overview of every network's keys, and issuing and revoking there: the beheerder
    only. A coordinator keeps the page of their own network (``can_manage_sleutels``)."""
    return acting_role(user) == Role.BEHEERDER


def can_deliver(sleutel, netwerk) -> bool:
    """A key delivers only while it is not revoked, only into the network that issued it,
    and only while its organisation is affiliated there as casemanagement provider."""
    return (
        sleutel is not None
        and sleutel.is_actief
        and sleutel.netwerk_id == netwerk.pk
        and is_casemanagement_aanbieder(
            netwerk_id=netwerk.pk,
            organisatie_id=sleutel.organisatie_id,
            peildatum=timezone.localdate(),
        )
    )


def can_upload(user, netwerk_id: int, organisatie_id: int) -> bool:
    """A delivery file in the browser: the network's coordinator for any affiliated provider,
    a casemanager for their own organisation in their own network."""
    if not is_casemanagement_aanbieder(
        netwerk_id=netwerk_id, organisatie_id=organisatie_id, peildatum=timezone.localdate()
    ):
        return False
    if is_coordinator_of(user, netwerk_id):
        return True
    membership = acting_membership(user)
    return (
        acting_role(user) == Role.CASEMANAGER
        and membership.netwerk_id == netwerk_id
        and membership.organisatie_id == organisatie_id
    )
