"""The legend of a chart: a sample of each series' line and marker, its name, a note, then notes.

Each entry is a ``<g class="legend-entry">`` whose first text is the name of
the series it stands for (the ``<title>`` of that series' group). A note
under an entry (class "legend-note") says something about that series, such
as that it coincides with another; notes of the whole chart (class
"chart-note") come after the entries: a floor, unequal scales. Notes are
wrapped to the legend's width, in a smaller font.

>>> entries = [LegendEntry("batch", "#1f77b4", note="coincides with epoch")]
>>> svg = "".join(legend_group(entries, ["floor at 1e-12"], 0.0, 0.0, legend_space(entries, [])))
>>> svg.count('class="legend-entry"'), svg.count('class="legend-note"'), svg.count('class="chart-note"')
(1, 1, 1)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .svg import CHAR, NOTE_FONT, LegendEntry, marker, tag, text_width

NOTE_WIDTH = 190
"""Notes are wrapped to at least this many pixels."""


def legend_space(entries: Sequence[LegendEntry], notes: Sequence[str]) -> float:
    """The width of the legend column in pixels: the longest name, or room for the notes."""
    width = max((text_width(e.name) + 50 for e in entries), default=0.0)
    if notes or any(e.note for e in entries):
        width = max(width, NOTE_WIDTH + 50)
    return width


def legend_group(
    entries: Sequence[LegendEntry], notes: Sequence[str], x: float, y: float, width: float
) -> list[str]:
    """The legend as SVG elements, its first row at (x, y), ``width`` pixels wide."""
    parts = ['<g class="legend">']
    for entry in entries:
        parts.append('<g class="legend-entry">')
        if entry.line:
            sample = {"stroke": entry.color, "stroke_width": 2, "stroke_dasharray": entry.dash}
            parts.append(tag("line", x1=x, y1=y, x2=x + 24, y2=y, **sample))
        if entry.marker:
            parts.append(marker(entry.marker, x + 12, y, entry.color, entry.opacity, size=0.8))
        parts.append(tag("text", entry.name, x=x + 32, y=y + 4))
        note_lines = _wrap(entry.note, width - 50) if entry.note else []
        for k, line in enumerate(note_lines):
            parts.append(_note(line, x + 32, y + 19 + 14 * k, "legend-note"))
        parts.append("</g>")
        y += 20 + 14 * len(note_lines)
    y += 6 if entries else -8
    for note in notes:
        for line in _wrap(note, width - 18):
            parts.append(_note(line, x, y + 4, "chart-note"))
            y += 14
        y += 6
    return [*parts, "</g>"]


def _wrap(text: str, width: float) -> list[str]:
    """``text`` in lines of at most ``width`` pixels of the note font."""
    return textwrap.wrap(text, max(10, int(width / (CHAR * NOTE_FONT))))


def _note(text: str, x: float, y: float, kind: str) -> str:
    return tag("text", text, class_=kind, x=x, y=y, font_size=NOTE_FONT, fill="#444444")
