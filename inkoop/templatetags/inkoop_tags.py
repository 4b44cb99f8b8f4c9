"""Formatting for the inkoop and waitlist pages: the figures as accounts.disclosure shows
them (the filters live in accounts.templatetags.disclosure_tags)."""

from django import template

from accounts.templatetags import disclosure_tags

register = template.Library()
register.filter("aantal", disclosure_tags.aantal)
register.filter("cijfer", disclosure_tags.cijfer)
register.filter("onderdrukt", disclosure_tags.onderdrukt)
register.simple_tag(disclosure_tags.onderdrukking_toelichting, name="onderdrukking_toelichting")
register.simple_tag(disclosure_tags.grafiek_toelichting, name="grafiek_toelichting")
