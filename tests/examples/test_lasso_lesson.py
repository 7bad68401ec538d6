"""examples/lasso.py runs (--quick) and prints the right facts.

The lasso's solution the example prints is checked here without the example's
code: the lasso's optimality conditions, with the gradient of (1/n)‖X̃θ − y‖²
computed by a loop written here (|gⱼ| ≤ λ₁ where wⱼ = 0, gⱼ = −λ₁·sign(wⱼ)
elsewhere, ∂/∂b = 0), and scikit-learn's Lasso(alpha = λ₁/2) when present.
"""

from __future__ import annotations

import importlib.util
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gdlearn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"
CARS = gdlearn.datasets.mtcars()
Z = gdlearn.Standardizer.fit(CARS.X).transform(CARS.X)


def kkt_violation(X: list[list[float]], y: list[float], theta: list[float], l1: float) -> float:
    n, d = len(X), len(X[0])
    r = [math.fsum([*(theta[j] * x[j] for j in range(d)), theta[d], -t]) for x, t in zip(X, y)]
    g = [2 / n * math.fsum(r[i] * X[i][j] for i in range(n)) for j in range(d)]
    worst = abs(2 / n * math.fsum(r))
    for g_j, w_j in zip(g, theta):
        worst = max(worst, max(abs(g_j) - l1, 0.0) if w_j == 0 else abs(g_j + math.copysign(l1, w_j)))
    return worst


def test_lasso(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "lasso.py"), str(tmp_path), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    # the table: θ* (coordinate descent), the proximal run, the subgradient run, to 9 digits
    table = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line.split() and line.split()[0] in (*CARS.feature_names, "b")
    }
    star = [0.0 if row[0] == "exactly" else float(row[0]) for row in table.values()]
    assert kkt_violation(Z, CARS.y, star, 1.0) < 1e-8  # the printed θ*, 9 digits, is the lasso's
    assert re.search(r"exactly 0 in lasso θ\*: +disp, qsec, vs, gear$", out, re.M)
    assert re.search(r"exactly 0 in proximal: +disp, qsec, vs, gear$", out, re.M)
    assert re.search(r"exactly 0 in subgradient: none$", out, re.M)
    proximal = re.search(r"‖θ − θ\*‖ of the proximal run: +(\S+) +verdict: converged$", out, re.M)
    subgradient = re.search(r"‖θ − θ\*‖ of the subgradient run: +(\S+) +verdict: hovering$", out, re.M)
    assert proximal and float(proximal[1]) < 1e-6  # 1000 updates in --quick: 3e-8
    assert subgradient and 0.1 < float(subgradient[1]) < 0.5
    assert "w_disp: exactly 0 from update 92 on in the proximal run" in out
    pictures = [ET.parse(tmp_path / name).getroot() for name in ("lasso.svg", "lasso-weights.svg")]
    titles = [picture.findtext(f"{SVG}title") for picture in pictures]
    assert titles == [
        "Proximal steps converge to the lasso's θ*; subgradient steps stall 0.25 away",
        "w_disp over the first 600 updates: held at exactly 0, or hopping across it",
    ]


def test_the_coordinate_descent_reference() -> None:
    # the example's own reference solver, against the optimality conditions and scikit-learn
    spec = importlib.util.spec_from_file_location("lasso_example", EXAMPLES / "lasso.py")
    assert spec is not None and spec.loader is not None
    lesson = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lesson)
    for l1 in (0.1, 1.0, 5.0):
        star = lesson.lasso_by_coordinate_descent(Z, CARS.y, l1)
        assert kkt_violation(Z, CARS.y, star, l1) < 1e-12
    linear_model = pytest.importorskip("sklearn.linear_model")
    reference = linear_model.Lasso(alpha=0.5, tol=1e-14, max_iter=10**6).fit(Z, CARS.y)
    expected = [*map(float, reference.coef_), float(reference.intercept_)]
    assert lesson.lasso_by_coordinate_descent(Z, CARS.y, 1.0) == pytest.approx(expected, abs=1e-9)
