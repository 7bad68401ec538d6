#!/usr/bin/env python3
"""The same runs, two checkouts: does a change to the hot loop leave every number where it was?

    python benchmarks/same_results.py OLD_CHECKOUT [NEW_CHECKOUT]   # NEW defaults to this checkout

A speed change must not change what gdlearn computes. This script runs the
same configurations of ``Optimizer.minimize`` with the gdlearn of each
checkout (each in its own interpreter, so the two never mix) and compares
everything a run leaves behind: θ, ``loss``, ``epoch_loss``,
``learning_rates``, ``path`` (θ after every recorded update), ``final_loss``,
``n_iter``, ``n_epochs``, ``stop_reason`` and the optimizer's final state.

The configurations cover every loss (mse, mae, huber, log) × batch size
(all rows, 7 rows, 1 row: the last batch of 7 is short, as n = 23) × update
rule (plain, momentum, Nesterov, Adam); the other options — schedule (none,
step, exponential, inverse scaling, cosine), penalties (none, l1, l2, both),
record_every (1, 3), shuffle (on, off), fit_intercept (yes, no), weight
decay and dampening — are cycled through those 48 so that each value of each
option appears many times: 144 runs in all, each for 6 epochs from θ₀ = 0
with a fixed seed.

The difference of two numbers u, v is |u − v| / max(1, |u|, |v|); the script
prints the largest over every number of every run and exits 1 if it is
above ``--tolerance`` (1e-12 by default) or if a run's shape (lengths, stop
reason) differs.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

# Runs inside a fresh interpreter with the checkout first on sys.path; prints JSON.
RUNNER = r"""
import json, math, random, sys
sys.path.insert(0, sys.argv[1])
import gdlearn
from gdlearn import (Adam, CosineDecay, ExponentialDecay, GradientDescent, InverseScaling,
                     LinearModel, LogisticModel, Objective, StepDecay)

def data(loss, n=23, d=3, seed=11):
    rng = random.Random(seed)
    rows = [[rng.uniform(-2, 2) for _ in range(d)] for _ in range(n)]
    z = [0.7 * x[0] - 1.3 * x[1] + 0.4 * x[2] + 0.5 for x in rows]
    if loss == "log":
        return rows, [1.0 if zi + rng.gauss(0, 0.5) > 0 else 0.0 for zi in z]
    return rows, [zi + rng.gauss(0, 0.3) for zi in z]

schedules = [None, StepDecay(5, 0.5), ExponentialDecay(0.99), InverseScaling(0.5), CosineDecay(40, 0.1)]
penalties = [(0.0, 0.0), (0.01, 0.0), (0.0, 0.02), (0.01, 0.02)]
out = []
k = 0
for loss in ("mse", "mae", "huber", "log"):
    for batch_size in (None, 7, 1):
        for rule in ("plain", "momentum", "nesterov", "adam"):
            for variant in range(3):
                schedule = schedules[k % len(schedules)]
                l1, l2 = penalties[(k // 2) % len(penalties)]
                record_every = 1 + 2 * ((k // 3) % 2)
                shuffle = (k // 5) % 2 == 0
                fit_intercept = (k // 7) % 3 != 2
                eta = {"mse": 0.05, "mae": 0.05, "huber": 0.1, "log": 0.3}[loss]
                options = dict(batch_size=batch_size, shuffle=shuffle, seed=k, schedule=schedule)
                if rule == "adam":
                    optimizer = Adam(eta, weight_decay=0.01 * (variant == 1), **options)
                else:
                    momentum = {"plain": 0.0, "momentum": 0.8, "nesterov": 0.6}[rule]
                    optimizer = GradientDescent(
                        eta, momentum=momentum, nesterov=rule == "nesterov",
                        dampening=0.1 if rule == "momentum" and variant == 2 else 0.0,
                        weight_decay=0.01 if variant == 1 else 0.0, **options)
                model_type = LogisticModel if loss == "log" else LinearModel
                rows, targets = data(loss)
                J = Objective(model_type(3, fit_intercept=fit_intercept), loss, rows, targets, l1=l1, l2=l2)
                r = optimizer.minimize(J, epochs=6, record_theta=True, record_every=record_every)
                state = [list(v) if isinstance(v, tuple) else v for v in r.state]
                out.append({
                    "config": f"{loss} B={batch_size} {rule}/{variant} {schedule!r} l1={l1} l2={l2}"
                              f" every={record_every} shuffle={shuffle} intercept={fit_intercept}",
                    "theta": list(r.theta), "loss": list(r.loss), "epoch_loss": list(r.epoch_loss),
                    "learning_rates": list(r.learning_rates), "path": [list(p) for p in r.path],
                    "final_loss": r.final_loss, "n_iter": r.n_iter, "n_epochs": r.n_epochs,
                    "stop_reason": r.stop_reason, "state": state,
                })
                k += 1
print(json.dumps(out))
"""


def runs(checkout: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(checkout)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the runs failed with the gdlearn of {checkout}:\n{done.stderr}")
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def numbers(value: Any) -> list[float]:
    """Every number in a nested structure of lists, in order (None as nan)."""
    if isinstance(value, list):
        return [x for item in value for x in numbers(item)]
    if value is None:
        return [math.nan]
    return [float(value)]


def gap(u: float, v: float) -> float:
    if math.isnan(u) and math.isnan(v):
        return 0.0
    return abs(u - v) / max(1.0, abs(u), abs(v)) if u != v else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path, help="the checkout to compare with (the folder holding gdlearn/)")
    parser.add_argument("new", type=Path, nargs="?", default=HERE, help="default: this checkout")
    parser.add_argument("--tolerance", type=float, default=1e-12)
    args = parser.parse_args(argv)
    old, new = runs(args.old), runs(args.new)
    assert len(old) == len(new), "the two checkouts ran a different number of configurations"
    worst, where, shape_errors, numbers_compared = 0.0, "", 0, 0
    keys = ["theta", "loss", "epoch_loss", "learning_rates", "path", "final_loss", "state"]
    for a, b in zip(old, new):
        for key in ("n_iter", "n_epochs", "stop_reason"):
            if a[key] != b[key]:
                shape_errors += 1
                print(f"DIFFERENT {key}: {a['config']}: {a[key]!r} against {b[key]!r}")
        for key in keys:
            u, v = numbers(a[key]), numbers(b[key])
            if len(u) != len(v):
                shape_errors += 1
                print(f"DIFFERENT length of {key}: {a['config']}: {len(u)} against {len(v)}")
                continue
            numbers_compared += len(u)
            for x, y in zip(u, v):
                if gap(x, y) > worst:
                    worst, where = gap(x, y), f"{key} of {a['config']}"
    print(f"{len(old)} runs, {numbers_compared:,} numbers compared")
    print(f"largest difference |u − v|/max(1, |u|, |v|): {worst:.3g}" + (f" ({where})" if worst else ""))
    ok = shape_errors == 0 and worst <= args.tolerance
    print(f"within {args.tolerance:g}: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
