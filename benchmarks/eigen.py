#!/usr/bin/env python3
"""Symmetric eigenvalues: Jacobi against Householder + QR, and what ``stable_learning_rate`` costs.

    python benchmarks/eigen.py            # about 20 seconds
    python benchmarks/eigen.py --quick    # one repeat, p ≤ 31: a smoke test

1. ``linalg.symmetric_eigen`` (Jacobi's rotations, with eigenvectors) against
   ``linalg.symmetric_eigenvalues`` (Householder tridiagonalisation, then QR
   steps with Wilkinson's shift; values only) on H = (2/n)·X̃ᵀX̃ of random
   data with p = 5, 11, 31 and 101 parameters (n = 2p rows, xᵢⱼ ~ N(0, 1)),
   with the largest gap |λ_Jacobi − λ_QR| between the two answers over ‖H‖_F.
2. ``stable_learning_rate`` on n = 1000 rows of d = 10, 30 and 100 features,
   and its two parts: the Gram matrix X̃ᵀX̃ (p(p + 1)/2 fsum dot products of
   n terms) and the eigenvalues of the p×p matrix.
3. λ_max for ``learning_rate='auto'`` (``auto_learning_rate``, batch GD) at
   (n, d) = (1000, 10) and (100000, 1).

Each figure is the median of several runs (at least 3, more for fast cases,
about a second of work each), wall clock and CPU time of this thread
(``time.thread_time``): on a shared machine the wall clock grows with the
load, printed first, the CPU time much less. Runs from a checkout with the
standard library only.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from gdlearn import Objective, stable_learning_rate  # noqa: E402
from gdlearn.linalg import symmetric_eigen, symmetric_eigenvalues  # noqa: E402
from gdlearn.models import LinearModel  # noqa: E402
from gdlearn.stability import _gram, auto_learning_rate  # noqa: E402


def median_times(call: Callable[[], Any], quick: bool) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``call()``: 3 runs at least, up to about 1 s of work."""
    walls, cpus = [], []
    while len(walls) < (1 if quick else 3) or (not quick and sum(walls) < 1.0 and len(walls) < 50):
        wall, cpu = time.perf_counter(), time.thread_time()
        call()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def data(n: int, d: int, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.gauss(0.0, 1.0) for _ in range(d)] for _ in range(n)]


def hessian(rows: list[list[float]]) -> list[list[float]]:
    n = len(rows)
    return [[2.0 / n * g for g in row] for row in _gram(rows, True)]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, p ≤ 31 (a smoke test)")
    quick = parser.parse_args(argv).quick
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    print(f"Python {sys.version.split()[0]}; load average {load}; medians, wall clock (CPU)\n")

    print("| p | Jacobi ms | Householder + QR ms | speed-up | max gap / ‖H‖_F |")
    print("|---|---|---|---|---|")
    for p in (5, 11, 31) if quick else (5, 11, 31, 101):
        H = hessian(data(2 * p, p - 1, seed=p))
        jacobi = median_times(lambda H=H: symmetric_eigen(H), quick)
        qr = median_times(lambda H=H: symmetric_eigenvalues(H), quick)
        gap = max(abs(a - b) for a, b in zip(symmetric_eigen(H)[0], symmetric_eigenvalues(H)))
        norm = math.hypot(*(h for row in H for h in row))
        print(
            f"| {p} | {ms(jacobi[0])} ({ms(jacobi[1])}) | {ms(qr[0])} ({ms(qr[1])}) |"
            f" {jacobi[1] / qr[1]:.0f}× | {gap / norm:.1e} |"
        )

    print("\n| n | d | stable_learning_rate ms | of which X̃ᵀX̃ ms | of which eigenvalues ms |")
    print("|---|---|---|---|---|")
    for d in (10, 30) if quick else (10, 30, 100):
        rows = data(1000, d, seed=d)
        H = hessian(rows)
        total = median_times(lambda rows=rows: stable_learning_rate(rows), quick)
        gram = median_times(lambda rows=rows: _gram(rows, True), quick)
        eigen = median_times(lambda H=H: symmetric_eigenvalues(H), quick)
        print(f"| 1000 | {d} | {ms(total[0])} ({ms(total[1])}) | {ms(gram[0])} | {ms(eigen[0])} |")

    print("\n| n | d | λ_max for 'auto' ms |")
    print("|---|---|---|")
    for n, d in ((1000, 10),) if quick else ((1000, 10), (100000, 1)):
        rows = data(n, d, seed=n + d)
        objective = Objective(LinearModel(d), "mse", rows, [0.0] * n)
        auto = median_times(lambda objective=objective: auto_learning_rate(objective, None), quick)
        print(f"| {n} | {d} | {ms(auto[0])} ({ms(auto[1])}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
