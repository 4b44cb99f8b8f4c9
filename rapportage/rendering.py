"""From a report's stored snapshot to its PDF: the template per report type and the context
it needs (charts drawn by wachtlijst.charts, the same module the web pages use). Also the
on-demand PDF "overzicht van signalen" of a period, which is rendered from the live data of
signaalteam.selectors.overzicht and never stored."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts import disclosure
from casemanagement.models import MetingType
from casemanagement.models.zorg import SCORE_RANGES
from signaalteam.selectors import Overzicht
from wachtlijst.charts import Series, line_chart

from . import onderdrukking
from .charts import Staaf, staafdiagram
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


def _getal(value) -> float | None:
    """A figure of the suppressed snapshot as a number: None when missing or suppressed (a
    gap in a chart, no verdict on the cover)."""
    return None if value == "" else disclosure.grafiekwaarde(value)


TREEKNORM_DAGEN = 42


def beoordeling(d: dict) -> dict[str, str | None]:
    """The cover's key figures against their norms: per figure "goed", "fout" or None (no
    norm, or too few people to judge). Judged from the snapshot, so a stored report keeps
    its judgement; the figures themselves are formatted (and masked) by the template."""
    w, c, n = d["wachtlijst"], d["caseload"], d["netwerk"]
    gestart = w["gestart"]

    def meets(ok: bool | None) -> str | None:
        return None if ok is None else ("goed" if ok else "fout")

    # the snapshot is the suppressed one (onderdrukking.zichtbaar): a figure too few people
    # stand behind is suppressed there, and gets no verdict here
    genoeg_gestart = _getal(gestart["totaal"]) is not None
    p4, p6 = (
        _getal(gestart["percentage_binnen_4_weken"]),
        _getal(gestart["percentage_binnen_6_weken"]),
    )
    mediaan = _getal(w["mediaan_wachtdagen_gecorrigeerd"])
    per_fte, norm = _getal(c["clienten_per_fte"]), _getal(c["caseload_norm"])
    gecontracteerd, benodigd = _getal(c["gecontracteerde_fte"]), _getal(c["benodigde_fte"])
    statussen = [
        i["status"]
        for doel in (d.get("doelen") or {}).get("doelen", [])
        for i in doel["indicatoren"]
    ]
    gemeten = [s for s in statussen if s != "geen_meting"]
    boven = _getal(w["aantal_boven_treeknorm"])
    gesprek = d.get("laatste_voortgangsgesprek")
    eind = dt.date.fromisoformat(d["periode"]["eind"])
    return {
        "boven_treeknorm": meets(None if boven is None else boven == 0),
        "binnen_4_weken": meets(
            p4 >= n["streefpercentage_binnen_4_weken"]
            if genoeg_gestart and p4 is not None
            else None
        ),
        "binnen_6_weken": meets(p6 >= 100 if genoeg_gestart and p6 is not None else None),
        "mediaan": meets(mediaan <= TREEKNORM_DAGEN if mediaan is not None else None),
        "caseload": meets(per_fte <= norm if per_fte is not None and norm else None),
        "capaciteit": meets(
            gecontracteerd >= benodigd if gecontracteerd is not None and benodigd else None
        ),
        "doelen": meets("achter" not in gemeten if gemeten else None),
        "gesprek": meets(
            gesprek is not None and dt.date.fromisoformat(gesprek) > eind - dt.timedelta(days=365)
        ),
    }


def doelen_telling(d: dict) -> dict[str, int]:
    """How many indicators of the plan are behaald, op koers, achter, not measured."""
    telling = {"behaald": 0, "op_koers": 0, "achter": 0, "geen_meting": 0}
    for doel in (d.get("doelen") or {}).get("doelen", []):
        for indicator in doel["indicatoren"]:
            telling[indicator["status"]] = telling.get(indicator["status"], 0) + 1
    return telling


def uitkomstengrafiek(uitkomsten: list[dict]) -> str:
    """The average score of each outcome measure, each on its own scale (a bar to the end is
    the best or worst score the instrument allows); too few measurements is a gap."""
    staven = []
    for u in uitkomsten:
        bereik = SCORE_RANGES.get(MetingType(u["type"])) if u["type"] in MetingType.values else None
        if bereik is None:
            continue
        laag, hoog = float(bereik[0]), float(bereik[1])
        gemiddelde = _getal(u.get("gemiddelde"))
        label = str(MetingType(u["type"]).label).split(" (")[0]
        staven.append(
            Staaf(
                label=label,
                waarde=None if gemiddelde is None else (gemiddelde - laag) / (hoog - laag) * 100,
                tekst=None
                if gemiddelde is None
                else _("%(score)s op een schaal van %(laag)s tot %(hoog)s")
                % {
                    "score": number_format(gemiddelde, decimal_pos=1),
                    "laag": int(laag),
                    "hoog": int(hoog),
                },
            )
        )
    return staafdiagram(
        staven=staven,
        title=_("Gemiddelde score per uitkomstmaat"),
        description=_(
            "Per uitkomstmaat de gemiddelde score in de periode, als deel van de schaal van "
            "het meetinstrument; de cijfers staan in de tabel onder de grafiek."
        ),
        maximum=100,
        label_width=230,
        tekst_ruimte=210,
    )


def volhoudtijdgrafiek(uitkomsten: list[dict]) -> str:
    verdeling = next((u["verdeling"] for u in uitkomsten if u.get("verdeling")), [])
    return staafdiagram(
        staven=[Staaf(label=v["label"], waarde=_getal(v["aantal"])) for v in verdeling],
        title=_("Volhoudtijd van mantelzorgers"),
        description=_(
            "Aantal metingen per antwoord op de vraag hoe lang de mantelzorger het nog volhoudt; "
            "aantallen onder de 5 staan als <5. De cijfers staan ook in de tabel."
        ),
        label_width=230,
    )


def capaciteitsgrafiek(caseload: dict) -> str:
    return staafdiagram(
        staven=[
            Staaf(_("Casemanagers in dienst"), _getal(caseload["fte_casemanagers"])),
            Staaf(_("Gecontracteerd"), _getal(caseload["gecontracteerde_fte"])),
            Staaf(_("Benodigd volgens de berekening"), _getal(caseload["benodigde_fte"])),
        ],
        title=_("Capaciteit in fte"),
        description=_(
            "Fte casemanagers in dienst, gecontracteerd en benodigd volgens de "
            "capaciteitsberekening; de cijfers staan ook in de tabel."
        ),
        decimalen=1,
        label_width=230,
    )


def signalengrafiek(signalen: dict) -> str:
    open_, gesloten = signalen["open"], signalen["gesloten"]
    categorieen = sorted({s["categorie"] for s in [*open_, *gesloten]})
    return staafdiagram(
        staven=[
            Staaf(
                categorie,
                float(sum(1 for s in [*open_, *gesloten] if s["categorie"] == categorie)),
            )
            for categorie in categorieen
        ],
        title=_("Signalen per categorie"),
        description=_(
            "Aantal signalen over het netwerk per categorie: open aan het einde van de periode "
            "of gesloten in de periode. De signalen staan in de tabellen."
        ),
        label_width=230,
    )


def context(rapport: Rapport, *, concept: bool) -> dict:
    periode = parse_periode(rapport.periode)
    wie = rapport.netwerk.naam if rapport.netwerk_id else _("Landelijk")
    ctx = {
        "rapport": rapport,
        "d": onderdrukking.zichtbaar_rapport(rapport),
        "concept": concept,
        "titel": rapport.get_type_display(),
        "ondertitel": f"{wie} · {periode.label}",
        "kop_links": wie,
        "kop_rechts": f"{rapport.get_type_display()} {periode.label}",
    }
    if rapport.type in (RapportType.KWARTAAL, RapportType.JAAR):
        d = ctx["d"]
        ctx.update(
            trendgrafiek=trendgrafiek(d["wachtlijst"]["trend"]),
            oordeel=beoordeling(d),
            doelen_telling=doelen_telling(d),
            uitkomstengrafiek=uitkomstengrafiek(d["uitkomsten"]),
            volhoudtijdgrafiek=volhoudtijdgrafiek(d["uitkomsten"]),
            capaciteitsgrafiek=capaciteitsgrafiek(d["caseload"]),
            signalengrafiek=signalengrafiek(d["signalen"])
            if d["signalen"]["open"] or d["signalen"]["gesloten"]
            else "",
            peiljaar=d["periode"]["eind"][:4],
        )
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
