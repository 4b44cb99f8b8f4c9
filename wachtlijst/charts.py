"""Charts as SVG, drawn on the server. The web pages and the PDF reports use this one module,
so the browser and the PDF show the same chart. No JavaScript; accessible: the SVG has a
title and description, series differ in dash pattern and marker as well as colour, and
callers show the figures in a table beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from accounts.dates import korte_datum

COLOURS = ["#0b4f8a", "#a4161a", "#1d6b32", "#7a4b00"]
DASHES = ["", "6 4", "2 3", "10 3 2 3"]
MARKERS = ["circle", "square", "diamond", "triangle"]


@dataclass(frozen=True)
class Series:
    key: str
    label: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y + 3:.1f} {x - 4:.1f},{y + 3:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


@dataclass(frozen=True)
class _Plot:
    """Where a point (by index) and a value land in the SVG."""

    width: int
    height: int
    y_max: float
    n: int  # intervals between points (at least 1)
    left: int = 52
    right: int = 16
    top: int = 36
    bottom: int = 44

    def x_at(self, i: int) -> float:
        return self.left + (self.width - self.left - self.right) * i / self.n

    def y_at(self, value: float) -> float:
        return self.top + (self.height - self.top - self.bottom) * (1 - value / self.y_max)


def _y_axis(plot: _Plot) -> list[str]:
    """Five horizontal grid lines with their values."""
    parts = []
    for tick in range(5):
        value = plot.y_max * tick / 4
        y = plot.y_at(value)
        parts.append(
            f'<line x1="{plot.left}" x2="{plot.width - plot.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d5dd" stroke-width="1"/>'
            f'<text x="{plot.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#1b1b1b">{escape(number_format(value, decimal_pos=0))}</text>'
        )
    return parts


def _x_labels(plot: _Plot, days: list[dt.date]) -> list[str]:
    """About eight date labels; the last point is labelled too, unless it would run into the
    label before it."""
    label_every = max(1, len(days) // 8)
    last = len(days) - 1
    return [
        f'<text x="{plot.x_at(i):.1f}" y="{plot.height - plot.bottom + 16}" '
        f'text-anchor="middle" font-size="11" fill="#1b1b1b">'
        f"{escape(korte_datum(day))}</text>"
        for i, day in enumerate(days)
        if (i % label_every == 0 and last - i >= label_every / 2) or i == last
    ]


def _reference_line(plot: _Plot, value: float, label: str) -> str:
    y = plot.y_at(value)
    return (
        f'<line x1="{plot.left}" x2="{plot.width - plot.right}" y1="{y:.1f}" y2="{y:.1f}" '
        f'stroke="#7a4b00" stroke-width="1.5" stroke-dasharray="1 3"/>'
        f'<text x="{plot.width - plot.right}" y="{y - 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="#7a4b00">{escape(label)}</text>'
    )


def _series_parts(
    plot: _Plot, index: int, serie: Series, points: list[tuple[dt.date, dict[str, float]]]
) -> list[str]:
    """One series: its line with a marker on every point, and its entry in the legend."""
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    marker = MARKERS[index % len(MARKERS)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    # a point without a value (None: suppressed, accounts.disclosure) is a gap, never 0
    runs: list[list[tuple[float, float]]] = [[]]
    for i, p in enumerate(points):
        value = p[1].get(serie.key, 0)
        if value is None:
            runs.append([])
        else:
            runs[-1].append((plot.x_at(i), plot.y_at(value)))
    parts = []
    for coords in runs:
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        parts.extend(_marker(marker, x, y, colour) for x, y in coords)
    legend_x = plot.left + index * 220
    parts.append(
        f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="14" y2="14" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attr}/>'
        f"{_marker(marker, legend_x + 14, 14, colour)}"
        f'<text x="{legend_x + 34}" y="18" font-size="12" fill="#1b1b1b">'
        f"{escape(serie.label)}</text>"
    )
    return parts


def line_chart(
    *,
    points: list[tuple[dt.date, dict[str, float]]],
    series: list[Series],
    title: str,
    description: str,
    width: int = 720,
    height: int = 280,
    reference: tuple[float, str] | None = None,
) -> SafeString:
    """A line chart of one or more series over dates. ``reference``: a horizontal line (value,
    label), e.g. a norm. Returns SVG markup safe to put in a template or a PDF."""
    values = [p[1].get(s.key, 0) or 0 for p in points for s in series]  # a gap counts as 0 here
    if reference:
        values.append(reference[0])
    plot = _Plot(
        width=width,
        height=height,
        y_max=_nice_max(max(values, default=0)),
        n=max(len(points) - 1, 1),
    )
    # deterministic, so a chart (and a PDF holding it) can be reproduced byte for byte
    ident = "chart-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        *_y_axis(plot),
        *_x_labels(plot, [day for day, _values in points]),
    ]
    if reference:
        parts.append(_reference_line(plot, *reference))
    for index, serie in enumerate(series):
        parts.extend(_series_parts(plot, index, serie, points))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped in the helpers
