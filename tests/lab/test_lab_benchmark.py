"""Smoke test of benchmarks/lab_request.py: it runs and prints its figures (the times are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # the same under every Python: run under the main CPython only (.ci/run)

SCRIPT = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "lab_request.py"


def test_the_lab_benchmark_runs_and_reports_the_galton_request(tmp_path: Path) -> None:
    out = tmp_path / "lab.json"
    command = [sys.executable, str(SCRIPT), "--quick", "--json", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "galton, standardised, B = 32, 30 epochs:" in done.stdout
    assert "target: the Galton request (B = 32, 30 epochs) under 200 ms:" in done.stdout
    assert "CPU time of the whole answer" in done.stdout
    figures = json.loads(out.read_text())
    assert len(figures["requests"]["galton, standardised, B = 32, 30 epochs"]["seconds"]) == 3
    assert figures["target"]["ms"] > 0 and figures["cpu_ms"] > 0
