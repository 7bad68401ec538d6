"""examples/nonconvex.py, convergence_rate.py and no_minimum.py run (--quick) and print the right facts.

The facts are checked against answers computed here without the examples:
the literature's coordinates of Himmelblau's minima and the closed form of
its Hessian's eigenvalues at (3, 2); the double well's minima by bisection;
the saddle's escape time from the linearised step; the rates from λ_min and
λ_max by Jacobi on H formed here (the example uses ``stable_learning_rate``:
Householder and QR) and from Himmelblau's Hessian by hand; eˣ's walk by a loop written
here and its closed-form bounds.
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
from gdlearn.linalg import symmetric_eigen

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def run(name: str, outdir: Path) -> tuple[str, dict[str, ET.Element]]:
    """Run examples/NAME.py OUTDIR --quick; return its stdout and the SVG files it announced, parsed."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), str(outdir), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    pictures = {}
    for line in done.stdout.splitlines():
        if line.startswith("wrote "):
            path = Path(line.removeprefix("wrote "))
            pictures[path.name] = ET.parse(path).getroot()
    return done.stdout, pictures


def legend(root: ET.Element) -> list[str]:
    return [
        "".join(entry.itertext()).strip()
        for entry in root.iter(f"{SVG}g")
        if entry.get("class") == "legend-entry"
    ]


def cells(line: str) -> list[str]:
    return line.split()


def test_nonconvex(tmp_path: Path) -> None:
    out, pictures = run("nonconvex", tmp_path)
    table = [line for line in out.splitlines() if re.match(r"\s*\(-?\d", line)]
    kinds = [re.search(r"(minimum|maximum|saddle)", line).group(1) for line in table]  # type: ignore[union-attr]
    assert kinds == ["minimum"] * 4 + ["maximum"] + ["saddle"] * 4
    # at (3, 2): H = [[74, 20], [20, 34]], λ = 54 ∓ 20√2
    assert table[0].split()[-2:] == [f"{54 - 20 * math.sqrt(2):.2f},", f"{54 + 20 * math.sqrt(2):.2f}"]
    for line in table[5:]:  # a saddle: one negative eigenvalue, one positive
        low, high = (float(v.strip(",")) for v in line.split()[-2:])
        assert low < 0 < high
    # four starts, four minima: the literature's coordinates to 6 digits
    ends = re.findall(r"from \(.*?\): ends at \((\S+), (\S+)\), a minimum", out)
    listed = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    assert [(float(a), float(b)) for a, b in ends] == [pytest.approx(m, abs=1.5e-6) for m in listed]
    # the tilted double well: the roots of 4x³ − 4x + 0.5 by bisection, and f there
    f = lambda x: (x * x - 1) ** 2 + 0.5 * x  # noqa: E731
    slope = lambda x: 4 * x**3 - 4 * x + 0.5  # noqa: E731
    left, right = (bisect(slope, -2.0, -0.6), bisect(slope, 0.6, 2.0))
    assert f"from x = -0.5: x = {left:+.6f}, f = {f(left):+.4f}, a minimum" in out
    assert f"from x = +0.5: x = {right:+.6f}, f = {f(right):+.4f}, a minimum" in out
    # the saddle: x₀ = 0 stays, x₀ = 1e-10 escapes when x ≈ 1e-10·1.2ᵏ reaches √0.005
    assert re.search(r"x₀ = 0 .*past it \(f < −0.01\) at step never.* a saddle$", out, re.MULTILINE)
    escape = math.log(math.sqrt(0.005) / 1e-10) / math.log(1.2)
    past = int(re.search(r"x₀ = 1e-10 .*past it \(f < −0.01\) at step (\d+)", out).group(1))  # type: ignore[union-attr]
    assert abs(past - escape) <= 2
    assert "θ is a saddle point, not a minimum" in out
    # the pictures: four basins sharing the starts, and the saddle's line x = 0
    assert sorted(pictures) == ["nonconvex-himmelblau.svg", "nonconvex-saddle.svg", "nonconvex-stall.svg"]
    shares = [
        int(re.search(r"(\d+)%", name).group(1)) for name in legend(pictures["nonconvex-himmelblau.svg"])[:4]
    ]  # type: ignore[union-attr]
    assert all(15 <= share <= 35 for share in shares) and 97 <= sum(shares) <= 103
    assert legend(pictures["nonconvex-saddle.svg"])[2] == "elsewhere:   8%"  # 1 column of 13 starts


