"""Charts as SVG, drawn on the server. The web pages and the PDF reports use this one module,
so the browser and the PDF show the same chart. No JavaScript; accessible: the SVG has a
title and description, series differ in dash pattern and marker as well as colour, and
callers show the figures in a table beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe

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
    left, right, top, bottom = 52, 16, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p[1].get(s.key, 0) or 0 for p in points for s in series]
    if reference:
        values.append(reference[0])
    y_max = _nice_max(max(values, default=0))
    n = max(len(points) - 1, 1)

    def x_at(i: int) -> float:
        return left + plot_w * i / n

    def y_at(value: float) -> float:
        return top + plot_h * (1 - value / y_max)

    # deterministic, so a chart (and a PDF holding it) can be reproduced byte for byte
    ident = "chart-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for tick in range(5):
        value = y_max * tick / 4
        y = y_at(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d5dd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#1b1b1b">{escape(number_format(value, decimal_pos=0))}</text>'
        )
    label_every = max(1, len(points) // 8)
    last = len(points) - 1
    for i, (day, _values) in enumerate(points):
        # the last point is labelled too, unless it would run into the label before it
        if (i % label_every == 0 and last - i >= label_every / 2) or i == last:
            parts.append(
                f'<text x="{x_at(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11" fill="#1b1b1b">{escape(date_format(day, "j M"))}</text>'
            )
    if reference:
        y = y_at(reference[0])
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#7a4b00" stroke-width="1.5" stroke-dasharray="1 3"/>'
            f'<text x="{width - right}" y="{y - 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#7a4b00">{escape(reference[1])}</text>'
        )
    for index, serie in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        coords = [(x_at(i), y_at(p[1].get(serie.key, 0) or 0)) for i, p in enumerate(points)]
        if coords:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
            parts.extend(_marker(MARKERS[index % len(MARKERS)], x, y, colour) for x, y in coords)
        legend_x = left + index * 220
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="14" y2="14" stroke="{colour}" '
            f'stroke-width="2.5"{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>'
            f"{_marker(MARKERS[index % len(MARKERS)], legend_x + 14, 14, colour)}"
            f'<text x="{legend_x + 34}" y="18" font-size="12" fill="#1b1b1b">'
            f"{escape(serie.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
