"""The national inventory page (wachtlijst:landelijk) and its CSV and Excel exports. Thin:
selectors read the figures, permissions decide which networks a user sees and what of the
figures (accounts.disclosure: insurers get small counts and what reveals them hidden), on the
page and in the files alike.

Query parameters, the same for the page and the exports: ``peildatum`` (jjjj-mm-dd, default
today), ``categorie`` (geen, 1-99, 100+; default all) and ``sorteer`` (naam, wachtend). The
page shows a wrong value with a message and today's figures; an export refuses it (400), as
a file must never hold other figures than the ones asked for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import disclosure
from accounts import exports as downloads
from accounts.templatetags import disclosure_tags
from accounts.web import UrlPerPk, require

from . import exports
from .forms import InventarisatieForm, Keuze
from .permissions import (
    ZichtbareInventarisatie,
    ZichtbareRegel,
    can_view_landelijk,
    netwerken_voor_landelijk,
    zichtbare_inventarisatie,
)
from .selectors import (
    Categorie,
    Sortering,
    inventarisatie,
    regels_voor,
)


def _inventarisatie(
    request: HttpRequest,
) -> tuple[InventarisatieForm, Keuze, ZichtbareInventarisatie]:
    """The whole inventory as the user may see it (suppressed over all networks, before a
    category is chosen: the totals are over all of them)."""
    require(can_view_landelijk(request.user))
    form = InventarisatieForm(request.GET or None, vandaag=timezone.localdate())
    if form.is_bound:
        form.is_valid()
    keuze = form.keuze()
    inventaris = inventarisatie(netwerken_voor_landelijk(request.user), keuze.peildatum)
    onderdrukken = disclosure.moet_onderdrukken(request.user)
    return form, keuze, zichtbare_inventarisatie(inventaris, onderdrukken=onderdrukken)


def _regels(inventaris: ZichtbareInventarisatie, keuze: Keuze) -> list[ZichtbareRegel]:
    return regels_voor(inventaris.regels, categorie=keuze.categorie, sortering=keuze.sortering)


# --- Page ----------------------------------------------------------------------------------


def _percentage(percentage) -> str:
    """The share started within the norm as the table shows it: "87,5%", or the mark of a
    suppressed or missing figure."""
    if percentage is not None and not disclosure.is_onderdrukt(percentage):
        return f"{floatformat(percentage, '1')}%"
    return disclosure_tags.cijfer(percentage)


def _rijen(regels: list[ZichtbareRegel]) -> list[dict]:
    """Each network's row as the texts the table shows (formatted as the template filters
    ``aantal`` and ``cijfer`` format them), built once here so the row template only prints
    values: the same HTML as formatting in the template, for a fraction of its cost."""
    detail = UrlPerPk("netwerk:detail")
    aantal = disclosure_tags.aantal
    rijen = []
    for regel in regels:
        s = regel.samenvatting
        rijen.append(
            {
                "cijfers": regel,
                "percentage": regel.gestart.percentage_binnen_treeknorm,
                "url": detail(regel.netwerk.pk),
                "naam": regel.netwerk.naam,
                "categorie_css": regel.categorie.css,
                "categorie_label": str(regel.categorie.label),
                "wachtend": aantal(s.aantal_wachtend),
                "wenswachtend": aantal(s.aantal_wenswachtend),
                "mediaan": disclosure_tags.cijfer(s.mediaan_wachtdagen, -1),
                "langste": aantal(s.langste_wachtdagen),
                "boven_treeknorm": aantal(s.aantal_boven_treeknorm),
                "zes_weken_of_langer": aantal(s.aantal_zes_weken_of_langer),
                "gestart_binnen_treeknorm": _percentage(regel.gestart.percentage_binnen_treeknorm),
                "wijkverpleging": aantal(s.aantal_wijkverpleging),
            }
        )
    return rijen


@login_required
@require_GET
def inventarisatie_pagina(request: HttpRequest) -> HttpResponse:
    """Signaalteam and beheerder see every network, an insurer its region, a coordinator
    their own network; casemanagers are refused (403)."""
    form, keuze, inventaris = _inventarisatie(request)
    maskeren = disclosure.moet_onderdrukken(request.user)
    regels = _regels(inventaris, keuze)
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
            "regels": _rijen(regels),
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
    maskeren = disclosure.moet_onderdrukken(request.user)
    return downloads.download(
        exports.EXPORTS[ext](inventaris, _regels(inventaris, keuze), maskeren),
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
