"""Writes of the accounts app: the access log (NEN 7513) and in-app notifications."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mass_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .actor import Actor
from .models import AccessAction, AccessLogEntry, AccessOutcome, Notificatie, User
from .roles import acting_membership, acting_role

logger = logging.getLogger(__name__)


def access_log_record(
    *,
    request: HttpRequest | None,
    action: AccessAction | str,
    object_type: str,
    object_id: object = "",
    client_id: int | None = None,
    outcome: AccessOutcome | str = AccessOutcome.TOEGESTAAN,
    user: User | None = None,
) -> AccessLogEntry:
    """Append one row to the access log.

    Every view that reads, searches, exports, prints or changes identifiable client data
    calls this, for refused attempts too. Pass the client by internal id, never by BSN.
    The path is logged without its query string, which may hold what the user searched for.
    When called inside a service's transaction the row commits or rolls back with the change.
    """
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    membership = acting_membership(user) if user is not None else None
    entry = AccessLogEntry.objects.create(
        user=user,
        role=acting_role(user) if user is not None else "",
        membership_id=membership.pk if membership is not None else None,
        client_id=client_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id or "")[:64],
        path=request.path[:500] if request is not None else "",
        ip_address=get_client_ip_address(request) if request is not None else None,
        outcome=outcome,
    )
    if outcome == AccessOutcome.GEWEIGERD:
        logger.info(
            "access_refused user=%s object_type=%s object_id=%s",
            getattr(user, "pk", None),
            object_type,
            entry.object_id,
        )
    return entry


def session_clear_expired(*, now: dt.datetime) -> int:
    """Remove sessions that expired before ``now``; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def access_log_record_many(
    *,
    request: HttpRequest,
    action: AccessAction | str,
    object_type: str,
    client_ids: list[int],
) -> int:
    """One access-log row per client shown in a list or search result, in one statement."""
    if not client_ids:
        return 0
    user = request.user if request.user.is_authenticated else None
    membership = acting_membership(user) if user is not None else None
    common = {
        "user": user,
        "role": acting_role(user) if user is not None else "",
        "membership_id": membership.pk if membership is not None else None,
        "action": action,
        "object_type": object_type,
        "path": request.path[:500],
        "ip_address": get_client_ip_address(request),
        "outcome": AccessOutcome.TOEGESTAAN,
    }
    rows = [
        AccessLogEntry(client_id=client_id, object_id=str(client_id), **common)
        for client_id in dict.fromkeys(client_ids)
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def notificatie_send(
    *, users: Iterable[User], titel: str, tekst: str = "", url: str = "", mail: bool = True
) -> int:
    """An in-app notification for each user and, after commit, an e-mail with the same text
    to those who want their notifications by e-mail too (``User.meldingen_per_email``, their
    own setting). The text must not contain client data (names, BSN): it links to the page
    that does."""
    users = [user for user in users if user.is_active]
    Notificatie.objects.bulk_create(
        [Notificatie(user=user, titel=titel, tekst=tekst, url=url) for user in users]
    )
    per_email = [user for user in users if user.meldingen_per_email]
    if mail and per_email:
        body = f"{tekst}\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else tekst
        # one message per recipient: nobody learns who else was told (insurers, coordinators
        # of other networks)
        berichten = [(titel, body, None, [user.email]) for user in per_email]
        transaction.on_commit(lambda: send_mass_mail(berichten, fail_silently=False))
    return len(users)


def notificaties_mark_read(*, user: User) -> int:
    return Notificatie.objects.filter(user=user, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )


@transaction.atomic
def meldingen_voorkeur_set(*, actor: Actor, per_email: bool) -> User:
    """The acting user's own choice: notifications by e-mail too, or in the app only."""
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    user.meldingen_per_email = per_email
    user.save(update_fields=["meldingen_per_email"])
    logger.info("meldingen_voorkeur user=%s per_email=%s", user.pk, per_email)
    return user
