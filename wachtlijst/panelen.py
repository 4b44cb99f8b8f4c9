"""Panels that wachtlijst serves to the pages of lower apps, which may not import it: the
network's waitlist on the netwerk dashboard and on inkoop's capacity page. The page loads
the panel with HTMX (``hx-get``, ``hx-trigger="load"``) and carries a plain link to the
same URL, which without HTMX answers with a page of its own
(docs/decisions/0014-no-upward-edges.md).

Visibility is that of the pages showing the panel: whoever may read the network's details
(netwerk.permissions); insurers see small counts suppressed (accounts.disclosure, DESIGN.md
rule 5), as on the capacity page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import disclosure
from accounts.web import get_visible_or_404, require
from inkoop.forms import JaarForm
from inkoop.selectors import wachtlijst_peildatum
from netwerk.models import Netwerk
from netwerk.permissions import can_view_netwerk_details

from .selectors import samenvatting_netwerk


@login_required
@require_GET
def wachtlijst_paneel(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Waiting and over-the-Treeknorm counts of the network, today or (``?jaar=``, the
    capacity page's year) on the waitlist date that goes with that year."""
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(can_view_netwerk_details(request.user, netwerk))
    vandaag = timezone.localdate()
    jaar = JaarForm(request.GET or None).jaar_or(vandaag.year)
    peildatum = wachtlijst_peildatum(jaar, vandaag)
    template = "wachtlijst/paneel.html"
    return render(
        request,
        f"{template}#paneel" if request.htmx else template,
        {
            "netwerk": netwerk,
            "peildatum": peildatum,
            "wachtlijst": samenvatting_netwerk(netwerk, peildatum),
            "maskeren": disclosure.moet_onderdrukken(request.user),
        },
    )


# Included by wachtlijst/urls.py, so the names are in the wachtlijst namespace.
urlpatterns = [
    path(
        "netwerken/<int:netwerk_pk>/wachtlijst/paneel/", wachtlijst_paneel, name="wachtlijst_paneel"
    ),
]
