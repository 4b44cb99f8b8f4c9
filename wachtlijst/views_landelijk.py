"""The national inventory page (wachtlijst:landelijk) and its CSV and Excel exports. Thin:
wachtlijst.landelijk reads the figures and decides which networks a user sees; insurers get
"<5" for every count of people below 5, on the page and in the files.

Query parameters, the same for the page and the exports: ``peildatum`` (jjjj-mm-dd, default
today), ``categorie`` (geen, 1-99, 100+; default all) and ``sorteer`` (naam, wachtend). The
page shows a wrong value with a message and today's figures; an export refuses it (400), as
a file must never hold other figures than the ones asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import exports
from accounts.dates import BEGIN_OF_RECORDS, validate_event_date
from accounts.web import require
from inkoop.permissions import must_mask_small_counts

from . import landelijk
from .landelijk import Categorie, Inventarisatie, NetwerkCijfers, Sortering


@dataclass(frozen=True)
class Keuze:
    peildatum: dt.date
    categorie: str
    sortering: str

    def querystring(self, **anders: str) -> str:
        """The choices as a query string (defaults left out), with some replaced."""
        values = {
            "peildatum": self.peildatum.isoformat(),
            "categorie": self.categorie,
            "sorteer": self.sortering if self.sortering != Sortering.NAAM else "",
            **anders,
        }
        return urlencode({key: value for key, value in values.items() if value})


class InventarisatieForm(forms.Form):
    """The choices of the inventory. Every field is optional; a wrong value is reported and
    replaced by its default, the other choices still apply."""

    peildatum = forms.DateField(
        label=gettext_lazy("Peildatum"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": landelijk.PEILDATUM_ONGELDIG},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leeg: vandaag."),
    )
    categorie = forms.ChoiceField(
        label=gettext_lazy("Wachtlijst"),
        choices=[("", gettext_lazy("Alle netwerken")), *Categorie.choices],
        required=False,
    )
    sorteer = forms.ChoiceField(
        label=gettext_lazy("Sorteren op"), choices=Sortering.choices, required=False
    )

    def __init__(self, *args, vandaag: dt.date, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.fields["peildatum"].widget.attrs.update(
            min=BEGIN_OF_RECORDS.isoformat(), max=vandaag.isoformat()
        )

    def clean_peildatum(self) -> dt.date | None:
        peildatum = self.cleaned_data["peildatum"]
        validate_event_date(peildatum, vandaag=self.vandaag)
        return peildatum

    def keuze(self) -> Keuze:
        """The valid choices, the defaults for the rest (call is_valid() first)."""
        data = getattr(self, "cleaned_data", {})
        return Keuze(
            peildatum=data.get("peildatum") or self.vandaag,
            categorie=data.get("categorie") or "",
            sortering=data.get("sorteer") or Sortering.NAAM,
        )


def _inventarisatie(request: HttpRequest) -> tuple[InventarisatieForm, Keuze, Inventarisatie]:
    require(landelijk.can_view_landelijk(request.user))
    form = InventarisatieForm(request.GET or None, vandaag=timezone.localdate())
    if form.is_bound:
        form.is_valid()
    keuze = form.keuze()
    inventaris = landelijk.inventarisatie(
        landelijk.netwerken_voor_landelijk(request.user), keuze.peildatum
    )
    return form, keuze, inventaris


def _regels(inventaris: Inventarisatie, keuze: Keuze, maskeren: bool) -> list[NetwerkCijfers]:
    return landelijk.regels_voor(
        inventaris, categorie=keuze.categorie, sortering=keuze.sortering, maskeren=maskeren
    )


# --- Page ----------------------------------------------------------------------------------


@login_required
@require_GET
def inventarisatie_pagina(request: HttpRequest) -> HttpResponse:
    """Signaalteam and beheerder see every network, an insurer its region, a coordinator
    their own network; casemanagers are refused (403)."""
    form, keuze, inventaris = _inventarisatie(request)
    maskeren = must_mask_small_counts(request.user)
    regels = _regels(inventaris, keuze, maskeren)
    per_categorie = inventaris.totalen.netwerken_per_categorie
    template = "wachtlijst/landelijk.html"
    if request.htmx:
        template += "#inventarisatie"
    return render(
        request,
        template,
        {
            "form": form,
            "keuze": keuze,
            "inventaris": inventaris,
            "totalen": inventaris.totalen,
            "regels": [
                {
                    "cijfers": regel,
                    "percentage": regel.gestart.percentage_binnen_treeknorm(maskeren=maskeren),
                }
                for regel in regels
            ],
            "categorieen": [
                {
                    "categorie": categorie,
                    "aantal": per_categorie[categorie.value],
                    "query": keuze.querystring(categorie=categorie.value),
                }
                for categorie in Categorie
            ],
            "gekozen_categorie": Categorie(keuze.categorie) if keuze.categorie else None,
            "maskeren": maskeren,
            "query": keuze.querystring(),
            "query_alle": keuze.querystring(categorie=""),
            "sorteer_naam": keuze.querystring(sorteer=""),
            "sorteer_wachtend": keuze.querystring(sorteer=Sortering.WACHTEND),
        },
    )


# --- Exports -------------------------------------------------------------------------------


def _kolommen() -> list[str]:
    return [
        _("Peildatum"),
        _("Netwerk"),
        _("Wachtlijst"),
        _("Wachtend"),
        _("Wenswachtend"),
        _("Dreigt (boven signaalgrens)"),
        _("Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"),
        _("Wachtend 6 weken of langer (NZa)"),
        _("Mediaan wachttijd (dagen)"),
        _("P90 wachttijd (dagen)"),
        _("Langste wachttijd (dagen)"),
        _("Mediaan gecorrigeerde wachttijd (dagen)"),
        _("P90 gecorrigeerde wachttijd (dagen)"),
        _("Langste gecorrigeerde wachttijd (dagen)"),
        _("Gestart in kwartaal voor peildatum"),
        _("Gestart binnen Treeknorm (%)"),
        _("Gestart binnen 4 weken (%)"),
        _("Streefpercentage binnen 4 weken (%)"),
    ]


def _rij(regel: NetwerkCijfers, maskeren: bool) -> list[Any]:
    s, gestart = regel.samenvatting, regel.gestart

    def aantal(value: int) -> int | str:
        return landelijk.klein_aantal(value, maskeren=maskeren)

    return [
        regel.peildatum,
        regel.netwerk.naam,
        str(regel.categorie.label),
        aantal(s.aantal_wachtend),
        aantal(s.aantal_wenswachtend),
        aantal(s.aantal_dreigt),
        aantal(s.aantal_boven_treeknorm),
        aantal(s.aantal_zes_weken_of_langer),
        s.mediaan_wachtdagen,
        s.p90_wachtdagen,
        s.langste_wachtdagen,
        s.mediaan_wachtdagen_gecorrigeerd,
        s.p90_wachtdagen_gecorrigeerd,
        s.langste_wachtdagen_gecorrigeerd,
        aantal(gestart.aantal),
        gestart.percentage_binnen_treeknorm(maskeren=maskeren),
        gestart.percentage_binnen_4_weken(maskeren=maskeren),
        regel.netwerk.streefpercentage_binnen_4_weken,
    ]


def _totalen(inventaris: Inventarisatie, maskeren: bool) -> list[tuple[str, Any]]:
    totalen = inventaris.totalen

    def aantal(value: int) -> int | str:
        return landelijk.klein_aantal(value, maskeren=maskeren)

    rows: list[tuple[str, Any]] = [
        (_("Peildatum"), inventaris.peildatum),
        (_("Netwerken"), totalen.aantal_netwerken),
    ]
    for categorie in Categorie:
        rows.append(
            (
                _("Netwerken: %(categorie)s") % {"categorie": categorie.label},
                totalen.netwerken_per_categorie[categorie.value],
            )
        )
    return [
        *rows,
        (_("Wachtend"), aantal(totalen.aantal_wachtend)),
        (_("Wenswachtend"), aantal(totalen.aantal_wenswachtend)),
        (
            _("Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"),
            aantal(totalen.aantal_boven_treeknorm),
        ),
        (_("Wachtend 6 weken of langer (NZa)"), aantal(totalen.aantal_zes_weken_of_langer)),
    ]


def _csv(inventaris: Inventarisatie, regels: list[NetwerkCijfers], maskeren: bool) -> bytes:
    """One row per network; the totals are in the Excel file."""
    return exports.csv_bytes(_kolommen(), (_rij(regel, maskeren) for regel in regels))


def _xlsx(inventaris: Inventarisatie, regels: list[NetwerkCijfers], maskeren: bool) -> bytes:
    """Two sheets: one row per network, and the totals over every network of the
    inventory."""
    kolommen = _kolommen()
    return exports.xlsx_bytes(
        exports.Sheet(
            title=_("Inventarisatie"),
            header=kolommen,
            rows=(_rij(regel, maskeren) for regel in regels),
            widths={i: max(12, min(len(naam) + 2, 40)) for i, naam in enumerate(kolommen)},
            freeze="B2",
        ),
        exports.Sheet(
            title=_("Totalen"),
            header=[_("Totalen over alle netwerken van de inventarisatie"), ""],
            rows=_totalen(inventaris, maskeren),
            widths={0: 52, 1: 14},
            freeze=None,
        ),
    )


EXPORTS: dict[str, Callable[..., bytes]] = {"csv": _csv, "xlsx": _xlsx}


def _export(request: HttpRequest, ext: str) -> HttpResponse:
    form, keuze, inventaris = _inventarisatie(request)
    if form.errors:
        fouten = [
            f"{form[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
        return HttpResponseBadRequest(
            "\n".join([_("Deze keuze kan niet worden geëxporteerd:"), *fouten]),
            content_type="text/plain; charset=utf-8",
        )
    maskeren = must_mask_small_counts(request.user)
    return exports.download(
        EXPORTS[ext](inventaris, _regels(inventaris, keuze, maskeren), maskeren),
        filename=f"wachtlijst-landelijk-{keuze.peildatum:%Y-%m-%d}.{ext}",
    )


# One route per format, without URL parameters (the export belongs to no party).
@login_required
@require_GET
def inventarisatie_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
@require_GET
def inventarisatie_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")
