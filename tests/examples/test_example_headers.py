"""The numbers an example's header states in words, against closed forms computed here.

A header is read by learners before anything runs, so a number in it is a
claim like any other: each is found in the text by a pattern and compared
with an answer worked out in this file, not by the example.
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def header(name: str) -> str:
    """The module docstring of examples/NAME.py, with its lines joined by single spaces."""
    text = ast.get_docstring(ast.parse((EXAMPLES / f"{name}.py").read_text(encoding="utf-8")))
    assert text is not None
    return " ".join(text.split())


def stated(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r}"
    return float(found.group(1))


def rosenbrock_lambda_max() -> float:
    """λ_max of Rosenbrock's Hessian [[802, −400], [−400, 200]] at (1, 1): (a + c)/2 + √(((a − c)/2)² + b²)"""
    a, b, c = 802.0, -400.0, 200.0
    return (a + c) / 2 + math.hypot((a - c) / 2, b)


def test_own_function_quotes_the_stability_limit_at_the_minimum() -> None:
    text = header("own_function")
    lam = rosenbrock_lambda_max()  # 1001.6006…
    assert stated(r"λ_max = 501 \+ √\(301² \+ 400²\) ≈ (\d+\.\d+)", text) == round(lam, 1)
    assert stated(r"so the limit is 2/λ_max ≈ (0\.\d+)", text) == round(2 / lam, 4)  # 0.0020, not 0.0025


def test_optimizers_quotes_the_same_limit() -> None:
    limit = 2 / rosenbrock_lambda_max()
    assert stated(r"at the minimum 2/λ_max ≈ (0\.\d+)", header("optimizers")) == round(limit, 3)
