"""The national inventory page (wachtlijst:landelijk) and its CSV and Excel exports. Thin:
selectors read the figures, permissions decide which networks a user sees; insurers get "<5"
for every count of people below 5, on the page and in the files.

Query parameters, the same for the page and the exports: ``peildatum`` (jjjj-mm-dd, default
today), ``categorie`` (geen, 1-99, 100+; default all) and ``sorteer`` (naam, wachtend). The
page shows a wrong value with a message and today's figures; an export refuses it (400), as
a file must never hold other figures than the ones asked for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import exports as downloads
from accounts.web import require
from inkoop.permissions import must_mask_small_counts

from . import exports
from .forms import InventarisatieForm, Keuze
from .permissions import can_view_landelijk, netwerken_voor_landelijk
from .selectors import (
    Categorie,
    Inventarisatie,
    NetwerkCijfers,
    Sortering,
    inventarisatie,
    regels_voor,
)


def _inventarisatie(request: HttpRequest) -> tuple[InventarisatieForm, Keuze, Inventarisatie]:
    require(can_view_landelijk(request.user))
    form = InventarisatieForm(request.GET or None, vandaag=timezone.localdate())
    if form.is_bound:
        form.is_valid()
    keuze = form.keuze()
    inventaris = inventarisatie(netwerken_voor_landelijk(request.user), keuze.peildatum)
    return form, keuze, inventaris


def _regels(inventaris: Inventarisatie, keuze: Keuze, maskeren: bool) -> list[NetwerkCijfers]:
    return regels_voor(
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


# --- Exports -------------------------------------------------------------------------------


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
    return downloads.download(
        exports.EXPORTS[ext](inventaris, _regels(inventaris, keuze, maskeren), maskeren),
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
