"""Reading an SVG chart back: its frame, ticks, series and legend, as the tests see them."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{NS}svg"
    assert root.get("version") == "1.1"
    return root


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == name]


def frame(root: ET.Element) -> tuple[float, float, float, float]:
    """left, top, right, bottom of the plot area."""
    (rect,) = by_class(root, "frame")
    x, y, w, h = (float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
    return x, y, x + w, y + h


def ticks(root: ET.Element, axis: str) -> list[tuple[float, float]]:
    """(value, pixel) for each labelled tick: the label's number and the tick line just before it."""
    (group,) = by_class(root, f"{axis}-axis")
    pairs, last_line = [], None
    for element in group:
        if element.tag == f"{NS}line":
            last_line = element
        elif element.get("class") == "tick-label":
            assert last_line is not None
            value = float(element.text.replace("−", "-"))
            pixel = float(last_line.get("x1" if axis == "x" else "y1"))
            pairs.append((value, pixel))
    return pairs


def to_data(pixel: float, pairs: list[tuple[float, float]], log: bool = False) -> float:
    """Invert the axis mapping from two of its ticks (linear in the value, or in log₁₀ of it)."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    if log:
        return 10 ** (math.log10(v0) + (pixel - p0) * (math.log10(v1) - math.log10(v0)) / (p1 - p0))
    return v0 + (pixel - p0) * (v1 - v0) / (p1 - p0)


def per_pixel(pairs: list[tuple[float, float]]) -> float:
    """Data units per pixel on a linear axis."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    return abs((v1 - v0) / (p1 - p0))


def points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in polyline.get("points", "").split())]


def series(root: ET.Element) -> dict[str, ET.Element]:
    return {group.find(f"{NS}title").text: group for group in by_class(root, "series")}


def legend_names(root: ET.Element) -> list[str]:
    return [entry.find(f"{NS}text").text for entry in by_class(root, "legend-entry")]


def inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    return left <= point[0] <= right and top <= point[1] <= bottom


def galton_like(n: int = 928) -> tuple[list[float], list[float]]:
    """Heights like Galton's: x to the half inch, y = 23.9 + 0.65x + noise."""
    rng = random.Random(1885)
    x = [round(rng.gauss(68.3, 1.8) * 2) / 2 for _ in range(n)]  # heights to the half inch, like Galton's
    y = [round((23.9 + 0.65 * xi + rng.gauss(0, 2.2)) * 10) / 10 for xi in x]
    return x, y
