"""What the netwerk pages share: fetching a network or plan the user may see (404
otherwise) and may read in detail or change (403 otherwise), and the form page context."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.web import get_visible_or_404, require

from ..models import Meerjarenplan, Netwerk
from ..permissions import can_change_netwerk, can_view_netwerk_details

GET_POST = ["GET", "POST"]


def _netwerk(request: HttpRequest, pk: int) -> Netwerk:
    return get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=pk)


def _detailed_netwerk(request: HttpRequest, pk: int) -> Netwerk:
    """A network whose plans, meetings and capacity the user may read (not casemanagers)."""
    netwerk = _netwerk(request, pk)
    require(can_view_netwerk_details(request.user, netwerk))
    return netwerk


def _plan(request: HttpRequest, pk: int) -> Meerjarenplan:
    plan = get_visible_or_404(
        Meerjarenplan.objects.select_related(
            "netwerk__preferente_zorgverzekeraar", "vastgesteld_door", "beoordeeld_door"
        ).filter(netwerk__in=Netwerk.objects.visible_to(request.user)),
        pk=pk,
    )
    require(can_view_netwerk_details(request.user, plan.netwerk))
    return plan


def _editable_plan(request: HttpRequest, pk: int) -> Meerjarenplan:
    plan = _plan(request, pk)
    require(can_change_netwerk(request.user, plan.netwerk))
    return plan


def _form_context(netwerk: Netwerk, form, title: str, **extra) -> dict:
    return {"netwerk": netwerk, "form": form, "title": title, **extra}
