#!/usr/bin/env python3
"""Plain ``sum`` against ``math.fsum`` in gdlearn's hot loop: the accuracy lost, the time saved.

    python benchmarks/summation.py

gdlearn adds the batch loss and the gradient's dot products with a plain
left-to-right ``sum`` (``sum(map(mul, u, v))``, or ``math.sumprod`` where it
exists), and reports J(θ) per epoch with ``math.fsum``. This measures both
choices on the benchmark's data, (n, d) = (10000, 10):

- the batch loss (1/m) Σᵢ ℓᵢ: terms all ≥ 0, so no cancellation;
- a gradient entry Σᵢ δᵢxᵢⱼ: terms of both signs, which cancel more and more
  as θ approaches the minimum, where the sum itself tends to 0;

at θ₀ = 0 and at the least-squares θ* (the worst case for cancellation). The
error is against ``math.fsum`` of the same terms (exactly rounded), relative
to the exact value and relative to Σᵢ |termᵢ| (the scale of the rounding).
"""

from __future__ import annotations

import math
import sys
import timeit
from math import fsum
from operator import mul
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epoch import make_data

from gdlearn import least_squares

SUMPROD = getattr(math, "sumprod", None)


def gaps(terms: list[float], plain: float) -> tuple[float, float]:
    """|plain − exact| relative to |exact| and to Σ|terms|."""
    exact = fsum(terms)
    error = abs(plain - exact)
    return error / abs(exact) if exact else math.inf, error / fsum(map(abs, terms))


def main() -> None:
    n, d = 10000, 10
    rows, targets = make_data(n, d)
    columns = [list(column) for column in zip(*rows)]
    print(f"Python {sys.version.split()[0]}; n = {n}, d = {d}; error of the plain sum against fsum\n")
    print("| θ | quantity | relative error | error / Σ|terms| |")
    print("|---|---|---|---|")
    points = (("θ₀ = 0", [0.0] * (d + 1)), ("θ* (least squares)", least_squares(rows, targets).theta))
    for label, theta in points:
        w, b = theta[:d], theta[d]
        residual = [sum(map(mul, w, x)) + b - y for x, y in zip(rows, targets)]
        losses = [r * r for r in residual]
        delta = [2.0 * r / n for r in residual]
        relative, scaled = gaps(losses, sum(losses))
        print(f"| {label} | batch loss Σ rᵢ² | {relative:.1e} | {scaled:.1e} |")
        worst_relative = worst_scaled = 0.0
        for column in columns:
            products = list(map(mul, delta, column))
            relative, scaled = gaps(products, sum(map(mul, delta, column)))
            worst_relative, worst_scaled = max(worst_relative, relative), max(worst_scaled, scaled)
        print(f"| {label} | gradient Σ δᵢxᵢⱼ, worst j | {worst_relative:.1e} | {worst_scaled:.1e} |")
        if SUMPROD is not None:
            worst = max(gaps(list(map(mul, delta, c)), SUMPROD(delta, c))[0] for c in columns)
            print(f"| {label} | gradient by math.sumprod, worst j | {worst:.1e} | |")

    print("\nTime per call (best of 7), in µs:\n")
    print("| m | sum(ℓ) | fsum(ℓ) | sum(map(mul, δ, x)) | fsum(map(mul, δ, x)) |")
    print("|---|---|---|---|---|")
    for m in (1, 32, n):
        values, column = [abs(t) for t in targets[:m]], columns[0][:m]
        number = max(1, 200000 // m)
        times = [
            min(timeit.repeat(stmt, globals={**globals(), "v": values, "x": column}, number=number, repeat=7))
            / number
            * 1e6
            for stmt in ("sum(v)", "fsum(v)", "sum(map(mul, v, x))", "fsum(map(mul, v, x))")
        ]
        print(f"| {m} | " + " | ".join(f"{t:.3g}" for t in times) + " |")


if __name__ == "__main__":
    main()
