from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership


def memberships_for_user(user) -> QuerySet[Membership]:
    """Active memberships of a user with their parties; loader for accounts.roles."""
    return (
        Membership.objects.filter(user=user, actief=True)
        .select_related("netwerk", "organisatie", "zorgverzekeraar")
        .order_by("id")
    )
