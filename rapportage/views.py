"""Pages of rapportage: the coordinator's reports (generate on demand with progress, texts,
vaststellen, versions), the download page of insurers, the national reports and the
on-demand PDF "overzicht van signalen"."""

from __future__ import annotations

from urllib.parse import urlsplit

from celery.result import AsyncResult
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.actor import actor_of
from accounts.models import AccessAction, Role
from accounts.roles import acting_membership
from accounts.services import access_log_record_many
from accounts.web import get_visible_or_404, require, save_form
from netwerk.models import Netwerk
from signaalteam import selectors as signaal_selectors
from signaalteam.forms import PeriodeForm
from signaalteam.models import Signaal
from signaalteam.permissions import can_list_signalen

from . import rendering, services
from . import werkbak as werkbak_selectors
from .downloads import PdfOntbreekt, mds_download, pdf_download
from .forms import (
    DownloadFilterForm,
    GenereerForm,
    LandelijkGenereerForm,
    MdsAanleveringForm,
    MdsExportForm,
    TekstenForm,
)
from .mds_uitleg import kolommen_met_uitleg
from .models import NETWERK_TYPES, MdsExport, MdsExportStatus, Rapport, RapportStatus
from .perioden import parse_periode
from .permissions import can_download, can_export_mds, can_generate_for, can_manage_rapport
from .tasks import rapport_genereren

TAAK_SESSIE = "rapportage_taak"


def _rapport(request: HttpRequest, pk: int) -> Rapport:
    return get_visible_or_404(
        Rapport.objects.visible_to(request.user).select_related("netwerk", "vastgesteld_door"),
        pk=pk,
    )


def _start(request: HttpRequest, netwerk_id: int | None, periode: str, type: str | None) -> None:
    """Enqueue the generation after commit and remember the task for the progress bar."""

    def enqueue():
        membership = acting_membership(request.user)
        result = rapport_genereren.delay(
            netwerk_id,
            periode,
            type,
            True,
            user_id=request.user.pk,
            membership_id=membership.pk if membership is not None else None,
        )
        request.session[TAAK_SESSIE] = result.id
        request.session.save()

    transaction.on_commit(enqueue)


