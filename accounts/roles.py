"""Who a user acts as: their memberships and the one they act in now.

Memberships live in a higher app (netwerk). accounts reaches them only through the loader
named in settings.ACCOUNTS_MEMBERSHIPS_LOADER, so this app imports no other. A membership
is any object with ``pk`` and ``rol`` (a Role value).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Role

SESSION_KEY = "acting_membership_id"


class MembershipLike(Protocol):
    pk: Any
    rol: str


def memberships_of(user) -> list[MembershipLike]:
    """The user's active memberships, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        loader = import_string(settings.ACCOUNTS_MEMBERSHIPS_LOADER)
        cached = list(loader(user))
        user._memberships_cache = cached
    return cached


def acting_membership(user) -> MembershipLike | None:
    """The membership the user acts in: the one chosen this session, else their first."""
    memberships = memberships_of(user)
    if not memberships:
        return None
    preferred = getattr(user, "_preferred_membership_id", None)
    for membership in memberships:
        if membership.pk == preferred:
            return membership
    return memberships[0]


def acting_role(user) -> str:
    membership = acting_membership(user)
    if membership is not None:
        return membership.rol
    if getattr(user, "is_superuser", False):
        return Role.BEHEERDER
    return ""


def has_role(user, role: str) -> bool:
    """True when the user acts in this role now (superusers act as beheerder)."""
    return acting_role(user) == role


def requires_second_factor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.OTP_REQUIRED_FOR_ALL_ROLES or user.is_superuser or user.is_staff:
        return True
    return any(m.rol == Role.BEHEERDER for m in memberships_of(user))
