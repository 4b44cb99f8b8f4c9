"""Pages of a plan's goals: doelen, their indicatoren with targets, and measured values.
Thin: services write, selectors read, permissions decide; every object is fetched through
``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, run_action, save_form

from .. import selectors, services
from ..forms import DoelForm, IndicatorForm, RealisatieForm
from ..models import Doel, Indicator, Netwerk, PlanStatus, Realisatie, Streefwaarde
from ..permissions import can_change_netwerk, can_edit_plan, can_view_netwerk_details
from ._common import GET_POST, _editable_plan, _form_context

# --- Goals, indicators, realisations -------------------------------------------------------


def _doel(request: HttpRequest, pk: int) -> Doel:
    doel = get_visible_or_404(
        Doel.objects.select_related("plan__netwerk").filter(
            plan__netwerk__in=Netwerk.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    require(can_view_netwerk_details(request.user, doel.plan.netwerk))
    return doel


@login_required
@require_http_methods(GET_POST)
def doel_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    form = DoelForm(request.POST or None)
    doel = request.method == "POST" and save_form(
        form, lambda data: services.doel_create(plan=plan, actor=actor_of(request), **data)
    )
    if doel:
        messages.success(request, _("Het doel is toegevoegd. Voeg nu indicatoren toe."))
        return redirect("netwerk:doel_detail", doel_pk=doel.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Nieuw doel"), plan=plan),
    )


@login_required
@require_GET
def doel_detail(request: HttpRequest, doel_pk: int) -> HttpResponse:
    doel = _doel(request, doel_pk)
    voortgang = selectors.DoelVoortgang(
        doel,
        [
            selectors.indicator_voortgang(indicator)
            for indicator in doel.indicatoren.prefetch_related("streefwaarden", "realisaties")
        ],
    )
    history = selectors.history_of(
        [
            Doel.history.filter(id=doel.pk),
            Indicator.history.filter(doel_id=doel.pk),
            Streefwaarde.history.filter(indicator__doel_id=doel.pk),
            Realisatie.history.filter(indicator__doel_id=doel.pk),
        ]
    )
    plan = doel.plan
    return render(
        request,
        "netwerk/doel_detail.html",
        {
            "netwerk": plan.netwerk,
            "plan": plan,
            "doel": doel,
            "voortgang": voortgang,
            "kan_bewerken": can_edit_plan(request.user, plan),
            "kan_meten": can_change_netwerk(request.user, plan.netwerk)
            and plan.status != PlanStatus.VERVANGEN,
            "realisatie_form": RealisatieForm(initial={"datum": timezone.localdate()}),
            "history": history,
        },
    )


@login_required
@require_http_methods(GET_POST)
def doel_update(request: HttpRequest, doel_pk: int) -> HttpResponse:
    doel = _doel(request, doel_pk)
    require(can_edit_plan(request.user, doel.plan))
    form = DoelForm(request.POST or None, instance=Doel.objects.get(pk=doel.pk))
    if request.method == "POST" and save_form(
        form, lambda data: services.doel_update(doel=doel, actor=actor_of(request), **data)
    ):
        messages.success(request, _("Het doel is bijgewerkt."))
        return redirect("netwerk:doel_detail", doel_pk=doel.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(doel.plan.netwerk, form, _("Doel bewerken"), plan=doel.plan),
    )


@login_required
@require_POST
def doel_delete(request: HttpRequest, doel_pk: int) -> HttpResponse:
    doel = _doel(request, doel_pk)
    require(can_edit_plan(request.user, doel.plan))
    plan = doel.plan
    run_action(
        request,
        lambda: services.doel_delete(doel=doel, actor=actor_of(request)),
        _("Het doel is verwijderd."),
    )
    return redirect("netwerk:plan_detail", plan_pk=plan.pk)


@login_required
@require_http_methods(GET_POST)
def indicator_create(request: HttpRequest, doel_pk: int) -> HttpResponse:
    doel = _doel(request, doel_pk)
    require(can_edit_plan(request.user, doel.plan))
    form = IndicatorForm(request.POST or None, plan=doel.plan)

    def create(data):
        fields = {k: v for k, v in data.items() if not k.startswith("streef_")}
        return services.indicator_create(
            doel=doel, actor=actor_of(request), streefwaarden=form.streefwaarden(), **fields
        )

    if request.method == "POST" and save_form(form, create):
        messages.success(request, _("De indicator is toegevoegd."))
        return redirect("netwerk:doel_detail", doel_pk=doel.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(doel.plan.netwerk, form, _("Nieuwe indicator"), plan=doel.plan),
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    indicator = get_visible_or_404(
        Indicator.objects.select_related("doel__plan__netwerk").filter(
            doel__plan__netwerk__in=Netwerk.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    require(can_change_netwerk(request.user, indicator.doel.plan.netwerk))
    return indicator


@login_required
@require_http_methods(GET_POST)
def indicator_update(request: HttpRequest, indicator_pk: int) -> HttpResponse:
    indicator = _indicator(request, indicator_pk)
    plan = indicator.doel.plan
    require(can_edit_plan(request.user, plan))
    form = IndicatorForm(
        request.POST or None, instance=Indicator.objects.get(pk=indicator.pk), plan=plan
    )

    def update(data):
        fields = {k: v for k, v in data.items() if not k.startswith("streef_")}
        return services.indicator_update(
            indicator=indicator,
            actor=actor_of(request),
            streefwaarden=form.streefwaarden(),
            **fields,
        )

    if request.method == "POST" and save_form(form, update):
        messages.success(request, _("De indicator is bijgewerkt."))
        return redirect("netwerk:doel_detail", doel_pk=indicator.doel_id)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Indicator bewerken"), plan=plan),
    )


@login_required
@require_http_methods(GET_POST)
def realisatie_create(request: HttpRequest, indicator_pk: int) -> HttpResponse:
    indicator = _indicator(request, indicator_pk)
    form = RealisatieForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and save_form(
        form,
        lambda data: services.realisatie_add(indicator=indicator, actor=actor_of(request), **data),
    ):
        messages.success(request, _("De meting is vastgelegd."))
        return redirect("netwerk:doel_detail", doel_pk=indicator.doel_id)
    title = _("Meting van %(indicator)s") % {"indicator": indicator}
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(indicator.doel.plan.netwerk, form, title, plan=indicator.doel.plan),
    )
