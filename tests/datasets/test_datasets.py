"""The built-in data sets: the right rows, the right columns, and Galton's famous slope.

Each data set is checked against the package's CSV file read by the
standard ``csv`` module (an independent parser), and Galton's slope against
``statistics.linear_regression``.
"""

from __future__ import annotations

import csv
import io
import statistics
from importlib.resources import files

import pytest

import gdlearn
from gdlearn import least_squares
from gdlearn.datasets import galton, mtcars


def rows_of(filename: str) -> list[dict[str, str]]:
    text = files("gdlearn.datasets").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_reachable_after_import_gdlearn():
    assert gdlearn.datasets.galton().n_samples == 928
    assert gdlearn.datasets.mtcars().n_samples == 32


def test_galton_matches_its_csv():
    data = galton()
    rows = rows_of("galton.csv")
    assert (data.n_samples, data.n_features) == (928, 1)
    assert data.feature_names == ("parent",)
    assert data.target_name == "child"
    assert [x[0] for x in data.X] == pytest.approx([float(r["parent"]) for r in rows], rel=1e-15)
    assert data.y == pytest.approx([float(r["child"]) for r in rows], rel=1e-15)
    assert data.X[0][0] == pytest.approx(70.5, rel=1e-15)  # first data line: 70.5,61.7
    assert data.y[0] == pytest.approx(61.7, rel=1e-15)


def test_galton_slope_is_about_0_65():
    data = galton()
    parent = [x[0] for x in data.X]
    line = statistics.linear_regression(parent, data.y)
    assert line.slope == pytest.approx(0.65, abs=0.01)  # the famous regression towards the mean
    model = least_squares(data.X, data.y)
    assert model.weights[0] == pytest.approx(line.slope, rel=1e-9)
    assert model.bias == pytest.approx(line.intercept, rel=1e-9)


def test_galton_names_its_source():
    data = galton()
    assert "Galton" in data.source and "1886" in data.source
    assert "Regression towards mediocrity in hereditary stature" in data.source
    assert "0.65" in data.description
    assert galton.__doc__ is not None and "0.65" in galton.__doc__


def test_mtcars_matches_its_csv():
    data = mtcars()
    rows = rows_of("mtcars.csv")
    names = ("cyl", "disp", "hp", "drat", "wt", "qsec", "vs", "am", "gear", "carb")
    assert (data.n_samples, data.n_features) == (32, 10)
    assert data.feature_names == names
    assert data.target_name == "mpg"
    for x, y, row in zip(data.X, data.y, rows):
        assert x == pytest.approx([float(row[name]) for name in names], rel=1e-15)
        assert y == pytest.approx(float(row["mpg"]), rel=1e-15)
    # First data line, by hand: Mazda RX4,21,6,160,110,3.9,2.62,16.46,0,1,4,4
    assert data.X[0] == pytest.approx([6, 160, 110, 3.9, 2.62, 16.46, 0, 1, 4, 4], rel=1e-15)
    assert data.y[0] == pytest.approx(21.0, rel=1e-15)


def test_mtcars_features_are_on_very_different_scales():
    data = mtcars()
    spread = {name: statistics.pstdev(column) for name, column in zip(data.feature_names, zip(*data.X))}
    assert spread["disp"] / spread["am"] > 100  # cubic inches against 0/1
    assert "Henderson" in data.source and "Motor Trend" in data.source
    assert "scale" in data.description


def test_each_call_returns_fresh_lists():
    first = galton()
    first.y[0] = -1.0
    assert galton().y[0] == pytest.approx(61.7, rel=1e-15)
