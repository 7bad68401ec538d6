"""examples/optimizers.py and examples/classify.py run (--quick, in a subprocess) and print the right facts.

The facts are checked against answers computed here without the example:
a heavy-ball loop written from PyTorch's formula for the iteration counts,
and the coefficients R's glm reports for logistic regression on mtcars.
"""

from __future__ import annotations

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


def run(name: str, *args: str, cwd: Path) -> tuple[str, dict[str, ET.Element]]:
    """Run examples/NAME.py; return its stdout and the SVG files it announced, parsed."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    pictures = {}
    for line in done.stdout.splitlines():
        if line.startswith("wrote "):
            path = Path(line.removeprefix("wrote "))
            path = path if path.is_absolute() else cwd / path
            pictures[path.name] = ET.parse(path).getroot()
    return done.stdout, pictures


def legend(root: ET.Element) -> list[str]:
    return [
        entry.findtext(f"{SVG}text", "")  # the name; a note may follow it
        for entry in root.iter(f"{SVG}g")
        if entry.get("class") == "legend-entry"
    ]


def row(text: str, name: str) -> list[str]:
    """The cells after the method name in the table row that starts with name."""
    found = re.search(rf"^{re.escape(name)}\s+(.*)$", text, re.MULTILINE)
    assert found, f"no row {name!r} in:\n{text}"
    return re.split(r"\s{2,}", found.group(1).strip())


def test_optimizers_example(tmp_path: Path) -> None:
    out, pictures = run("optimizers", str(tmp_path), "--quick", cwd=tmp_path)
    assert sorted(pictures) == [
        "optimizers-mtcars-loss.svg",
        "optimizers-rosenbrock-loss.svg",
        "optimizers-rosenbrock-paths.svg",
    ]
    methods = ["gradient descent", "momentum 0.9", "Nesterov 0.9", "Adam"]
    assert sorted(legend(pictures["optimizers-rosenbrock-loss.svg"])) == sorted(methods)
    assert sorted(legend(pictures["optimizers-mtcars-loss.svg"])) == sorted(methods)
    paths_legend = legend(pictures["optimizers-rosenbrock-paths.svg"])
    assert sorted(paths_legend) == sorted([*methods, "minimum (1, 1)", "start", "end"])

    # --quick budgets: 2000 Rosenbrock iterations, 300 on mtcars. Plain GD reaches neither goal.
    assert row(out, "gradient descent") == ["— (> 2000)", "— (> 300)"]
    rosen_momentum, cars_momentum = (int(cell) for cell in row(out, "momentum 0.9"))
    assert rosen_momentum < 2000

    # The mtcars count for momentum, recomputed by a loop written from b ← μb + g, θ ← θ − ηb.
    cars = gdlearn.datasets.mtcars()
    Z = gdlearn.Standardizer.fit(cars.X).transform(cars.X)
    exact = gdlearn.least_squares(Z, cars.y)  # the closed form, not gradient descent
    n = len(Z)
    least = sum((p - t) ** 2 for p, t in zip(exact.predict(Z), cars.y)) / n
    eta = gdlearn.stable_learning_rate(Z).rate
    theta, b = [0.0] * 11, [0.0] * 11
    k = 0
    while True:
        residuals = [sum(w * x for w, x in zip(theta, row)) + theta[10] - t for row, t in zip(Z, cars.y)]
        if sum(r * r for r in residuals) / n <= least * (1 + 1e-6):
            break
        g = [2 / n * sum(r * row[j] for r, row in zip(residuals, Z)) for j in range(10)]
        g.append(2 / n * sum(residuals))
        b = g if k == 0 else [0.9 * b_j + g_j for b_j, g_j in zip(b, g)]
        theta = [t - eta * b_j for t, b_j in zip(theta, b)]
        k += 1
    assert abs(cars_momentum - k) <= 1
    assert f"J ≤ {least * (1 + 1e-6):.6f}" in out


def test_classify_example(tmp_path: Path) -> None:
    out, pictures = run("classify", "--quick", cwd=tmp_path)  # no OUTDIR: the current directory
    assert list(pictures) == ["classify-loss.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classify-loss.svg"]
    assert legend(pictures["classify-loss.svg"]) == ["gradient descent", "momentum 0.9", "Adam"]
    _, log_loss, accuracy, w_wt, w_hp, b = (float(cell) for cell in row(out, "momentum 0.9"))
    # R: glm(am ~ hp + wt, family = binomial, data = mtcars) gives
    # (Intercept) 18.86630, hp 0.03626, wt −8.08348.
    assert (w_wt, w_hp, b) == pytest.approx((-8.08348, 0.03626, 18.86630), abs=1e-4)
    # The mean log loss at R's coefficients, log(1 + e^z) − y·z per car.
    cars = gdlearn.datasets.mtcars()
    names = list(cars.feature_names)
    at_r = 0.0
    for x in cars.X:
        z = -8.08348 * x[names.index("wt")] + 0.03626 * x[names.index("hp")] + 18.86630
        at_r += math.log1p(math.exp(z)) - x[names.index("am")] * z
    assert log_loss == pytest.approx(at_r / 32, abs=2e-6)
    assert accuracy == pytest.approx(30 / 32, abs=1e-4)
    assert "Misclassified by the momentum run (2 of 32)" in out
