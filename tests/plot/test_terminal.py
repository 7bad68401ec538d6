"""The terminal chart: every line fits, points land where the formula says, bad input is refused."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn.errors import ParameterError
from gdlearn.plot.terminal import MARKERS, line_chart


def plot_rows(chart: str, height: int, title_lines: int = 0) -> list[str]:
    """The ``height`` rows of the plot area, without the tick labels and the "|"."""
    lines = chart.splitlines()[title_lines + 1 : title_lines + 1 + height]
    return [line.split("|", 1)[1] if "|" in line else "" for line in lines]


def marker_rows(chart: str, height: int, marker: str) -> dict[int, int]:
    """column → row (0 = top) of each ``marker`` in the plot area."""
    found = {}
    for row, cells in enumerate(plot_rows(chart, height)):
        for column, cell in enumerate(cells):
            if cell == marker:
                found[column] = row
    return found


def plot_columns(chart: str, width: int) -> int:
    """The width of the plot area: what the tick labels and " |" leave."""
    first_row = chart.splitlines()[1]
    return width - first_row.index("|") - 1


def tick_rows(chart: str, height: int) -> dict[str, int]:
    """y tick label → row (0 = top)."""
    rows = {}
    for row, line in enumerate(chart.splitlines()[1 : 1 + height]):
        label = line.split("|", 1)[0].strip()
        if label:
            rows[label] = row
    return rows


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=20, max_value=120),
    st.integers(min_value=3, max_value=25),
    st.lists(st.floats(min_value=1e-6, max_value=1e6), min_size=1, max_size=300),
    st.booleans(),
)
def test_every_line_fits_the_width(width, height, ys, log):
    chart = line_chart(
        {"a long series name": ys, "b": ys[::-1]},
        width=width,
        height=height,
        log=log,
        title="A title that is longer than the narrowest charts are wide",
    )
    assert all(len(line) <= width for line in chart.splitlines())


def test_default_chart_fits_80_columns_and_15_rows():
    ys = [100 * math.exp(-k / 50) for k in range(2000)]
    lines = line_chart(ys).splitlines()
    assert max(len(line) for line in lines) <= 80
    assert len(plot_rows(line_chart(ys), 15)) == 15
    assert lines[0] == "loss"  # the y label on top
    assert lines[-1].strip() == "iteration"  # the x label at the bottom (no legend for a bare list)


def test_a_point_lands_on_the_row_and_column_of_the_formula():
    # y axis 0 … 4 (ticks 0, 2, 4) on 5 rows: y = 3 → row round(3/4 · 4) = 3 from the bottom = 1 from the top.
    # x axis 0 … 4 on P columns: x = 2 → column round(2/4 · (P − 1)).
    chart = line_chart([0.0, 1.0, 3.0, 4.0, 4.0], width=30, height=5)
    columns = plot_columns(chart, 30)
    assert columns == 30 - len("4 |")
    positions = marker_rows(chart, 5, "*")
    assert positions[round(2 / 4 * (columns - 1))] == 1  # the point (2, 3)
    assert positions[0] == 4  # (0, 0) on the bottom row
    assert tick_rows(chart, 5) == {"4": 0, "2": 2, "0": 4}


def test_a_decreasing_series_is_drawn_decreasing():
    ys = [50.0 / (1 + k) for k in range(500)]
    positions = marker_rows(line_chart(ys, height=12), 12, "*")
    rows = [positions[column] for column in sorted(positions)]
    assert rows[0] < rows[-1] == 11  # ends on the bottom row
    assert all(a <= b for a, b in itertools.pairwise(rows))  # never goes up


def test_log_scale_puts_1_10_100_on_evenly_spaced_rows():
    chart = line_chart([100.0, 10.0, 1.0], log=True, height=15)
    rows = tick_rows(chart, 15)
    assert rows == {"100": 0, "10": 7, "1": 14}
    positions = marker_rows(chart, 15, "*")
    assert [positions[c] for c in sorted(positions)] == [0, 7, 14]  # each point on its tick row
    assert chart.splitlines()[0] == "loss (log scale)"


def test_log_scale_puts_a_geometric_series_on_a_straight_line():
    ys = [1000 * 0.5**k for k in range(11)]  # log₁₀ y falls by log₁₀ 2 per step
    positions = marker_rows(line_chart(ys, log=True, width=60, height=31), 31, "*")
    columns = sorted(positions)
    rows = [positions[c] for c in columns]
    slope = (rows[-1] - rows[0]) / (columns[-1] - columns[0])
    for column, row in zip(columns, rows):
        assert abs(row - (rows[0] + slope * (column - columns[0]))) <= 1  # within rounding


def test_long_series_are_downsampled_to_the_mean_of_each_column():
    # 0, 10, 0, 10, …: each column holds as many 0s as 10s, so every column is drawn at 5.
    ys = [0.0, 10.0] * 2000
    chart = line_chart({"noisy": ys, "edges": [0.0, 10.0]}, width=60, height=11)
    noisy = marker_rows(chart, 11, "*")
    rows = tick_rows(chart, 11)
    assert (rows["10"], rows["0"]) == (0, 10)  # so y = 5 is row 5
    assert len(noisy) > 40 and set(noisy.values()) == {5}


def test_several_series_get_their_own_markers_and_a_legend():
    chart = line_chart(
        {"batch": [3.0, 2.0, 1.0], "mini-batch": [3.0, 1.5, 1.0], "stochastic": [3.0, 2.5, 0.5]}
    )
    legend = chart.splitlines()[-1]
    assert legend == "* batch   o mini-batch   x stochastic"
    for marker in MARKERS[:3]:
        assert marker_rows(chart, 15, marker)  # each series is on the chart


def test_series_of_different_lengths_share_the_x_axis():
    # the per-epoch losses at iterations 0, 100, 200 on the same axis as 201 per-iteration losses
    chart = line_chart(
        {"iteration": [10.0 - k / 40 for k in range(201)], "epoch": ([0, 100, 200], [10.0, 7.5, 5.0])},
        width=60,
    )
    epochs = marker_rows(chart, 15, "o")
    columns = plot_columns(chart, 60)
    assert sorted(epochs) == [0, round(0.5 * (columns - 1)), columns - 1]
    assert "0" in chart.splitlines()[-3] and "200" in chart.splitlines()[-3]  # x tick labels


def test_a_long_title_is_wrapped_and_a_constant_series_is_drawn():
    chart = line_chart([5.0] * 10, title="word " * 30, width=40)
    assert all(len(line) <= 40 for line in chart.splitlines())
    assert chart.count("*") == 10


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ParameterError, match="width must be at least 20"):
        line_chart([1.0], width=10)  # too narrow
    with pytest.raises(ParameterError, match="height must be at least 3"):
        line_chart([1.0], height=2)  # too low
    with pytest.raises(ParameterError, match="width must be a whole number"):
        line_chart([1.0], width=50.5)  # not a whole number
    with pytest.raises(ParameterError, match=r"y\[1\] = 0\.0; use log=False"):
        line_chart({"a": [1.0, 0.0]}, log=True)  # log of 0
    with pytest.raises(ParameterError, match=r"y\[0\] = -2\.0"):
        line_chart({"a": [-2.0]}, log=True)  # log of a negative number
    with pytest.raises(ParameterError, match="must be finite, got nan"):
        line_chart([1.0, math.nan])  # nan
    with pytest.raises(ParameterError, match="must be finite, got inf"):
        line_chart({"a": [1.0, math.inf]})  # inf
    with pytest.raises(ParameterError, match="must not be empty"):
        line_chart([])  # no values
    with pytest.raises(ParameterError, match="at most 8 series"):
        line_chart({str(k): [1.0] for k in range(9)})  # more series than markers
    with pytest.raises(ParameterError, match="log must be True or False"):
        line_chart([1.0], log="yes")  # log is a flag
    with pytest.raises(ParameterError, match="leaves no room"):
        line_chart([1.234e-200, 1.235e-200], width=20)  # tick labels like 1.2342e-200 leave no room
