"""Marching squares against level sets known in closed form: circles, hyperbolas, straight lines."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlearn.errors import ParameterError
from gdlearn.plot.marching_squares import LOG_LEVEL_DECADES, contour_lines, levels, sample


@pytest.mark.parametrize("r", [0.3, 1.0, 1.7])
def test_a_circle_is_one_closed_curve_at_radius_r(r):
    n = 80
    grid = sample(lambda a, b: a * a + b * b, (-2.0, 2.0), (-2.0, 2.0), n)
    lines = contour_lines(grid, r * r)
    assert len(lines) == 1
    (line,) = lines
    assert line.closed and line.points[0] == line.points[-1]
    # Linear interpolation of f along an edge of length h is off by at most
    # (h²/8)·f'' = h²/4 in f, so by (h²/4)/|∇f| = h²/(8r) in radius (to first order).
    h = 4.0 / (n - 1)
    tolerance = 1.1 * h * h / (8 * r)
    assert max(abs(math.hypot(a, b) - r) for a, b in line.points) <= tolerance
    # it goes all the way round: every octant holds points
    octants = {math.floor(math.atan2(b, a) / (math.pi / 4)) % 8 for a, b in line.points}
    assert octants == set(range(8))


def test_a_circle_cut_by_the_box_is_open_and_ends_on_the_edges():
    grid = sample(lambda a, b: a * a + b * b, (0.0, 2.0), (-2.0, 2.0), 41)  # the right half only
    (line,) = contour_lines(grid, 1.0)
    assert not line.closed
    ends = sorted([line.points[0], line.points[-1]], key=lambda p: p[1])
    assert ends[0] == pytest.approx((0.0, -1.0), abs=1e-12)  # (0, ±1) lie on grid points
    assert ends[1] == pytest.approx((0.0, 1.0), abs=1e-12)


@given(
    st.floats(min_value=-3, max_value=3).filter(lambda c: abs(c) > 0.1),
    st.floats(min_value=-3, max_value=3).filter(lambda c: abs(c) > 0.1),
    st.floats(min_value=-1, max_value=1),
)
def test_a_linear_function_is_traced_exactly(p, q, level):
    # Linear interpolation is exact for f(a, b) = p·a + q·b, so every point is on the line.
    grid = sample(lambda a, b: p * a + q * b, (-1.0, 1.0), (-1.0, 1.0), 9)
    for line in contour_lines(grid, level):
        assert not line.closed
        for a, b in line.points:
            assert p * a + q * b == pytest.approx(level, abs=1e-12)


def test_a_saddle_splits_into_the_two_branches_of_the_hyperbola():
    grid = sample(lambda a, b: a * b, (-2.0, 2.0), (-2.0, 2.0), 41)
    lines = contour_lines(grid, 0.5)
    assert len(lines) == 2  # a·b = ½ in the first and in the third quadrant
    quadrants = sorted(1 if line.points[0][0] > 0 else 3 for line in lines)
    assert quadrants == [1, 3]
    for line in lines:
        assert all(a * b == pytest.approx(0.5, abs=0.01) for a, b in line.points)
        assert all((a > 0) == (line.points[0][0] > 0) for a, _ in line.points)  # never jumps branches


def test_the_centre_decides_a_saddle_square():
    # One square, corners 1 (bottom-left), 0, 1, 0: a saddle for level ½.
    grid_high = sample(lambda a, b: [[1.0, 0.0], [0.0, 1.0]][round(b)][round(a)], (0.0, 1.0), (0.0, 1.0), 2)
    lines = contour_lines(grid_high, 0.5)  # centre = ½ ≥ ½: the high corners join through the middle
    assert len(lines) == 2
    cut_off = sorted(tuple(sorted(line.points)) for line in lines)
    assert cut_off == [((0.0, 0.5), (0.5, 1.0)), ((0.5, 0.0), (1.0, 0.5))]  # around (0, 1) and (1, 0)
    lines = contour_lines(grid_high, 0.6)  # centre = ½ < 0.6: the high corners are cut off
    cut_off = sorted(tuple(sorted((round(a, 12), round(b, 12)) for a, b in line.points)) for line in lines)
    assert cut_off == [((0.0, 0.4), (0.4, 0.0)), ((0.6, 1.0), (1.0, 0.6))]  # around (0, 0) and (1, 1)


def test_a_level_outside_the_values_has_no_lines():
    grid = sample(lambda a, b: a * a + b * b, (-1.0, 1.0), (-1.0, 1.0), 11)
    assert contour_lines(grid, -1.0) == []
    assert contour_lines(grid, 5.0) == []


def test_sample_puts_f_of_a_i_b_j_in_row_j_column_i():
    grid = sample(lambda a, b: 10 * a + b, (0.0, 2.0), (0.0, 1.0), 3)
    assert grid.a == [0.0, 1.0, 2.0]
    assert grid.b == [0.0, 0.5, 1.0]
    assert grid.z[1] == [0.5, 10.5, 20.5]


def test_geometric_levels_have_a_constant_ratio_above_the_minimum():
    m, M, K = 2.0, 1002.0, 7
    heights = [level - m for level in levels(m, M, K)]
    ratio = 10 ** (LOG_LEVEL_DECADES / (K + 1))  # D decades in K + 1 equal steps
    for lower, upper in itertools.pairwise(heights):
        assert upper / lower == pytest.approx(ratio, rel=1e-12)
    assert heights[-1] * ratio == pytest.approx(M - m, rel=1e-12)  # one more step reaches the top
    assert levels(0.0, 8.0, 3, geometric=False) == [2.0, 4.0, 6.0]


def test_a_value_that_is_not_finite_is_an_error_naming_the_point():
    with pytest.raises(ParameterError, match=r"f\(0.0, 0.0\) must be a finite number, got inf"):
        sample(lambda a, b: 1 / a if a else math.inf, (0.0, 1.0), (0.0, 1.0), 3)  # inf at the corner
    with pytest.raises(ParameterError, match="must be a finite number, got 'x'"):
        sample(lambda a, b: "x", (0.0, 1.0), (0.0, 1.0), 3)  # not a number
