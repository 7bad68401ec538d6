"""Writing SVG 1.1 elements as text: escaping, numbers, tags, markers, lines.

The smallest layer of the pictures; ``frame`` lays out a chart with these,
and ``line_charts`` and ``contour_map`` draw data on it. Text is escaped for XML,
and coordinates are written to 2 decimals (a hundredth of a pixel).

>>> tag("text", "a < b", x=1, font_size=12)
'<text x="1" font-size="12">a &lt; b</text>'
>>> polyline([(0.0, 10.0), (2.5, 7.25)], "#000000")
'<polyline points="0,10 2.5,7.25" fill="none" stroke="#000000" stroke-width="2" stroke-linejoin="round"/>'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
"""Series colours, in order (Tableau's ten, without the grey and olive)."""

MAX_MARKED = 60
"""Curves of at most this many points also get a dot on every point."""

FONT, TITLE_FONT = 12, 16
CHAR = 0.55  # the width of a character in ems, an estimate for the layout of sans-serif text


def escape(text: str) -> str:
    """Text made safe inside an XML element or a double-quoted attribute.

    >>> escape('<"R&D">')
    '&lt;&quot;R&amp;D&quot;&gt;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def num(value: float) -> str:
    """A coordinate to 2 decimals, without trailing zeros: 12.5, 3, -0.25."""
    text = f"{value + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def tag(name: str, text: str | None = None, /, **attributes: object) -> str:
    """One SVG element; ``stroke_width=2`` becomes ``stroke-width="2"``, ``class_`` becomes ``class``."""
    parts = [name]
    for key, value in attributes.items():
        if value is not None:
            shown = num(value) if isinstance(value, float) else str(value)
            parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    opening = " ".join(parts)
    return f"<{opening}/>" if text is None else f"<{opening}>{escape(text)}</{name}>"


def text_width(text: str, size: float = FONT) -> float:
    """An estimate of the width of ``text`` in pixels."""
    return len(text) * CHAR * size


class LegendEntry(NamedTuple):
    """A legend line: a sample of the stroke and/or marker, then the name."""

    name: str
    color: str
    line: bool = True
    marker: str | None = None  # "dot", "circle" (open), "square" or None
    opacity: float = 1.0


def marker(kind: str, x: float, y: float, color: str, opacity: float = 1.0) -> str:
    """A point marker centred on (x, y) in pixels: "dot", "circle" (open) or "square"."""
    if kind == "dot":
        return tag("circle", cx=x, cy=y, r=3.0, fill=color, fill_opacity=opacity)
    if kind == "circle":
        return tag("circle", cx=x, cy=y, r=5.0, fill="white", stroke=color, stroke_width=2)
    return tag("rect", x=x - 4, y=y - 4, width=8, height=8, fill=color)


def polyline(points: Sequence[tuple[float, float]], color: str, width: float = 2.0) -> str:
    """A line through pixel points, in order."""
    coordinates = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return tag(
        "polyline", points=coordinates, fill="none", stroke=color, stroke_width=width, stroke_linejoin="round"
    )
