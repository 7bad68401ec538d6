"""Scale: benchmarks/million_rows.py runs (at a small size here), and loaded rows carry no spare room.

The million-row figures themselves are in the README ("Limits and errors");
they depend on the machine, so they are printed by the script, not asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gdlearn import LinearModel, Objective, load_csv

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "million_rows.py"


@pytest.mark.once  # the benchmark's smoke test: run under the main CPython only (.ci/run)
def test_the_million_row_benchmark_runs_at_a_small_size(tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "3000", "--features", "4", "--epochs", "2",
         "--batch-size", "64", "--csv", str(csv), "--tracemalloc"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert f"generated {csv}" in out and "3,000 rows × 4 features" in out
    assert re.search(r"load_csv: +\d+\.\d s +peak memory +\d+ MB", out)
    assert "94 updates over 2 epochs" in out  # ⌈3000/64⌉ = 47 batches per epoch
    assert "tracemalloc: load_csv peak" in out and "tracemalloc: fit peak" in out
    gap = float(re.search(r"max \|θ − θ_true\| = (\S+);", out).group(1))  # type: ignore[union-attr]
    assert gap < 0.05  # the weights of the generating formula, up to noise and 2 epochs
    header, first = csv.read_text(encoding="utf-8").splitlines()[:2]
    assert header == "x1,x2,x3,x4,y" and len(first.split(",")) == 5


def test_loaded_rows_and_converted_rows_take_no_spare_room(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c,d,e,f,g,h,i,j,y\n" + "1,2,3,4,5,6,7,8,9,10,11\n" * 3, encoding="utf-8")
    data = load_csv(path, "y")
    assert data.X[0] == pytest.approx([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], rel=1e-15)
    assert data.y == pytest.approx([11.0, 11.0, 11.0], rel=1e-15)
    # A list grown by appends keeps room to spare (16 slots for 11 values); a row keeps only its 10,
    # as does the objective's checked copy of it.
    exact = sys.getsizeof([0.0] * 10)
    assert [sys.getsizeof(row) for row in data.X] == [exact] * 3
    J = Objective(LinearModel(10), "mse", data.X, data.y)
    assert [sys.getsizeof(row) for row in J.rows] == [exact] * 3
    assert all(copy is not row for copy, row in zip(J.rows, data.X))  # a copy: editing X later is safe
