"""The lab's problems: a table from a name to what gradient descent minimises there.

Two kinds, each a row of ``PROBLEMS``:

    data       a linear model fitted to a data set (Galton's heights; mtcars on one
               or two features), raw or standardised; J(θ) is the mean loss (MSE,
               MAE or Huber) of ŷ = w·x + b, θ = (w…, b), θ₀ = 0
    function   a function f(x, y) of two parameters (a quadratic bowl with a
               condition-number knob κ, Rosenbrock's valley, a tilted double well
               and Himmelblau's function from ``landscapes``),
               started from a chosen θ₀ = (x0, y0)

Each problem also says how large η may be: batch gradient descent on a
quadratic with Hessian H converges for η < 2/λ_max(H) (see ``stability``).

    data, MSE     H = (2/n)·X̃ᵀX̃, the same everywhere      exact
    data, Huber   (1/n)·X̃ᵀX̃, where every residual is within M  its curvature bound
    data, MAE     none: the loss has kinks, no curvature
    Quadratic     A, the same everywhere                     exact
    other f       the Hessian at the (global) minimum, by central differences of ∇f

To add a problem, add a row: ``DataEntry`` for a data set, ``FunctionEntry``
for a function of two parameters (any ``Differentiable`` with a
``minimizer``).

>>> problem = build({"problem": "quadratic", "kappa": 10.0, "x0": -4.0, "y0": -1.0})
>>> round(problem.lambda_max, 9), problem.minimum      # the eigenvalues of A are 1 and κ
(10.0, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..datasets import MTCARS_FEATURES, galton, mtcars
from ..functions import Differentiable, Quadratic, Rosenbrock
from ..io.csv_files import Dataset
from ..landscapes import Himmelblau, Saddle
from ..least_squares import least_squares
from ..linalg import symmetric_eigenvalues
from ..losses import get_loss
from ..models import LinearModel
from ..objective import Objective
from ..scaling import Standardizer
from ..stability import quadratic_lambda_max, stable_learning_rate

Box = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class DataEntry:
    """A data set to fit a line (or plane) to; ``options`` are its own query parameters."""

    title: str
    load: Callable[[], Dataset]
    options: tuple[str, ...] = ()
    kind = "data"


@dataclass(frozen=True)
class FunctionEntry:
    """A function of two parameters, drawn over ``box``, started at ``start`` unless x0, y0 say otherwise."""

    title: str
    make: Callable[[Mapping[str, Any]], Differentiable]
    box: Box
    start: tuple[float, float]
    options: tuple[str, ...] = ()
    kind = "function"


def bowl(settings: Mapping[str, Any]) -> Quadratic:
    """f(θ) = ½θᵀAθ with A = κ·uuᵀ + vvᵀ: eigenvalues κ (across, u) and 1 (along, v), minimum 0 at 0.

    The valley's floor v runs at 30° to the x axis, so that no method gets
    the axes for free (Adam's per-coordinate steps would, on a diagonal A).
    """
    kappa = settings["kappa"]
    c, s = math.cos(math.radians(30.0)), math.sin(math.radians(30.0))
    u, v = (-s, c), (c, s)
    A = [[kappa * u[i] * u[j] + v[i] * v[j] for j in range(2)] for i in range(2)]
    A[1][0] = A[0][1]  # symmetric to the bit
    return Quadratic(A, [0.0, 0.0])


PROBLEMS: dict[str, DataEntry | FunctionEntry] = {
    "galton": DataEntry("Galton's heights: child on mid-parent height", galton),
    "mtcars": DataEntry("mtcars: miles per gallon on one or two features", mtcars, ("features",)),
    "quadratic": FunctionEntry(
        "A quadratic bowl ½θᵀAθ with condition number κ", bowl, ((-5.0, 5.0), (-5.0, 5.0)), (-4.0, -1.0),
        ("kappa",),
    ),
    "rosenbrock": FunctionEntry(
        "Rosenbrock's valley (1 − x)² + 100·(y − x²)²", lambda _: Rosenbrock(), ((-2.0, 2.0), (-1.0, 3.0)),
        (-1.2, 1.0),
    ),
    "double-well": FunctionEntry(
        "A tilted double well x⁴ − 2x² + 0.3x + y²: a local minimum and a saddle",
        lambda _: Saddle(tilt=0.3), ((-2.0, 2.0), (-1.5, 1.5)), (1.5, 1.0),
    ),
    "saddle": FunctionEntry(
        "x⁴ − 2x² + y²: two minima and a saddle between them", lambda _: Saddle(),
        ((-2.0, 2.0), (-1.5, 1.5)), (0.0, 1.4),
    ),
    "himmelblau": FunctionEntry(
        "Himmelblau's function (x² + y − 11)² + (x + y² − 7)²: four minima, four saddles, a maximum",
        lambda _: Himmelblau(), ((-6.0, 6.0), (-6.0, 6.0)), (0.0, 0.0),
    ),
}
"""Every problem of the lab, by the name the query uses."""


@dataclass(frozen=True)
class DataProblem:
    """A data set as trained on: X (standardised or raw), y, and the exact least-squares answer."""

    title: str
    X: list[list[float]]
    y: list[float]
    x_raw: list[list[float]]
    feature_names: tuple[str, ...]
    target_name: str
    scaler: Standardizer | None
    loss: str
    exact: LinearModel  # least squares on X: θ* for MSE
    minimum: float | None  # J(θ*) for MSE; None for the other losses (no closed form)
    lambda_max: float | None
    limit_note: str

    @property
    def n_rows(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class FunctionProblem:
    """A function of θ = (x, y) with its start, its box and its known minimum."""

    title: str
    function: Differentiable
    theta0: tuple[float, float]
    box: Box
    minimizer: tuple[float, ...]
    minimum: float
    lambda_max: float | None
    limit_note: str

    @property
    def n_rows(self) -> int:
        return 1


Problem = DataProblem | FunctionProblem


def build(settings: Mapping[str, Any]) -> Problem:
    """The problem that checked query settings describe (see ``queries``)."""
    entry = PROBLEMS[settings["problem"]]
    if isinstance(entry, DataEntry):
        features = tuple(settings.get("features", ()))
        return _data_problem(settings["problem"], features, settings["scale"], settings["loss"])
    f = entry.make(settings)
    minimizer = _lowest_minimum(f)
    lambda_max = quadratic_lambda_max(f) if isinstance(f, Quadratic) else _hessian_top(f, minimizer)
    where = "everywhere (a quadratic)" if isinstance(f, Quadratic) else "at the minimum"
    return FunctionProblem(
        entry.title, f, (settings["x0"], settings["y0"]), entry.box, minimizer, f.value(list(minimizer)),
        lambda_max, f"λ_max of the Hessian {where}",
    )  # fmt: skip


def _lowest_minimum(f: Any) -> tuple[float, ...]:
    """The known minimiser: ``f.minimizer``, or of a landscape's minima the lowest (the first on a tie)."""
    if hasattr(f, "minimizer"):
        return tuple(f.minimizer)
    return tuple(min(f.minima, key=lambda m: f.value(list(m))))


@lru_cache(maxsize=32)
def _data_problem(name: str, features: tuple[str, ...], scale: str, loss: str) -> DataProblem:
    """Load, select, standardise; λ_max and least squares: a few ms, so kept for the next request."""
    entry = PROBLEMS[name]
    assert isinstance(entry, DataEntry)
    data = entry.load()
    columns = [data.feature_names.index(f) for f in features] if features else list(range(data.n_features))
    x_raw = [[row[j] for j in columns] for row in data.X]
    names = tuple(data.feature_names[j] for j in columns)
    scaler = Standardizer.fit(x_raw, names=names) if scale == "standardized" else None
    X = x_raw if scaler is None else scaler.transform(x_raw)
    exact = least_squares(X, data.y)
    minimum = Objective(LinearModel(len(names)), "mse", X, data.y).value(list(exact.theta))
    curvature = get_loss(loss).curvature
    if curvature is None:
        lambda_max, note = None, "none: MAE has kinks, so no curvature limits η"
    else:  # the MSE Hessian (2/n)·X̃ᵀX̃ scaled to the loss's curvature bound c
        lambda_max = stable_learning_rate(X).lambda_max * curvature / 2.0
        note = "λ_max of H = (2/n)·X̃ᵀX̃" if loss == "mse" else "λ_max of (1/n)·X̃ᵀX̃, Huber's quadratic zone"
    return DataProblem(
        entry.title, X, list(data.y), x_raw, names, data.target_name, scaler, loss, exact,
        minimum if loss == "mse" else None, lambda_max, note,
    )  # fmt: skip


def _hessian_top(f: Differentiable, theta: tuple[float, ...]) -> float | None:
    """λ_max of the Hessian at θ: Hᵢⱼ = (∂ᵢf(θ + h·eⱼ) − ∂ᵢf(θ − h·eⱼ))/2h, symmetrised; None without θ."""
    if not theta:
        return None
    columns = []
    for j, theta_j in enumerate(theta):
        h = 1e-5 * max(1.0, abs(theta_j))
        plus, minus = list(theta), list(theta)
        plus[j], minus[j] = theta_j + h, theta_j - h
        columns.append([(a - b) / (2 * h) for a, b in zip(f.gradient(plus), f.gradient(minus))])
    p = len(theta)
    H = [[(columns[j][i] + columns[i][j]) / 2 for j in range(p)] for i in range(p)]
    lambda_max = symmetric_eigenvalues(H)[-1]
    return lambda_max if lambda_max > 0 else None


def problem_table() -> list[dict[str, Any]]:
    """The problems for the page: name, title, kind and own options."""
    return [
        {"name": name, "title": entry.title, "kind": entry.kind, "options": list(entry.options)}
        | ({"box": entry.box, "start": entry.start} if isinstance(entry, FunctionEntry) else {})
        for name, entry in PROBLEMS.items()
    ]


__all__ = [
    "MTCARS_FEATURES",
    "PROBLEMS",
    "DataEntry",
    "DataProblem",
    "FunctionEntry",
    "FunctionProblem",
    "Problem",
    "build",
    "problem_table",
]
