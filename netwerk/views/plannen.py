"""Pages of the meerjarenplan: the plan list, a plan with its sections and workflow steps,
new versions, and the jaarplannen with their actions. Thin: services write, selectors read,
permissions decide; every object is fetched through ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.actor import actor_of
from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from accounts.web import get_visible_or_404, require, run_action, save_form

from .. import selectors, services
from ..forms import (
    ActieForm,
    ExtraSectieForm,
    MeerjarenplanForm,
    PlanBeoordelingForm,
    PlanSectieForm,
    VaststellenForm,
)
from ..models import (
    Actie,
    Doel,
    Indicator,
    Jaarplan,
    Meerjarenplan,
    Netwerk,
    PlanBeoordeling,
    PlanSectie,
    PlanStatus,
    Realisatie,
    Streefwaarde,
)
from ..permissions import can_change_netwerk, can_edit_plan, can_review_plan, is_preferent_for
from ._common import GET_POST, _detailed_netwerk, _editable_plan, _form_context, _netwerk, _plan

# --- Plans ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _detailed_netwerk(request, netwerk_pk)
    plannen = netwerk.plannen.select_related("vastgesteld_door").order_by("-versie")
    return render(
        request,
        "netwerk/plan_list.html",
        {
            "netwerk": netwerk,
            "plannen": plannen,
            "kan_wijzigen": can_change_netwerk(request.user, netwerk),
            "in_bewerking": selectors.plan_in_bewerking(netwerk),
        },
    )


@login_required
@require_http_methods(GET_POST)
def plan_create(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    in_bewerking = selectors.plan_in_bewerking(netwerk)
    if in_bewerking:
        messages.info(request, _("Er is al een plan in bewerking; u gaat daarheen."))
        return redirect("netwerk:plan_detail", plan_pk=in_bewerking.pk)
    if netwerk.plannen.filter(status=PlanStatus.VASTGESTELD).exists():
        messages.info(
            request,
            _("Dit netwerk heeft een vastgesteld plan. Maak daarvan een nieuwe versie."),
        )
        return redirect("netwerk:plan_list", netwerk_pk=netwerk.pk)
    form = MeerjarenplanForm(request.POST or None)
    plan = request.method == "POST" and save_form(
        form,
        lambda data: services.meerjarenplan_create(
            netwerk=netwerk, actor=actor_of(request), **data
        ),
    )
    if plan:
        messages.success(request, _("Het plan is aangemaakt. Vul nu de verplichte onderwerpen."))
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(netwerk, form, _("Nieuw meerjarenplan")),
    )


def _plan_history(plan: Meerjarenplan) -> list:
    return selectors.history_of(
        [
            Meerjarenplan.history.filter(id=plan.pk),
            PlanSectie.history.filter(plan_id=plan.pk),
            Doel.history.filter(plan_id=plan.pk),
            Indicator.history.filter(doel__plan_id=plan.pk),
            Streefwaarde.history.filter(indicator__doel__plan_id=plan.pk),
            Realisatie.history.filter(indicator__doel__plan_id=plan.pk),
            Jaarplan.history.filter(plan_id=plan.pk),
            Actie.history.filter(jaarplan__plan_id=plan.pk),
        ]
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    kan_wijzigen = can_change_netwerk(request.user, plan.netwerk)
    return render(
        request,
        "netwerk/plan_detail.html",
        {
            "netwerk": plan.netwerk,
            "plan": plan,
            "secties": plan.secties.all(),
            "voortgang": selectors.plan_voortgang(plan),
            "jaarplannen": plan.jaarplannen.all(),
            "kan_wijzigen": kan_wijzigen,
            "kan_bewerken": can_edit_plan(request.user, plan),
            "kan_beoordelen": can_review_plan(request.user, plan),
            "beoordeling_form": PlanBeoordelingForm(),
            "ontbrekend": services.missing_required_topics(plan),
            "history": _plan_history(plan),
            "volgende_versie": plan.volgende_versies.first(),
        },
    )


@login_required
@require_http_methods(GET_POST)
def plan_update(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    form = MeerjarenplanForm(request.POST or None, instance=Meerjarenplan.objects.get(pk=plan.pk))
    if request.method == "POST" and save_form(
        form, lambda data: services.meerjarenplan_update(plan=plan, actor=actor_of(request), **data)
    ):
        messages.success(request, _("Het plan is bijgewerkt."))
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Plan bewerken"), plan=plan),
    )


@login_required
@require_http_methods(GET_POST)
def sectie_update(request: HttpRequest, plan_pk: int, sectie_pk: int) -> HttpResponse:
    """Edit one section's text; inline with HTMX on the plan page, a full page without."""
    plan = _editable_plan(request, plan_pk)
    sectie = get_visible_or_404(plan.secties.all(), pk=sectie_pk)
    form_class = PlanSectieForm if sectie.is_verplicht else ExtraSectieForm
    form = form_class(request.POST or None, instance=PlanSectie.objects.get(pk=sectie.pk))
    saved = request.method == "POST" and save_form(
        form,
        lambda data: services.plansectie_update(sectie=sectie, actor=actor_of(request), **data),
    )
    if saved and request.htmx:
        return render(
            request,
            "netwerk/plan_detail.html#sectie",
            {"sectie": saved, "plan": plan, "kan_bewerken": True, "opgeslagen": True},
        )
    if saved:
        messages.success(request, _("De tekst is opgeslagen."))
        return redirect(f"{reverse('netwerk:plan_detail', args=[plan.pk])}#sectie-{sectie.pk}")
    template = "netwerk/sectie_form.html#form" if request.htmx else "netwerk/sectie_form.html"
    return render(request, template, {"plan": plan, "sectie": sectie, "form": form})


