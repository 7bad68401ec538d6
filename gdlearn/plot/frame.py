"""The layout of a chart: plot area, axes, ticks, labels, title and legend, in SVG.

``Frame`` maps data to pixels and writes the frame around the data; the
chart functions in ``line_charts`` and ``contour_map`` put the data on it. The
document is self-contained (no scripts, no external fonts or styles), so
any browser or editor opens it.

    pixel x = left + (x − x_lo)/(x_hi − x_lo) · plot width
    pixel y = bottom − (y − y_lo)/(y_hi − y_lo) · plot height   (SVG's y points down)

on a log axis with log₁₀ of each value in place of the value. Everything
drawn from data sits in a group clipped to the plot area, so nothing can
spill over the axes, and each data series is a ``<g class="series">`` whose
``<title>`` is its name in the legend (a browser shows it as a tooltip).
With ``equal_scales`` one unit is as long across as up (a map of a function
of two parameters); notes under the legend say what else a reader must know
(a floor, unequal scales).

>>> chart = Frame((0.0, 10.0), (0.0, 1.0), title="T", x_label="x", y_label="y", legend=[], pad=False)
>>> chart.px(0.0, 0.0) == (chart.left, chart.bottom), chart.px(10.0, 1.0) == (chart.right, chart.top)
(True, True)
"""

from __future__ import annotations

import math
import os
import sys
import textwrap
from collections.abc import Sequence

from ..errors import ParameterError
from .axes import Axis, linear_axis, log_axis
from .legend import legend_group, legend_space
from .picture import SVG, unique_ids
from .svg import CHAR, FONT, TITLE_FONT, LegendEntry, num, tag, text_width

PLOT_WIDTH, HEIGHT = 500, 480
"""The width of the plot area and the height of the chart, in pixels; labels and legend add width."""


def _padded(limits: tuple[float, float], log: bool) -> tuple[float, float]:
    """(lo, hi) widened by 3 % of its span at each end; of log₁₀ span on a log axis."""
    lo, hi = min(limits), max(limits)
    biggest, smallest = sys.float_info.max, math.ulp(0.0)  # stay finite (and positive on a log axis)
    if log:
        ratio = hi / lo  # (hi/lo)^0.03, or by logarithms where the ratio passes a float (lo = 5e-324)
        factor = ratio**0.03 if ratio < math.inf else 10 ** (0.03 * (math.log10(hi) - math.log10(lo)))
        return max(lo / factor, smallest), min(hi * factor, biggest)
    margin = 0.03 * (hi - lo)
    return max(lo - margin, -biggest), min(hi + margin, biggest)


