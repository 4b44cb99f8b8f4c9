"""Pages of the NZa quarterly figures: the quarters of a network, one quarter per vestiging
with its actions (recompute, publish, correct, delete a concept), exports as CSV and XLSX,
and the public page of a network (no login).

Thin: selectors compute and read, services write, permissions decide who may do what; every
quarter is fetched through ``NzaKwartaal.objects.visible_to``. Insurers and the public see
the figures through accounts.disclosure (``selectors.zichtbare_kwartalen``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import disclosure
from accounts import exports as downloads
from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, run_action, save_form
from netwerk.models import Netwerk

from ..models import KwartaalStatus, NzaKwartaal
from . import exports, selectors, services
from .forms import NzaConceptForm, NzaCorrectieForm
from .peildata import peildata_tot
from .permissions import can_manage_nza, can_view_nza

GET_POST = ["GET", "POST"]
KEUZE_PEILDATA = 8  # how far back the coordinator can make a missing quarter by hand


def _netwerk(request: HttpRequest, netwerk_pk: int) -> Netwerk:
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(can_view_nza(request.user, netwerk))
    return netwerk


def _kwartaal(request: HttpRequest, kwartaal_pk: int) -> NzaKwartaal:
    return get_visible_or_404(
        selectors.kwartaal_met_regels(NzaKwartaal.objects.visible_to(request.user)),
        pk=kwartaal_pk,
    )


def _managed_kwartaal(request: HttpRequest, kwartaal_pk: int) -> NzaKwartaal:
    kwartaal = _kwartaal(request, kwartaal_pk)
    require(can_manage_nza(request.user, kwartaal.netwerk))
    return kwartaal


def _open_peildata(netwerk: Netwerk) -> list[dt.date]:
    return selectors.open_peildata(netwerk, peildata_tot(timezone.localdate(), KEUZE_PEILDATA))


# --- The coordinator's and readers' pages ---------------------------------------------------


@login_required
@require_GET
def nza_list(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    maskeren = disclosure.moet_onderdrukken(request.user)
    kwartalen = list(selectors.kwartalen_van(netwerk, request.user).prefetch_related("regels"))
    # the totals as the quarter's own page shows them (a total can be a complement; a
    # correction is shown against its earlier published versions)
    zichtbaar = selectors.zichtbare_kwartalen(kwartalen, onderdrukken=maskeren)
    for kwartaal in kwartalen:
        kwartaal.zichtbaar = zichtbaar[kwartaal.pk]
    kan_beheren = can_manage_nza(request.user, netwerk)
    concept_form = None
    if kan_beheren:
        open_peildata = _open_peildata(netwerk)
        if open_peildata:
            concept_form = NzaConceptForm(peildata=open_peildata)
    return render(
        request,
        "wachtlijst/nza_list.html",
        {
            "netwerk": netwerk,
            "kwartalen": kwartalen,
            "maskeren": maskeren,
            "kan_beheren": kan_beheren,
            "concept_form": concept_form,
        },
    )


@login_required
@require_POST
def nza_create(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Make the concept of a quarter the quarterly job has not made (e.g. a network that
    started using the application mid-year)."""
    netwerk = _netwerk(request, netwerk_pk)
    require(can_manage_nza(request.user, netwerk))
    form = NzaConceptForm(request.POST, peildata=_open_peildata(netwerk))
    if not form.is_valid():
        messages.error(request, _("Kies een peildatum zonder cijfers."))
        return redirect("wachtlijst:nza_list", netwerk_pk=netwerk.pk)
    try:
        kwartaal = services.nza_kwartaal_concept(
            netwerk=netwerk, peildatum=form.cleaned_data["peildatum"], actor=actor_of(request)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("wachtlijst:nza_list", netwerk_pk=netwerk.pk)
    messages.success(request, _("Het concept is berekend. Controleer de cijfers en publiceer ze."))
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


@login_required
@require_GET
def nza_detail(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    kwartaal = _kwartaal(request, kwartaal_pk)
    maskeren = disclosure.moet_onderdrukken(request.user)
    cijfers = selectors.zichtbaar_kwartaal(kwartaal, onderdrukken=maskeren)
    versies = list(
        selectors.kwartalen_van(kwartaal.netwerk, request.user).filter(peildatum=kwartaal.peildatum)
    )
    return render(
        request,
        "wachtlijst/nza_detail.html",
        {
            "netwerk": kwartaal.netwerk,
            "kwartaal": kwartaal,
            "cijfers": cijfers,
            "gemiddelde": cijfers.gemiddelde_wachtdagen,
            "versies": versies,
            "correctie_open": any(v.status == KwartaalStatus.CONCEPT for v in versies),
            "maskeren": maskeren,
            "kan_beheren": can_manage_nza(request.user, kwartaal.netwerk),
            "portaal": kwartaal.portaal_aanleveringen.select_related("aangeleverd_door").first(),
        },
    )


@login_required
@require_POST
def nza_regenerate(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    kwartaal = _managed_kwartaal(request, kwartaal_pk)
    if not kwartaal.is_concept:
        messages.error(request, _("Alleen een concept wordt opnieuw berekend."))
        return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)
    run_action(
        request,
        lambda: services.nza_kwartaal_concept(
            netwerk=kwartaal.netwerk, peildatum=kwartaal.peildatum, actor=actor_of(request)
        ),
        _("Het concept is opnieuw berekend met de gegevens van nu."),
    )
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


@login_required
@require_http_methods(GET_POST)
def nza_publish(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    """Publishing is final (errors are corrected by a new version): a confirmation page
    first (docs/decisions/0019)."""
    kwartaal = _managed_kwartaal(request, kwartaal_pk)
    if request.method == "GET":
        if kwartaal.status != KwartaalStatus.CONCEPT:
            return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)
        return render(
            request,
            "components/bevestigen.html",
            {
                "title": _("NZa-cijfers publiceren"),
                "uitleg": _(
                    "Na publiceren staan de cijfers van peildatum %(peildatum)s op de openbare "
                    "pagina van het netwerk en veranderen ze niet meer; een fout herstelt u "
                    "alleen met een correctie."
                )
                % {"peildatum": kwartaal.peildatum.strftime("%d-%m-%Y")},
                "knop": _("Ja, publiceren"),
                "terug_url": reverse("wachtlijst:nza_detail", args=[kwartaal.pk]),
                "terug_tekst": _("NZa-cijfers"),
            },
        )
    run_action(
        request,
        lambda: services.nza_kwartaal_publish(kwartaal=kwartaal, actor=actor_of(request)),
        _(
            "De cijfers zijn gepubliceerd. Ze veranderen niet meer; fouten herstelt u met een "
            "correctie."
        ),
    )
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


@login_required
@require_http_methods(GET_POST)
def nza_correct(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    kwartaal = _managed_kwartaal(request, kwartaal_pk)
    if not kwartaal.is_gepubliceerd:
        messages.error(
            request, _("Alleen de gepubliceerde versie van een kwartaal kan worden gecorrigeerd.")
        )
        return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)
    form = NzaCorrectieForm(request.POST or None)
    concept = request.method == "POST" and save_form(
        form,
        lambda data: services.nza_kwartaal_correctie(
            kwartaal=kwartaal, actor=actor_of(request), reden=data["reden"]
        ),
    )
    if concept:
        messages.success(
            request,
            _("De correctie is berekend als versie %(versie)s. Controleer en publiceer haar.")
            % {"versie": concept.versie},
        )
        return redirect("wachtlijst:nza_detail", kwartaal_pk=concept.pk)
    return render(
        request,
        "wachtlijst/nza_correctie.html",
        {"netwerk": kwartaal.netwerk, "kwartaal": kwartaal, "form": form},
    )


@login_required
@require_POST
def nza_delete(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    kwartaal = _managed_kwartaal(request, kwartaal_pk)
    done = run_action(
        request,
        lambda: services.nza_kwartaal_concept_delete(kwartaal=kwartaal, actor=actor_of(request)),
        _("Het concept is verwijderd."),
    )
    if done:
        return redirect("wachtlijst:nza_list", netwerk_pk=kwartaal.netwerk_id)
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


# --- Exports ---------------------------------------------------------------------------------


def _export(request: HttpRequest, kwartaal_pk: int, ext: str) -> HttpResponse:
    kwartaal = _kwartaal(request, kwartaal_pk)
    return downloads.download(
        exports.EXPORTS[ext](kwartaal, maskeren=disclosure.moet_onderdrukken(request.user)),
        filename=exports.filename(kwartaal, ext),
    )


@login_required
@require_GET
def nza_export_csv(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    return _export(request, kwartaal_pk, "csv")


@login_required
@require_GET
def nza_export_xlsx(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    return _export(request, kwartaal_pk, "xlsx")


# --- Public ----------------------------------------------------------------------------------


@require_GET
def openbaar(request: HttpRequest) -> HttpResponse:
    """The index of the public pages, without login: every network with a link to its
    published waitlist figures, and the meldpunt."""
    return render(
        request, "wachtlijst/openbaar.html", {"netwerken": selectors.openbare_netwerken()}
    )


@require_GET
def publiek(request: HttpRequest, netwerk_slug: str) -> HttpResponse:
    """The network's published waitlist figures for everyone, without login: figures only,
    suppressed as for an insurer (accounts.disclosure). Neither the
    reason of a correction (free text) nor who published is shown."""
    netwerk = get_object_or_404(Netwerk, slug=netwerk_slug)
    kwartalen = selectors.publieke_kwartalen(netwerk)
    # v1 of a corrected quarter was public too: v2 is shown against it
    zichtbaar = selectors.zichtbare_kwartalen(kwartalen, onderdrukken=True)
    for kwartaal in kwartalen:
        kwartaal.zichtbaar = zichtbaar[kwartaal.pk]
    return render(
        request,
        "wachtlijst/publiek.html",
        {
            "netwerk": netwerk,
            "laatste": kwartalen[0] if kwartalen else None,
            "eerdere": kwartalen[1:],
        },
    )
