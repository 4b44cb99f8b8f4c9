"""The capacity chart: expected demand against contracted capacity, as a server-drawn SVG
(no JavaScript, no inline style for the Content-Security-Policy). Accessible: the SVG has a
title and a description that say the figures, the bars carry their value as text, and the
page shows the same figures in the table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

VRAAG = "#0b4f8a"
GECONTRACTEERD = "#1d6b32"
TEKORT = "#a4161a"


@dataclass(frozen=True)
class Balk:
    label: str
    waarde: Decimal | int
    kleur: str
    decimalen: int = 0


def _tekst(waarde: Decimal | int, decimalen: int) -> str:
    return number_format(waarde, decimal_pos=decimalen, use_l10n=True, force_grouping=True)


def balken_svg(titel: str, balken: list[Balk], *, chart_id: str) -> SafeString:
    """Horizontal bars, one per figure, on one scale from zero."""
    breedte, label_breedte, rij, marge = 640, 230, 34, 12
    hoogte = marge * 2 + rij * len(balken)
    maximum = max((float(b.waarde) for b in balken), default=0) or 1
    ruimte = breedte - label_breedte - 90
    beschrijving = "; ".join(f"{b.label}: {_tekst(b.waarde, b.decimalen)}" for b in balken)
    delen = [
        f'<svg class="chart" role="img" width="100%" viewBox="0 0 {breedte} {hoogte}" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-titel">{escape(titel)}</title>',
        f'<desc id="{chart_id}-desc">{escape(beschrijving)}</desc>',
    ]
    for index, balk in enumerate(balken):
        y = marge + index * rij
        lengte = max(float(balk.waarde) / maximum * ruimte, 1)
        delen += [
            f'<text x="{label_breedte - 8}" y="{y + rij / 2 + 4:.0f}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(balk.label)}</text>',
            f'<rect x="{label_breedte}" y="{y + 5}" width="{lengte:.1f}" height="{rij - 10}" '
            f'fill="{balk.kleur}"/>',
            f'<text x="{label_breedte + lengte + 6:.1f}" y="{y + rij / 2 + 4:.0f}" '
            f'font-size="13" fill="#1a1a1a">{escape(_tekst(balk.waarde, balk.decimalen))}</text>',
        ]
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 - every text above is escaped


def capaciteit_svg(cijfers) -> SafeString:
    """Expected demand against contracted capacity (inkoop.selectors.Capaciteit): one chart
    in clients, one in fte, each on its own scale; the contracted bar is red when it falls
    short."""
    tekort_clienten = cijfers.gecontracteerde_clienten < cijfers.verwachte_vraag_clienten
    tekort_fte = cijfers.gecontracteerde_fte < cijfers.benodigde_fte
    clienten = balken_svg(
        _("Verwachte vraag en gecontracteerde cliënten %(jaar)s") % {"jaar": cijfers.jaar},
        [
            Balk(_("Verwachte vraag (cliënten)"), cijfers.verwachte_vraag_clienten, VRAAG),
            Balk(
                _("Gecontracteerd (cliënten)"),
                cijfers.gecontracteerde_clienten,
                TEKORT if tekort_clienten else GECONTRACTEERD,
            ),
        ],
        chart_id="capaciteit-clienten",
    )
    fte = balken_svg(
        _("Benodigde en gecontracteerde fte %(jaar)s") % {"jaar": cijfers.jaar},
        [
            Balk(_("Benodigd (fte)"), cijfers.benodigde_fte, VRAAG, 1),
            Balk(
                _("Gecontracteerd (fte)"),
                cijfers.gecontracteerde_fte,
                TEKORT if tekort_fte else GECONTRACTEERD,
                1,
            ),
        ],
        chart_id="capaciteit-fte",
    )
    return mark_safe(clienten + fte)  # noqa: S308 - both built from escaped text
