"""Dutch formats the built-in filters do not give."""

import datetime as dt

from django import template
from django.utils import timezone

from accounts.dates import korte_datum as _korte_datum

register = template.Library()


@register.filter
def korte_datum(value, met_jaar: bool = True) -> str:
    """'3 okt. 2026' (``|korte_datum``) or '3 okt.' (``|korte_datum:False``); '' when empty."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _korte_datum(value, met_jaar=met_jaar)
