"""examples/polynomial_regression.py and examples/own_model.py run (--quick) and print the right facts.

The facts are checked against answers computed here without gdlearn's
solvers: the least-squares parabola from the normal equations in exact
fractions, the condition numbers from the characteristic polynomial of the
Hessian (exact coefficients), the bound on the epochs that κ implies, and
for a·tanh(w·x + c) + b the loss, its central differences and the variance
of y written out in this file.
"""

from __future__ import annotations

import importlib.util
import math
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

import gdlearn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def run(name: str, outdir: Path) -> tuple[str, ET.Element]:
    """Run examples/NAME.py OUTDIR --quick; its stdout and the one SVG it announces, parsed."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), str(outdir), "--quick"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    (picture,) = [line.removeprefix("wrote ") for line in lines if line.startswith("wrote ")]
    return done.stdout, ET.parse(picture).getroot()


def numbers(pattern: str, text: str) -> list[float]:
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return [float(group) for group in found.groups()]


def legend(root: ET.Element) -> list[str]:
    entries = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend-entry"]
    return [entry.findtext(f"{SVG}text", "") for entry in entries]


def solve(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """Ax = b by Gaussian elimination in exact fractions."""
    p = len(b)
    M = [[*row, rhs] for row, rhs in zip(A, b)]
    for k in range(p):
        pivot = next(i for i in range(k, p) if M[i][k] != 0)
        M[k], M[pivot] = M[pivot], M[k]
        for i in range(p):
            if i != k:
                factor = M[i][k] / M[k][k]
                M[i] = [a - factor * c for a, c in zip(M[i], M[k])]
    return [M[k][p] / M[k][k] for k in range(p)]


def kappa(columns: list[list[float]]) -> float:
    """λ_max/λ_min of H = (2/n)·X̃ᵀX̃ (X̃: the columns and a column of ones), for 1 or 2 columns.

    H's characteristic polynomial has exact coefficients (fractions): the sums of
    its principal minors. λ_max is its largest root by Newton's method from the
    trace (above every root); λ_min is then the product of the roots divided by
    the others, which cancels nothing.
    """
    n = len(columns[0])
    X = [[Fraction(v) for v in column] for column in columns] + [[Fraction(1)] * n]
    H = [[2 * sum(u * v for u, v in zip(a, b)) / n for b in X] for a in X]
    if len(H) == 2:
        c = [H[0][0] + H[1][1], H[0][0] * H[1][1] - H[0][1] ** 2]
    else:
        minors = sum(H[i][i] * H[j][j] - H[i][j] ** 2 for i in range(3) for j in range(i + 1, 3))
        det = (
            H[0][0] * (H[1][1] * H[2][2] - H[1][2] ** 2)
            - H[0][1] * (H[0][1] * H[2][2] - H[1][2] * H[0][2])
            + H[0][2] * (H[0][1] * H[1][2] - H[1][1] * H[0][2])
        )
        c = [H[0][0] + H[1][1] + H[2][2], minors, det]
    coefficients = [float(v) for v in c]  # t^p − c₁t^(p−1) + c₂t^(p−2) − …
    p = len(coefficients)

    def poly(t: float) -> tuple[float, float]:
        value, slope = 1.0, 0.0
        for k, ck in enumerate(coefficients, start=1):
            slope = slope * t + value
            value = value * t + (-1) ** k * ck
        return value, slope

    top = coefficients[0]
    for _ in range(200):
        value, slope = poly(top)
        top -= value / slope
    if p == 2:
        return top / (coefficients[1] / top)
    rest_sum, rest_product = float(c[0] - Fraction(top)), coefficients[2] / top  # λ₂ + λ₃, λ₂·λ₃
    middle = (rest_sum + math.sqrt(rest_sum**2 - 4 * rest_product)) / 2
    return top / (rest_product / middle)


def standardised(column: list[float]) -> list[float]:
    mu, s = statistics.fmean(column), statistics.pstdev(column)
    return [(v - mu) / s for v in column]


def test_polynomial_regression_example(tmp_path: Path) -> None:
    out, picture = run("polynomial_regression", tmp_path)
    cars = gdlearn.datasets.mtcars()
    hp = [row[cars.feature_names.index("hp")] for row in cars.X]
    n = len(hp)

    # the least-squares parabola: the normal equations Φ̃ᵀΦ̃θ = Φ̃ᵀy, in exact fractions
    phi = [[Fraction(h), Fraction(h) ** 2, Fraction(1)] for h in hp]
    y = [Fraction(v) for v in cars.y]
    A = [[sum(r[i] * r[j] for r in phi) for j in range(3)] for i in range(3)]
    theta = solve(A, [sum(r[i] * v for r, v in zip(phi, y)) for i in range(3)])
    J_star = float(sum((sum(t * x for t, x in zip(theta, r)) - v) ** 2 for r, v in zip(phi, y)) / n)
    w1, w2, b, printed_J = numbers(r"w₁ = (\S+), w₂ = (\S+), b = (\S+); J\* = (\S+) mpg²", out)
    assert [w1, w2, b] == pytest.approx([float(t) for t in theta], rel=1e-5)
    assert [w1, w2, b] == pytest.approx([-0.2133083, 0.0004208156, 40.40912], rel=1e-5)  # R's lm
    assert printed_J == pytest.approx(J_star, rel=1e-5)

    # κ by degree: degree 1 and 2 against the characteristic polynomial
    z = standardised(hp)
    by_degree = {
        1: [kappa([hp]), kappa([standardised(hp)]), kappa([z])],
        2: [
            kappa([hp, [h * h for h in hp]]),
            kappa([standardised(hp), standardised([h * h for h in hp])]),
            kappa([standardised(z), standardised([v * v for v in z])]),
        ],
    }
    for degree, expected in by_degree.items():
        printed = numbers(rf"^\s+{degree}\s+(\S+)\s+(\S+)\s+(\S+)$", out)
        assert printed == pytest.approx(expected, rel=5e-3)  # printed to 3 digits
    assert re.search(r"^\s+3\s+≥ 1e14\s", out, re.MULTILINE)  # raw cubic: singular up to rounding

    # the runs: at η = 1/λ_max, J − J* shrinks at least by (1 − 1/κ)² per epoch
    gap0 = float(sum(v * v for v in y) / n) - J_star  # J(0) − J*
    goal = 1e-6 * J_star
    for route, k in (("standardised", by_degree[2][1]), ("z first", by_degree[2][2])):
        epochs, gap, _ = numbers(rf"^{route}\s+\S+\s+\S+\s+(\d+)\s+(\S+)\s+(\S+)$", out)
        assert epochs <= math.log(gap0 / goal) / (-2 * math.log(1 - 1 / k)) + 1
        assert gap <= goal
    assert numbers(r"^z first\s+\S+\s+\S+\s+\d+\s+\S+\s+(\S+)$", out)[0] < 1e-9  # the curve of least squares
    raw_gap, raw_off = numbers(r"^raw\s+\S+\s+\S+\s+not reached\s+(\S+)\s+(\S+)$", out)
    assert raw_gap > 100 and raw_off > 10  # κ = 3e10: nowhere near

    assert legend(picture) == [
        f"raw (κ = {by_degree[2][0]:.3g})",
        f"standardised (κ = {by_degree[2][1]:.3g})",
        f"z first (κ = {by_degree[2][2]:.3g})",
    ]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_own_model_example(tmp_path: Path) -> None:
    out, picture = run("own_model", tmp_path)
    X, y = load("own_model").data()  # the data it trains on (the answers below are computed here)

    def J(theta: list[float]) -> float:
        a, w, c, b = theta
        return math.fsum((a * math.tanh(w * x + c) + b - t) ** 2 for (x,), t in zip(X, y)) / len(y)

    def dJ(theta: list[float], j: int, h: float = 1e-6) -> float:
        up, down = list(theta), list(theta)
        up[j] += h
        down[j] -= h
        return (J(up) - J(down)) / (2 * h)

    # the gradient checks: the wrong backward's ∂J/∂w against central differences taken here
    assert re.search(r"^right backward: OK: passed", out, re.MULTILINE)
    wrong = r"^wrong backward: WRONG: failed at w: analytic (\S+) but central differences give (\S+)"
    analytic, numeric = numbers(wrong, out)
    assert numeric == pytest.approx(dJ([0.5, -1.0, 0.3, 0.2], 1), rel=1e-5)
    assert abs(analytic - numeric) / abs(numeric) > 0.5

    # J* and θ*: a minimum of the J written here, flat to the printed digits, and every run above it
    J_star, *theta_star = numbers(r"J\* = (\S+) at a = (\S+), w = (\S+), c = (\S+), b = (\S+)$", out)
    assert J(theta_star) == pytest.approx(J_star, abs=1e-10)
    assert max(abs(dJ(theta_star, j)) for j in range(4)) < 1e-4
    for j in range(4):
        for step in (-1e-2, 1e-2):
            nudged = list(theta_star)
            nudged[j] += step
            assert J(nudged) > J_star
    rule_names = r"(gradient descent|momentum 0\.9|Nesterov 0\.9|Adam)"
    batch_names = r"(batch \(all 40\)|mini-batch 8|stochastic 1)"
    verdicts = r"(converged|still descending|hovering)"
    row = rf"^{rule_names}\s+{batch_names}\s+(\S+)\s+{verdicts}\s+\[(.*)\]$"
    rows = re.findall(row, out, re.MULTILINE)
    assert len(rows) == 12
    for rule, batches, gap, verdict, theta in rows:
        final = [float(t) for t in theta.split(", ")]
        assert float(gap) >= -1e-12  # J* is the least loss
        assert J(final) - J_star == pytest.approx(float(gap), abs=0.01)  # θ printed to 3 decimals
        if batches.startswith("batch"):
            assert float(gap) < 1e-3, (rule, gap)
        if batches.startswith("stochastic"):
            assert verdict == "hovering" and float(gap) < 0.1, (rule, gap)

    # from θ = 0 only b moves, to the mean of y, and J stops at the variance of y
    b, loss, variance = numbers(r"a=0, w=0, c=0, b=(\S+)\), J = (\S+) \(the variance of y: (\S+)\)", out)
    assert b == pytest.approx(statistics.fmean(y), abs=1e-5)
    assert loss == pytest.approx(statistics.pvariance(y), abs=1e-6)
    assert variance == pytest.approx(statistics.pvariance(y), abs=1e-6)
    assert "verdict 'converged': a stationary point" in out

    assert legend(picture) == [
        f"{rule}, {batches}"
        for rule in ("gradient descent", "Adam")
        for batches in ("batch (all 40)", "mini-batch 8", "stochastic 1")
    ]
