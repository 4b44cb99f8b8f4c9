"""Template helpers of the netwerk app."""

from django import template

from netwerk.permissions import can_view_voortgangsgesprekken

register = template.Library()


@register.simple_tag(takes_context=True)
def gesprekken_zichtbaar(context, netwerk) -> bool:
    """Whether the current user may read this network's voortgangsgesprekken, so a page only
    links to them for those who may open them (netwerk.permissions)."""
    request = context.get("request")
    return request is not None and can_view_voortgangsgesprekken(request.user, netwerk)
