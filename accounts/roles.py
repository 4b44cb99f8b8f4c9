"""Who a user acts as: their memberships and the one they act in now.

Memberships live in a higher app (netwerk), which accounts may not import. accounts
declares the hook; netwerk registers its loader in ``NetwerkConfig.ready()``
(docs/decisions/0014-no-upward-edges.md), and a system check refuses to start without one.
A membership is any object with ``pk`` and ``rol`` (a Role value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core import checks

from .models import Role

SESSION_KEY = "acting_membership_id"


class MembershipLike(Protocol):
    pk: Any
    rol: str


MembershipsLoader = Callable[[Any], Iterable[MembershipLike]]

_memberships_loader: MembershipsLoader | None = None


def register_memberships_loader(loader: MembershipsLoader) -> None:
    """Set the function that returns a user's active memberships; called by the app that
    holds them (netwerk) when Django starts."""
    global _memberships_loader
    _memberships_loader = loader


def check_memberships_loader(**kwargs) -> list[checks.CheckMessage]:
    """Without a loader nobody has a role: a wiring fault, refused at start-up."""
    if _memberships_loader is None:
        return [
            checks.Error(
                "No memberships loader is registered: nobody would have a role.",
                hint="netwerk registers it in NetwerkConfig.ready(); is netwerk installed?",
                id="accounts.E001",
            )
        ]
    return []


def memberships_of(user) -> list[MembershipLike]:
    """The user's active memberships, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        # deny by default when nothing is registered (the system check reports it)
        cached = list(_memberships_loader(user)) if _memberships_loader is not None else []
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
