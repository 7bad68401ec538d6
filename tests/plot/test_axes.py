"""Axes and ticks: round steps, ranges that cover the data, labels that read back as the tick values."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlearn.errors import ParameterError
from gdlearn.plot.axes import format_number, format_value, linear_axis, log_axis
from gdlearn.plot.curves import as_series

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


def step_of(ticks: list[float]) -> float:
    return ticks[1] - ticks[0]


def is_round(step: float) -> bool:
    """True if step = m·10ᵉ with m ∈ {1, 2, 5}."""
    e = math.floor(math.log10(step) + 1e-9)
    mantissa = step / 10**e
    return any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 5, 10))


@given(finite, finite, st.integers(min_value=3, max_value=12))
def test_loose_linear_axis_covers_the_data_with_round_evenly_spaced_ticks(a, b, max_ticks):
    lo, hi = min(a, b), max(a, b)
    axis = linear_axis(lo, hi, max_ticks=max_ticks)
    assert 2 <= len(axis.ticks) <= max_ticks
    assert axis.lo <= lo and axis.hi >= hi  # covers the data
    assert axis.lo == axis.ticks[0] and axis.hi == axis.ticks[-1]  # ends on ticks (same floats)
    step = step_of(axis.ticks)
    assert is_round(step)
    for left, right in itertools.pairwise(axis.ticks):
        assert right - left == pytest.approx(step, rel=1e-9)


@given(finite, finite, st.integers(min_value=2, max_value=12))
def test_tight_linear_axis_keeps_the_range_and_puts_ticks_inside(a, b, max_ticks):
    lo, hi = min(a, b), max(a, b)
    axis = linear_axis(lo, hi, max_ticks=max_ticks, tight=True)
    if hi - lo > 1e-9 * max(abs(lo), abs(hi)) and hi - lo >= 1e-300:  # not widened
        assert (axis.lo, axis.hi) == (lo, hi)
    assert 1 <= len(axis.ticks) <= max_ticks
    span = axis.hi - axis.lo
    for tick in axis.ticks:
        assert axis.lo - 1e-9 * span <= tick <= axis.hi + 1e-9 * span


@given(finite, finite)
def test_labels_read_back_as_the_tick_values(a, b):
    axis = linear_axis(min(a, b), max(a, b))
    step = step_of(axis.ticks)
    for tick, label in zip(axis.ticks, axis.labels):
        assert float(label) == pytest.approx(tick, abs=1e-9 * step)
    assert len(set(axis.labels)) == len(axis.labels)  # no two ticks look alike


def test_hand_picked_linear_axes():
    assert linear_axis(0.3, 9.2).labels == ["0", "2", "4", "6", "8", "10"]
    assert linear_axis(0.0, 1.0, max_ticks=3).labels == ["0.0", "0.5", "1.0"]
    plain = ["0", "50000", "100000", "150000", "200000", "250000"]
    assert linear_axis(0.0, 2.5e5, max_ticks=6).labels == plain
    big = ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"]  # all in one style, even 5e5
    assert linear_axis(0.0, 2.5e6, max_ticks=6).labels == big
    assert linear_axis(0.0, 5e-5, max_ticks=6).labels == ["0", "1e-5", "2e-5", "3e-5", "4e-5", "5e-5"]
    widened = ["-3.3", "-3.2", "-3.1", "-3.0", "-2.9", "-2.8", "-2.7"]  # −3 ± 10 %
    assert linear_axis(-3.0, -3.0).labels == widened


def test_a_loose_axis_asked_for_two_ticks_around_zero_gets_three():
    assert linear_axis(0.0, 0.0, max_ticks=2).labels == ["-1", "0", "1"]  # 0 widened to ±1


def test_a_range_within_float_precision_counts_as_one_value():
    nudged = ["0.90", "0.95", "1.00", "1.05", "1.10", "1.15"]  # not 16-digit labels 1e-16 apart
    assert linear_axis(1.0, 1.0 + 1e-15).labels == nudged
    axis = linear_axis(0.0, 5e-324, tight=True)  # a subnormal span
    assert (axis.lo, axis.hi) == (-1.0, 1.0)


@given(
    st.floats(min_value=1e-300, max_value=1e300), st.floats(min_value=1e-300, max_value=1e300), st.booleans()
)
def test_log_axis_covers_the_data_with_ticks_inside(a, b, tight):
    lo, hi = min(a, b), max(a, b)
    axis = log_axis(lo, hi, tight=tight)
    assert axis.lo <= lo and axis.hi >= hi
    assert axis.ticks and all(axis.lo <= t <= axis.hi for t in axis.ticks)


def test_float_edge_cases_found_by_hypothesis():
    assert linear_axis(-2.0, 5e-324).hi >= 5e-324  # 5e-324 / 2 underflows to 0
    assert (
        linear_axis(9.4e299, 9.999999999999999e299, max_ticks=3, tight=True).ticks[-1]
        <= 9.999999999999999e299
    )
    assert log_axis(1.0, 9.999999999999346e299, max_ticks=2, tight=True).labels == [
        "1",
        "1e299",
    ]  # log10 → 300.0
    narrow = log_axis(1e-300, 1.0000000000000002e-300, tight=True)  # one value: widened to ×/÷ 2
    assert narrow.lo == pytest.approx(5e-301, rel=1e-12) and all(
        narrow.lo <= t <= narrow.hi for t in narrow.ticks
    )


def test_fraction_is_linear_on_a_linear_axis():
    axis = linear_axis(0.0, 10.0)
    assert axis.fraction(2.5) == pytest.approx(0.25, abs=1e-15)


def test_log_axis_puts_powers_of_ten_evenly():
    axis = log_axis(1.0, 100.0)
    assert axis.labels == ["1", "10", "100"]
    assert [axis.fraction(t) for t in axis.ticks] == pytest.approx([0.0, 0.5, 1.0], abs=1e-15)
    assert axis.fraction(math.sqrt(10.0)) == pytest.approx(0.25, abs=1e-15)  # log₁₀ √10 = ½
    assert len(axis.minor) == 16  # 2 … 9 in each of two decades


def test_log_axis_widens_to_whole_decades_unless_tight():
    loose = log_axis(0.02, 350.0)
    assert (loose.lo, loose.hi) == (pytest.approx(0.01, rel=1e-15), pytest.approx(1000.0, rel=1e-15))
    tight = log_axis(0.02, 350.0, tight=True)
    assert (tight.lo, tight.hi) == (0.02, 350.0)
    assert tight.labels == ["0.1", "1", "10", "100"]


def test_log_axis_with_many_decades_labels_every_few():
    axis = log_axis(1e-9, 1e3)
    exponents = [round(math.log10(t)) for t in axis.ticks]
    assert exponents == [-9, -7, -5, -3, -1, 1, 3]
    assert axis.minor == []


def test_narrow_log_axis_falls_back_to_1_2_5_then_linear_steps():
    assert log_axis(2.5, 400.0, tight=True).labels == ["5", "10", "20", "50", "100", "200"]
    assert log_axis(3.1, 3.5, tight=True).labels == ["3.1", "3.2", "3.3", "3.4", "3.5"]


def test_format_number_and_format_value():
    assert format_number(0.25, decimals=2) == "0.25"
    assert format_number(1e-7) == "1e-7"
    assert format_number(2e6) == "2e6"
    assert format_number(-0.0) == "0"  # never "-0"
    for value in (1234.5, 0.000123456, 2.0, 99.96, -3.14159e8, 6.02e23, 1.0e-7, 0.5):
        assert float(format_value(value)) == pytest.approx(float(f"{value:.3g}"), rel=1e-12)
    assert format_value(1234.5) == "1230"  # plain digits, not 1.23e+03


def test_as_series_forms():
    assert as_series([3, 2], "loss") == [("loss", [0.0, 1.0], [3.0, 2.0])]
    assert as_series({"a": [1.0], "b": ([5, 7], [2, 1])}, "loss") == [
        ("a", [0.0], [1.0]),
        ("b", [5.0, 7.0], [2.0, 1.0]),
    ]
    assert as_series([[0, 1], [4, 3]], "loss") == [("loss", [0.0, 1.0], [4.0, 3.0])]  # a bare (xs, ys)


def test_bad_series_and_axes():
    with pytest.raises(ParameterError, match="empty"):
        as_series({}, "loss")  # no series at all
    with pytest.raises(ParameterError, match="must not be empty"):
        as_series({"a": []}, "loss")  # a series with no values
    with pytest.raises(ParameterError, match=r"y\[1\] must be finite, got nan|\[1\] must be finite"):
        as_series({"a": [1.0, math.nan]}, "loss")  # nan
    with pytest.raises(ParameterError, match="must be finite, got inf"):
        as_series([1.0, math.inf], "loss")  # inf
    with pytest.raises(ParameterError, match="must be a number, got True"):
        as_series([1.0, True], "loss")  # a bool is not a number
    with pytest.raises(ParameterError, match="sequence of numbers, got str"):
        as_series("abc", "loss")  # a string
    with pytest.raises(ParameterError, match="3 xs but 2 ys"):
        as_series({"a": ([0, 1, 2], [1.0, 2.0])}, "loss")  # xs and ys differ in length
    with pytest.raises(ParameterError, match="names must be strings"):
        as_series({1: [1.0]}, "loss")  # a name that is not a string
    with pytest.raises(ParameterError, match=r"positive values, got 0\.0"):
        log_axis(0.0, 1.0)  # log of 0
    with pytest.raises(ParameterError, match="too large for a float"):
        linear_axis(-1e308, 1e308)  # the span overflows
