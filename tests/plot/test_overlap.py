"""Which lines lie within a pixel of another, against a brute-force distance; and lines cut for labels."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn.plot.geometry import cut_out, inside
from gdlearn.plot.overlap import coincides, coinciding

points = st.tuples(st.floats(0, 20), st.floats(0, 20))
lines = st.lists(points, min_size=1, max_size=6)


def brute_force_distance(p, line):
    """The distance from p to the polyline: the least over each segment of |p − (a + t·(b − a))|,
    minimised over t by golden-section search (|p − point(t)| is convex in t)."""

    def along(a, b):
        lo, hi = 0.0, 1.0
        for _ in range(40):
            t1, t2 = hi - 0.618 * (hi - lo), lo + 0.618 * (hi - lo)
            d1 = math.dist(p, (a[0] + t1 * (b[0] - a[0]), a[1] + t1 * (b[1] - a[1])))
            d2 = math.dist(p, (a[0] + t2 * (b[0] - a[0]), a[1] + t2 * (b[1] - a[1])))
            lo, hi = (lo, t2) if d1 < d2 else (t1, hi)
        t = (lo + hi) / 2
        return math.dist(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))

    if len(line) == 1:
        return math.dist(p, line[0])
    return min(along(a, b) for a, b in itertools.pairwise(line))


def farthest(a, b):
    """max over a (every 1/100 of each segment, ≤ 0.3 px apart) of the distance to b: one-sided Hausdorff."""
    samples = (
        a
        if len(a) == 1
        else [
            (p[0] + (q[0] - p[0]) * k / 100, p[1] + (q[1] - p[1]) * k / 100)
            for p, q in itertools.pairwise(a)
            for k in range(101)
        ]
    )
    return max(brute_force_distance(p, b) for p in samples)


@settings(max_examples=40, deadline=None)
@given(lines, lines)
def test_coincides_agrees_with_the_brute_force_distance(a, b):
    d = farthest(a, b)
    if abs(d - 1.0) > 0.3:  # away from the threshold, where either side's sampling could decide
        assert coincides([a], [b]) == (d <= 1.0)


def test_a_line_coincides_with_itself_and_with_a_copy_closer_than_a_pixel():
    line = [(0.0, 0.0), (10.0, 5.0), (20.0, -3.0)]
    assert coincides([line], [line])
    assert coincides([[(x, y + 0.9) for x, y in line]], [line])
    assert not coincides([[(x, y + 1.2) for x, y in line]], [line])
    assert coincides([line[:2]], [line]) and not coincides([line], [line[:2]])  # a part lies on the whole
    assert not coincides([], [line]) and not coincides([line], [])  # nothing drawn
    tent = [(0.0, 0.0), (10.0, 5.0), (20.0, 0.0)]
    assert not coincides([[(0.0, 0.0), (20.0, 0.0)]], [tent])  # both ends lie on it, the middle is 5 px off


def test_coinciding_names_each_pair_once_from_the_line_underneath():
    flat = [[(0.0, 0.0), (50.0, 0.0)]]
    near = [[(0.0, 0.5), (50.0, 0.5)]]
    part = [[(10.0, 0.0), (20.0, 0.0)]]
    assert coinciding({"flat": flat, "near": near, "part": part}) == {
        "flat": ["near"],
        "near": [],  # "flat", drawn first, already names it
        "part": ["flat", "near"],  # a part lies on both; neither lies on it
    }


@settings(max_examples=100, deadline=None)
@given(st.lists(points, min_size=2, max_size=8), points, st.floats(1, 20), st.floats(1, 20))
def test_cut_out_keeps_exactly_the_path_outside_the_box(path, corner, width, height):
    x_box, y_box = (corner[0], corner[0] + width), (corner[1], corner[1] + height)
    pieces = cut_out(path, x_box, y_box)
    for piece in pieces:
        for p, q in itertools.pairwise(piece):  # every piece lies outside the box (or on its edge) …
            middle = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            inner = (x_box[0] + 1e-9, x_box[1] - 1e-9), (y_box[0] + 1e-9, y_box[1] - 1e-9)
            assert not inside(middle, *inner) or math.dist(p, q) < 1e-9
    kept = sum(math.dist(p, q) for piece in pieces for p, q in itertools.pairwise(piece))
    outside = 0.0  # … and together they are as long as the path's part outside, measured finely
    for p, q in itertools.pairwise(path):
        n = 500
        for k in range(n):
            a = (p[0] + (q[0] - p[0]) * k / n, p[1] + (q[1] - p[1]) * k / n)
            b = (p[0] + (q[0] - p[0]) * (k + 1) / n, p[1] + (q[1] - p[1]) * (k + 1) / n)
            if not inside(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), x_box, y_box):
                outside += math.dist(a, b)
    total = sum(math.dist(p, q) for p, q in itertools.pairwise(path))
    assert kept == pytest.approx(outside, abs=2 * total / 500 + 1e-9)


def zigzag(n: int, shift: float = 0.0) -> list[list[tuple[float, float]]]:
    """A loss curve of n noisy updates squeezed into 800 px: n tall zig-zags, as stochastic GD draws."""
    return [[(800 * i / n, 200 + 150 * (-1) ** i + shift) for i in range(n)]]


def test_a_dense_line_is_tried_at_a_bounded_number_of_points(monkeypatch: pytest.MonkeyPatch) -> None:
    # 9,000 zig-zags of 300 px: 2.7 million px of line, 13.5 million points at 0.2 px. The lab
    # drew four such curves in 69 s. Its vertices and at most MAX_POINTS points between are tried.
    import gdlearn.plot.overlap as overlap

    calls = 0
    real_near = overlap._near

    def counted(*args: object) -> bool:
        nonlocal calls
        calls += 1
        return real_near(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(overlap, "_near", counted)
    line, near_copy = zigzag(9000), zigzag(9000, shift=0.5)
    assert overlap.coincides(line, line) and calls == 0  # the very same points: no search at all
    assert overlap.coincides(near_copy, line)  # half a pixel away everywhere
    assert 9000 < calls <= 9000 + overlap.MAX_POINTS + 9000
    calls = 0
    assert not overlap.coincides(zigzag(9000, shift=3.0), line)  # 3 px away: the first vertex says so
    assert calls == 1
