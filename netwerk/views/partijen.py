"""Pages of the parties: the network list and dashboard, the network's settings, its partners
(aansluitingen, new organisations, vestigingen), and the population upload (reference data).
Thin: services write, selectors read, permissions decide; every object is fetched through
``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, save_form

from .. import selectors, services
from ..forms import (
    AansluitingForm,
    AansluitingUpdateForm,
    CsvUploadForm,
    NetwerkSettingsForm,
    NieuwePartnerForm,
    VestigingForm,
)
from ..models import Aansluiting, Netwerk, Organisatie
from ..permissions import (
    can_change_netwerk,
    can_manage_reference_data,
    can_view_netwerk_details,
    can_view_voortgangsgesprekken,
    filter_netwerken_with_gesprekken,
)
from ._common import GET_POST, _form_context, _netwerk

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
    network's public facts only. The capacity and waitlist cards are panels that inkoop and
    wachtlijst serve (loaded with HTMX), so this page imports neither."""
    netwerk = get_visible_or_404(
        Netwerk.objects.visible_to(request.user).select_related("preferente_zorgverzekeraar"),
        pk=netwerk_pk,
    )
    vandaag = timezone.localdate()
    context = {
        "netwerk": netwerk,
        "gemeenten": selectors.werkgebied_gemeenten(netwerk, vandaag),
        "aansluitingen": selectors.actieve_aansluitingen(netwerk, vandaag),
        "details": can_view_netwerk_details(request.user, netwerk),
        "gesprekken_zichtbaar": can_view_voortgangsgesprekken(request.user, netwerk),
        "kan_wijzigen": can_change_netwerk(request.user, netwerk),
    }
    if context["details"]:
        plan = selectors.huidig_plan(netwerk)
        voortgang = selectors.plan_voortgang(plan) if plan else []
        context.update(plan=plan, voortgang=voortgang, voortgang_telling=_count_statuses(voortgang))
    if context["gesprekken_zichtbaar"]:
        laatste, gepland = selectors.laatste_en_gepland_gesprek(netwerk, vandaag)
        context.update(
            gepland_gesprek=gepland,
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
        form, lambda data: services.netwerk_update(netwerk=netwerk, actor=actor_of(request), **data)
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
        form,
        lambda data: services.aansluiting_create(netwerk=netwerk, actor=actor_of(request), **data),
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
            actor=actor_of(request),
            naam=data["naam"],
            type=data["type"],
            kvk_nummer=data["kvk_nummer"],
            website=data["website"],
        )
        return services.aansluiting_create(
            netwerk=netwerk,
            organisatie=organisatie,
            actor=actor_of(request),
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
        form,
        lambda data: services.aansluiting_update(
            aansluiting=aansluiting, actor=actor_of(request), **data
        ),
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
        form,
        lambda data: services.vestiging_create(
            organisatie=organisatie, actor=actor_of(request), **data
        ),
    ):
        messages.success(request, _("De vestiging is toegevoegd."))
        return redirect("netwerk:partner_list", netwerk_pk=netwerk.pk)
    title = _("Vestiging van %(org)s") % {"org": organisatie}
    return render(request, "netwerk/form_page.html", _form_context(netwerk, form, title))


# --- Reference data ------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def bevolking_upload(request: HttpRequest) -> HttpResponse:
    require(can_manage_reference_data(request.user))
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.bevolking_import(
            actor=actor_of(request), data=form.cleaned_data["bestand"].read()
        )
        if result.ok:
            messages.success(
                request,
                _("Bevolkingscijfers ingelezen: %(created)s nieuw, %(updated)s bijgewerkt.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("netwerk:bevolking_upload")
    return render(request, "netwerk/bevolking_upload.html", {"form": form, "result": result})
