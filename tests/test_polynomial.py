"""Polynomial features: the monomials by hand, their number C(d + k, k) − 1, scikit-learn's order, a fit."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from gdlearn import (
    DataError,
    ParameterError,
    Standardizer,
    fit,
    least_squares,
    polynomial_features,
    polynomial_names,
)
from gdlearn.polynomial import polynomial_terms


def test_one_feature_gives_its_powers() -> None:
    assert polynomial_features([[2.0], [-3.0]], 4) == [[2.0, 4.0, 8.0, 16.0], [-3.0, 9.0, -27.0, 81.0]]
    assert polynomial_names(["hp"], 3) == ["hp", "hp²", "hp³"]


def test_two_features_of_degree_three_by_hand() -> None:
    x1, x2 = 2.0, 5.0
    expected = [x1, x2, x1**2, x1 * x2, x2**2, x1**3, x1**2 * x2, x1 * x2**2, x2**3]
    assert polynomial_features([[x1, x2]], 3) == [expected]
    assert polynomial_names(["a", "b"], 3) == ["a", "b", "a²", "a·b", "b²", "a³", "a²·b", "a·b²", "b³"]


def test_degree_one_gives_the_rows_back() -> None:
    assert polynomial_features([[1, 2, 3], [4, 5, 6]], 1) == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


@pytest.mark.parametrize(("d", "k"), [(1, 1), (1, 5), (2, 2), (3, 3), (4, 2), (5, 4)])
def test_the_number_of_columns_is_c_of_d_plus_k_choose_k_minus_one(d: int, k: int) -> None:
    assert len(polynomial_features([[1.0] * d], k)[0]) == math.comb(d + k, k) - 1
    assert len(polynomial_names([f"x{j}" for j in range(d)], k)) == math.comb(d + k, k) - 1
    assert len(set(polynomial_terms(d, k))) == math.comb(d + k, k) - 1  # each monomial once


def test_names_use_superscripts_for_every_power() -> None:
    assert polynomial_names(["x"], 12)[-3:] == ["x¹⁰", "x¹¹", "x¹²"]


def test_the_order_is_scikit_learns() -> None:
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    rows = [[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]]
    theirs = preprocessing.PolynomialFeatures(3, include_bias=False).fit_transform(rows)
    assert polynomial_features(rows, 3) == pytest.approx(theirs.tolist(), rel=1e-15)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ParameterError, match="degree"):
        polynomial_features([[1.0]], 0)  # no terms at all
    with pytest.raises(ParameterError, match="degree"):
        polynomial_features([[1.0]], True)  # a bool is not a degree
    with pytest.raises(DataError):
        polynomial_features([[1.0], [1.0, 2.0]], 2)  # ragged rows
    with pytest.raises(ParameterError, match="at least one column"):
        polynomial_names([], 2)  # nothing to name


def test_a_cubic_is_recovered_exactly_and_by_gradient_descent_on_standardised_columns() -> None:
    # y = 1 − 2x + 0.5x² + 0.25x³ exactly, at x = −2 … 3 in quarters
    xs = [Fraction(k, 4) for k in range(-8, 13)]
    coefficients = [Fraction(-2), Fraction(1, 2), Fraction(1, 4)]
    y = [float(1 + sum(c * x ** (j + 1) for j, c in enumerate(coefficients))) for x in xs]
    phi = polynomial_features([[float(x)] for x in xs], 3)
    exact = least_squares(phi, y)
    assert exact.theta == pytest.approx([-2.0, 0.5, 0.25, 1.0], rel=1e-12)
    scaler = Standardizer.fit(phi)
    run = fit(scaler.transform(phi), y, learning_rate="auto", epochs=3000)
    back = scaler.unscale_model(run.model)  # in the units of x, x², x³
    assert back.theta == pytest.approx([-2.0, 0.5, 0.25, 1.0], rel=1e-8)