def bisect(g: object, lo: float, hi: float) -> float:
    for _ in range(200):
        mid = (lo + hi) / 2
        if (g(mid) > 0) == (g(lo) > 0):  # type: ignore[operator]
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def test_convergence_rate(tmp_path: Path) -> None:
    out, pictures = run("convergence_rate", tmp_path)
    rows = {}
    for name in (
        "bowl diag(1, 100), GD",
        "mtcars, GD at 1/λ_max",
        "mtcars, tuned heavy ball",
        "Himmelblau near (3, 2), GD",
    ):
        line = next(line for line in out.splitlines() if line.startswith(name))
        rows[name] = line.removeprefix(name).split()
    # the rates from λ_min and λ_max of H = (2/n)·Z̃ᵀZ̃ by Jacobi, and by hand
    cars = gdlearn.datasets.mtcars()
    Z1 = [[*z, 1.0] for z in gdlearn.Standardizer.fit(cars.X).transform(cars.X)]  # Z̃
    p = len(Z1[0])
    H = [[2 / len(Z1) * math.fsum(z[i] * z[j] for z in Z1) for j in range(p)] for i in range(p)]
    values, _ = symmetric_eigen(H)
    kappa = values[-1] / values[0]
    himmelblau_min = 54 - 20 * math.sqrt(2)  # the smaller eigenvalue at (3, 2); η·λ_max = 0.82 < 1 − ηλ_min
    expected = {
        "bowl diag(1, 100), GD": 1 - 0.01 * 1.0,
        "mtcars, GD at 1/λ_max": 1 - 1 / kappa,
        "mtcars, tuned heavy ball": (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1),
        "Himmelblau near (3, 2), GD": 1 - 0.01 * himmelblau_min,
    }
    for name, rho in expected.items():
        predicted, measured, _window, with_k, says, took = rows[name]
        assert float(predicted) == pytest.approx(rho, abs=1e-6)
        assert int(says) == math.ceil(math.log(1e-6) / math.log(rho))
        if "heavy ball" in name:  # the factor k of a repeated root
            assert float(measured) == pytest.approx(float(with_k), rel=1e-3)
            assert float(measured) > rho
        else:
            assert float(measured) == pytest.approx(rho, abs=2e-6)
            assert int(took) <= int(says)  # for plain GD on a bowl ρᵏ‖e₀‖ bounds the error
    assert sorted(pictures) == ["convergence_rate-momentum.svg", "convergence_rate.svg"]
    assert legend(pictures["convergence_rate.svg"]) == [
        "bowl: measured",
        "bowl: predicted 0.9900ᵏ",
        "mtcars, GD: measured",
        f"mtcars, GD: predicted {1 - 1 / kappa:.4f}ᵏ",
    ]


def test_no_minimum(tmp_path: Path) -> None:
    out, pictures = run("no_minimum", tmp_path)
    # eˣ from 0 with η = 1, by a loop written here
    x, walk = 0.0, [0.0]
    for _ in range(1000):
        x -= math.exp(x)
        walk.append(x)
    for k in (0, 1, 10, 100, 1000):
        line = next(line for line in out.splitlines() if re.match(rf"\s+{k} ", line))
        x_exp, f_exp, upper, lower, _x_soft, f_soft = (float(v) for v in line.split()[1:])
        assert x_exp == pytest.approx(walk[k], abs=5e-5)
        assert (
            1 / (2 + k + math.log(max(k, 1))) <= f_exp <= 1 / (1 + k) * (1 + 1e-4)
        )  # the closed-form bounds
        assert (upper, lower) == (
            pytest.approx(1 / (1 + k), rel=1e-4),
            pytest.approx(1 / (2 + k + math.log(max(k, 1))), rel=1e-4),
        )
        assert f_soft > 0
    assert len(re.findall(r"^\S+: not critical:", out, re.MULTILINE)) == 2
    assert "Newton step 1.000000 long" in out  # f′/f″ = 1 for eˣ
    steps = next(k for k, x in enumerate(walk) if math.exp(x) <= 0.01)  # grad_tol = 0.01
    assert f"stop reason 'converged' after {steps} steps" in out
    assert "yet θ is not critical" in out
    assert sorted(pictures) == ["no_minimum-x.svg", "no_minimum.svg"]
    assert legend(pictures["no_minimum.svg"])[2].startswith("bound 1/(1 + ηk)")
