"""Smoke test of benchmarks/epoch.py: it runs, checks agreement, prints the table.

The benchmark is a script, not a test; this only keeps it from rotting. The
timings themselves are not asserted (they depend on the machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once  # the same under every Python: run under the main CPython only (.ci/run)

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "epoch.py"


def test_quick_benchmark_checks_agreement_and_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    run = subprocess.run(
        # --before this very checkout: the column of an older gdlearn, here the same code
        [sys.executable, str(SCRIPT), "--quick", "--cpu-time", "--before", str(SCRIPT.parent.parent),
         "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "agreement check passed" in run.stdout
    assert "| n | d | mode | loss | gdlearn ms | reference ms | gdlearn/ref | unfused ms |" in run.stdout
    assert "CPU time of the process" in run.stdout
    assert "| unfused ms | gdlearn/unfused | before ms | before/ref |" in run.stdout
    assert "before    vs reference: largest relative gap" in run.stdout
    for mode in ("batch", "mini-batch 32", "stochastic"):
        for loss in ("mse", "mae"):
            assert f"| 100 | 1 | {mode} | {loss} |" in run.stdout
    assert "bytes per recorded number" in run.stdout
    assert "import gdlearn:" in run.stdout
    figures = json.loads(out.read_text())
    assert len(figures["cases"]) == 6  # 3 modes × 2 losses at (100, 1)
    assert figures["targets"]["history"]["iterations"] == 10_000
    assert figures["machine"]["clock"] == "process_time"
    for case in figures["cases"]:
        assert case["median"]["gdlearn"] > 0.0
        assert case["median"]["reference"] > 0.0
        assert case["median"]["unfused"] > 0.0
        assert case["median"]["before"] > 0.0


def test_benchmark_refuses_quick_with_full() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--full"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2  # argparse's usage error
    assert "exclude each other" in run.stderr


def test_agreement_check_catches_a_wrong_theta(capsys) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("epoch_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    epoch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(epoch)
    cases = epoch.build_cases([(100, 1)], None, None)
    assert epoch.check(cases)  # as built, gdlearn agrees with the reference
    right = cases[0].impls["gdlearn"]

    def nudged():  # type: ignore[no-untyped-def]
        theta, losses, epoch_loss = right()
        return [theta[0] + 1e-6, *theta[1:]], losses, epoch_loss

    cases[0].impls["gdlearn"] = nudged  # θ off by 1e-6, far beyond the allowed 1e-9
    assert not epoch.check(cases)
    assert "DISAGREE" in capsys.readouterr().out


def test_step_parts_prints_where_the_time_goes() -> None:
    script = SCRIPT.parent / "step_parts.py"
    command = [sys.executable, str(script), "--n", "300", "--repeats", "1"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| part | µs per row |" in run.stdout
    for part in ("J(θ₀) and J(θ₁)", "g = ℓ'·x̃", "θ − η·g", "the new `MomentumState`", "`record`"):
        assert part in run.stdout
    assert "**the epoch, per row**" in run.stdout


def test_same_results_finds_no_difference_between_a_checkout_and_itself() -> None:
    # The comparison of two checkouts, run on this one twice: every number is the same.
    script = SCRIPT.parent / "same_results.py"
    root = SCRIPT.parent.parent
    run = subprocess.run(
        [sys.executable, str(script), str(root), str(root)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "144 runs" in run.stdout and "largest difference |u − v|/max(1, |u|, |v|): 0" in run.stdout
