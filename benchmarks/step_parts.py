#!/usr/bin/env python3
"""Where the time of a stochastic epoch goes: each part of gdlearn's step timed alone.

    python benchmarks/step_parts.py              # (n, d) = (10000, 10), MSE
    python benchmarks/step_parts.py --d 100 --n 1000 --loss mae

One epoch of stochastic gradient descent (B = 1, plain rule, constant rate,
no shuffling) is J(θ₀), n steps and J(θ₁). The reference loops of
``epoch.py`` (fused and unfused) are timed in the same rounds, for scale. Each part below runs alone over
all n rows, with the same objects the loop uses, and is timed in CPU time
(``time.thread_time``, so that time spent descheduled on a busy machine does
not count), the best of ``--repeats`` rounds that take the parts in turn;
the whole epoch is timed the same way, and "the loop itself" is what the
parts leave of it (iterating the
batches, t, the guard, unpacking, assigning θ and the state).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from epoch import REFERENCE, UNFUSED, Data, learning_rate, make_data

from gdlearn import GradientDescent, LinearModel, Objective
from gdlearn.gradient_descent import _new_state
from gdlearn.recorder import Recorder
from gdlearn.vectors import dot


def best_cpu(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The least CPU time of each run over ``repeats`` rounds, round robin, in seconds."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.thread_time()
            run()
            best[name] = min(best[name], time.thread_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--d", type=int, default=10)
    parser.add_argument("--loss", default="mse", choices=["mse", "mae"])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)
    n, d = args.n, args.d
    rows, targets = make_data(n, d)
    J = Objective(LinearModel(d), args.loss, rows, targets)
    rule = GradientDescent(learning_rate(d), batch_size=1, shuffle=False)
    eta = rule.learning_rate
    theta = [0.01] * (d + 1)
    batches = list(zip(range(n)))
    J.value_and_gradient(theta, batches[0])  # x̃ of every row, kept from here on
    features, value_and_slope = J.features, J.loss.value_and_slope
    y_hats = [dot(theta, x) for x in features]
    slopes = [value_and_slope(y_hat, y)[1] for y_hat, y in zip(y_hats, targets)]
    grads = [J.value_and_gradient(theta, batch)[1] for batch in batches]
    state = rule.init(d + 1)
    recorder = Recorder(theta, False, 1)

    def forward() -> None:
        for x in features:
            dot(theta, x)

    def loss() -> None:
        for y_hat, y in zip(y_hats, targets):
            value_and_slope(y_hat, y)

    def chain_rule() -> None:
        for slope, x in zip(slopes, features):
            [slope * x_j for x_j in x]

    def gradient() -> None:
        for batch in batches:
            J.value_and_gradient(theta, batch)

    def theta_minus_eta_g() -> None:
        for grad in grads:
            [theta_j - eta * g_j for theta_j, g_j in zip(theta, grad)]

    def new_state() -> None:
        for t in range(n):
            _new_state((t + 1, None))

    def update() -> None:
        for grad in grads:
            rule.update(theta, grad, state, eta)

    def record() -> None:
        for t in range(n):
            recorder.record(t, 0.5, eta, theta)
        del recorder.losses[:], recorder.rates[:]

    def full_losses() -> None:
        J.value(theta)
        J.value(theta)

    def epoch() -> None:
        rule.minimize(J, epochs=1)

    data = Data(rows, [list(column) for column in zip(*rows)], targets, list(range(n)), features)
    reference, unfused = REFERENCE["stochastic", args.loss], UNFUSED["stochastic", args.loss]

    runs = {
        "epoch": epoch, "J(θ₀) and J(θ₁)": full_losses, "value_and_gradient": gradient,
        "ŷ = θ·x̃ (dot)": forward, "ℓ, ℓ' (value_and_slope)": loss, "ℓ'·x̃": chain_rule,
        "update": update, "θ − η·g": theta_minus_eta_g, "the new state": new_state, "record": record,
        "reference": lambda: reference(data, eta, 1), "unfused": lambda: unfused(data, eta, 1),
    }  # fmt: skip
    parts = {name: seconds * 1e6 / n for name, seconds in best_cpu(runs, args.repeats).items()}
    rest_of_gradient = parts["value_and_gradient"] - sum(
        parts[name] for name in ("ŷ = θ·x̃ (dot)", "ℓ, ℓ' (value_and_slope)", "ℓ'·x̃")
    )
    rest_of_update = parts["update"] - parts["θ − η·g"] - parts["the new state"]
    measured = ("J(θ₀) and J(θ₁)", "value_and_gradient", "update", "record")
    loop = parts["epoch"] - sum(parts[name] for name in measured)
    print(f"stochastic epoch at (n, d) = ({n}, {d}), {args.loss}:"
          f" µs per row (CPU time, best of {args.repeats})\n")
    print("| part | µs per row |\n|---|---|")
    table = [
        ("J(θ₀) and J(θ₁), for epoch_loss", parts["J(θ₀) and J(θ₁)"]),
        ("ŷ = θ·x̃ (`dot`)", parts["ŷ = θ·x̃ (dot)"]),
        ("ℓ, ℓ' (`value_and_slope`)", parts["ℓ, ℓ' (value_and_slope)"]),
        ("g = ℓ'·x̃", parts["ℓ'·x̃"]),
        ("rest of `value_and_gradient` (call, lookups, checks)", rest_of_gradient),
        ("θ − η·g", parts["θ − η·g"]),
        ("the new `MomentumState`", parts["the new state"]),
        ("rest of `update` (call, lookups)", rest_of_update),
        ("`record` (the loss and the rate)", parts["record"]),
        ("the loop itself (batches, t, guard, assignments)", loop),
    ]
    for name, micros in table:
        print(f"| {name} | {micros:.2f} |")
    print(f"| **the epoch, per row** | **{parts['epoch']:.2f}** |")
    print(f"\nThe same epoch by the reference: {parts['reference']:.2f} µs per row"
          f" ({parts['epoch'] / parts['reference']:.2f}×); by the unfused reference:"
          f" {parts['unfused']:.2f} ({parts['epoch'] / parts['unfused']:.2f}×).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
