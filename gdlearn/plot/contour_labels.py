"""Labels on contour lines: where each one fits, and the gaps cut in the lines for them.

A level's label goes on its longest line, at the first of a few places along
it (the middle, a quarter, three quarters, …) where its box lies inside the
plot, clear of the labels already placed, and at least ``CLEARANCE`` pixels
from every path and marker. Then every contour line is cut where it crosses
a label's box, so no line strikes through a label:

>>> label = Label("2", "#000000", 50.0, 20.0)
>>> cut_gaps([[(0.0, 20.0), (100.0, 20.0)]], [label])    # the box is x = 50 ± 5.5
[[(0.0, 20.0), (44.5, 20.0)], [(55.5, 20.0), (100.0, 20.0)]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from .geometry import Point, cut_out
from .svg import tag, text_width

LABEL_FONT = 10
CLEARANCE = 12.0
"""A level label keeps this many pixels away from the paths and markers."""

Pixels = list[Point]
Box = tuple[float, float, float, float]  # left, top, right, bottom


class Label(NamedTuple):
    """A level's value written at (x, y), the centre of its box, in the colour of its line."""

    text: str
    color: str
    x: float
    y: float

    def box(self) -> Box:
        half = text_width(self.text, LABEL_FONT) / 2 + 2.75
        return self.x - half, self.y - 7.0, self.x + half, self.y + 7.0


def place_labels(
    candidates: Sequence[tuple[str, str, Pixels]], area: Box, avoid: Sequence[Pixels]
) -> list[Label]:
    """A label for each (text, colour, line) where one fits, in order; a level may get none."""
    obstacles = _cells(avoid)
    placed: list[Label] = []
    for text, color, pixels in candidates:
        for fraction in (0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6):
            x, y = pixels[int(fraction * (len(pixels) - 1))]
            label = Label(text, color, x, y)
            box = label.box()
            if (
                _within(box, area)
                and not any(_overlap(box, other.box(), 4.0) for other in placed)
                and not _near(x, y, obstacles, box)
            ):
                placed.append(label)
                break
    return placed


def cut_gaps(lines: Sequence[Pixels], labels: Sequence[Label]) -> list[Pixels]:
    """The lines with a gap wherever they cross a label's box."""
    pieces = [list(line) for line in lines]
    for label in labels:
        left, top, right, bottom = label.box()
        pieces = [piece for line in pieces for piece in cut_out(line, (left, right), (top, bottom))]
    return pieces


def label_group(labels: Sequence[Label]) -> str:
    """The labels as one SVG group, each centred in its box."""
    texts = [tag("text", lab.text, x=lab.x, y=lab.y + 3.5, fill=lab.color, stroke="none") for lab in labels]
    group = f'<g class="contour-labels" font-size="{LABEL_FONT}" text-anchor="middle">'
    return "\n".join([group, *texts, "</g>"])


def _within(box: Box, area: Box) -> bool:
    return area[0] <= box[0] and area[1] <= box[1] and box[2] <= area[2] and box[3] <= area[3]


def _overlap(a: Box, b: Box, margin: float) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def _cells(paths: Sequence[Pixels]) -> dict[tuple[int, int], Pixels]:
    """Points every 3 px along the paths (or the one point), filed by the CLEARANCE square they fall in."""
    cells: dict[tuple[int, int], Pixels] = {}
    for pixels in paths:
        for (x0, y0), (x1, y1) in zip(pixels, pixels[1:] or pixels):
            steps = max(1, math.ceil(math.dist((x0, y0), (x1, y1)) / 3))
            for k in range(steps + 1):
                x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                cells.setdefault((math.floor(x / CLEARANCE), math.floor(y / CLEARANCE)), []).append((x, y))
    return cells


def _near(x: float, y: float, cells: dict[tuple[int, int], Pixels], box: Box) -> bool:
    """True if a path point lies within CLEARANCE of the label's centre, or inside its box."""
    reach = math.ceil((box[2] - box[0]) / 2 / CLEARANCE)
    i, j = math.floor(x / CLEARANCE), math.floor(y / CLEARANCE)
    nearby = (
        p for di in range(-reach, reach + 1) for dj in (-1, 0, 1) for p in cells.get((i + di, j + dj), [])
    )
    left, top, right, bottom = box
    return any(
        math.dist((x, y), p) < CLEARANCE or (left <= p[0] <= right and top <= p[1] <= bottom) for p in nearby
    )
