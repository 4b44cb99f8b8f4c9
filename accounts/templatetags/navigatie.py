"""Menus that say where the user is: ``{% huidig_menu %}...{% endhuidig_menu %}`` around a
menu's links marks the link of the current page with aria-current="page" (and, when no link
is the page itself, the link of the section it is in with aria-current="true"), so a screen
reader announces it and the stylesheet shows it. The menus' templates stay plain lists of
links: a new menu item is marked without changing anything here."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_LINK = re.compile(r'<a href="(?P<href>/[^"]*)"(?P<rest>[^>]*)>')


def _best_link(hrefs: list[str], path: str) -> tuple[str | None, str]:
    """The href of the current page ("page"), else the longest one whose section the path is
    in ("true"); "/" (the start page) only counts when it is the page."""
    if path in hrefs:
        return path, "page"
    sections = [h for h in hrefs if h != "/" and h.endswith("/") and path.startswith(h)]
    if sections:
        return max(sections, key=len), "true"
    return None, ""


class HuidigMenuNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        html = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return html
        href, value = _best_link([m["href"] for m in _LINK.finditer(html)], request.path)
        if href is None:
            return html

        def mark(match: re.Match) -> str:
            if match["href"] != href or "aria-current" in match["rest"]:
                return match[0]
            return f'<a href="{match["href"]}"{match["rest"]} aria-current="{value}">'

        return mark_safe(_LINK.sub(mark, html, count=0))  # noqa: S308 - rendered template


@register.tag
def huidig_menu(parser, token):
    nodelist = parser.parse(("endhuidig_menu",))
    parser.delete_first_token()
    return HuidigMenuNode(nodelist)
