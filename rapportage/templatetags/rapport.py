"""Filters for reports: ISO dates from the snapshot, and figures as accounts.disclosure shows
them (the snapshot reaches the template suppressed: rapportage.onderdrukking)."""

import datetime as dt

from django import template
from django.utils.formats import date_format, number_format

from accounts import disclosure
from accounts.templatetags import disclosure_tags

register = template.Library()


@register.filter
def datum(value: str | None, fmt: str = "j F Y") -> str:
    """'2026-10-01' -> '1 oktober 2026'; empty stays '–'."""
    if not value:
        return "–"
    return date_format(dt.date.fromisoformat(value), fmt)


register.filter("aantal", disclosure_tags.aantal)
register.filter("onderdrukt", disclosure_tags.onderdrukt)
register.simple_tag(disclosure_tags.onderdrukking_toelichting, name="onderdrukking_toelichting")
register.simple_tag(disclosure_tags.grafiek_toelichting, name="grafiek_toelichting")


@register.filter
def getal(value, decimals: int = 1) -> str:
    """A decimal figure (a wait in days, FTE) in Dutch notation; '–' when missing, "x" when
    suppressed."""
    if disclosure.is_onderdrukt(value):
        return disclosure.tekst(value)
    if value is None or value == "":
        return "–"
    return number_format(float(value), decimal_pos=int(decimals), force_grouping=True)


@register.filter
def get_item(mapping: dict, key: str):
    """A dict value whose key is not a valid template variable name ("1-99")."""
    return mapping.get(key) if mapping else None
