"""Every lesson in examples/ runs, writes the SVG files it announces, and prints its key facts.

Each example runs in a subprocess with --quick into tmp_path, as a reader would
run it (python examples/NAME.py OUTDIR --quick). The facts checked are the ones
its header tells the reader to look for, compared with independent answers
where there is one (statistics.linear_regression, the clean line of the data).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gdlearn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def run(name: str, outdir: Path, *extra: str, cwd: Path | None = None) -> tuple[str, list[ET.Element]]:
    """Run examples/NAME.py; return its stdout and the parsed SVG files it says it wrote."""
    args = [sys.executable, str(EXAMPLES / f"{name}.py"), *([str(outdir)] if outdir else []), *extra]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    written = [
        Path(line.removeprefix("wrote ")) for line in done.stdout.splitlines() if line.startswith("wrote ")
    ]
    assert written, f"{name} announced no files"
    roots = []
    for path in written:
        path = path if path.is_absolute() else (cwd or Path.cwd()) / path
        assert path.is_file(), path
        root = ET.parse(path).getroot()
        assert root.tag == f"{SVG}svg"
        roots.append(root)
    return done.stdout, roots


def number(pattern: str, text: str) -> float:
    """The float captured by the first group of pattern in text (^ and $ match at each line)."""
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace("−", "-"))


def legend(root: ET.Element) -> list[str]:
    """The legend texts of an SVG written by gdlearn.plot."""
    return [
        entry.findtext(f"{SVG}text", "")  # the name; a note may follow it
        for entry in root.iter(f"{SVG}g")
        if entry.get("class") == "legend-entry"
    ]


def test_fit_line(tmp_path: Path) -> None:
    out, roots = run("fit_line", tmp_path, "--quick")
    assert [root.findtext(f"{SVG}title") for root in roots] == [
        "Galton's heights and the fitted line",
        "The loss at each step of batch gradient descent",
    ]
    # |Δw|, |Δb| from least squares after 60 steps of rate 0.1 (each shrinks the error by 0.8)
    assert number(r"\|Δw\| = (\S+),", out) < 1e-5
    assert number(r"\|Δb\| = (\S+)\n", out) < 1e-3
    # the slope gradient descent found, against the statistics module computed here
    data = gdlearn.datasets.galton()
    slope, _ = statistics.linear_regression([row[0] for row in data.X], data.y)
    assert number(r"gradient descent \(60 steps\)\s+(\S+)", out) == pytest.approx(slope, abs=1e-5)


def test_fit_line_writes_into_the_current_directory_by_default(tmp_path: Path) -> None:
    run("fit_line", Path(), "--quick", cwd=tmp_path)  # no OUTDIR
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fit_line-loss.svg", "fit_line.svg"]


def test_batch_vs_stochastic(tmp_path: Path) -> None:
    out, roots = run("batch_vs_stochastic", tmp_path, "--quick")
    assert len(roots) == 3
    table = {}
    for name in ("batch", "mini-batch B=32", "stochastic B=1"):
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        per_epoch, updates, first_epoch, _end, spread, wander = line.removeprefix(name).split()
        table[name] = (int(per_epoch), int(updates), float(first_epoch), float(spread), float(wander))
    assert [row[:2] for row in table.values()] == [(1, 10), (29, 290), (928, 9280)]  # 10 epochs each
    # per epoch, one-row steps get furthest and batch least far
    assert table["stochastic B=1"][2] < table["mini-batch B=32"][2] < table["batch"][2]
    # the noise: none for batch, more for smaller batches, in the loss and in θ
    assert table["batch"][3:] == (0.0, 0.0)
    assert 0 < table["mini-batch B=32"][3] < table["stochastic B=1"][3]
    assert 0 < table["mini-batch B=32"][4] < table["stochastic B=1"][4]
    assert legend(roots[2])[:2] == ["stochastic B=1, last epoch", "mini-batch B=32, last epoch"]


def test_learning_rate(tmp_path: Path) -> None:
    out, roots = run("learning_rate", tmp_path, "--quick")
    assert "η < 2/λ_max = 1;" in out  # standardised Galton: λ = 2 in every direction
    assert re.search(r"η = 1\.5, diverges: DivergenceError caught after \d+ steps", out)
    assert "above the stability limit" in out  # the message explains
    assert out.count("max_epochs;") == 3 and out.count("diverged;") == 1
    (root,) = roots
    assert legend(root) == [
        "η = 0.01, too small",
        "η = 0.3, good",
        "η = 0.9, large, converges",
        "η = 1.5, diverges",
    ]
    # the diverging run is drawn too: its partial history, one point per step before the blow-up
    steps = int(number(r"DivergenceError caught after (\d+) steps", out))
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    points = series[3].find(f"{SVG}polyline").get("points").split()  # type: ignore[union-attr]
    assert len(points) == steps


def test_mse_vs_mae(tmp_path: Path) -> None:
    out, _ = run("mse_vs_mae", tmp_path, "--quick")
    mae_gap = number(r"largest gap (\S+) against", out)
    mse_gap = number(r"largest gap \S+ against (\S+)\)", out)
    assert mae_gap < 1.0 < 5.0 < mse_gap  # the clean line is y = 2x + 1
    mse_gd = number(r"MSE, gradient descent\s+(\S+)", out)
    mse_exact = number(r"MSE, exact \(least_squares\)\s+(\S+)", out)
    mae_gd = number(r"MAE, gradient descent\s+(\S+)", out)
    mae_exact = number(r"MAE, exact \(best line through 2 points\)\s+(\S+)", out)
    assert mse_gd == pytest.approx(mse_exact, abs=1e-3)  # slopes, printed to 3 decimals
    assert mae_gd == pytest.approx(mae_exact, abs=0.01)
    assert mse_gd > 3.0 and mae_gd == pytest.approx(2.0, abs=0.2)


def test_feature_scaling(tmp_path: Path) -> None:
    out, roots = run("feature_scaling", tmp_path, "--quick")
    assert re.search(r"^raw .* 2000   not reached: J = ", out, re.MULTILINE)
    standardised = int(number(r"^standardised .* 1000   (\d+)$", out))
    assert 100 < standardised < 1000
    (root,) = roots
    assert legend(root) == [
        "raw: goal not reached in 2000 steps",
        f"standardised: goal after {standardised} steps",
        "goal: J_min + 1%",
    ]


def test_own_function(tmp_path: Path) -> None:
    out, roots = run("own_function", tmp_path, "--quick")
    assert "Banana is a gdlearn.Differentiable: True" in out
    assert re.search(r"right gradient: .* → OK$", out, re.MULTILINE)
    assert re.search(r"wrong gradient: .* → WRONG", out)
    assert number(r"^\s+3000\s+(\S+)", out) > 0.5  # x after 3000 steps: crawling towards 1
    (root,) = roots
    assert legend(root)[0] == "gradient descent, η = 0.001"
    assert sum(g.get("class") == "contour" for g in root.iter(f"{SVG}g")) == 14


def test_the_docs_count_the_examples_right() -> None:
    scripts = sorted(EXAMPLES.glob("*.py"))
    words = {6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    words |= {13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen"}
    count = words[len(scripts)]
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    tutorial = (EXAMPLES.parent / "docs" / "tutorial.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# Examples\n\n{count.capitalize()} short lessons"), readme[:60]
    assert f"The examples, all {count}," in tutorial
    for script in scripts:  # each has its row in the table
        assert f"[{script.name}]({script.name})" in readme, script.name
