"""Your own model: a·tanh(w·x + c) + b, trained by fit(model=...) with every batch size and optimizer.

What it teaches
    ``fit`` trains any object that follows the ``Model`` protocol
    (gdlearn/models.py): its sizes, where its weights are, and the two
    halves of the chain rule. Here one hidden unit of a neural network, the
    smallest model that is not linear in θ = [a, w, c, b]:

        forward(θ, rows)       ŷᵢ = a·tanh(uᵢ) + b,   uᵢ = w·xᵢ + c
        backward(θ, rows, δ)   Σᵢ δᵢ·∂ŷᵢ/∂θ, with tᵢ = tanh uᵢ and
                               ∂ŷ/∂a = t,  ∂ŷ/∂w = a·(1 − t²)·x,
                               ∂ŷ/∂c = a·(1 − t²),  ∂ŷ/∂b = 1
        weight_indices = (0, 1)   l1 and l2 penalise a and w, never the
                                  offsets c and b

    ``check_gradient`` grades ``backward`` against central differences of
    the objective J(θ) = (1/n) Σᵢ (ŷᵢ − yᵢ)², which use ``forward`` only:
    the right backward passes, one that forgets the inner factor x of
    ∂u/∂w fails and is named. Then twelve runs: batch, mini-batch (B = 8)
    and stochastic (B = 1) gradient descent, each with plain gradient
    descent, momentum, Nesterov and Adam, all from θ₀ = [1, 1, 0, 0]. The
    least loss J* comes from another method, Gauss–Newton
    (θ ← θ − (GᵀG)⁻¹Gᵀr, G the Jacobian whose rows are ∂ŷᵢ/∂θ, r = ŷ − y).

    A model that is not linear must not start at θ = 0: with a = 0 the
    prediction does not depend on w and c, and tanh(0) = 0 makes ∂J/∂a = 0
    too. Only b moves, to the mean of y, and gradient descent stops at a
    stationary point that is no minimum.

What to look for
    - The data: 40 points of y = 2·tanh(1.5x − 0.5) + 1 plus noise (σ = 0.2).
    - The gradient checks: relative error about 1e-9 for the right
      backward; the wrong one fails at w, off by 82%.
    - Gauss–Newton: J* = 0.0410225 at θ* ≈ [2.002, 1.502, −0.510, 0.994],
      close to the [2, 1.5, −0.5, 1] that made the data.
    - The table: with all 40 rows per step, momentum and Adam end within
      1e-12 of J* ("converged"), Nesterov and plain gradient descent are
      "still descending" (5e-10 and 6e-6 above it). Mini-batches end 5e-6 to
      6e-4 above J*, single rows 1e-2 to 5.3e-2, all "hovering": a constant
      rate with noisy gradients cannot settle (a decaying schedule would).
    - From θ = 0: θ stays at a = w = c = 0, J stops at the variance of y,
      and the verdict says "converged": a stationary point, not the minimum.
    - own_model.svg: J(θ) − J* per epoch for plain gradient descent and Adam
      at each batch size, on a log scale.

Run:  python examples/own_model.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import math
import os
import random
from collections.abc import Sequence
from typing import Any

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script
from gdlearn.linalg import cholesky, cholesky_solve

NAMES = ["a", "w", "c", "b"]
RULES: dict[str, dict[str, Any]] = {  # fit's options for each update rule, and its η
    "gradient descent": {"learning_rate": 0.1},
    "momentum 0.9": {"learning_rate": 0.02, "momentum": 0.9},
    "Nesterov 0.9": {"learning_rate": 0.02, "momentum": 0.9, "nesterov": True},
    "Adam": {"learning_rate": 0.05, "optimizer": "adam"},
}
BATCHES = {"batch (all 40)": None, "mini-batch 8": 8, "stochastic 1": 1}


class TanhUnit:
    """f(x; θ) = a·tanh(w·x + c) + b, θ = [a, w, c, b]: one hidden unit, one input."""

    n_features = 1
    n_params = 4
    weight_indices = (0, 1)  # a and w are weights; c and b are offsets

    def __init__(self, theta: Sequence[float] = (1.0, 1.0, 0.0, 0.0)) -> None:
        self.theta = list(theta)

    def with_theta(self, theta: Sequence[float]) -> TanhUnit:
        return TanhUnit(theta)

    def forward(self, theta: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
        a, w, c, b = theta
        return [a * math.tanh(w * x + c) + b for (x,) in rows]

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        a, w, c, _ = theta  # b does not enter ∂ŷ/∂θ
        grad_a = grad_w = grad_c = grad_b = 0.0
        for (x,), d in zip(rows, delta):
            t = math.tanh(w * x + c)
            d_u = d * a * (1.0 - t * t)  # δ·∂ŷ/∂u, with u = w·x + c
            grad_a += d * t  # δ·∂ŷ/∂a
            grad_w += d_u * x  # δ·∂ŷ/∂u·∂u/∂w
            grad_c += d_u  # δ·∂ŷ/∂u·∂u/∂c
            grad_b += d  # δ·∂ŷ/∂b
        return [grad_a, grad_w, grad_c, grad_b]

    def __repr__(self) -> str:
        a, w, c, b = self.theta
        return f"TanhUnit(a={a:.6g}, w={w:.6g}, c={c:.6g}, b={b:.6g})"


class ForgetsX(TanhUnit):
    """The classic slip: ∂ŷ/∂w written as a·(1 − t²), without the inner factor ∂u/∂w = x."""

    def backward(
        self, theta: Sequence[float], rows: Sequence[Sequence[float]], delta: Sequence[float]
    ) -> list[float]:
        grad = super().backward(theta, rows, delta)
        grad[1] = grad[2]  # Σᵢ δᵢ·a(1 − tᵢ²), the x missing
        return grad


def data(n: int = 40, seed: int = 1) -> tuple[list[list[float]], list[float]]:
    """n points of y = 2·tanh(1.5x − 0.5) + 1 + noise, x uniform on [−3, 3], noise N(0, 0.2²)."""
    rng = random.Random(seed)
    X = [[rng.uniform(-3.0, 3.0)] for _ in range(n)]
    y = [2.0 * math.tanh(1.5 * x - 0.5) + 1.0 + rng.gauss(0.0, 0.2) for (x,) in X]
    return X, y


def gauss_newton(model: TanhUnit, X: list[list[float]], y: list[float], iterations: int = 30) -> list[float]:
    """θ ← θ − (GᵀG)⁻¹Gᵀr from the model's θ: G's rows are ∂ŷᵢ/∂θ = backward(θ, [xᵢ], [1])."""
    theta, p = list(model.theta), model.n_params
    for _ in range(iterations):
        r = [y_hat - y_i for y_hat, y_i in zip(model.forward(theta, X), y)]
        G = [model.backward(theta, [x], [1.0]) for x in X]
        GtG = [[math.fsum(g[i] * g[j] for g in G) for j in range(p)] for i in range(p)]
        Gtr = [math.fsum(g[i] * r_i for g, r_i in zip(G, r)) for i in range(p)]
        L = cholesky(GtG)
        if L is None:
            raise gdlearn.DataError("GᵀG is singular: Gauss–Newton cannot take a step here")
        theta = [t - s for t, s in zip(theta, cholesky_solve(L, Gtr))]
    return theta


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="100 epochs per run instead of 300")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    epochs = 100 if args.quick else 300

    X, y = data()
    print(f"{len(y)} points of y = 2·tanh(1.5x − 0.5) + 1 plus noise; the model a·tanh(w·x + c) + b.")
    theta0 = TanhUnit().theta
    for label, model in (("right", TanhUnit()), ("wrong", ForgetsX())):
        J = gdlearn.Objective(model, "mse", X, y)
        check = gdlearn.check_gradient(J, [0.5, -1.0, 0.3, 0.2], names=NAMES)
        print(f"{label} backward: {'OK' if check.passed else 'WRONG'}: {check.verdict}")

    J = gdlearn.Objective(TanhUnit(), "mse", X, y)
    best = gauss_newton(TanhUnit(), X, y)
    J_star = J.value(best)
    shown = ", ".join(f"{name} = {t:.7g}" for name, t in zip(NAMES, best))
    print(f"Gauss–Newton from θ₀ = {theta0}: J* = {J_star:.10g} at {shown}")
    print()

    print(f"{epochs} epochs each from θ₀ = {theta0}, seed 0:")
    print(f"{'rule':18}{'batches':17}{'J(θ) − J*':>11}   {'verdict':18}θ = [a, w, c, b]")
    curves: dict[str, Any] = {}
    for rule, options in RULES.items():
        for batch_name, B in BATCHES.items():
            run = gdlearn.fit(X, y, model=TanhUnit(), batch_size=B, epochs=epochs, seed=0, **options)
            theta = ", ".join(f"{t:.3f}" for t in run.theta)
            print(f"{rule:18}{batch_name:17}{run.final_loss - J_star:11.2e}   {run.verdict:18}[{theta}]")
            if rule in ("gradient descent", "Adam"):
                curves[f"{rule}, {batch_name}"] = [max(loss - J_star, 0.0) for loss in run.epoch_loss]
    print()

    stuck = gdlearn.fit(X, y, model=TanhUnit(), theta0=[0.0] * 4, learning_rate=0.1, epochs=epochs)
    mean = math.fsum(y) / len(y)
    variance = math.fsum((y_i - mean) ** 2 for y_i in y) / len(y)
    print(f"From θ₀ = 0: {stuck.model!r}, J = {stuck.final_loss:.6f} (the variance of y: {variance:.6f}),")
    print(f"verdict {stuck.verdict!r}: a stationary point where only b moved,", end=" ")
    print(f"not the minimum J* = {J_star:.6f}.")

    picture = os.path.join(args.outdir, "own_model.svg")
    plot.loss_curves(
        curves,
        picture,
        log=True,
        floor=1e-12,
        x_label="epoch",
        y_label="J(θ) − J*",
        title="a·tanh(w·x + c) + b: plain gradient descent and Adam at each batch size",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
