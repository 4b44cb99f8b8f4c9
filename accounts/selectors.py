from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessLogEntry


def access_log_search(
    *,
    user_email: str = "",
    client_id: int | None = None,
    action: str = "",
    outcome: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Access-log rows, newest first. Dates are inclusive, in Europe/Amsterdam."""
    entries = AccessLogEntry.objects.select_related("user")
    if user_email:
        entries = entries.filter(user__email__icontains=user_email)
    if client_id is not None:
        entries = entries.filter(client_id=client_id)
    if action:
        entries = entries.filter(action=action)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if date_from:
        entries = entries.filter(timestamp__gte=_start_of_day(date_from))
    if date_to:
        entries = entries.filter(timestamp__lt=_start_of_day(date_to + dt.timedelta(days=1)))
    return entries.order_by("-timestamp", "-id")


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
