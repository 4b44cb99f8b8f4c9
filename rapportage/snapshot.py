"""The data a report is built from, gathered once into a JSON snapshot (aggregates only).

A report's PDF is rendered from its snapshot, never from live data, so a vastgesteld report
can be reproduced exactly. The snapshot holds no names, BSNs, dates of birth, addresses or
notes: counts, averages, dates of events of the network and texts of the network itself.
Counts of people are suppressed when rendered (rapportage.onderdrukking), not here, so the
figures stay checkable against the selectors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, Sum

from casemanagement.models import (
    Casemanager,
    Contactmoment,
    Meting,
    MetingType,
    Traject,
    Volhoudtijd,
)
from inkoop.models import Contract, ContractStatus
from inkoop.selectors import capaciteit
from netwerk.models import Netwerk, Voortgangsgesprek
from netwerk.selectors import huidig_plan, plan_voortgang
from signaalteam.models import Signaal, SignaalStatus
from wachtlijst import selectors as wl

from .perioden import Periode, parse_periode

OPEN = [SignaalStatus.GEMELD, SignaalStatus.IN_BEHANDELING]


def _dec(value, places: str = "0.1") -> str | None:
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def netwerk_snapshot(netwerk: Netwerk, periode: Periode) -> dict:
    """Everything the voortgangsrapportage of a network over a period shows."""
    peildatum = periode.peildatum
    return {
        "netwerk": {
            "id": netwerk.pk,
            "naam": netwerk.naam,
            "preferente_zorgverzekeraar": str(netwerk.preferente_zorgverzekeraar or ""),
            "streefpercentage_binnen_4_weken": netwerk.streefpercentage_binnen_4_weken,
            "treeknorm_signaal_dagen": netwerk.treeknorm_signaal_dagen,
        },
        "periode": {
            "code": periode.code,
            "label": periode.label,
            "begin": _iso(periode.begin),
            "eind": _iso(periode.eind),
            "peildatum": _iso(peildatum),
        },
        "doelen": _doelen(netwerk, periode),
        "wachtlijst": _wachtlijst(netwerk, periode),
        "caseload": _caseload(netwerk, periode),
        "inkoop": _inkoop(netwerk, periode),
        "uitkomsten": _uitkomsten(netwerk, periode),
        **_per_kwartaal(netwerk, periode),
        "signalen": _signalen(Signaal.objects.filter(netwerken=netwerk), periode),
        "laatste_voortgangsgesprek": _iso(
            Voortgangsgesprek.objects.filter(netwerk=netwerk, datum__lte=periode.eind)
            .order_by("-datum")
            .values_list("datum", flat=True)
            .first()
        ),
    }


def _doelen(netwerk: Netwerk, periode: Periode) -> dict | None:
    plan = huidig_plan(netwerk)
    if plan is None:
        return None
    doelen = []
    for doel in plan_voortgang(plan, tot=periode.eind):
        doelen.append(
            {
                "titel": doel.doel.titel,
                "status": doel.status.value,
                "status_label": doel.status.label,
                "indicatoren": [
                    {
                        "naam": iv.indicator.naam,
                        "eenheid": iv.indicator.eenheid,
                        "basiswaarde": _dec(iv.indicator.basiswaarde, "0.01"),
                        "laatste_waarde": _dec(iv.laatste_waarde, "0.01"),
                        "laatste_datum": _iso(iv.laatste_datum),
                        "streefwaarde": _dec(iv.streefwaarde, "0.01"),
                        "eindstreefwaarde": _dec(iv.eindstreefwaarde, "0.01"),
                        "status": iv.status.value,
                        "status_label": iv.status.label,
                    }
                    for iv in doel.indicatoren
                ],
            }
        )
    return {
        "titel": plan.titel,
        "looptijd": f"{plan.startjaar}-{plan.eindjaar}",
        "status": plan.get_status_display(),
        "doelen": doelen,
    }


def _samenvatting(s: wl.Samenvatting) -> dict:
    return {
        "peildatum": _iso(s.peildatum),
        "aantal_wachtend": s.aantal_wachtend,
        "aantal_wenswachtend": s.aantal_wenswachtend,
        "aantal_dreigt": s.aantal_dreigt,
        "aantal_boven_treeknorm": s.aantal_boven_treeknorm,
        "aantal_zes_weken_of_langer": s.aantal_zes_weken_of_langer,
        "mediaan_wachtdagen": _dec(s.mediaan_wachtdagen),
        "langste_wachtdagen": s.langste_wachtdagen,
        "mediaan_wachtdagen_gecorrigeerd": _dec(s.mediaan_wachtdagen_gecorrigeerd),
        "langste_wachtdagen_gecorrigeerd": s.langste_wachtdagen_gecorrigeerd,
    }


def _wachtlijst(netwerk: Netwerk, periode: Periode) -> dict:
    aanmeldingen = netwerk.aanmeldingen.all()
    signaal = netwerk.treeknorm_signaal_dagen
    huidig = wl.samenvatting(aanmeldingen, periode.peildatum, signaal)
    totaal, binnen_4, binnen_6 = wl.gestart_binnen(aanmeldingen, periode.peildatum)
    return {
        **_samenvatting(huidig),
        "gestart": {
            "totaal": totaal,
            "binnen_4_weken": binnen_4,
            "binnen_6_weken": binnen_6,
            "percentage_binnen_4_weken": _dec(wl.percentage(binnen_4, totaal)),
            "percentage_binnen_6_weken": _dec(wl.percentage(binnen_6, totaal)),
        },
        "trend": [
            _samenvatting(wl.samenvatting(aanmeldingen, peildatum, signaal))
            for peildatum in periode.kwartalen_terug(4)
        ],
    }


def _caseload(netwerk: Netwerk, periode: Periode) -> dict:
    peildatum = periode.peildatum
    casemanagers = Casemanager.objects.filter(netwerk=netwerk, actief=True).aggregate(
        aantal=Count("pk"), fte=Sum("fte")
    )
    in_zorg = wl.in_zorg_op(Traject.objects.filter(netwerk=netwerk), peildatum).count()
    fte = casemanagers["fte"] or Decimal(0)
    cap = capaciteit(netwerk, periode.eind.year)
    return {
        "aantal_casemanagers": casemanagers["aantal"],
        "fte_casemanagers": _dec(fte, "0.01"),
        "clienten_in_zorg": in_zorg,
        "clienten_per_fte": _dec(in_zorg / fte) if fte else None,
        "caseload_norm": _dec(netwerk.caseload_norm),
        "benodigde_fte": _dec(cap.benodigde_fte),
        "gecontracteerde_fte": _dec(cap.gecontracteerde_fte),
        "verwachte_vraag_clienten": cap.verwachte_vraag_clienten,
        "gecontracteerde_clienten": cap.gecontracteerde_clienten,
    }


def _inkoop(netwerk: Netwerk, periode: Periode) -> dict:
    """Contracted volume per insurer; realised volume per provider in this network and
    period (the contact log knows the provider, not the client's insurer)."""
    jaar = periode.eind.year
    contracted = (
        Contract.objects.filter(netwerk=netwerk, jaar=jaar, status=ContractStatus.AFGESLOTEN)
        .values("zorgverzekeraar__naam")
        .annotate(clienten=Sum("volume_clienten"), uren=Sum("volume_uren"), contracten=Count("pk"))
        .order_by("zorgverzekeraar__naam")
    )
    realised = (
        Contactmoment.objects.filter(
            traject__netwerk=netwerk, datum__gte=periode.begin, datum__lte=periode.eind
        )
        .values("organisatie__naam")
        .annotate(minuten=Sum("minuten"), clienten=Count("traject__client", distinct=True))
        .order_by("organisatie__naam")
    )
    contracted_per_org = defaultdict(lambda: {"clienten": 0, "uren": Decimal(0)})
    for row in Contract.objects.filter(
        netwerk=netwerk, jaar=jaar, status=ContractStatus.AFGESLOTEN
    ).values("organisatie__naam", "volume_clienten", "volume_uren"):
        contracted_per_org[row["organisatie__naam"]]["clienten"] += row["volume_clienten"] or 0
        contracted_per_org[row["organisatie__naam"]]["uren"] += row["volume_uren"] or 0
    return {
        "jaar": jaar,
        "per_verzekeraar": [
            {
                "zorgverzekeraar": row["zorgverzekeraar__naam"],
                "contracten": row["contracten"],
                "clienten": row["clienten"] or 0,
                "uren": _dec(row["uren"] or 0, "1"),
            }
            for row in contracted
        ],
        "per_aanbieder": [
            {
                "organisatie": row["organisatie__naam"],
                "gecontracteerd_clienten": contracted_per_org[row["organisatie__naam"]]["clienten"],
                "gecontracteerd_uren": _dec(
                    contracted_per_org[row["organisatie__naam"]]["uren"], "1"
                ),
                "gerealiseerd_uren": _dec(Decimal(row["minuten"]) / 60, "1"),
                "gerealiseerd_clienten": row["clienten"],
            }
            for row in realised
        ],
    }


def _uitkomsten(netwerk: Netwerk, periode: Periode) -> list[dict]:
    metingen = Meting.objects.filter(
        traject__netwerk=netwerk, datum__gte=periode.begin, datum__lte=periode.eind
    )
    scores = {
        row["type"]: row
        for row in metingen.exclude(type=MetingType.VOLHOUDTIJD)
        .values("type")
        .annotate(aantal=Count("pk"), gemiddelde=Avg("score"))
    }
    volhoudtijd = {
        row["volhoudtijd"]: row["aantal"]
        for row in metingen.filter(type=MetingType.VOLHOUDTIJD)
        .values("volhoudtijd")
        .annotate(aantal=Count("pk"))
    }
    result = []
    for type_ in MetingType:
        if type_ == MetingType.VOLHOUDTIJD:
            result.append(
                {
                    "type": type_.value,
                    "label": str(type_.label),
                    "aantal": sum(volhoudtijd.values()),
                    "verdeling": [
                        {"label": str(v.label), "aantal": volhoudtijd.get(v.value, 0)}
                        for v in Volhoudtijd
                    ],
                }
            )
        else:
            row = scores.get(type_.value, {"aantal": 0, "gemiddelde": None})
            result.append(
                {
                    "type": type_.value,
                    "label": str(type_.label),
                    "aantal": row["aantal"],
                    "gemiddelde": _dec(row["gemiddelde"]),
                }
            )
    return result


def _per_kwartaal(netwerk: Netwerk, periode: Periode) -> dict:
    """A year's outcome counts per quarter: never printed, only for disclosure control (the
    year is the sum of its quarters; rapportage.onderdrukking must know what the quarter
    reports not yet adopted will show, decision 0016)."""
    if periode.is_kwartaal:
        return {}
    jaar = periode.code
    return {
        "uitkomsten_per_kwartaal": {
            f"{jaar}Q{q}": _uitkomsten(netwerk, parse_periode(f"{jaar}Q{q}")) for q in range(1, 5)
        }
    }


def _signaal(signaal: Signaal) -> dict:
    return {
        "referentie": signaal.referentie,
        "titel": signaal.titel,
        "categorie": signaal.get_categorie_display(),
        "status": signaal.get_status_display(),
        "ontvangen_op": _iso(signaal.ontvangen_op),
        "gesloten_op": _iso(signaal.gesloten_op),
        "oplossing": signaal.oplossing,
    }


def _signalen(signalen, periode: Periode) -> dict:
    """Signals open at the end of the period, and those closed within it (no melder data)."""
    open_ = signalen.filter(ontvangen_op__lte=periode.eind).filter(
        Q(status__in=OPEN) | Q(gesloten_op__gt=periode.eind)
    )
    gesloten = signalen.filter(gesloten_op__gte=periode.begin, gesloten_op__lte=periode.eind)
    return {
        "open": [_signaal(s) for s in open_.order_by("ontvangen_op", "pk").distinct()],
        "gesloten": [_signaal(s) for s in gesloten.order_by("gesloten_op", "pk").distinct()],
    }
