"""Filters for reports: ISO dates from the snapshot, and counts of people masked below 5."""

import datetime as dt

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()

SMALL = 5


@register.filter
def datum(value: str | None, fmt: str = "j F Y") -> str:
    """'2026-10-01' -> '1 oktober 2026'; empty stays '–'."""
    if not value:
        return "–"
    return date_format(dt.date.fromisoformat(value), fmt)


@register.filter
def aantal(value) -> str:
    """A count of people: '<5' below 5 (privacy: reports are read by insurers)."""
    if value is None or value == "":
        return "–"
    number = int(value)
    if number < SMALL:
        return "<5"
    return number_format(number, force_grouping=True)


@register.filter
def getal(value, decimals: int = 1) -> str:
    """A decimal figure (a wait in days, FTE) in Dutch notation; '–' when missing."""
    if value is None or value == "":
        return "–"
    return number_format(float(value), decimal_pos=int(decimals), force_grouping=True)


@register.filter
def get_item(mapping: dict, key: str):
    """A dict value whose key is not a valid template variable name ("1-99")."""
    return mapping.get(key) if mapping else None
