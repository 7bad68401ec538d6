"""Polynomial features: a curve fitted by the linear model, one expanded row at a time.

A polynomial in x is linear in its coefficients:

    f(x; θ) = w₁·x + w₂·x² + … + w_k·xᵏ + b = w·φ(x) + b,   φ(x) = (x, x², …, xᵏ)

so the linear model fitted to the expanded rows φ(xᵢ) fits the polynomial,
with everything the linear model has: the exact answer of ``least_squares``,
the stability limit, the fast paths. With d features, φ(x) holds each
monomial x₁^a₁·…·x_d^a_d of total degree a₁ + … + a_d from 1 to k once:

    C(d + k, k) − 1 columns        (d = 2, k = 2: x₁, x₂, x₁², x₁·x₂, x₂²)

in scikit-learn's order (``PolynomialFeatures(k, include_bias=False)``):
degree by degree, and within a degree the column indices j₁ ≤ j₂ ≤ … in
lexicographic order. The constant 1 is left out: the model's bias is it.

Expanded columns need standardising (``Standardizer``) more than raw ones.
Their sizes spread like xᵏ (horsepower 52 … 335 gives hp³ up to 3.8e7), and
on data away from 0, x, x², x³ rise together, nearly collinear. Both make
the Hessian's condition number κ huge, and gradient descent needs about κ
steps. Standardising the expanded columns equalises the sizes; standardising
x before expanding also takes out most of the collinearity (z and z² hardly
correlate when z is centred). examples/polynomial_regression.py prints κ
for each.

>>> polynomial_features([[2.0], [3.0]], 3)       # x, x², x³
[[2.0, 4.0, 8.0], [3.0, 9.0, 27.0]]
>>> polynomial_features([[2.0, 3.0]], 2)         # x₁, x₂, x₁², x₁·x₂, x₂²
[[2.0, 3.0, 4.0, 6.0, 9.0]]
>>> polynomial_names(["x1", "x2"], 2)
['x1', 'x2', 'x1²', 'x1·x2', 'x2²']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations_with_replacement
from typing import Any

from .checks import positive_int
from .errors import ParameterError
from .vectors import as_matrix

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def polynomial_terms(d: int, degree: int) -> list[tuple[int, ...]]:
    """The monomials of degree 1 … k in d columns, each as the tuple of its column indices j₁ ≤ j₂ ≤ ….

    (0, 0, 1) is x₀²·x₁. There are C(d + k, k) − 1 of them.

    >>> polynomial_terms(2, 2)
    [(0,), (1,), (0, 0), (0, 1), (1, 1)]
    """
    return [
        term for k in range(1, degree + 1) for term in combinations_with_replacement(range(d), k)
    ]


def polynomial_features(X: Any, degree: int) -> list[list[float]]:
    """φ(x) for each row x of X: every monomial of degree 1 … ``degree``, in the module's order.

    φ(x)ₜ = Πⱼ∈ₜ xⱼ for each term t of ``polynomial_terms``; degree 1 gives X back.
    """
    rows = as_matrix(X, "X")
    terms = polynomial_terms(len(rows[0]), positive_int(degree, "degree"))
    return [[math.prod(x[j] for j in term) for term in terms] for x in rows]


def polynomial_names(names: Sequence[str], degree: int) -> list[str]:
    """The name of each column of ``polynomial_features``: 'x²', 'x1·x2', in the same order."""
    names = [str(name) for name in names]
    if not names:
        raise ParameterError("names must name at least one column, got none")
    terms = polynomial_terms(len(names), positive_int(degree, "degree"))
    return ["·".join(_power(names[j], term.count(j)) for j in sorted(set(term))) for term in terms]


def _power(name: str, a: int) -> str:
    """'x' for a = 1, else 'x' with the exponent as superscript digits: 'x²', 'x¹⁰'."""
    return name if a == 1 else name + str(a).translate(_SUPERSCRIPTS)
