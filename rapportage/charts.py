"""Bar charts for the PDF reports, as SVG drawn on the server (WeasyPrint renders SVG).

The same conventions as wachtlijst.charts (its colours, a title and a description, the
figures also in a table beside the chart): accessible, no JavaScript, byte-for-byte
reproducible. A bar whose value is not shown (``None``: a count of fewer than 5 people,
masked by the caller) is a gap with the text "<5", never a bar of 0. A highlighted bar
(``gemarkeerd``: the reader's own network in the national comparison) has another colour
and a bold label, so it stands out without colour too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from wachtlijst.charts import COLOURS

VERBORGEN = "<5"


@dataclass(frozen=True)
class Staaf:
    """One bar: its label, its value (None: not shown), and optionally a norm to draw as a
    tick across it and the text to print after the bar (default: the value)."""

    label: str
    waarde: float | None
    norm: float | None = None
    tekst: str | None = None
    gemarkeerd: bool = False


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ident(title: str) -> str:
    return "chart-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]


def _staaf_svg(
    staaf: Staaf,
    y: int,
    bar_height: int,
    label_width: int,
    plot_left: int,
    span: int,
    scale_max: float,
    decimalen: int,
) -> list[str]:
    """One row of ``staafdiagram``: its label, and its bar with value and norm tick, or the
    text of a hidden value in place of the bar (a gap, never a bar of 0)."""
    text_y = y + bar_height - 5
    gewicht = ' font-weight="bold"' if staaf.gemarkeerd else ""
    parts = [
        f'<text x="{label_width}" y="{text_y}" text-anchor="end" font-size="12" '
        f'fill="#1b1b1b"{gewicht}>{escape(staaf.label)}</text>'
    ]
    if staaf.waarde is None:
        parts.append(
            f'<text x="{plot_left + 6}" y="{text_y}" font-size="12" fill="#4a5260">'
            f"{escape(staaf.tekst or VERBORGEN)}</text>"
        )
        return parts
    length = span * min(staaf.waarde, scale_max) / scale_max
    colour = COLOURS[1] if staaf.gemarkeerd else COLOURS[0]
    parts.append(
        f'<rect x="{plot_left}" y="{y}" width="{length:.1f}" height="{bar_height}" '
        f'fill="{colour}"/>'
    )
    tekst = staaf.tekst or number_format(staaf.waarde, decimal_pos=decimalen)
    parts.append(
        f'<text x="{plot_left + length + 6:.1f}" y="{text_y}" font-size="12" '
        f'fill="#1b1b1b">{escape(tekst)}</text>'
    )
    if staaf.norm is not None:
        x = plot_left + span * min(staaf.norm, scale_max) / scale_max
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + bar_height + 3}" '
            f'stroke="#7a4b00" stroke-width="3"/>'
        )
    return parts


def staafdiagram(
    *,
    staven: list[Staaf],
    title: str,
    description: str,
    width: int = 720,
    label_width: int = 250,
    maximum: float | None = None,
    decimalen: int = 0,
    norm_label: str | None = None,
    tekst_ruimte: int = 70,
) -> SafeString:
    """Horizontal bars, one per row, with the value after each bar. ``maximum``: the end of
    the scale (default: a round number above the largest value and norm). ``norm_label``:
    the legend text of the norm ticks, when any bar has a norm. ``tekst_ruimte``: the width
    kept right of the longest bar for its text."""
    bar_height, gap, top = 18, 10, 30 if norm_label else 8
    height = top + len(staven) * (bar_height + gap) + 6
    values = [s.waarde for s in staven if s.waarde is not None]
    values += [s.norm for s in staven if s.norm is not None]
    scale_max = maximum or _nice_max(max(values, default=0))
    plot_left, plot_right = label_width + 8, width - tekst_ruimte
    span = plot_right - plot_left
    ident = _ident(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<line x1="{plot_left}" x2="{plot_left}" y1="{top - 4}" y2="{height - 4}" '
        f'stroke="#4a5260" stroke-width="1"/>',
    ]
    if norm_label:
        parts.append(
            f'<line x1="{plot_left}" x2="{plot_left}" y1="6" y2="22" stroke="#7a4b00" '
            f'stroke-width="3"/><text x="{plot_left + 8}" y="19" font-size="12" '
            f'fill="#1b1b1b">{escape(norm_label)}</text>'
        )
    for index, staaf in enumerate(staven):
        y = top + index * (bar_height + gap)
        parts += _staaf_svg(
            staaf, y, bar_height, label_width, plot_left, span, scale_max, decimalen
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
