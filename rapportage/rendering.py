"""From a report's stored snapshot to its PDF: the template per report type and the context
it needs (charts drawn by wachtlijst.charts, the same module the web pages use). Also the
on-demand PDF "overzicht van signalen" of a period, which is rendered from the live data of
signaalteam.selectors.overzicht and never stored."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import disclosure
from signaalteam.selectors import Overzicht
from wachtlijst.charts import Series, line_chart

from . import onderdrukking
from .models import Rapport, RapportType
from .pdf import render_pdf
from .perioden import parse_periode

TEMPLATES = {
    RapportType.KWARTAAL: "rapportage/pdf/voortgang.html",
    RapportType.JAAR: "rapportage/pdf/voortgang.html",
    RapportType.LANDELIJK_WACHTLIJST: "rapportage/pdf/landelijk_wachtlijst.html",
    RapportType.SIGNALEN: "rapportage/pdf/signalen.html",
}


def trendgrafiek(trend: list[dict]) -> str:
    """The waitlist over the last four peildata from the suppressed snapshot: a suppressed
    point is left out (a gap in the line), never drawn at 0."""
    return line_chart(
        points=[
            (
                dt.date.fromisoformat(t["peildatum"]),
                {
                    "wachtend": disclosure.grafiekwaarde(t["aantal_wachtend"]),
                    "boven": disclosure.grafiekwaarde(t["aantal_boven_treeknorm"]),
                },
            )
            for t in trend
        ],
        series=[Series("wachtend", _("Wachtend")), Series("boven", _("Boven de Treeknorm"))],
        title=_("Wachtenden op de laatste vier peildata"),
        description=_(
            "Aantal wachtenden en aantal wachtenden boven de Treeknorm per kwartaal; de "
            "cijfers staan in de tabel onder de grafiek."
        ),
        height=240,
    )


def context(rapport: Rapport, *, concept: bool) -> dict:
    periode = parse_periode(rapport.periode)
    wie = rapport.netwerk.naam if rapport.netwerk_id else _("Landelijk")
    ctx = {
        "rapport": rapport,
        "d": onderdrukking.zichtbaar(rapport.type, rapport.data),
        "concept": concept,
        "titel": rapport.get_type_display(),
        "ondertitel": f"{wie} · {periode.label}",
        "kop_links": wie,
        "kop_rechts": f"{rapport.get_type_display()} {periode.label}",
    }
    if rapport.type in (RapportType.KWARTAAL, RapportType.JAAR):
        ctx["trendgrafiek"] = trendgrafiek(ctx["d"]["wachtlijst"]["trend"])
    return ctx


def render(rapport: Rapport, *, concept: bool) -> bytes:
    """The PDF bytes of the report, in Dutch whatever language the caller runs in."""
    with translation.override("nl"):
        return render_pdf(
            TEMPLATES[rapport.type],
            context(rapport, concept=concept),
            gegenereerd_op=rapport.gegenereerd_op,
        )


def signalen_overzicht(overzicht: Overzicht, *, gegenereerd_op: dt.datetime) -> bytes:
    """The A4 PDF "overzicht van signalen" of a period. It never shows melder data, for
    whoever asks for it (tests/rapportage/test_signalen_overzicht.py holds the template to
    that): it is sent on as an appendix to a progress letter."""
    titel = _("Overzicht van signalen")
    afzender = _("Landelijk signaalteam casemanagement dementie")
    van, tot = overzicht.van, overzicht.tot
    return render_pdf(
        "rapportage/pdf/signalen_overzicht.html",
        {
            "overzicht": overzicht,
            "titel": titel,
            "ondertitel": _("Periode %(van)s tot en met %(tot)s")
            % {"van": date_format(van, "j F Y"), "tot": date_format(tot, "j F Y")},
            "auteur": afzender,
            "kop_links": afzender,
            "kop_rechts": f"{titel} {date_format(van, 'j-n-Y')} – {date_format(tot, 'j-n-Y')}",
        },
        gegenereerd_op=gegenereerd_op,
    )
