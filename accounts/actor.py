"""Who acts: the user, the membership they act in, and from where. Every service takes one
(``actor``), so a page, an API view, a Celery task and a management command call it the same
way, and the access-log row a service writes says who, in which role, from where (NEN 7513).

- in a view or API view: ``actor_of(request)``;
- in a task or command acting for a person: ``Actor.of(user)`` (their acting membership);
- for the system itself (a scheduled job with nobody behind it): ``Actor.system()``.

A write service checks the actor's right itself with ``require(can_...(actor.user, ...))``
(the predicates in each app's permissions.py are the one home of a rule), so no caller
can skip it; see docs/decisions/0015-actor-and-authorization.md.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User
from .roles import MembershipLike, acting_membership, acting_role, memberships_of


@dataclass(frozen=True)
class Actor:
    user: User | None
    membership: MembershipLike | None = None
    ip_address: str | None = None
    path: str = ""

    @classmethod
    def of(cls, user: User | None, *, membership: MembershipLike | None = None) -> Actor:
        """A person acting outside a request (a task, a command, a test): in ``membership``,
        else in the one they act in (see accounts.roles).

        The predicates (``can_...(actor.user, ...)``) read the role from the user's acting
        membership, so the actor's user is a copy bound to ``membership``: the actor acts in
        that membership for the checks too, not only in the access log. A membership that is
        not one of the user's own active ones gives no right at all: PermissionDenied."""
        if user is None or membership is None:
            return cls(user=user, membership=acting_membership(user) if user else None)
        if all(own.pk != membership.pk for own in memberships_of(user)):
            raise PermissionDenied
        bound = copy.copy(user)
        bound._preferred_membership_id = membership.pk
        return cls(user=bound, membership=acting_membership(bound))

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None)

    @property
    def role(self) -> str:
        if self.membership is not None:
            return self.membership.rol
        if self.user is not None:
            return acting_role(self.user)
        return ""

    @property
    def is_system(self) -> bool:
        return self.user is None


def actor_of(request: HttpRequest) -> Actor:
    """The actor of a request: the logged-in user (also one authenticated by an API token) in
    the membership chosen this session, with the client's address and the path."""
    user = request.user if request.user.is_authenticated else None
    return Actor(
        user=user,
        membership=acting_membership(user) if user is not None else None,
        ip_address=get_client_ip_address(request),
        path=request.path[:500],
    )


def require(allowed: bool) -> None:
    """Refuse unless ``allowed`` (a ``can_...`` predicate): PermissionDenied, which Django
    and DRF answer with 403. Used by services and views alike."""
    if not allowed:
        raise PermissionDenied