@login_required
@require_http_methods(GET_POST)
def sectie_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    form = ExtraSectieForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda data: services.plansectie_add(plan=plan, actor=actor_of(request), **data)
    ):
        messages.success(request, _("Het onderwerp is toegevoegd."))
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Extra onderwerp"), plan=plan),
    )


@login_required
@require_POST
def sectie_delete(request: HttpRequest, plan_pk: int, sectie_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    sectie = get_visible_or_404(plan.secties.all(), pk=sectie_pk)
    run_action(
        request,
        lambda: services.plansectie_delete(sectie=sectie, actor=actor_of(request)),
        _("Het onderwerp is verwijderd."),
    )
    return redirect("netwerk:plan_detail", plan_pk=plan.pk)


def _plan_step(step, success: str):
    """A POST-only view running one workflow step of the plan, reporting the outcome."""

    @login_required
    @require_POST
    def view(request: HttpRequest, plan_pk: int) -> HttpResponse:
        plan = _editable_plan(request, plan_pk)
        run_action(request, lambda: step(plan=plan, actor=actor_of(request)), success)
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)

    return view


plan_submit = _plan_step(services.meerjarenplan_submit, gettext_lazy("Het plan is ingediend."))
plan_withdraw = _plan_step(
    services.meerjarenplan_withdraw, gettext_lazy("Het plan staat weer in concept.")
)


