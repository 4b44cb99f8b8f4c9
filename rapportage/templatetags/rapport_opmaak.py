"""Layout filters of the report PDFs (the masking of counts lives in ``rapport``)."""

from django import template

from netwerk.selectors import Voortgang

register = template.Library()


@register.filter
def voortgang_css(status: str) -> str:
    """The colour class of a progress status, as the web pages show it (Voortgang.css)."""
    try:
        return Voortgang(status).css
    except ValueError:
        return "neutraal"
