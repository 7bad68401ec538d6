"""The lab's problems and scenarios, against answers worked out independently.

- the double well: its gradient against finite differences, its critical
  points against the trigonometric roots of the cubic, each one's kind
  from the sign of f'' along x (finite differences again);
- λ_max of each problem against closed forms of 2×2 Hessians;
- each preset does what its line on the page says.
"""

from __future__ import annotations

import itertools
import math
import statistics
from typing import Any

import pytest

from gdlearn.datasets import galton, mtcars
from gdlearn.lab.presets import PRESETS
from gdlearn.lab.problems import DataProblem, FunctionProblem, bowl, build
from gdlearn.lab.queries import check_work, read
from gdlearn.lab.runs import Run, run
from gdlearn.landscapes import Saddle


def top_eigenvalue(a: float, b: float, d: float) -> float:
    """λ_max of [[a, b], [b, d]] = (a + d)/2 + √(((a − d)/2)² + b²)."""
    return (a + d) / 2 + math.hypot((a - d) / 2, b)


def settings(query: str) -> dict[str, Any]:
    return read(query).settings


# ---------------------------------------------------------------- λ_max, against closed forms


def test_the_bowl_has_eigenvalues_kappa_and_one_along_thirty_degrees():
    for kappa in (1.0, 10.0, 1000.0):
        A = bowl({"kappa": kappa}).A
        assert A[0][1] == A[1][0]
        trace, det = A[0][0] + A[1][1], A[0][0] * A[1][1] - A[0][1] ** 2
        assert trace == pytest.approx(kappa + 1, rel=1e-12) and det == pytest.approx(kappa, rel=1e-9)
        v = (math.cos(math.pi / 6), math.sin(math.pi / 6))  # the floor of the valley: A·v = 1·v
        assert [A[i][0] * v[0] + A[i][1] * v[1] for i in range(2)] == pytest.approx(list(v), abs=1e-12)
        problem = build(settings(f"problem=quadratic&kappa={kappa}"))
        assert isinstance(problem, FunctionProblem)
        assert problem.lambda_max == pytest.approx(kappa, rel=1e-9) and problem.minimum == 0.0


def test_lambda_max_of_raw_galton_and_of_huber():
    x = [row[0] for row in galton().X]
    # H = (2/n)·X̃ᵀX̃ = 2·[[mean x², mean x], [mean x, 1]]
    expected = top_eigenvalue(2 * statistics.fmean(v * v for v in x), 2 * statistics.fmean(x), 2.0)
    mse = build(settings("problem=galton&scale=raw"))
    huber = build(settings("problem=galton&scale=raw&loss=huber"))
    assert isinstance(mse, DataProblem) and isinstance(huber, DataProblem)
    assert mse.lambda_max == pytest.approx(expected, rel=1e-9)
    assert huber.lambda_max == pytest.approx(expected / 2, rel=1e-9)  # ℓ'' ≤ 1 instead of 2
    assert build(settings("problem=galton&loss=mae")).lambda_max is None


def test_lambda_max_of_rosenbrock_at_its_minimum():
    problem = build(settings("problem=rosenbrock"))
    assert problem.lambda_max == pytest.approx(top_eigenvalue(802.0, -400.0, 200.0), rel=1e-6)


def test_mtcars_takes_the_chosen_columns_and_standardises_them():
    data = mtcars()
    problem = build(settings("problem=mtcars&features=hp,wt"))
    assert isinstance(problem, DataProblem) and problem.feature_names == ("hp", "wt")
    hp, wt = data.feature_names.index("hp"), data.feature_names.index("wt")
    assert problem.x_raw == [[row[hp], row[wt]] for row in data.X]
    for j in range(2):
        column = [row[j] for row in problem.X]
        assert statistics.fmean(column) == pytest.approx(0.0, abs=1e-12)
        assert statistics.pstdev(column) == pytest.approx(1.0, rel=1e-12)