def _equal_scales(
    x_range: tuple[float, float], y_range: tuple[float, float], width: float, height: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Both ranges at s = max(Δx/width, Δy/height) units per pixel: the narrower one widened about its centre.

    >>> _equal_scales((0.0, 1.0), (0.0, 4.0), 100, 200)
    ((-0.5, 1.5), (0.0, 4.0))
    """
    s = max((x_range[1] - x_range[0]) / width, (y_range[1] - y_range[0]) / height)
    x_mid, y_mid = (x_range[0] + x_range[1]) / 2, (y_range[0] + y_range[1]) / 2
    return (x_mid - s * width / 2, x_mid + s * width / 2), (y_mid - s * height / 2, y_mid + s * height / 2)


class Frame:
    """A chart showing at least ``x_range`` × ``y_range`` (data units).

    With ``pad=True`` each range is widened by 3 % at both ends (of log₁₀ y
    on a log axis), so no point sits on the frame; a contour map uses
    ``pad=False``, as its grid covers the box exactly. The round ticks go
    inside the range (see ``axes``). ``y_log`` and ``x_log`` draw log₁₀ axes.
    ``equal_scales`` widens the narrower range about its centre so that a
    unit is as many pixels across as up. ``notes`` are written under the
    legend. Add data with ``add`` (raw SVG elements in pixels, see ``px``)
    or ``series`` (a named group), then call ``render`` (or ``document``).
    """

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        *,
        title: str,
        x_label: str,
        y_label: str,
        legend: Sequence[LegendEntry],
        y_log: bool = False,
        x_log: bool = False,
        pad: bool = True,
        equal_scales: bool = False,
        notes: Sequence[str] = (),
    ) -> None:
        for name, words in (("title", title), ("x_label", x_label), ("y_label", y_label)):
            if not isinstance(words, str):
                raise ParameterError(f"{name} must be text (a str), got {words!r}")
        self.title, self.x_label, self.y_label, self.legend = title, x_label, y_label, list(legend)
        self.notes = list(notes)
        if pad:
            x_range, y_range = _padded(x_range, x_log), _padded(y_range, y_log)
        given = x_range, y_range
        self.legend_width = legend_width = legend_space(self.legend, self.notes)
        self.title_lines = [title]
        for _ in range(2):  # the title's lines set the plot height, which sets the y ticks and the width
            self.top = 14 + 20 * len(self.title_lines)
            self.bottom = HEIGHT - 52
            if equal_scales:
                x_range, y_range = _equal_scales(*given, PLOT_WIDTH, self.bottom - self.top)
            rows = max(2, int((self.bottom - self.top) / 45))
            make_axis = log_axis if y_log else linear_axis
            self.y_axis = make_axis(*y_range, max_ticks=rows, tight=True)
            self.left = 12 + 18 + max(text_width(label) for label in self.y_axis.labels) + 10
            self.width = math.ceil(self.left + PLOT_WIDTH + legend_width + 20)
            self.title_lines = textwrap.wrap(title, int((self.width - 40) / (CHAR * TITLE_FONT))) or [""]
        self.right = self.left + PLOT_WIDTH
        self.x_axis = self._x_axis(x_range, x_log)
        self.elements: list[str] = []

    def _x_axis(self, x_range: tuple[float, float], log: bool) -> Axis:
        """The most ticks (up to 10) whose labels leave a gap of 2 characters."""
        make_axis = log_axis if log else linear_axis
        for max_ticks in range(10, 1, -1):
            axis = make_axis(*x_range, max_ticks=max_ticks, tight=True)
            if len(axis.ticks) == 1:
                return axis
            spacing = (self.right - self.left) / (len(axis.ticks) - 1)
            if max(text_width(label) for label in axis.labels) + 2 * CHAR * FONT <= spacing:
                return axis
        return axis

    def px(self, x: float, y: float) -> tuple[float, float]:
        """The pixel position of the data point (x, y)."""
        return (
            self.left + self.x_axis.fraction(x) * (self.right - self.left),
            self.bottom - self.y_axis.fraction(y) * (self.bottom - self.top),
        )

    def add(self, element: str) -> None:
        """Add an element (pixels) to the data layer, clipped to the plot area."""
        self.elements.append(element)

    def series(self, name: str, elements: Sequence[str]) -> None:
        """Add one named data series as a group whose ``<title>`` is its name."""
        self.elements.append("\n".join(['<g class="series">', tag("title", name), *elements, "</g>"]))

    def render(self, path: str | os.PathLike[str] | None = None) -> SVG:
        """The SVG document (a notebook shows it as a picture); also written to ``path`` (atomically)."""
        document = SVG(self.document())
        if path is not None:
            from ..io.atomic import write_text_atomic  # only charts that are saved need it

            write_text_atomic(path, document)
        return document

    def document(self) -> str:
        """The SVG document as text, its ids unique to it (see ``picture.unique_ids``)."""
        left, right, top, bottom = self.left, self.right, self.top, self.bottom
        area = {"x": left, "y": top, "width": right - left, "height": bottom - top}
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{self.width}" height="{HEIGHT}"'
            f' viewBox="0 0 {self.width} {HEIGHT}" font-family="sans-serif" font-size="{FONT}">',
            tag("title", self.title),
            '<defs><clipPath id="plot-area">' + tag("rect", **area) + "</clipPath></defs>",
            tag("rect", class_="background", width="100%", height="100%", fill="white"),
            *self._grid(),
            '<g class="data" clip-path="url(#plot-area)">',
            *self.elements,
            "</g>",
            tag("rect", class_="frame", fill="none", stroke="#333333", **area),
            *self._axes(),
            *self._title(),
            *self._legend(),
            "</svg>",
        ]
        return unique_ids("\n".join(parts) + "\n")

    def _grid(self) -> list[str]:
        lines = ['<g class="grid" stroke="#e5e5e5" stroke-width="1">']
        for tick in self.x_axis.ticks:
            x = self.px(tick, self.y_axis.lo)[0]
            lines.append(tag("line", x1=x, y1=float(self.top), x2=x, y2=float(self.bottom)))
        for tick in self.y_axis.ticks:
            y = self.px(self.x_axis.lo, tick)[1]
            lines.append(tag("line", x1=self.left, y1=y, x2=self.right, y2=y))
        return [*lines, "</g>"]

    def _axes(self) -> list[str]:
        """Tick marks, tick labels (with a true minus sign) and the axis labels."""
        x_centre, y_centre = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        x_part = ['<g class="x-axis" stroke="#333333">']
        for tick in self.x_axis.minor:
            x = self.px(tick, self.y_axis.lo)[0]
            x_part.append(tag("line", x1=x, y1=float(self.bottom), x2=x, y2=self.bottom + 3.0))
        for tick, label in zip(self.x_axis.ticks, self.x_axis.labels):
            x = self.px(tick, self.y_axis.lo)[0]
            x_part.append(tag("line", x1=x, y1=float(self.bottom), x2=x, y2=self.bottom + 5.0))
            x_part.append(_tick_label(label, x, self.bottom + 19.0, "middle"))
        x_part.append(_axis_label(self.x_label, x_centre, self.bottom + 40.0))
        y_part = ['<g class="y-axis" stroke="#333333">']
        for tick in self.y_axis.minor:
            y = self.px(self.x_axis.lo, tick)[1]
            y_part.append(tag("line", x1=self.left - 3.0, y1=y, x2=self.left, y2=y))
        for tick, label in zip(self.y_axis.ticks, self.y_axis.labels):
            y = self.px(self.x_axis.lo, tick)[1]
            y_part.append(tag("line", x1=self.left - 5.0, y1=y, x2=self.left, y2=y))
            y_part.append(_tick_label(label, self.left - 8.0, y + 4.0, "end"))
        y_part.append(_axis_label(self.y_label, 22.0, y_centre, f"rotate(-90 22 {num(y_centre)})"))
        return [*x_part, "</g>", *y_part, "</g>"]

    def _title(self) -> list[str]:
        centre = self.width / 2  # over the whole image: the title is wrapped to its width
        return [
            tag(
                "text",
                line,
                class_="title",
                x=centre,
                y=24.0 + 20 * i,
                text_anchor="middle",
                font_size=TITLE_FONT,
                font_weight="bold",
            )
            for i, line in enumerate(self.title_lines)
        ]

    def _legend(self) -> list[str]:
        return legend_group(self.legend, self.notes, self.right + 16.0, self.top + 12.0, self.legend_width)


def _tick_label(label: str, x: float, y: float, anchor: str) -> str:
    return tag(
        "text", label.replace("-", "−"), class_="tick-label", x=x, y=y, text_anchor=anchor, stroke="none"
    )


def _axis_label(label: str, x: float, y: float, transform: str | None = None) -> str:
    return tag(
        "text",
        label,
        class_="axis-label",
        x=x,
        y=y,
        text_anchor="middle",
        font_size=13,
        stroke="none",
        transform=transform,
    )