@login_required
@require_http_methods(GET_POST)
def plan_adopt(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Adopting is final (a change needs a new version): a confirmation page first, with the
    date of adoption; only after the preferente zorgverzekeraar agreed (decision 0019)."""
    plan = _editable_plan(request, plan_pk)
    form = VaststellenForm(request.POST or None, initial={"op": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            run_action(
                request,
                lambda: services.meerjarenplan_adopt(
                    plan=plan, actor=actor_of(request), op=form.cleaned_data["op"]
                ),
                _("Het plan is vastgesteld."),
            )
            return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    elif plan.status != PlanStatus.INGEDIEND or plan.beoordeling != PlanBeoordeling.AKKOORD:
        messages.error(
            request,
            _(
                "Het plan kan pas worden vastgesteld als het is ingediend en de preferente "
                "zorgverzekeraar akkoord is gegaan."
            ),
        )
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    return render(
        request,
        "components/bevestigen.html",
        {
            "title": _("Plan definitief vaststellen"),
            "uitleg": _(
                "Na vaststellen is “%(plan)s” alleen nog te lezen; een wijziging gaat via een "
                "nieuwe versie. Een eerder vastgesteld plan wordt vervangen."
            )
            % {"plan": plan},
            "form": form,
            "knop": _("Ja, plan vaststellen"),
            "terug_url": reverse("netwerk:plan_detail", args=[plan.pk]),
            "terug_tekst": plan.titel,
        },
    )


@login_required
@require_POST
def plan_review(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The preferente zorgverzekeraar agrees with a submitted plan or sends comments."""
    plan = _plan(request, plan_pk)
    # who may answer; the plan's state is the service's to check (a message, not a 403)
    require(is_preferent_for(request.user, plan.netwerk))
    form = PlanBeoordelingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies akkoord of opmerkingen."))
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    beoordeling = form.cleaned_data["beoordeling"]
    try:
        services.meerjarenplan_beoordelen(
            plan=plan,
            actor=actor_of(request),
            beoordeling=beoordeling,
            toelichting=form.cleaned_data["toelichting"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("U bent akkoord met het plan. Het netwerk kan het nu vaststellen.")
            if beoordeling == PlanBeoordeling.AKKOORD
            else _("Uw opmerkingen zijn naar het netwerk gestuurd."),
        )
    return redirect("netwerk:plan_detail", plan_pk=plan.pk)


@login_required
@require_GET
def plannen_ter_beoordeling(request: HttpRequest) -> HttpResponse:
    """The submitted plans of the networks the insurer is preferent for: waiting for its
    answer first."""
    require(acting_role(request.user) == Role.VERZEKERAAR)
    membership = acting_membership(request.user)
    plannen = (
        Meerjarenplan.objects.filter(
            netwerk__in=Netwerk.objects.visible_to(request.user).filter(
                preferente_zorgverzekeraar_id=membership.zorgverzekeraar_id
            ),
            status=PlanStatus.INGEDIEND,
        )
        .select_related("netwerk", "beoordeeld_door")
        .order_by("beoordeling", "ingediend_op", "id")
    )
    return render(request, "netwerk/plannen_ter_beoordeling.html", {"plannen": plannen})


@login_required
@require_POST
def plan_new_version(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    try:
        copy = services.meerjarenplan_new_version(plan=plan, actor=actor_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    messages.success(request, _("Er is een nieuwe versie in concept gemaakt."))
    return redirect("netwerk:plan_detail", plan_pk=copy.pk)


# --- Jaarplannen en acties -----------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def jaarplan_detail(request: HttpRequest, plan_pk: int, jaar: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    jaarplan = get_visible_or_404(plan.jaarplannen.all(), jaar=jaar)
    kan_wijzigen = (
        can_change_netwerk(request.user, plan.netwerk) and plan.status != PlanStatus.VERVANGEN
    )
    form = ActieForm(request.POST or None)
    if request.method == "POST":
        require(kan_wijzigen)
        if save_form(
            form,
            lambda data: services.actie_create(jaarplan=jaarplan, actor=actor_of(request), **data),
        ):
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("netwerk:jaarplan_detail", plan_pk=plan.pk, jaar=jaar)
    return render(
        request,
        "netwerk/jaarplan_detail.html",
        {
            "netwerk": plan.netwerk,
            "plan": plan,
            "jaarplan": jaarplan,
            "acties": jaarplan.acties.all(),
            "vandaag": timezone.localdate(),
            "form": form,
            "kan_wijzigen": kan_wijzigen,
        },
    )


@login_required
@require_http_methods(GET_POST)
def actie_update(request: HttpRequest, actie_pk: int) -> HttpResponse:
    actie = get_visible_or_404(
        Actie.objects.select_related("jaarplan__plan__netwerk").filter(
            jaarplan__plan__netwerk__in=Netwerk.objects.visible_to(request.user)
        ),
        pk=actie_pk,
    )
    plan = actie.jaarplan.plan
    require(can_change_netwerk(request.user, plan.netwerk))
    form = ActieForm(request.POST or None, instance=Actie.objects.get(pk=actie.pk))
    if request.method == "POST" and save_form(
        form, lambda data: services.actie_update(actie=actie, actor=actor_of(request), **data)
    ):
        messages.success(request, _("De actie is bijgewerkt."))
        return redirect("netwerk:jaarplan_detail", plan_pk=plan.pk, jaar=actie.jaarplan.jaar)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Actie bewerken"), plan=plan),
    )
