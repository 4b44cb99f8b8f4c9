"""Pages of the NZa quarterly cycle (docs/decisions/0024): a provider's page to confirm or
correct its figures per vestiging, and the network's delivery to the NZa's
Zorgbeeldportaal (download the file of the published version, mark it delivered)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import exports as downloads
from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, run_action, save_form
from netwerk.models import Netwerk, Vestiging

from ..models import NzaKwartaal
from . import cyclus, zorgbeeldportaal
from .forms import NzaAanleveringForm
from .peildata import is_peildatum, laatste_peildatum
from .permissions import can_confirm_nza, can_deliver_to_nza, can_manage_nza


def _peildatum(request: HttpRequest) -> dt.date:
    vandaag = timezone.localdate()
    try:
        peildatum = dt.date.fromisoformat(request.GET.get("peildatum", ""))
    except ValueError:
        return laatste_peildatum(vandaag)
    if not is_peildatum(peildatum) or peildatum > vandaag:
        return laatste_peildatum(vandaag)
    return peildatum


def _vastleggen(request, netwerk, peildatum, form) -> object | None:
    def action(data):
        vestiging = Vestiging.objects.filter(
            pk=data["vestiging"], organisatie_id=form.organisatie_id
        ).first()
        if vestiging is None:
            raise Http404
        correctie = None
        if data["actie"] == "corrigeren":
            correctie = {veld: data.get(veld) for veld in cyclus.AANGELEVERDE_VELDEN}
        return cyclus.nza_aanlevering_vastleggen(
            netwerk=netwerk,
            peildatum=peildatum,
            vestiging=vestiging,
            actor=actor_of(request),
            correctie=correctie,
            reden=data.get("reden") or "",
            namens=data.get("namens") or "",
        )

    return save_form(form, action)


@login_required
@require_http_methods(["GET", "POST"])
def nza_aanbieder(request: HttpRequest, netwerk_pk: int, organisatie_pk: int) -> HttpResponse:
    """A provider's figures per vestiging in the network's current quarter, to confirm or
    correct by the 10th."""
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(can_confirm_nza(request.user, netwerk, organisatie_pk))
    peildatum = _peildatum(request)
    stand = cyclus.cyclus_stand(
        netwerk, peildatum, timezone.localdate(), organisatie_id=organisatie_pk
    )
    if not stand.aanbieders:
        # reached from the network's menu by every casemanager: say why there is nothing
        return render(request, "wachtlijst/nza_aanbieder_geen.html", {"netwerk": netwerk})
    form = None
    if request.method == "POST":
        form = NzaAanleveringForm(request.POST)
        form.organisatie_id = organisatie_pk
        if _vastleggen(request, netwerk, peildatum, form):
            messages.success(request, _("De cijfers zijn vastgelegd. Dank u wel."))
            return redirect(request.get_full_path())
    return render(
        request,
        "wachtlijst/nza_aanbieder.html",
        {
            "netwerk": netwerk,
            "stand": stand,
            "aanbieder": stand.aanbieders[0],
            "form": form,
            "namens_nodig": can_manage_nza(request.user, netwerk),
        },
    )


def _gepubliceerd(request: HttpRequest, kwartaal_pk: int) -> NzaKwartaal:
    kwartaal = get_visible_or_404(
        NzaKwartaal.objects.visible_to(request.user).select_related("netwerk"), pk=kwartaal_pk
    )
    require(can_deliver_to_nza(request.user, kwartaal.netwerk))
    if not kwartaal.is_gepubliceerd:
        raise Http404
    return kwartaal


def _portaal_export(request: HttpRequest, kwartaal_pk: int, ext: str) -> HttpResponse:
    """The file for the NZa's Zorgbeeldportaal, of the published version only."""
    kwartaal = _gepubliceerd(request, kwartaal_pk)
    return downloads.download(
        zorgbeeldportaal.EXPORTS[ext](kwartaal),
        filename=zorgbeeldportaal.bestandsnaam(kwartaal, ext),
    )


@login_required
@require_GET
def nza_portaal_csv(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    return _portaal_export(request, kwartaal_pk, "csv")


@login_required
@require_GET
def nza_portaal_xlsx(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    return _portaal_export(request, kwartaal_pk, "xlsx")


@login_required
@require_POST
def nza_portaal_markeren(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    """ "Markeer als aangeleverd": the coordinator delivered this version to the portal."""
    kwartaal = _gepubliceerd(request, kwartaal_pk)
    run_action(
        request,
        lambda: cyclus.nza_portaal_aangeleverd(kwartaal=kwartaal, actor=actor_of(request)),
        _("Vastgelegd: versie %(versie)s is aangeleverd aan het Zorgbeeldportaal van de NZa.")
        % {"versie": kwartaal.versie},
    )
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)
