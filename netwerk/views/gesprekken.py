"""Pages of the voortgangsgesprekken and their afspraken. Thin: services write, selectors
read, permissions decide; every object is fetched through ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, save_form

from .. import selectors, services
from ..forms import AfspraakForm, VoortgangsgesprekForm
from ..models import Afspraak, Voortgangsgesprek
from ..permissions import can_record_voortgangsgesprek, can_view_voortgangsgesprekken
from ._common import GET_POST, _detailed_netwerk, _form_context

# --- Voortgangsgesprekken ------------------------------------------------------------------


@login_required
@require_GET
def gesprek_list(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _detailed_netwerk(request, netwerk_pk)
    require(can_view_voortgangsgesprekken(request.user, netwerk))
    gesprekken = list(selectors.voortgangsgesprekken(netwerk))
    vandaag = timezone.localdate()
    return render(
        request,
        "netwerk/gesprek_list.html",
        {
            "netwerk": netwerk,
            "gesprekken": gesprekken,
            "vandaag": vandaag,
            "achterstallig": selectors.gesprek_achterstallig(
                getattr(selectors.laatste_gehouden_gesprek(gesprekken, vandaag), "datum", None),
                vandaag,
            ),
            "kan_vastleggen": can_record_voortgangsgesprek(request.user, netwerk),
        },
    )


@login_required
@require_http_methods(GET_POST)
def gesprek_create(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _detailed_netwerk(request, netwerk_pk)
    require(can_record_voortgangsgesprek(request.user, netwerk))
    form = VoortgangsgesprekForm(request.POST or None)
    gesprek = request.method == "POST" and save_form(
        form,
        lambda data: services.voortgangsgesprek_create(
            netwerk=netwerk, actor=actor_of(request), **data
        ),
    )
    if gesprek:
        messages.success(
            request,
            _("Het voortgangsgesprek is gepland.")
            if gesprek.datum > timezone.localdate()
            else _("Het voortgangsgesprek is vastgelegd."),
        )
        return redirect("netwerk:gesprek_detail", gesprek_pk=gesprek.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(netwerk, form, _("Voortgangsgesprek vastleggen of plannen")),
    )


def _gesprek(request: HttpRequest, pk: int) -> Voortgangsgesprek:
    return get_visible_or_404(
        Voortgangsgesprek.objects.visible_to(request.user).select_related(
            "netwerk", "zorgverzekeraar"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(GET_POST)
def gesprek_detail(request: HttpRequest, gesprek_pk: int) -> HttpResponse:
    gesprek = _gesprek(request, gesprek_pk)
    kan_vastleggen = can_record_voortgangsgesprek(request.user, gesprek.netwerk)
    form = AfspraakForm(request.POST or None)
    if request.method == "POST":
        require(kan_vastleggen)
        if save_form(
            form,
            lambda data: services.afspraak_create(
                gesprek=gesprek,
                actor=actor_of(request),
                **{k: v for k, v in data.items() if k != "afgerond"},
            ),
        ):
            messages.success(request, _("De afspraak is toegevoegd."))
            return redirect("netwerk:gesprek_detail", gesprek_pk=gesprek.pk)
    history = selectors.history_of(
        [
            Voortgangsgesprek.history.filter(id=gesprek.pk),
            Afspraak.history.filter(gesprek_id=gesprek.pk),
        ]
    )
    return render(
        request,
        "netwerk/gesprek_detail.html",
        {
            "netwerk": gesprek.netwerk,
            "gesprek": gesprek,
            "afspraken": gesprek.afspraken.all(),
            "vandaag": timezone.localdate(),
            "form": form,
            "kan_vastleggen": kan_vastleggen,
            "history": history,
        },
    )


@login_required
@require_http_methods(GET_POST)
def gesprek_update(request: HttpRequest, gesprek_pk: int) -> HttpResponse:
    gesprek = _gesprek(request, gesprek_pk)
    require(can_record_voortgangsgesprek(request.user, gesprek.netwerk))
    form = VoortgangsgesprekForm(
        request.POST or None, instance=Voortgangsgesprek.objects.get(pk=gesprek.pk)
    )
    if request.method == "POST" and save_form(
        form,
        lambda data: services.voortgangsgesprek_update(
            gesprek=gesprek, actor=actor_of(request), **data
        ),
    ):
        messages.success(request, _("Het voortgangsgesprek is bijgewerkt."))
        return redirect("netwerk:gesprek_detail", gesprek_pk=gesprek.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(gesprek.netwerk, form, _("Voortgangsgesprek bewerken")),
    )


@login_required
@require_http_methods(GET_POST)
def afspraak_update(request: HttpRequest, afspraak_pk: int) -> HttpResponse:
    afspraak = get_visible_or_404(
        Afspraak.objects.select_related("gesprek__netwerk").filter(
            gesprek__in=Voortgangsgesprek.objects.visible_to(request.user)
        ),
        pk=afspraak_pk,
    )
    require(can_record_voortgangsgesprek(request.user, afspraak.gesprek.netwerk))
    form = AfspraakForm(request.POST or None, instance=Afspraak.objects.get(pk=afspraak.pk))
    if request.method == "POST" and save_form(
        form,
        lambda data: services.afspraak_update(afspraak=afspraak, actor=actor_of(request), **data),
    ):
        messages.success(request, _("De afspraak is bijgewerkt."))
        return redirect("netwerk:gesprek_detail", gesprek_pk=afspraak.gesprek_id)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(afspraak.gesprek.netwerk, form, _("Afspraak bewerken")),
    )