@login_required
@require_http_methods(["GET", "POST"])
def rapporten(request: HttpRequest) -> HttpResponse:
    """The coordinator's reports of their network; POST starts a generation on demand."""
    membership = acting_membership(request.user)
    netwerk_id = membership.netwerk_id if membership else None
    require(netwerk_id is not None and can_generate_for(request.user, netwerk_id))
    form = GenereerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _start(request, netwerk_id, form.cleaned_data["periode"], None)
        return redirect("rapportage:rapporten")
    lijst = (
        Rapport.objects.visible_to(request.user)
        .filter(netwerk_id=netwerk_id)
        .select_related("vastgesteld_door")
    )
    return render(
        request,
        "rapportage/rapporten.html",
        {
            "netwerk": Netwerk.objects.get(pk=netwerk_id),
            "form": form,
            "page": Paginator(lijst, 40).get_page(request.GET.get("pagina")),
            "query": "",
            "taak": request.session.get(TAAK_SESSIE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def landelijk(request: HttpRequest) -> HttpResponse:
    """National reports for the signaalteam and beheerders."""
    require(can_generate_for(request.user, None))
    form = LandelijkGenereerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _start(request, None, form.cleaned_data["periode"], form.cleaned_data["type"])
        return redirect("rapportage:landelijk")
    lijst = Rapport.objects.visible_to(request.user).filter(netwerk__isnull=True)
    return render(
        request,
        "rapportage/landelijk.html",
        {
            "form": form,
            "page": Paginator(lijst, 40).get_page(request.GET.get("pagina")),
            "query": "",
            "taak": request.session.get(TAAK_SESSIE),
        },
    )


@login_required
@require_GET
def voortgang(request: HttpRequest) -> HttpResponse:
    """The progress bar of the generation this user started (HTMX polls it every second)."""
    taak = request.session.get(TAAK_SESSIE)
    if not taak:
        return render(request, "rapportage/voortgang.html", {"klaar": True, "rapport": None})
    result = AsyncResult(taak)
    info = result.info if isinstance(result.info, dict) else {}
    klaar = result.successful()
    mislukt = result.failed()
    rapport = None
    if klaar:
        request.session.pop(TAAK_SESSIE, None)
        rapport = Rapport.objects.visible_to(request.user).filter(pk=info.get("rapport")).first()
    return render(
        request,
        "rapportage/voortgang.html",
        {
            "lijst_url": _lijst_url(request) if klaar else "",
            "klaar": klaar,
            "mislukt": mislukt,
            "percentage": 100 if klaar else info.get("percentage", 0),
            "stap": info.get("stap", _("In de wachtrij")),
            "rapport": rapport,
        },
    )


def _lijst_url(request: HttpRequest) -> str:
    """The page the progress bar is on (HTMX sends it), so the finished report's list is
    fetched again and replaces the stale one; only a path of this site."""
    current = request.headers.get("HX-Current-URL", "")
    if not current or not url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(current).path
    return (
        path if path in {reverse("rapportage:rapporten"), reverse("rapportage:landelijk")} else ""
    )


@login_required
@require_GET
def detail(request: HttpRequest, rapport_pk: int) -> HttpResponse:
    rapport = _rapport(request, rapport_pk)
    kan_beheren = can_manage_rapport(request.user, rapport)
    return render(
        request,
        "rapportage/detail.html",
        {
            "rapport": rapport,
            "kan_beheren": kan_beheren,
            "form": TekstenForm(
                initial={
                    "tekst_resultaten": rapport.tekst_resultaten,
                    "tekst_knelpunten": rapport.tekst_knelpunten,
                }
            ),
            "versies": Rapport.objects.visible_to(request.user).filter(
                netwerk_id=rapport.netwerk_id, type=rapport.type, periode=rapport.periode
            ),
            "is_netwerkrapport": rapport.type in NETWERK_TYPES,
        },
    )


@login_required
@require_POST
def teksten(request: HttpRequest, rapport_pk: int) -> HttpResponse:
    rapport = _rapport(request, rapport_pk)
    require(can_manage_rapport(request.user, rapport))
    form = TekstenForm(request.POST)
    if form.is_valid():
        try:
            services.rapport_teksten(
                rapport=rapport,
                actor=actor_of(request),
                resultaten=form.cleaned_data["tekst_resultaten"],
                knelpunten=form.cleaned_data["tekst_knelpunten"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De teksten zijn opgeslagen in het concept."))
            return redirect("rapportage:detail", rapport_pk=rapport.pk)
    return render(
        request,
        "rapportage/detail.html",
        {
            "rapport": rapport,
            "kan_beheren": True,
            "form": form,
            "versies": [],
            "is_netwerkrapport": True,
        },
    )


def _actie(request: HttpRequest, rapport_pk: int, action, success: str) -> HttpResponse:
    rapport = _rapport(request, rapport_pk)
    require(can_manage_rapport(request.user, rapport))
    try:
        nieuw = action(rapport=rapport, actor=actor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rapportage:detail", rapport_pk=rapport.pk)
    messages.success(request, success)
    return redirect("rapportage:detail", rapport_pk=nieuw.pk)


@login_required
@require_http_methods(["GET", "POST"])
def vaststellen(request: HttpRequest, rapport_pk: int) -> HttpResponse:
    """Adopting is final (the PDF no longer changes, insurers are told): a confirmation
    page first (docs/decisions/0019)."""
    if request.method == "GET":
        rapport = _rapport(request, rapport_pk)
        require(can_manage_rapport(request.user, rapport))
        if rapport.status != RapportStatus.CONCEPT:
            return redirect("rapportage:detail", rapport_pk=rapport.pk)
        return render(
            request,
            "components/bevestigen.html",
            {
                "title": _("Rapport definitief vaststellen"),
                "uitleg": _(
                    "Na vaststellen verandert dit rapport niet meer en krijgen de "
                    "zorgverzekeraars bericht dat zij de PDF kunnen downloaden. Een fout "
                    "herstelt u alleen met een nieuwe versie."
                ),
                "knop": _("Ja, rapport vaststellen"),
                "terug_url": reverse("rapportage:detail", args=[rapport.pk]),
                "terug_tekst": str(rapport),
            },
        )
    return _actie(
        request,
        rapport_pk,
        services.rapport_vaststellen,
        _("Het rapport is vastgesteld; de zorgverzekeraars hebben bericht gekregen."),
    )


@login_required
@require_POST
def nieuwe_versie(request: HttpRequest, rapport_pk: int) -> HttpResponse:
    return _actie(
        request,
        rapport_pk,
        services.rapport_nieuwe_versie,
        _("Er is een nieuwe conceptversie gemaakt met de actuele gegevens."),
    )


@login_required
@require_GET
def pdf(request: HttpRequest, rapport_pk: int) -> HttpResponse:
    """The PDF; every download is written to the access log."""
    rapport = _rapport(request, rapport_pk)
    try:
        return pdf_download(rapport, actor=actor_of(request))
    except PdfOntbreekt:
        return render(request, "rapportage/pdf_ontbreekt.html", {"rapport": rapport}, status=404)


@login_required
@require_GET
def downloads(request: HttpRequest) -> HttpResponse:
    """Reports the user may download (insurers: of the networks in their region), filtered
    by network and period."""
    require(can_download(request.user))
    netwerken = Netwerk.objects.visible_to(request.user).order_by("naam")
    lijst = (
        Rapport.objects.visible_to(request.user)
        .filter(status__in=[RapportStatus.VASTGESTELD, RapportStatus.VERVANGEN])
        .select_related("netwerk")
    )
    perioden = list(lijst.order_by().values_list("periode", flat=True).distinct())
    form = DownloadFilterForm(request.GET or None, netwerken=netwerken, perioden=perioden)
    if form.is_valid():
        if form.cleaned_data["netwerk"]:
            lijst = lijst.filter(netwerk_id=form.cleaned_data["netwerk"])
        if form.cleaned_data["periode"]:
            lijst = lijst.filter(periode=form.cleaned_data["periode"])
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "rapportage/downloads.html",
        {
            "form": form,
            "page": Paginator(lijst, 50).get_page(request.GET.get("pagina")),
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def signalen_overzicht(request: HttpRequest) -> HttpResponse:
    """The PDF "overzicht van signalen" of a period (?van=&tot=, default this year up to
    today) over the signals the user may see. An invalid period is shown again with its
    message (nothing typed is lost), never quietly replaced by the default."""
    require(can_list_signalen(request.user))
    form = PeriodeForm(request.GET or None, auto_id="pdf_%s")
    if form.is_bound and not form.is_valid():
        return render(request, "rapportage/signalen_periode.html", {"form": form}, status=400)
    van, tot = form.periode()
    overzicht = signaal_selectors.overzicht(Signaal.objects.visible_to(request.user), van, tot)
    pdf = rendering.signalen_overzicht(overzicht, gegenereerd_op=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="overzicht-signalen-{van:%Y%m%d}-{tot:%Y%m%d}.pdf"'
    )
    return response


@login_required
@require_GET
def werkbak(request: HttpRequest) -> HttpResponse:
    """The coordinator's start page: what needs doing in their network today
    (docs/decisions/0019). The names of the aanmeldingen to assign are client data: read
    access is logged."""
    membership = acting_membership(request.user)
    require(
        membership is not None
        and membership.rol == Role.NETWERKCOORDINATOR
        and membership.netwerk_id is not None
    )
    netwerk = Netwerk.objects.get(pk=membership.netwerk_id)
    vandaag = timezone.localdate()
    bak = werkbak_selectors.werkbak(netwerk, vandaag, user=request.user)
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="aanmelding",
        client_ids=bak.client_ids,
    )
    return render(request, "rapportage/werkbak.html", {"netwerk": netwerk, "bak": bak})


# --- The minimale dataset ---------------------------------------------------------------------


def _mds_scope(request: HttpRequest) -> tuple[int | None, bool]:
    """(the coordinator's network, whether the user is national monitoring); refused for
    everybody else."""
    membership = acting_membership(request.user)
    eigen = membership.netwerk_id if membership else None
    landelijk = can_export_mds(request.user, None)
    require(landelijk or (eigen is not None and can_export_mds(request.user, eigen)))
    return (None if landelijk else eigen), landelijk


def _mds_context(request: HttpRequest, eigen: int | None) -> dict:
    lijst = (
        MdsExport.objects.visible_to(request.user)
        .select_related("netwerk", "aangevraagd_door")
        .prefetch_related("aanleveringen__vastgelegd_door")
    )
    page = Paginator(lijst, 25).get_page(request.GET.get("pagina"))
    return {
        "page": page,
        "bezig": any(e.status == MdsExportStatus.BEZIG for e in page),
        "netwerk": Netwerk.objects.get(pk=eigen) if eigen else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def mds_exports(request: HttpRequest) -> HttpResponse:
    """The minimale-dataset exports: ask for one (a Celery job, progress on the list),
    download CSV, Excel or JSON, and record what was sent to the Register Dementiezorg."""
    eigen, landelijk = _mds_scope(request)
    netwerken = Netwerk.objects.order_by("naam") if landelijk else None
    form = MdsExportForm(request.POST or None, netwerken=netwerken)
    if request.method == "POST" and save_form(
        form,
        lambda data: services.mds_export_aanvragen(
            actor=actor_of(request),
            netwerk=data.get("netwerk") if landelijk else Netwerk.objects.get(pk=eigen),
            periode=parse_periode(data["periode"]),
        ),
    ):
        messages.success(request, _("De export wordt gemaakt."))
        return redirect("rapportage:mds_exports")
    return render(
        request,
        "rapportage/mds.html",
        {"form": form, "kolommen": kolommen_met_uitleg(), **_mds_context(request, eigen)},
    )


@login_required
@require_GET
def mds_lijst(request: HttpRequest) -> HttpResponse:
    """The list alone (HTMX polls it while an export is being made)."""
    eigen, _landelijk = _mds_scope(request)
    return render(request, "rapportage/mds.html#lijst", _mds_context(request, eigen))


@login_required
@require_GET
def mds_bestand(request: HttpRequest, export_pk: int, formaat: str) -> HttpResponse:
    export = get_visible_or_404(MdsExport.objects.visible_to(request.user), pk=export_pk)
    return mds_download(export, formaat, actor=actor_of(request))


@login_required
@require_POST
def mds_aanlevering(request: HttpRequest, export_pk: int) -> HttpResponse:
    export = get_visible_or_404(MdsExport.objects.visible_to(request.user), pk=export_pk)
    form = MdsAanleveringForm(request.POST)
    if save_form(
        form,
        lambda data: services.mds_aanlevering_vastleggen(
            actor=actor_of(request),
            export=export,
            aangeleverd_op=data["aangeleverd_op"],
            opmerking=data["opmerking"],
        ),
    ):
        messages.success(request, _("De aanlevering is vastgelegd."))
    else:
        for fout in [*form.non_field_errors(), *form.errors.get("aangeleverd_op", [])]:
            messages.error(request, fout)
    return redirect("rapportage:mds_exports")
