"""Writes of the accounts app: the access log (NEN 7513) and in-app notifications."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.utils import timezone

from .actor import Actor
from .models import AccessAction, AccessLogEntry, AccessOutcome, Notificatie, User

logger = logging.getLogger(__name__)


def access_log_record(
    *,
    actor: Actor,
    action: AccessAction | str,
    object_type: str,
    object_id: object = "",
    client_id: int | None = None,
    outcome: AccessOutcome | str = AccessOutcome.TOEGESTAAN,
) -> AccessLogEntry:
    """Append one row to the access log: who, in which role and membership, from where all
    come from ``actor``.

    Every view that reads, searches, exports, prints or changes identifiable client data
    calls this, for refused attempts too. Pass the client by internal id, never by BSN.
    The path is logged without its query string, which may hold what the user searched for.
    When called inside a service's transaction the row commits or rolls back with the change.
    """
    entry = AccessLogEntry.objects.create(
        client_id=client_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id or "")[:64],
        outcome=outcome,
        **_who(actor),
    )
    if outcome == AccessOutcome.GEWEIGERD:
        logger.info(
            "access_refused user=%s object_type=%s object_id=%s",
            getattr(actor.user, "pk", None),
            object_type,
            entry.object_id,
        )
    return entry


def _who(actor: Actor) -> dict:
    membership = actor.membership
    return {
        "user": actor.user,
        "role": actor.role,
        "membership_id": membership.pk if membership is not None else None,
        "path": actor.path[:500],
        "ip_address": actor.ip_address,
    }


def session_clear_expired(*, now: dt.datetime) -> int:
    """Remove sessions that expired before ``now``; returns how many were removed."""
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def access_log_record_many(
    *,
    actor: Actor,
    action: AccessAction | str,
    object_type: str,
    client_ids: list[int],
) -> int:
    """One access-log row per client shown in a list or search result, in one statement."""
    if not client_ids:
        return 0
    common = {
        "action": action,
        "object_type": object_type,
        "outcome": AccessOutcome.TOEGESTAAN,
        **_who(actor),
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


def notificaties_mark_read(*, actor: Actor) -> int:
    """Mark the acting user's own notifications read."""
    return Notificatie.objects.filter(user=actor.user, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )


# NEN 7513: never less than this, whatever the setting says; the database function holds the
# same floor (accounts migration 0005), so no configuration can shorten it.
ACCESS_LOG_MINIMUM_YEARS = 5


@transaction.atomic
def access_log_purge(*, actor: Actor, older_than: dt.datetime) -> int:
    """Remove the access-log rows from before ``older_than`` (never rows younger than five
    years: the database function clips the cutoff) and log how many went. The application
    role holds no DELETE on the log; the SECURITY DEFINER function ``accounts_accesslog_purge``
    is the one way rows leave it (docs/decisions/0017-bewaartermijnen.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT accounts_accesslog_purge(%s)", [older_than])
        removed = cursor.fetchone()[0]
    if removed:
        access_log_record(
            actor=actor,
            action=AccessAction.VERWIJDEREN,
            object_type="toegangslog",
            object_id=f"{removed} regels voor {older_than:%Y-%m-%d}",
        )
    logger.info("access_log_purge removed=%s before=%s", removed, older_than.date().isoformat())
    return removed


def access_log_count_older_than(older_than: dt.datetime) -> int:
    """How many rows :func:`access_log_purge` would remove (for the dry run)."""
    floor = years_before(timezone.now(), ACCESS_LOG_MINIMUM_YEARS)
    return AccessLogEntry.objects.filter(timestamp__lt=min(older_than, floor)).count()


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same moment ``years`` calendar years earlier (29 February becomes 28 February), as
    PostgreSQL's ``- interval 'n years'`` counts."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


@transaction.atomic
def meldingen_voorkeur_set(*, actor: Actor, per_email: bool) -> User:
    """The acting user's own choice: notifications by e-mail too, or in the app only."""
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    user.meldingen_per_email = per_email
    user.save(update_fields=["meldingen_per_email"])
    logger.info("meldingen_voorkeur user=%s per_email=%s", user.pk, per_email)
    return user
