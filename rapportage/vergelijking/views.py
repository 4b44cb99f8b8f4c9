"""The national comparison page (rapportage:vergelijking). Thin: selectors read the figures,
permissions decide who, which networks and what of the figures.

Query parameters: ``kwartaal`` (2026Q3; default the last quarter that has ended) and
``netwerk`` (the id of a network to highlight). A wrong value is shown with a Dutch message
and the default is used instead; never a 500.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import disclosure
from accounts.web import require
from wachtlijst.landelijk.permissions import netwerken_voor_landelijk

from .charts import grafieken
from .forms import VergelijkingForm
from .permissions import can_view_vergelijking, gemarkeerde_netwerken, zichtbare_vergelijking
from .selectors import vergelijking


def zichtbaar_voor(request, form: VergelijkingForm, netwerken):
    """The comparison of the chosen quarter as the user may see it."""
    keuze = form.keuze()
    ruw = vergelijking(netwerken, keuze.periode)
    return keuze, zichtbare_vergelijking(
        ruw,
        onderdrukken=disclosure.moet_onderdrukken(request.user),
        gemarkeerd=gemarkeerde_netwerken(request.user, ruw, keuze.netwerk),
    )


@login_required
@require_GET
def vergelijking_pagina(request: HttpRequest) -> HttpResponse:
    """Signaalteam and beheerder see every network, an insurer its region; coordinators and
    casemanagers are refused (403)."""
    require(can_view_vergelijking(request.user))
    netwerken = netwerken_voor_landelijk(request.user)
    form = VergelijkingForm(
        request.GET or None,
        vandaag=timezone.localdate(),
        netwerken=netwerken.order_by("naam", "pk"),
    )
    if form.is_bound:
        form.is_valid()
    keuze, zichtbaar = zichtbaar_voor(request, form, netwerken)
    return render(
        request,
        "rapportage/vergelijking.html",
        {
            "form": form,
            "keuze": keuze,
            "vergelijking": zichtbaar,
            "grafieken": grafieken(zichtbaar),
            "maskeren": disclosure.moet_onderdrukken(request.user),
        },
    )
