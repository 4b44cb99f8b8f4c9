"""Formatting for the inkoop pages."""

from django import template
from django.utils.formats import number_format

from inkoop.selectors import SMALL_COUNT_LIMIT

register = template.Library()


@register.filter
def aantal(value, maskeren: bool = False) -> str:
    """A count of people, the Dutch way (1.120); "<5" for counts below 5 when ``maskeren``
    (insurers never see small counts, DESIGN.md rule 5); "–" when there is no figure."""
    if value is None or value == "":
        return "–"
    if maskeren and value < SMALL_COUNT_LIMIT:
        return f"<{SMALL_COUNT_LIMIT}"
    return number_format(value, force_grouping=True)
