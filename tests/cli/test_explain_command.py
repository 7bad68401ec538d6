"""``gdlearn explain`` run as a user runs it, and compared with ``gdlearn fit`` run with the same options."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", *args], capture_output=True, text=True, timeout=120
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def user_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1 with one line on stderr naming the problem, no traceback."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gdlearn: error: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    path.write_text("a,b,y\n1,2,5\n2,1,4\n3,5,2\n4,4,5\n5,0,11\n0,3,-2\n")
    return path


@pytest.fixture
def outliers(tmp_path: Path) -> Path:
    # y ≈ 0.5x, but rows 4 and 6 are far off the line
    path = tmp_path / "outliers.csv"
    path.write_text("x,y\n-1,-0.5\n-0.5,-0.2\n0,0.1\n0.2,4\n0.5,0.2\n-0.3,-3.5\n1,0.6\n0.8,0.4\n")
    return path


def test_galton_by_default():
    out = ok("explain")
    assert out.startswith(
        "Galton's heights: 928 rows, 1 feature, target child\nUpdate 1 of batch gradient descent"
    )
    for stage in ("1. predictions", "2. residuals", "3. the loss", "4. each row's slope", "5. the gradient"):
        assert stage in out
    assert "ŷ₁ = 0·70.5 + 0 = 0" in out  # the first row of Galton's data
    assert "J = L = (1/928)(" in out and "w_parent ← 0 − 0.0001·" in out


def test_adam_at_update_3_on_standardised_galton():
    out = ok("explain", "--standardize", "--optimizer", "adam", "--step", "3")
    assert "Update 3 of batch Adam: η₀ = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e−08" in out
    assert "the state after 2 updates" in out and "Adam's moments m₂ = [" in out
    for line in ("w_parent: m₃ = 0.9·", "b:        v₃ = 0.999·", "w_parent: m̂₃ = ", "1 − 0.9^3 = 0.271"):
        assert line in out
    assert "θ ← θ − η·m̂₃/(√v̂₃ + ε)" in out


def test_nesterov_at_update_2_on_standardised_galton():
    out = ok("explain", "--standardize", "--momentum", "0.9", "--nesterov", "--step", "2")
    assert "the velocity u₁ = [" in out
    assert "the velocity  uₜ = μ·uₜ₋₁ + (1 − τ)·g;  μ = 0.9, τ = 0" in out
    assert "Nesterov's look-ahead  g + μ·u₂" in out
    assert "the look-ahead μ·u₂ carried b further than the gradient alone" in " ".join(out.split())


def test_huber_on_a_csv_with_outliers(outliers):
    # at θ = 0, r = −y: the outliers 4 and −3.5 are beyond M = 1, the other rows within it
    data = [str(outliers), "--target", "y", "--loss", "huber", "--learning-rate", "0.5", "--show", "8"]
    for step in ("1", "10"):
        out = ok("explain", *data, "--step", step)
        assert "the quadratic part, |rᵢ| ≤ M: rows 1, 2, 3, 5, 7, 8 (6 rows)" in out
        assert "the linear part, |rᵢ| > M: rows 4, 6 (2 rows)" in out
    first = ok("explain", *data)
    assert "δ₄ = 1·sign(−4)/8 = −0.125  (linear: |r₄| = 4 > M)" in first
    assert "δ₅ = (−0.2)/8 = −0.025  (quadratic: |r₅| = 0.2 ≤ M)" in first


def test_mini_batch_mae_on_a_csv(table):
    out = ok("explain", str(table), "--target", "y", "--loss", "mae", "--batch-size", "2", "--step", "4")
    assert "Update 4 of mini-batch gradient descent" in out
    assert (
        "sign(rᵢ)/|ℬ|" in out
        and "|ℬ| = 2 of 6:" in out
        and "batch 1 of 3 in epoch 2, shuffled with seed 0" in out
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--learning-rate", "0.01", "--momentum", "0.9"],
        [
            "--learning-rate",
            "0.01",
            "--momentum",
            "0.5",
            "--nesterov",
            "--l2",
            "0.1",
            "--weight-decay",
            "0.01",
        ],
        ["--optimizer", "adam", "--learning-rate", "0.3", "--schedule", "exp:0.9", "--l1", "0.2"],
        ["--loss", "huber", "--learning-rate", "0.05", "--dampening", "0.5", "--momentum", "0.5"],
        ["--learning-rate", "0.01", "--l1", "12", "--proximal"],  # w_b lands on 0 at update 2, stays at 3
    ],
)
def test_explain_prints_the_numbers_fit_prints(table, options):
    # fit for T epochs of batch GD prints θ after T updates and the loss before the first and after the last
    T, data = 3, [str(table), "--target", "y", *options]
    fitted = ok("fit", *data, "--batch-size", "full", "--epochs", str(T), "--quiet")
    equation = re.search(r"^y = (.*)$", fitted, re.M)[1]
    start, end = re.search(r"loss (\S+) at the start, (\S+) at the end", fitted).groups()
    first, last = ok("explain", *data, "--step", "1"), ok("explain", *data, "--step", str(T))
    # the last line that sets each parameter (with --proximal, the proximal step's, after the update's)
    setting = r"^   {} +← .* = (\S+?)(?:  \(.*\))?$"
    theta = [re.findall(setting.format(name), last, re.M)[-1] for name in ("w_a", "w_b", "b")]
    theta = [v.replace("−", "-") for v in theta]  # fit prints an equation to paste into Python
    signs = ["" if v.startswith("-") else "+" for v in theta]
    assert equation.replace(" ", "") == f"{theta[0]}*a{signs[1]}{theta[1]}*b{signs[2]}{theta[2]}"
    assert re.search(r"J = (\S+) before the update", first)[1] == start
    assert re.search(r"before the update, (\S+) after it", last)[1] == end


def test_user_errors(table):
    user_error(run("explain", "--step", "0"), "--step", "0")
    user_error(run("explain", "--show", "0"), "--show")
    user_error(run("explain", "--optimizer", "adam", "--momentum", "0.9"), "momentum")
    user_error(run("explain", "--features", "a"), "CSV")
    diverging = run("explain", str(table), "--target", "y", "--learning-rate", "1", "--step", "60")
    user_error(diverging, "diverged", "before update 60 could be explained")
