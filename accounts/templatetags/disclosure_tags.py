"""Template filters that show figures as accounts.disclosure says: "<5", "x" or the number."""

from django import template

from accounts import disclosure

register = template.Library()


@register.filter
def aantal(value, onderdrukken: bool = False) -> str:
    """A count of persons, the Dutch way (1.120); "<5"/"x" when suppressed; "–" when there
    is no figure. ``onderdrukken`` suppresses a single small count that is part of no sum
    (a table with sums is suppressed before it reaches the template: disclosure.beveilig)."""
    return disclosure.tekst(disclosure.aantal(value, onderdrukken=bool(onderdrukken)))


@register.filter
def cijfer(value, decimalen: int = 1) -> str:
    """A derived figure (a wait in days, a percentage, fte) with ``decimalen`` decimals; "x"
    when suppressed, "–" when missing."""
    return disclosure.tekst(value, decimalen=int(decimalen))


@register.filter
def onderdrukt(value) -> bool:
    return disclosure.is_onderdrukt(value)


@register.simple_tag
def onderdrukking_toelichting() -> str:
    return str(disclosure.TOELICHTING)


@register.simple_tag
def grafiek_toelichting() -> str:
    return str(disclosure.GRAFIEK_TOELICHTING)
