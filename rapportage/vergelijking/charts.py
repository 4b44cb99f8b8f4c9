"""One bar chart per measure of the national comparison (rapportage.charts.staafdiagram),
the reader's own network highlighted. A figure that is not shown is a gap with its sign
("<5" or "x"), a missing figure (nobody waiting, no fte) a gap with "–"; never a bar of 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts import disclosure

from ..charts import Staaf, staafdiagram
from .permissions import ZichtbareNetwerkVergelijking, ZichtbareVergelijking
from .selectors import SCORE_METINGEN


@dataclass(frozen=True)
class Maat:
    sleutel: str
    titel: str
    waarde: Callable[[ZichtbareNetwerkVergelijking], object]
    decimalen: int = 0
    procent: bool = False
    norm: Callable[[ZichtbareNetwerkVergelijking], object] | None = None
    norm_label: str | None = None


def maten() -> list[Maat]:
    def s(veld):
        return lambda r: getattr(r.wachtlijst.samenvatting, veld)

    def uitkomst(type_):
        return lambda r: next(u.gemiddelde for u in r.uitkomsten if u.type == type_)

    lijst = [
        Maat("wachtend", _("Wachtend op de peildatum"), s("aantal_wachtend")),
        Maat("zes_weken", _("Wachtend 6 weken of langer (NZa)"), s("aantal_zes_weken_of_langer")),
        Maat("mediaan", _("Mediaan wachttijd (dagen, NZa)"), s("mediaan_wachtdagen"), 1),
        Maat("p90", _("90e percentiel wachttijd (dagen, NZa)"), s("p90_wachtdagen"), 1),
        Maat(
            "binnen_4_weken",
            _("Gestart binnen 4 weken (% van de starts in het kwartaal)"),
            lambda r: r.wachtlijst.gestart.percentage_binnen_4_weken,
            1,
            procent=True,
        ),
        Maat(
            "binnen_6_weken",
            _("Gestart binnen 6 weken (% van de starts in het kwartaal)"),
            lambda r: r.wachtlijst.gestart.percentage_binnen_treeknorm,
            1,
            procent=True,
        ),
        Maat(
            "clienten_per_fte",
            _("Cliënten per fte casemanager"),
            lambda r: r.clienten_per_fte,
            1,
            norm=lambda r: r.caseload_norm,
            norm_label=_("caseloadnorm van het netwerk"),
        ),
        Maat(
            "bereik",
            _("Bereik: cliënten in zorg als % van de verwachte thuiswonende mensen met dementie"),
            lambda r: r.bereik_percentage,
            1,
            procent=True,
        ),
    ]
    lijst += [
        Maat(
            f"uitkomst_{t.value}",
            _("Gemiddelde score: %(maat)s") % {"maat": t.label},
            uitkomst(t.value),
            1,
        )
        for t in SCORE_METINGEN
    ]
    return [*lijst, _volledigheid()]


def _volledigheid() -> Maat:
    return Maat(
        "aanlevering",
        _("Volledigheid: vestigingen die hun NZa-cijfers bevestigden of corrigeerden (%)"),
        lambda r: r.aanlevering.percentage,
        1,
        procent=True,
    )


def _staaf(regel: ZichtbareNetwerkVergelijking, maat: Maat) -> Staaf:
    waarde = maat.waarde(regel)
    punt = disclosure.grafiekwaarde(waarde)
    tekst = None
    if punt is None:
        tekst = disclosure.tekst(waarde)
    elif maat.procent:
        tekst = f"{disclosure.tekst(waarde, decimalen=maat.decimalen)}%"
    norm = maat.norm(regel) if maat.norm else None
    label = regel.netwerk.naam + (f" ({_('uitgelicht')})" if regel.gemarkeerd else "")
    return Staaf(
        label=label,
        waarde=punt,
        norm=float(norm) if norm is not None else None,
        tekst=tekst,
        gemarkeerd=regel.gemarkeerd,
    )


def grafiek(zichtbaar: ZichtbareVergelijking, maat: Maat) -> SafeString:
    return staafdiagram(
        staven=[_staaf(regel, maat) for regel in zichtbaar.regels],
        title=f"{maat.titel} – {zichtbaar.periode.label}",
        description=_(
            "Eén staaf per netwerk; het uitgelichte netwerk is rood en vet. Een ontbrekende "
            "staaf met <5 of x is niet getoond (minder dan 5 personen), met – is er geen cijfer."
        ),
        # a share of the starts runs to 100 %; reach is a few percent, so it gets its own scale
        maximum=100
        if maat.sleutel.startswith("binnen_") or maat.sleutel == "aanlevering"
        else None,
        decimalen=maat.decimalen,
        norm_label=maat.norm_label,
    )


def grafieken(zichtbaar: ZichtbareVergelijking) -> list[dict]:
    return [{"maat": maat, "svg": grafiek(zichtbaar, maat)} for maat in maten()]
