"""Pages of the NZa quarterly figures: the quarters of a network, one quarter per vestiging
with its actions (recompute, publish, correct, delete a concept), exports as CSV and XLSX,
and the public page of a network (no login).

Thin: wachtlijst.nza computes, writes and decides who may do what; every quarter is fetched
through ``NzaKwartaal.objects.visible_to``. Insurers see counts below 5 as "<5".
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import exports
from accounts.web import get_visible_or_404, require, run_action, save_form
from netwerk.models import Netwerk

from . import nza
from .models import KwartaalStatus, NzaKwartaal

GET_POST = ["GET", "POST"]
KEUZE_PEILDATA = 8  # how far back the coordinator can make a missing quarter by hand


class NzaConceptForm(forms.Form):
    peildatum = forms.TypedChoiceField(
        label=gettext_lazy("Peildatum"),
        coerce=dt.date.fromisoformat,
        help_text=gettext_lazy("Kwartalen die nog geen cijfers hebben."),
    )

    def __init__(self, *args, peildata: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peildatum"].choices = [
            (peildatum.isoformat(), date_format(peildatum, "j F Y")) for peildatum in peildata
        ]


class NzaCorrectieForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Reden van de correctie"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Wat klopte er niet aan de gepubliceerde cijfers? Noem geen cliënten: de reden is "
            "te lezen voor iedereen die de cijfers van het netwerk inziet."
        ),
    )


def _netwerk(request: HttpRequest, netwerk_pk: int) -> Netwerk:
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(nza.can_view_nza(request.user, netwerk))
    return netwerk


def _kwartaal(request: HttpRequest, kwartaal_pk: int) -> NzaKwartaal:
    return get_visible_or_404(
        nza.kwartaal_met_regels(NzaKwartaal.objects.visible_to(request.user)), pk=kwartaal_pk
    )


def _managed_kwartaal(request: HttpRequest, kwartaal_pk: int) -> NzaKwartaal:
    kwartaal = _kwartaal(request, kwartaal_pk)
    require(nza.can_manage_nza(request.user, kwartaal.netwerk))
    return kwartaal


def _open_peildata(netwerk: Netwerk) -> list[dt.date]:
    peildata = nza.peildata_tot(timezone.localdate(), KEUZE_PEILDATA)
    bestaand = set(
        NzaKwartaal.objects.filter(netwerk=netwerk, peildatum__in=peildata).values_list(
            "peildatum", flat=True
        )
    )
    return [peildatum for peildatum in peildata if peildatum not in bestaand]


# --- The coordinator's and readers' pages ---------------------------------------------------


@login_required
@require_GET
def nza_list(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    netwerk = _netwerk(request, netwerk_pk)
    maskeren = nza.must_mask(request.user)
    kwartalen = list(nza.kwartalen_van(netwerk, request.user))
    for kwartaal in kwartalen:
        kwartaal.zichtbaar_gemiddelde = nza.zichtbaar_gemiddelde(kwartaal, maskeren)
    kan_beheren = nza.can_manage_nza(request.user, netwerk)
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
    require(nza.can_manage_nza(request.user, netwerk))
    form = NzaConceptForm(request.POST, peildata=_open_peildata(netwerk))
    if not form.is_valid():
        messages.error(request, _("Kies een peildatum zonder cijfers."))
        return redirect("wachtlijst:nza_list", netwerk_pk=netwerk.pk)
    try:
        kwartaal = nza.nza_kwartaal_concept(
            netwerk=netwerk, peildatum=form.cleaned_data["peildatum"], user=request.user
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
    maskeren = nza.must_mask(request.user)
    cijfers = nza.cijfers_van_kwartaal(kwartaal)
    versies = list(
        nza.kwartalen_van(kwartaal.netwerk, request.user).filter(peildatum=kwartaal.peildatum)
    )
    return render(
        request,
        "wachtlijst/nza_detail.html",
        {
            "netwerk": kwartaal.netwerk,
            "kwartaal": kwartaal,
            "cijfers": cijfers,
            "gemiddelde": nza.zichtbaar_gemiddelde(cijfers, maskeren),
            "versies": versies,
            "correctie_open": any(v.status == KwartaalStatus.CONCEPT for v in versies),
            "maskeren": maskeren,
            "kan_beheren": nza.can_manage_nza(request.user, kwartaal.netwerk),
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
        lambda: nza.nza_kwartaal_concept(
            netwerk=kwartaal.netwerk, peildatum=kwartaal.peildatum, user=request.user
        ),
        _("Het concept is opnieuw berekend met de gegevens van nu."),
    )
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


@login_required
@require_POST
def nza_publish(request: HttpRequest, kwartaal_pk: int) -> HttpResponse:
    kwartaal = _managed_kwartaal(request, kwartaal_pk)
    run_action(
        request,
        lambda: nza.nza_kwartaal_publish(kwartaal=kwartaal, user=request.user),
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
        lambda data: nza.nza_kwartaal_correctie(
            kwartaal=kwartaal, user=request.user, reden=data["reden"]
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
        lambda: nza.nza_kwartaal_concept_delete(kwartaal=kwartaal, user=request.user),
        _("Het concept is verwijderd."),
    )
    if done:
        return redirect("wachtlijst:nza_list", netwerk_pk=kwartaal.netwerk_id)
    return redirect("wachtlijst:nza_detail", kwartaal_pk=kwartaal.pk)


# --- Exports ---------------------------------------------------------------------------------

KOPPEN = [
    gettext_lazy("AGB-code"),
    gettext_lazy("Vestiging"),
    gettext_lazy("Organisatie"),
    gettext_lazy("Wachtend"),
    gettext_lazy("Wachtend 6 weken of langer"),
    gettext_lazy("In zorg"),
    gettext_lazy("Aantal casemanagers"),
    gettext_lazy("Fte casemanagers"),
    gettext_lazy("Gemiddelde wachttijd (dagen)"),
]


def _export_rows(kwartaal: NzaKwartaal, maskeren: bool) -> list[list]:
    """The table: a row per vestiging, then the network total (with the average wait)."""
    cijfers = nza.cijfers_van_kwartaal(kwartaal)
    rows = [
        [
            regel.agb_code,
            regel.vestiging_naam,
            regel.organisatie_naam,
            nza.gemaskeerd(regel.wachtend, maskeren),
            nza.gemaskeerd(regel.zes_weken_of_langer, maskeren),
            nza.gemaskeerd(regel.in_zorg, maskeren),
            nza.gemaskeerd(regel.aantal_casemanagers, maskeren),
            regel.fte_casemanagers,
            None,
        ]
        for regel in cijfers.regels
    ]
    rows.append(
        [
            "",
            _("Totaal netwerk"),
            kwartaal.netwerk.naam,
            nza.gemaskeerd(cijfers.aantal_wachtend, maskeren),
            nza.gemaskeerd(cijfers.aantal_zes_weken_of_langer, maskeren),
            nza.gemaskeerd(cijfers.aantal_in_zorg, maskeren),
            nza.gemaskeerd(cijfers.aantal_casemanagers, maskeren),
            cijfers.fte_casemanagers,
            nza.zichtbaar_gemiddelde(cijfers, maskeren),
        ]
    )
    return rows


def _filename(kwartaal: NzaKwartaal, ext: str) -> str:
    return f"nza-{kwartaal.netwerk.slug}-{kwartaal.peildatum:%Y-%m-%d}-v{kwartaal.versie}.{ext}"


def nza_csv(kwartaal: NzaKwartaal, *, maskeren: bool) -> bytes:
    return exports.csv_bytes(KOPPEN, _export_rows(kwartaal, maskeren))


def nza_xlsx(kwartaal: NzaKwartaal, *, maskeren: bool) -> bytes:
    """The table on the first sheet, what it is (network, peildatum, version, status,
    correction) on the second."""
    widths = {index: max(12, len(str(kop)) + 2) for index, kop in enumerate(KOPPEN)}
    tabel = exports.Sheet(
        title=_("NZa-cijfers"),
        header=KOPPEN,
        rows=_export_rows(kwartaal, maskeren),
        # AGB codes keep their leading zeros; fte with two decimals, the wait with one.
        number_formats={0: "@", 7: "0.00", 8: "0.0"},
        widths={**widths, 1: 40, 2: 40},
        bold_last_row=True,  # the network total
    )
    toelichting = (
        _(
            "Wachttijd volgens de NZa: van aanmelding tot het eerste contact met de "
            "casemanager, in kalenderdagen. Aantallen onder 5 staan er als <5."
        )
        if maskeren
        else _(
            "Wachttijd volgens de NZa: van aanmelding tot het eerste contact met de "
            "casemanager, in kalenderdagen."
        )
    )
    verantwoording = exports.Sheet(
        title=_("Verantwoording"),
        rows=[
            (_("Netwerk"), kwartaal.netwerk.naam),
            (_("Peildatum"), kwartaal.peildatum),
            (_("Versie"), kwartaal.versie),
            (_("Status"), kwartaal.get_status_display()),
            (_("Berekend op"), kwartaal.aangemaakt_op),
            (_("Gepubliceerd op"), kwartaal.gepubliceerd_op),
            (_("Reden van de correctie"), kwartaal.reden),
            (_("Toelichting"), toelichting),
        ],
        widths={0: 26, 1: 60},
        freeze=None,
    )
    return exports.xlsx_bytes(tabel, verantwoording)


EXPORTS = {"csv": nza_csv, "xlsx": nza_xlsx}


def _export(request: HttpRequest, kwartaal_pk: int, ext: str) -> HttpResponse:
    kwartaal = _kwartaal(request, kwartaal_pk)
    return exports.download(
        EXPORTS[ext](kwartaal, maskeren=nza.must_mask(request.user)),
        filename=_filename(kwartaal, ext),
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
def publiek(request: HttpRequest, netwerk_slug: str) -> HttpResponse:
    """The network's published waitlist figures for everyone, without login: figures only,
    counts below 5 as "<5", the average wait only when at least 5 people wait. Neither the
    reason of a correction (free text) nor who published is shown."""
    netwerk = get_object_or_404(Netwerk, slug=netwerk_slug)
    kwartalen = nza.publieke_kwartalen(netwerk)
    for kwartaal in kwartalen:
        kwartaal.zichtbaar_gemiddelde = nza.zichtbaar_gemiddelde(kwartaal, True)
    return render(
        request,
        "wachtlijst/publiek.html",
        {
            "netwerk": netwerk,
            "laatste": kwartalen[0] if kwartalen else None,
            "eerdere": kwartalen[1:],
        },
    )
