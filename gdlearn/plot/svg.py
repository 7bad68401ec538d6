"""Writing SVG 1.1 elements as text: escaping, numbers, tags, markers, lines and their styles.

The smallest layer of the pictures; ``frame`` lays out a chart with these,
and ``line_charts`` and ``contour_map`` draw data on it. Text is escaped for XML,
and coordinates are written to 2 decimals (a hundredth of a pixel).

Series that may overlap are told apart three ways at once, so none can hide
behind another unseen: by colour, by dash pattern and by marker shape
(``STYLES``). The first series is solid; every later one is dashed and is
drawn on top of the ones before, so the solid line shows through its gaps.

>>> tag("text", "a < b", x=1, font_size=12)
'<text x="1" font-size="12">a &lt; b</text>'
>>> polyline([(0.0, 10.0), (2.5, 7.25)], "#000000")
'<polyline points="0,10 2.5,7.25" fill="none" stroke="#000000" stroke-width="2" stroke-linejoin="round"/>'
>>> STYLES[1]
Style(color='#ff7f0e', dash='7 4', marker='square')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
"""Series colours, in order (Tableau's ten, without the grey and olive)."""

DASHES = [None, "7 4", "2 3", "9 3 2 3", "4 4", "12 3 2 3 2 3", "1 5", "14 5"]
"""Dash patterns (dash, gap, … in pixels), in order; the first series is solid."""

MARKERS = ["dot", "square", "triangle", "diamond", "circle", "box", "plus", "cross"]
"""Marker shapes, in order: filled dot, square, triangle, diamond; open circle, open square; +, ×."""

MAX_MARKED = 60
"""Curves of at most this many points get a marker on every point; longer ones on a few."""

FONT, TITLE_FONT, NOTE_FONT = 12, 16, 11
CHAR = 0.55  # the width of a character in ems, an estimate for the layout of sans-serif text


class Style(NamedTuple):
    """How one series is drawn: its colour, dash pattern (None: solid) and marker shape."""

    color: str
    dash: str | None
    marker: str


STYLES = [Style(color, dash, shape) for color, dash, shape in zip(PALETTE, DASHES, MARKERS)]
"""The style of the k-th series of a chart."""


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all, escaped or not: control characters, lone surrogates."""


def escape(text: str) -> str:
    """Text made safe inside an XML element or a double-quoted attribute.

    A character XML cannot hold (a control character such as a tab's cousins \\x00–\\x1f, a lone
    surrogate) becomes the replacement character �, so the document still parses.

    >>> escape('<"R&D">'), escape("bell\\x07")
    ('&lt;&quot;R&amp;D&quot;&gt;', 'bell�')
    """
    text = _NOT_XML.sub("\ufffd", text)
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
    """A legend line: a sample of the stroke and/or marker, then the name, and a note under it.

    ``name`` is also the ``<title>`` of the series the entry stands for; a
    ``note`` (such as "coincides with …") is written in a smaller font below.
    """

    name: str
    color: str
    line: bool = True
    marker: str | None = None  # a shape of MARKERS, "start", "end", "minimum" or None
    opacity: float = 1.0
    dash: str | None = None
    note: str | None = None


SHAPES = {
    "triangle": [(0.0, -1.25), (1.1, 0.75), (-1.1, 0.75)],
    "diamond": [(0.0, -1.3), (1.0, 0.0), (0.0, 1.3), (-1.0, 0.0)],
}
"""The filled polygons among the markers, as corners in units of the marker's radius."""


def marker(kind: str, x: float, y: float, color: str, opacity: float = 1.0, size: float = 1.0) -> str:
    """A point marker centred on (x, y) in pixels, of a shape in ``MARKERS``, ``size`` times the usual.

    Also "start" (a large open circle), "end" (a large square) and "minimum"
    (a large ×, thin enough that a marker under it still shows) for the paths on a contour map.
    """
    r = 3.5 * size
    if kind == "dot":
        return tag("circle", cx=x, cy=y, r=0.86 * r, fill=color, fill_opacity=opacity)
    if kind in ("circle", "start"):
        r = 6.0 * size if kind == "start" else r
        return tag("circle", cx=x, cy=y, r=r, fill="none", stroke=color, stroke_width=2)
    if kind in ("square", "end", "box"):
        r = {"square": 0.9 * r, "end": 4.5 * size, "box": r}[kind]
        paint = {"fill": "none", "stroke": color, "stroke_width": 1.5} if kind == "box" else {"fill": color}
        return tag("rect", x=x - r, y=y - r, width=2 * r, height=2 * r, **paint)
    if kind in SHAPES:
        points = " ".join(f"{num(x + r * u)},{num(y + r * v)}" for u, v in SHAPES[kind])
        return tag("polygon", points=points, fill=color)
    if kind == "minimum":
        return _cross(x, y, 10.0 * size, color, "×")
    return _cross(x, y, 1.2 * r, color, "+" if kind == "plus" else "×")


def _cross(x: float, y: float, arm: float, color: str, shape: str) -> str:
    """A + or × whose arms reach ``arm`` pixels from the centre."""
    d = arm if shape == "+" else arm * 0.7071
    ends = [(-d, 0.0, d, 0.0), (0.0, -d, 0.0, d)] if shape == "+" else [(-d, -d, d, d), (-d, d, d, -d)]
    path = " ".join(f"M{num(x + a)},{num(y + b)} L{num(x + c)},{num(y + e)}" for a, b, c, e in ends)
    return tag("path", d=path, stroke=color, stroke_width=2, stroke_linecap="round")


def polyline(
    points: Sequence[tuple[float, float]], color: str, width: float = 2.0, dash: str | None = None
) -> str:
    """A line through pixel points, in order; ``dash`` is an SVG dash pattern such as "7 4"."""
    coordinates = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return tag(
        "polyline",
        points=coordinates,
        fill="none",
        stroke=color,
        stroke_width=width,
        stroke_linejoin="round",
        stroke_dasharray=dash,
    )
