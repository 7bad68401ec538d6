"""The auto-grader of docs/teaching.md, run as a teacher runs it: a correct student passes, a buggy one fails.

examples/grading/test_assignment.py is run by pytest in a subprocess, once
per submission (STUDENT=...). The buggy submission has the two slips the
issue names: the gradient of ½·MSE, and a loop that shuffles a fresh
range(n) every epoch. Each must fail its own test with feedback that says
what is wrong, and the ½·MSE gradient must pass at the minimum, where it is
zero like the right one (a grader must check more than one point).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

GRADING = Path(__file__).resolve().parents[2] / "examples" / "grading"


def grade(student: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "test_assignment.py"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=GRADING,
        env={**os.environ, "STUDENT": str(GRADING / student)},
    )


def outcomes(stdout: str) -> dict[str, str]:
    """Each test's id → PASSED or FAILED, from pytest's -rA summary."""
    found = re.findall(r"^(PASSED|FAILED) test_assignment\.py::(\S+)", stdout, re.MULTILINE)
    return {name: outcome for outcome, name in found}


def test_a_correct_student_passes() -> None:
    done = grade("student_correct.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout


def test_a_buggy_student_fails_each_slip_with_feedback() -> None:
    done = grade("student_buggy.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "3 failed, 1 passed" in done.stdout
    assert outcomes(done.stdout) == {
        "test_gradient[zero]": "FAILED",
        "test_gradient[elsewhere]": "FAILED",
        "test_gradient[minimum]": "PASSED",  # ∇J = 0 there: half of 0 is 0
        "test_minibatch_loop": "FAILED",
    }, done.stdout
    # the ½·MSE gradient: every component half the central difference, e = ½
    assert re.search(
        r"at θ = zero \[0\.0, 0\.0, 0\.0\]: failed at (w_wt|w_hp|b): analytic -?[\d.]+ but central"
        r" differences give -?[\d.]+"
        r" \(relative error 0\.5 > tol 1e-05\)",
        done.stdout,
    ), done.stdout
    # the fresh range(n): epoch 1 agrees (7 updates), update 8 is the first of epoch 2
    assert "θ first differs after update 8 (epoch 2)" in done.stdout
    assert "not a fresh range(n)" in done.stdout


def test_a_missing_submission_is_named() -> None:
    done = grade("no_such_student.py")
    assert done.returncode == 1
    assert "no submission at" in done.stdout
