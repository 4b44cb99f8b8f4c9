"""Pages of the netwerk app: network list and dashboard, partners, plans, goals, jaarplannen,
voortgangsgesprekken, and the population upload. Thin: services write, selectors read,
permissions decide; every object is fetched through ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.providers import provider
from accounts.web import get_visible_or_404, require, run_action, save_form

from . import selectors, services
from .forms import (
    AansluitingForm,
    AansluitingUpdateForm,
    ActieForm,
    AfspraakForm,
    CsvUploadForm,
    DoelForm,
    ExtraSectieForm,
    IndicatorForm,
    MeerjarenplanForm,
    NetwerkSettingsForm,
    NieuwePartnerForm,
    PlanSectieForm,
    RealisatieForm,
    VaststellenForm,
    VestigingForm,
    VoortgangsgesprekForm,
)
from .models import (
    Aansluiting,
    Actie,
    Afspraak,
    Doel,
    Indicator,
    Jaarplan,
    Meerjarenplan,
    Netwerk,
    Organisatie,
    PlanSectie,
    PlanStatus,
    Realisatie,
    Streefwaarde,
    Voortgangsgesprek,
)
from .permissions import (
    can_change_netwerk,
    can_edit_plan,
    can_manage_reference_data,
    can_record_voortgangsgesprek,
    can_view_netwerk_details,
    can_view_voortgangsgesprekken,
    filter_netwerken_with_gesprekken,
)

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
        Meerjarenplan.objects.select_related("netwerk", "vastgesteld_door").filter(
            netwerk__in=Netwerk.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    require(can_view_netwerk_details(request.user, plan.netwerk))
    return plan


def _editable_plan(request: HttpRequest, pk: int) -> Meerjarenplan:
    plan = _plan(request, pk)
    require(can_change_netwerk(request.user, plan.netwerk))
    return plan


# --- Networks ------------------------------------------------------------------------------


@login_required
@require_GET
def netwerk_list(request: HttpRequest) -> HttpResponse:
    netwerken = selectors.netwerken_overzicht(
        Netwerk.objects.visible_to(request.user),
        filter_netwerken_with_gesprekken(Netwerk.objects.all(), request.user),
    )
    # NUL is no character anyone searches for, and PostgreSQL refuses it in a query
    zoek = request.GET.get("zoek", "").replace("\x00", "").strip()[:100]
    if zoek:
        netwerken = netwerken.filter(naam__icontains=zoek)
    page = Paginator(netwerken, 50).get_page(request.GET.get("pagina"))
    vandaag = timezone.localdate()
    for netwerk in page:
        netwerk.gesprek_achterstallig = netwerk.gesprekken_zichtbaar and (
            selectors.gesprek_achterstallig(netwerk.laatste_gesprek, vandaag)
        )
    return render(
        request,
        "netwerk/netwerk_list.html",
        {"page": page, "zoek": zoek, "query": f"zoek={zoek}" if zoek else ""},
    )


@login_required
@require_GET
def netwerk_detail(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """The coordinator's dashboard; insurers and national roles read it; casemanagers see the
    network's public facts only."""
    netwerk = _netwerk(request, netwerk_pk)
    vandaag = timezone.localdate()
    context = {
        "netwerk": netwerk,
        "gemeenten": selectors.werkgebied_gemeenten(netwerk, vandaag),
        "aansluitingen": [a for a in selectors.aansluitingen(netwerk) if a.is_actief_op(vandaag)],
        "details": can_view_netwerk_details(request.user, netwerk),
        "gesprekken_zichtbaar": can_view_voortgangsgesprekken(request.user, netwerk),
        "kan_wijzigen": can_change_netwerk(request.user, netwerk),
    }
    if context["details"]:
        plan = selectors.huidig_plan(netwerk)
        voortgang = selectors.plan_voortgang(plan) if plan else []
        capaciteit = provider("netwerk.capaciteit")
        context.update(
            plan=plan,
            voortgang=voortgang,
            voortgang_telling=_count_statuses(voortgang),
            capaciteit=capaciteit(netwerk, vandaag.year) if capaciteit else None,
        )
    if context["gesprekken_zichtbaar"]:
        gesprekken = list(selectors.voortgangsgesprekken(netwerk)[:1])
        laatste = gesprekken[0] if gesprekken else None
        context.update(
            laatste_gesprek=laatste,
            gesprek_achterstallig=selectors.gesprek_achterstallig(
                laatste.datum if laatste else None, vandaag
            ),
            open_afspraken=selectors.open_afspraken(netwerk),
        )
    return render(request, "netwerk/netwerk_detail.html", context)


def _count_statuses(voortgang) -> list[tuple]:
    counts: dict = {}
    for doel in voortgang:
        counts[doel.status] = counts.get(doel.status, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0].value)


