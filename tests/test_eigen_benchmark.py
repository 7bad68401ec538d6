"""Smoke test of benchmarks/eigen.py: it runs, and the two solvers it times agree.

A script, not a test of speed: the timings are not asserted (they depend on
the machine and its load), only that the tables come out and that Jacobi and
Householder + QR agree to 1e-13·‖H‖_F on every matrix timed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # the same under every Python: run under the main CPython only (.ci/run)

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "eigen.py"


def test_quick_eigen_benchmark_prints_its_tables() -> None:
    command = [sys.executable, str(SCRIPT), "--quick"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| p | Jacobi ms | Householder + QR ms | speed-up | max gap / ‖H‖_F |" in run.stdout
    assert "| n | d | stable_learning_rate ms | of which X̃ᵀX̃ ms | of which eigenvalues ms |" in run.stdout
    assert "| n | d | λ_max for 'auto' ms |" in run.stdout
    lines = run.stdout.splitlines()
    solver_rows = [line.split("|") for line in lines if line.startswith(("| 5 |", "| 11 |", "| 31 |"))]
    assert len(solver_rows) == 3
    assert all(float(row[5]) < 1e-13 for row in solver_rows)  # the last column: the two answers agree