# ---------------------------------------------------------------- the presets show what they say


def runs_of(name: str) -> list[Run]:
    (preset,) = [p for p in PRESETS if p.name == name]
    query = read(preset.query)
    problem = build(query.settings)
    updates = check_work(query, problem)
    return [run(problem, query, k, m, u) for k, (m, u) in enumerate(zip(query.methods, updates), start=1)]


def test_divergence_just_below_and_just_above_the_limit():
    below, above = runs_of("divergence")
    assert below.limit == above.limit == pytest.approx(1.0, rel=1e-12)
    assert below.learning_rate < 1.0 < above.learning_rate
    assert below.message is None and below.result.final_loss == pytest.approx(5.0002937655, rel=1e-9)
    assert above.message is not None and "above the stability limit" in above.message


def test_zigzag_plain_gd_bounces_across_and_momentum_gets_further():
    plain, heavy, nesterov = runs_of("zigzag")
    across = (-math.sin(math.pi / 6), math.cos(math.pi / 6))  # the steep direction, eigenvalue κ = 50
    assert plain.result.path is not None
    sides = [across[0] * x + across[1] * y for x, y in plain.result.path[:30]]
    assert all(a * b < 0 for a, b in itertools.pairwise(sides))  # each step crosses: 1 − 0.036·50 < 0
    for r in (plain, heavy, nesterov):
        assert r.limit is not None and r.learning_rate < r.limit
    assert nesterov.result.final_loss < heavy.result.final_loss < plain.result.final_loss


def test_local_minimum_gd_is_trapped_and_momentum_rolls_over():
    plain, heavy = runs_of("local-minimum")
    global_minimum, local_minimum = Saddle(tilt=0.3).minima
    assert list(plain.result.theta) == pytest.approx(list(local_minimum), abs=1e-9)
    assert list(heavy.result.theta) == pytest.approx(list(global_minimum), abs=1e-6)


def test_saddle_gd_stalls_on_it_with_a_zero_gradient():
    (stalled,) = runs_of("saddle")
    x, y = stalled.result.theta
    assert x == 0.0 and abs(y) < 1e-12  # the saddle of x⁴ − 2x² + y², exactly
    assert math.hypot(*Saddle().gradient([x, y])) < 1e-12
    assert stalled.result.n_iter == 300


def test_noise_ball_sgd_keeps_moving_around_the_minimum():
    batch, stochastic, mini = runs_of("noise-ball")
    problem = build(settings("problem=galton"))
    assert isinstance(problem, DataProblem) and problem.minimum is not None
    gap = {r.label: [J - problem.minimum for J in r.result.epoch_loss[1:]] for r in (batch, stochastic, mini)}
    assert max(gap[batch.label]) < 1e-12  # η = 1/λ_max with H = 2I: the minimum in one step
    assert min(gap[stochastic.label]) > 1e-2  # never settles: the noise of one row per step
    assert 1e-5 < gap[mini.label][-1] < gap[stochastic.label][-1]  # 32 rows: a smaller ball


def test_adams_first_step_is_eta_per_coordinate():
    adam, plain = runs_of("adam")
    assert adam.result.path is not None and plain.result.path is not None
    (x0, y0), (x1, y1) = adam.result.path[:2]
    A = bowl({"kappa": 10.0}).A
    g = [A[0][0] * x0 + A[0][1] * y0, A[1][0] * x0 + A[1][1] * y0]
    # m̂₁ = g, v̂₁ = g²: the step is −η·g/(|g| + ε), η = 0.5 in each coordinate
    expected = [-0.5 * math.copysign(1, g_i) for g_i in g]
    assert [x1 - x0, y1 - y0] == pytest.approx(expected, rel=1e-7)
    (p0, q0), (p1, q1) = plain.result.path[:2]
    assert [p1 - p0, q1 - q0] == pytest.approx([-0.1 * g[0], -0.1 * g[1]], rel=1e-12)  # −η·∇f