@login_required
@require_http_methods(GET_POST)
def netwerk_settings(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    form = NetwerkSettingsForm(request.POST or None, instance=Netwerk.objects.get(pk=netwerk.pk))
    if request.method == "POST" and save_form(
        form, lambda data: services.netwerk_update(netwerk=netwerk, user=request.user, **data)
    ):
        messages.success(request, _("De instellingen van het netwerk zijn opgeslagen."))
        return redirect("netwerk:detail", netwerk_pk=netwerk.pk)
    history = selectors.history_of([Netwerk.history.filter(id=netwerk.pk)])
    return render(
        request,
        "netwerk/netwerk_settings.html",
        {"netwerk": netwerk, "form": form, "history": history},
    )


# --- Partners ------------------------------------------------------------------------------


@login_required
@require_GET
def partner_list(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    return render(
        request,
        "netwerk/partner_list.html",
        {
            "netwerk": netwerk,
            "aansluitingen": selectors.aansluitingen(netwerk),
            "vandaag": timezone.localdate(),
            "kan_wijzigen": can_change_netwerk(request.user, netwerk),
            "details": can_view_netwerk_details(request.user, netwerk),
        },
    )


@login_required
@require_http_methods(GET_POST)
def aansluiting_create(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Affiliate an organisation that already exists in the application."""
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    form = AansluitingForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda data: services.aansluiting_create(netwerk=netwerk, **data)
    ):
        messages.success(request, _("De organisatie is aangesloten bij het netwerk."))
        return redirect("netwerk:partner_list", netwerk_pk=netwerk.pk)
    return render(
        request, "netwerk/form_page.html", _form_context(netwerk, form, _("Partner aansluiten"))
    )


@login_required
@require_http_methods(GET_POST)
def partner_create(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Register a new organisation and affiliate it in one step."""
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    form = NieuwePartnerForm(request.POST or None)

    @transaction.atomic
    def create(data):
        organisatie = services.organisatie_create(
            naam=data["naam"],
            type=data["type"],
            kvk_nummer=data["kvk_nummer"],
            website=data["website"],
        )
        return services.aansluiting_create(
            netwerk=netwerk,
            organisatie=organisatie,
            geldig_van=data["geldig_van"],
            levert_casemanagement=data["levert_casemanagement"],
            rollen=data["rollen"],
        )

    if request.method == "POST" and save_form(form, create):
        messages.success(request, _("De nieuwe partner is geregistreerd en aangesloten."))
        return redirect("netwerk:partner_list", netwerk_pk=netwerk.pk)
    return render(
        request, "netwerk/form_page.html", _form_context(netwerk, form, _("Nieuwe partner"))
    )


@login_required
@require_http_methods(GET_POST)
def aansluiting_update(request: HttpRequest, netwerk_pk: int, aansluiting_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    aansluiting = get_visible_or_404(
        Aansluiting.objects.filter(netwerk=netwerk).select_related("organisatie"),
        pk=aansluiting_pk,
    )
    form = AansluitingUpdateForm(request.POST or None, instance=aansluiting)
    if request.method == "POST" and save_form(
        form, lambda data: services.aansluiting_update(aansluiting=aansluiting, **data)
    ):
        messages.success(request, _("De aansluiting is bijgewerkt."))
        return redirect("netwerk:partner_list", netwerk_pk=netwerk.pk)
    title = _("Aansluiting van %(org)s") % {"org": aansluiting.organisatie}
    return render(request, "netwerk/form_page.html", _form_context(netwerk, form, title))


@login_required
@require_http_methods(GET_POST)
def vestiging_create(request: HttpRequest, netwerk_pk: int, organisatie_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    require(can_change_netwerk(request.user, netwerk))
    organisatie = get_visible_or_404(
        Organisatie.objects.filter(aansluitingen__netwerk=netwerk).distinct(), pk=organisatie_pk
    )
    form = VestigingForm(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda data: services.vestiging_create(organisatie=organisatie, **data)
    ):
        messages.success(request, _("De vestiging is toegevoegd."))
        return redirect("netwerk:partner_list", netwerk_pk=netwerk.pk)
    title = _("Vestiging van %(org)s") % {"org": organisatie}
    return render(request, "netwerk/form_page.html", _form_context(netwerk, form, title))


def _form_context(netwerk: Netwerk, form, title: str, **extra) -> dict:
    return {"netwerk": netwerk, "form": form, "title": title, **extra}


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
        lambda data: services.meerjarenplan_create(netwerk=netwerk, user=request.user, **data),
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
            "ontbrekend": services.missing_required_topics(plan),
            "vaststellen_form": VaststellenForm(initial={"op": timezone.localdate()}),
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
        form, lambda data: services.meerjarenplan_update(plan=plan, user=request.user, **data)
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
        lambda data: services.plansectie_update(sectie=sectie, user=request.user, **data),
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
        form, lambda data: services.plansectie_add(plan=plan, user=request.user, **data)
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
        lambda: services.plansectie_delete(sectie=sectie, user=request.user),
        _("Het onderwerp is verwijderd."),
    )
    return redirect("netwerk:plan_detail", plan_pk=plan.pk)


def _plan_step(step, success: str):
    """A POST-only view running one workflow step of the plan, reporting the outcome."""

    @login_required
    @require_POST
    def view(request: HttpRequest, plan_pk: int) -> HttpResponse:
        plan = _editable_plan(request, plan_pk)
        run_action(request, lambda: step(plan=plan, user=request.user), success)
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)

    return view


plan_submit = _plan_step(services.meerjarenplan_submit, gettext_lazy("Het plan is ingediend."))
plan_withdraw = _plan_step(
    services.meerjarenplan_withdraw, gettext_lazy("Het plan staat weer in concept.")
)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    form = VaststellenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldige datum van vaststelling in."))
    else:
        run_action(
            request,
            lambda: services.meerjarenplan_adopt(
                plan=plan, user=request.user, op=form.cleaned_data["op"]
            ),
            _("Het plan is vastgesteld."),
        )
    return redirect("netwerk:plan_detail", plan_pk=plan.pk)


@login_required
@require_POST
def plan_new_version(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _editable_plan(request, plan_pk)
    try:
        copy = services.meerjarenplan_new_version(plan=plan, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("netwerk:plan_detail", plan_pk=plan.pk)
    messages.success(request, _("Er is een nieuwe versie in concept gemaakt."))
    return redirect("netwerk:plan_detail", plan_pk=copy.pk)


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
        form, lambda data: services.doel_create(plan=plan, user=request.user, **data)
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
        form, lambda data: services.doel_update(doel=doel, user=request.user, **data)
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
        lambda: services.doel_delete(doel=doel, user=request.user),
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
            doel=doel, user=request.user, streefwaarden=form.streefwaarden(), **fields
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
            indicator=indicator, user=request.user, streefwaarden=form.streefwaarden(), **fields
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
        lambda data: services.realisatie_add(indicator=indicator, user=request.user, **data),
    ):
        messages.success(request, _("De meting is vastgelegd."))
        return redirect("netwerk:doel_detail", doel_pk=indicator.doel_id)
    title = _("Meting van %(indicator)s") % {"indicator": indicator}
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(indicator.doel.plan.netwerk, form, title, plan=indicator.doel.plan),
    )


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
            lambda data: services.actie_create(jaarplan=jaarplan, user=request.user, **data),
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
        form, lambda data: services.actie_update(actie=actie, user=request.user, **data)
    ):
        messages.success(request, _("De actie is bijgewerkt."))
        return redirect("netwerk:jaarplan_detail", plan_pk=plan.pk, jaar=actie.jaarplan.jaar)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(plan.netwerk, form, _("Actie bewerken"), plan=plan),
    )


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
            "achterstallig": selectors.gesprek_achterstallig(
                gesprekken[0].datum if gesprekken else None, vandaag
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
        lambda data: services.voortgangsgesprek_create(netwerk=netwerk, user=request.user, **data),
    )
    if gesprek:
        messages.success(request, _("Het voortgangsgesprek is vastgelegd."))
        return redirect("netwerk:gesprek_detail", gesprek_pk=gesprek.pk)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(netwerk, form, _("Voortgangsgesprek vastleggen")),
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
                user=request.user,
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
        lambda data: services.voortgangsgesprek_update(gesprek=gesprek, user=request.user, **data),
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
        form, lambda data: services.afspraak_update(afspraak=afspraak, user=request.user, **data)
    ):
        messages.success(request, _("De afspraak is bijgewerkt."))
        return redirect("netwerk:gesprek_detail", gesprek_pk=afspraak.gesprek_id)
    return render(
        request,
        "netwerk/form_page.html",
        _form_context(afspraak.gesprek.netwerk, form, _("Afspraak bewerken")),
    )


# --- Reference data ------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def bevolking_upload(request: HttpRequest) -> HttpResponse:
    require(can_manage_reference_data(request.user))
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.bevolking_import(data=form.cleaned_data["bestand"].read())
        if result.ok:
            messages.success(
                request,
                _("Bevolkingscijfers ingelezen: %(created)s nieuw, %(updated)s bijgewerkt.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("netwerk:bevolking_upload")
    return render(request, "netwerk/bevolking_upload.html", {"form": form, "result": result})
