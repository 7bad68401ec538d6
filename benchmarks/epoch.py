#!/usr/bin/env python3
"""One epoch of gradient descent: gdlearn against the speed limit of pure Python.

    python benchmarks/epoch.py                  # (n, d) = (100, 1), (1000, 10), (10000, 10), (1000, 100)
    python benchmarks/epoch.py --full           # also (100000, 10) and the 10k → 100k scaling
    python benchmarks/epoch.py --quick          # (100, 1) only, one repeat: a smoke test
    python benchmarks/epoch.py --json out.json  # also write every figure to a file

Runs from a checkout with the standard library only; numpy and torch columns
appear when those packages are installed.

What is timed, for batch, mini-batch (B = 32) and stochastic gradient descent,
with MSE and with MAE, one epoch from θ₀ = 0:

- gdlearn: ``GradientDescent(η, batch_size=B, shuffle=False).minimize(J,
  epochs=1)``, everything a user pays, including the history: the loss of
  every batch, J(θ₀) and J(θ₁) summed with ``math.fsum``, and the Result. The
  ``Objective`` J (checking and converting the data, once) is built before
  the clock starts.
- reference: the fastest loop we could write with the standard library for
  the same mode and loss, producing the same record (θ₁, the loss of every
  batch, J(θ₀) and J(θ₁) with fsum). It is the yardstick; see REFERENCE.
- numpy and torch (float64): the same epoch, vectorised over each batch and
  row by row for stochastic GD; and torch autograd, the gradient of each
  batch by ``loss.backward()``.

The row order is 0 … n−1 (``shuffle=False``) in every implementation, so all
of them take exactly the same steps and must end at the same θ₁; this is
checked for every case before anything is timed: within 1e-9 for the
reference (same arithmetic up to rounding order), 1e-7 for numpy and torch
(BLAS sums in another order). Shuffling, the default in gdlearn, costs one
``random.shuffle`` of n indices per epoch on top; its time is printed apart.

Each measurement is repeated (round robin over the implementations, fewer
repeats for slow cases), with ``gc.collect()`` before each but the collector
left on, as users run it; the table gives the median and the spread
(max − min) / median.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from array import array
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from math import fsum
from operator import mul
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from gdlearn import GradientDescent, LinearModel, Objective  # noqa: E402

SIZES = [(100, 1), (1000, 10), (10000, 10), (1000, 100)]
FULL_SIZE = (100000, 10)
MODES = {"batch": None, "mini-batch 32": 32, "stochastic": 1}
LOSSES = ("mse", "mae")
TARGET_SIZES = [(10000, 10), (1000, 100)]
TARGET_RATIO = {"batch": 1.25, "mini-batch 32": 1.25, "stochastic": 1.3}  # the targets of issue 11
HISTORY_BYTES = 8.2  # per recorded number
IMPORT_MS = 25.0
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
BUDGET = 1.5  # seconds of timing per case, spread over the repeats
MAX_REPEATS = 11
MIN_REPEATS = 5

Record = tuple[list[float], Any, Any]  # θ₁, loss of every batch, [J(θ₀), J(θ₁)]


class Data(NamedTuple):
    """The data as the reference loops take it: converted once, before the clock."""

    rows: list[list[float]]  # xᵢ, row by row
    columns: list[list[float]]  # x₍·₎ⱼ, column by column
    targets: list[float]  # yᵢ
    order: list[int]  # the row order of the epoch
    features: list[list[float]]  # x̃ᵢ = (xᵢ, 1), row by row, for the unfused loops


def learning_rate(d: int) -> float:
    """η = 0.1/(d + 1): stable for every mode here, as ‖[x, 1]‖² ≈ d + 1."""
    return 0.1 / (d + 1)


def make_data(n: int, d: int, seed: int = 5) -> tuple[list[list[float]], list[float]]:
    """xᵢⱼ ~ N(0, 1), yᵢ = w·xᵢ + 0.5 + N(0, 0.1²), with w drawn from U(−2, 2)."""
    rng = random.Random(seed)
    w = [rng.uniform(-2.0, 2.0) for _ in range(d)]
    rows = [[rng.gauss(0.0, 1.0) for _ in range(d)] for _ in range(n)]
    targets = [sum(map(mul, w, x)) + 0.5 + rng.gauss(0.0, 0.1) for x in rows]
    return rows, targets


# ---------------------------------------------------------------------------
# The reference: the fastest standard-library epoch for each mode and loss.
#
# θ = [w₁, …, w_d, b], rᵢ = w·xᵢ + b − yᵢ. One update on a batch of m rows:
#   MSE:  w ← w − η·(2/m)·Σᵢ rᵢxᵢ,        b ← b − η·(2/m)·Σᵢ rᵢ
#   MAE:  w ← w − η·(1/m)·Σᵢ sign(rᵢ)xᵢ,  b ← b − η·(1/m)·Σᵢ sign(rᵢ)
# Idioms: sum(map(mul, u, v)) for dot products (the products run in C), the
# per-feature sums by column (one C-level dot per feature), one list
# comprehension per update, loops specialised per loss (no per-row branch),
# and for batch GD the residuals at θ₀ shared by J(θ₀) and the gradient.
# ---------------------------------------------------------------------------


def residuals(w: list[float], b: float, rows: list[list[float]], targets: list[float]) -> list[float]:
    """rᵢ = w·xᵢ + b − yᵢ over all rows, for J(θ) at the epoch's ends."""
    return [sum(map(mul, w, x)) + b - y for x, y in zip(rows, targets)]


def gradient_norm(r: list[float], columns: list[list[float]], loss: str) -> float:
    """‖∇J(θ)‖ over all rows from the residuals at θ: the verdict's number, which gdlearn reports.

    gdlearn's result carries ‖∇J(θ₀)‖ and ‖∇J(θ₁)‖ (``gradient_norm``, and
    the start for the verdict's criterion), so the reference computes them
    too, from residuals it already has: the same work.
    """
    n = len(r)
    s = [2.0 * ri / n for ri in r] if loss == "mse" else [((ri > 0) - (ri < 0)) / n for ri in r]
    return math.hypot(*(sum(map(mul, s, column)) for column in columns), sum(s))


def reference_batch_mse(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets = data.rows, data.columns, data.targets
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(mul, r, r)) / n])  # J(θ₀) = (1/n) Σ rᵢ²
    losses = array("d", [sum(map(mul, r, r)) / n])  # the batch is every row
    step = 2.0 * eta / n
    w = [wj - step * sum(map(mul, r, column)) for wj, column in zip(w, columns)]
    b -= step * sum(r)
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(mul, r, r)) / n)
    _ = gradient_norm(r, columns, "mse")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


def reference_batch_mae(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets = data.rows, data.columns, data.targets
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(abs, r)) / n])  # J(θ₀) = (1/n) Σ |rᵢ|
    losses = array("d", [sum(map(abs, r)) / n])
    s = [(ri > 0) - (ri < 0) for ri in r]
    step = eta / n
    w = [wj - step * sum(map(mul, s, column)) for wj, column in zip(w, columns)]
    b -= step * sum(s)
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(abs, r)) / n)
    _ = gradient_norm(r, columns, "mae")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


def reference_minibatch_mse(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets, order = data.rows, data.columns, data.targets, data.order
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(mul, r, r)) / n])
    _ = gradient_norm(r, columns, "mse")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    row_at, target_at = rows.__getitem__, targets.__getitem__
    for start in range(0, n, batch_size):
        batch = order[start : start + batch_size]
        xs = list(map(row_at, batch))
        r = [sum(map(mul, w, x)) + b - y for x, y in zip(xs, map(target_at, batch))]
        m = len(r)
        record(sum(map(mul, r, r)) / m)
        step = 2.0 * eta / m
        w = [wj - step * sum(map(mul, r, column)) for wj, column in zip(w, zip(*xs))]
        b -= step * sum(r)
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(mul, r, r)) / n)
    _ = gradient_norm(r, columns, "mse")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


def reference_minibatch_mae(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets, order = data.rows, data.columns, data.targets, data.order
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(abs, r)) / n])
    _ = gradient_norm(r, columns, "mae")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    row_at, target_at = rows.__getitem__, targets.__getitem__
    for start in range(0, n, batch_size):
        batch = order[start : start + batch_size]
        xs = list(map(row_at, batch))
        r = [sum(map(mul, w, x)) + b - y for x, y in zip(xs, map(target_at, batch))]
        m = len(r)
        record(sum(map(abs, r)) / m)
        s = [(ri > 0) - (ri < 0) for ri in r]
        step = eta / m
        w = [wj - step * sum(map(mul, s, column)) for wj, column in zip(w, zip(*xs))]
        b -= step * sum(s)
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(abs, r)) / n)
    _ = gradient_norm(r, columns, "mae")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


def reference_stochastic_mse(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets, order = data.rows, data.columns, data.targets, data.order
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(mul, r, r)) / n])
    _ = gradient_norm(r, columns, "mse")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    for i in order:
        x = rows[i]
        ri = sum(map(mul, w, x)) + b - targets[i]
        record(ri * ri)
        step = 2.0 * eta * ri
        w = [wj - step * xj for wj, xj in zip(w, x)]
        b -= step
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(mul, r, r)) / n)
    _ = gradient_norm(r, columns, "mse")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


def reference_stochastic_mae(data: Data, eta: float, batch_size: int) -> Record:
    rows, columns, targets, order = data.rows, data.columns, data.targets, data.order
    n = len(targets)
    w, b = [0.0] * len(columns), 0.0
    r = residuals(w, b, rows, targets)
    epoch_loss = array("d", [fsum(map(abs, r)) / n])
    _ = gradient_norm(r, columns, "mae")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    for i in order:
        x = rows[i]
        ri = sum(map(mul, w, x)) + b - targets[i]
        record(abs(ri))
        step = eta * ((ri > 0) - (ri < 0))
        w = [wj - step * xj for wj, xj in zip(w, x)]
        b -= step
    r = residuals(w, b, rows, targets)
    epoch_loss.append(fsum(map(abs, r)) / n)
    _ = gradient_norm(r, columns, "mae")  # ‖∇J(θ₁)‖, the verdict's
    return [*w, b], losses, epoch_loss


REFERENCE: dict[tuple[str, str], Callable[..., Record]] = {
    ("batch", "mse"): reference_batch_mse,
    ("batch", "mae"): reference_batch_mae,
    ("mini-batch 32", "mse"): reference_minibatch_mse,
    ("mini-batch 32", "mae"): reference_minibatch_mae,
    ("stochastic", "mse"): reference_stochastic_mse,
    ("stochastic", "mae"): reference_stochastic_mae,
}


# ---------------------------------------------------------------------------
# The unfused reference: the update rule kept apart from the gradient.
#
# The loops above compute each new wⱼ in the expression that computes its
# partial derivative (w ← [wⱼ − step·…]): the gradient never exists as a
# vector, and the update costs nothing beyond it. gdlearn keeps the update
# rule apart from the gradient, as optax and torch.optim do: the objective
# hands a vector g to the rule, which computes θ − η·g. These loops do the
# same, as fast as the standard library allows, so that the comparison
# separates the price of that design from the price of everything else:
#
#   x̃ᵢ = (xᵢ, 1), prepared before the clock (gdlearn keeps it too); rᵢ = θ·x̃ᵢ − yᵢ
#   δᵢ = ℓ'(rᵢ)/m  with ℓ' = 2r (MSE) or sign(r) (MAE)
#   g = Σᵢ δᵢ·x̃ᵢ  (by column for a batch; for one row, the list ℓ'·x̃)
#   θ ← [θⱼ − η·gⱼ]
#
# Same arithmetic, in the same order, as gdlearn: the two agree bit for bit.
# ---------------------------------------------------------------------------


def unfused_slopes(r: list[float], m: int, loss: str) -> list[float]:
    """δᵢ = ℓ'(rᵢ)/m for a batch: 2rᵢ/m (MSE) or sign(rᵢ)/m (MAE)."""
    if loss == "mse":
        return [2.0 * ri / m for ri in r]
    return [((ri > 0) - (ri < 0)) / m for ri in r]


def unfused_mean_loss(r: list[float], loss: str) -> float:
    """(1/m) Σᵢ ℓ(rᵢ) with fsum, as every reported loss."""
    return (fsum(map(mul, r, r)) if loss == "mse" else fsum(map(abs, r))) / len(r)


def unfused_batches(data: Data, eta: float, batch_size: int, loss: str) -> Record:
    """Batch and mini-batch GD: g by column over each batch, then θ ← θ − η·g.

    For batch GD the columns are the ones prepared before the clock, and the
    residuals at θ₀ serve both J(θ₀) and the gradient, as in the reference.
    """
    rows, columns, targets, order = data.rows, data.columns, data.targets, data.order
    n = len(targets)
    theta = [0.0] * (len(columns) + 1)
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss = array("d", [unfused_mean_loss(r, loss)])
    if batch_size < n:  # batch GD's first g is ∇J(θ₀): its norm comes free
        _ = gradient_norm(r, columns, loss)  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    for start in range(0, n, batch_size):
        if batch_size < n:
            batch = order[start : start + batch_size]
            xs = [rows[i] for i in batch]
            w, b = theta[:-1], theta[-1]
            r = [sum(map(mul, w, x)) + b - targets[i] for x, i in zip(xs, batch)]
        losses.append(unfused_mean_loss(r, loss))
        delta = unfused_slopes(r, len(r), loss)
        g = [sum(map(mul, delta, column)) for column in (columns if batch_size >= n else zip(*xs))]
        g.append(sum(delta))  # Σᵢ δᵢ·x̃ᵢ, by column, the last column all ones
        theta = [tj - eta * gj for tj, gj in zip(theta, g)]  # θ − η·g
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss.append(unfused_mean_loss(r, loss))
    _ = gradient_norm(r, columns, loss)  # ‖∇J(θ₁)‖, the verdict's
    return theta, losses, epoch_loss


def unfused_stochastic_mse(data: Data, eta: float, batch_size: int) -> Record:
    rows, features, targets, order = data.rows, data.features, data.targets, data.order
    theta = [0.0] * len(features[0])
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss = array("d", [unfused_mean_loss(r, "mse")])
    _ = gradient_norm(r, data.columns, "mse")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    for i in order:
        x = features[i]
        ri = sum(map(mul, theta, x)) - targets[i]
        record(ri * ri)
        slope = 2.0 * ri
        g = [slope * xj for xj in x]  # ℓ'·x̃
        theta = [tj - eta * gj for tj, gj in zip(theta, g)]  # θ − η·g
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss.append(unfused_mean_loss(r, "mse"))
    _ = gradient_norm(r, data.columns, "mse")  # ‖∇J(θ₁)‖, the verdict's
    return theta, losses, epoch_loss


def unfused_stochastic_mae(data: Data, eta: float, batch_size: int) -> Record:
    rows, features, targets, order = data.rows, data.features, data.targets, data.order
    theta = [0.0] * len(features[0])
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss = array("d", [unfused_mean_loss(r, "mae")])
    _ = gradient_norm(r, data.columns, "mae")  # ‖∇J(θ₀)‖, the verdict's
    losses = array("d")
    record = losses.append
    for i in order:
        x = features[i]
        ri = sum(map(mul, theta, x)) - targets[i]
        record(abs(ri))
        slope = 1.0 if ri > 0 else -1.0 if ri < 0 else 0.0  # sign(rᵢ), a float: float × float below
        g = [slope * xj for xj in x]  # ℓ'·x̃
        theta = [tj - eta * gj for tj, gj in zip(theta, g)]  # θ − η·g
    r = residuals(theta[:-1], theta[-1], rows, targets)
    epoch_loss.append(unfused_mean_loss(r, "mae"))
    _ = gradient_norm(r, data.columns, "mae")  # ‖∇J(θ₁)‖, the verdict's
    return theta, losses, epoch_loss


UNFUSED: dict[tuple[str, str], Callable[..., Record]] = {
    ("batch", "mse"): partial(unfused_batches, loss="mse"),
    ("batch", "mae"): partial(unfused_batches, loss="mae"),
    ("mini-batch 32", "mse"): partial(unfused_batches, loss="mse"),
    ("mini-batch 32", "mae"): partial(unfused_batches, loss="mae"),
    ("stochastic", "mse"): unfused_stochastic_mse,
    ("stochastic", "mae"): unfused_stochastic_mae,
}


# ---------------------------------------------------------------------------
# The peers: numpy and torch, float64, with a column of ones appended so that
# θ = [w, b] is one vector and r = X₁θ − y. Batch GD shares the residuals at
# θ₀ like the reference; mini-batches are gathered by index like a shuffled
# epoch would be; stochastic GD goes row by row.
# ---------------------------------------------------------------------------


def array_epoch(
    lib: Any, X1: Any, y: Any, order: list[int], eta: float, batch_size: int, loss: str
) -> Record:
    """The epoch with float64 arrays; ``lib`` is numpy or torch, which spell it alike.

    Both have ``zeros(k, dtype=float64)``, ``asarray``, ``sign``, ``@`` and
    ``abs()``; torch's arithmetic runs under ``no_grad``, numpy's needs nothing.
    """
    n = len(order)
    theta = lib.zeros(X1.shape[1], dtype=lib.float64)
    mse = loss == "mse"

    def mean_loss(r: Any) -> float:
        return float(r @ r) / len(r) if mse else float(abs(r).sum()) / len(r)

    def slopes(r: Any) -> Any:  # ∂L/∂ŷᵢ·m: 2rᵢ or sign(rᵢ)
        return 2.0 * r if mse else lib.sign(r)

    no_grad = lib.no_grad() if hasattr(lib, "no_grad") else contextlib.nullcontext()
    with no_grad:
        r = X1 @ theta - y
        epoch_loss = array("d", [mean_loss(r)])
        losses = array("d")
        if batch_size >= n:
            losses.append(epoch_loss[0])
            theta -= (eta / n) * (X1.T @ slopes(r))
        elif batch_size > 1:
            index = lib.asarray(order)
            for start in range(0, n, batch_size):
                batch = index[start : start + batch_size]
                Xb = X1[batch]
                r = Xb @ theta - y[batch]
                losses.append(mean_loss(r))
                theta -= (eta / len(r)) * (Xb.T @ slopes(r))
        else:
            record = losses.append
            for i in order:
                x = X1[i]
                ri = float(x @ theta) - float(y[i])
                if mse:
                    record(ri * ri)
                    theta -= (2.0 * eta * ri) * x
                else:
                    record(abs(ri))
                    theta -= (eta * ((ri > 0) - (ri < 0))) * x
        epoch_loss.append(mean_loss(X1 @ theta - y))
    return theta.tolist(), losses, epoch_loss


def autograd_epoch(
    torch: Any, X1: Any, y: Any, order: list[int], eta: float, batch_size: int, loss: str
) -> Record:
    """The torch way: the loss as a graph, its gradient by ``backward()``."""
    n = len(order)
    theta = torch.zeros(X1.shape[1], dtype=torch.float64, requires_grad=True)
    mean_loss = torch.nn.functional.mse_loss if loss == "mse" else torch.nn.functional.l1_loss
    with torch.no_grad():
        epoch_loss = array("d", [float(mean_loss(X1 @ theta, y))])
    losses = array("d")
    index = torch.tensor(order)
    for start in range(0, n, batch_size):
        if batch_size >= n:
            J = mean_loss(X1 @ theta, y)
        else:
            batch = index[start : start + batch_size]
            J = mean_loss(X1[batch] @ theta, y[batch])
        J.backward()
        with torch.no_grad():
            theta -= eta * theta.grad
        theta.grad = None
        losses.append(J.item())
    with torch.no_grad():
        epoch_loss.append(float(mean_loss(X1 @ theta, y)))
    return theta.tolist(), losses, epoch_loss


# ---------------------------------------------------------------------------
# Cases, the agreement check, and the clock.
# ---------------------------------------------------------------------------


class Case:
    """One (n, d, mode, loss): its implementations as callables returning a Record."""

    def __init__(self, n: int, d: int, mode: str, loss: str) -> None:
        self.n, self.d, self.mode, self.loss = n, d, mode, loss
        self.impls: dict[str, Callable[[], Record]] = {}
        self.times: dict[str, list[float]] = {}

    @property
    def label(self) -> str:
        return f"n={self.n} d={self.d} {self.mode} {self.loss}"

    def median(self, impl: str) -> float:
        return statistics.median(self.times[impl])

    def spread(self, impl: str) -> float:
        times = self.times[impl]
        return (max(times) - min(times)) / statistics.median(times)


def load_peers() -> tuple[Any, Any, list[str]]:
    """numpy and torch if they are installed (None otherwise), and notes on what is skipped.

    Both run on one thread unless the environment says otherwise: every
    column then measures one core, as pure Python uses, and no idle BLAS or
    OpenMP worker, spinning or descheduled, disturbs the next measurement on
    a small shared machine (with 2 threads on 2 busy cores, single torch
    epochs were seen to take 50 times their usual time).
    """
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
    found: dict[str, Any] = {}
    notes = []
    for name in ("numpy", "torch"):
        try:
            found[name] = importlib.import_module(name)
        except ImportError:
            notes.append(f"{name} is not installed: {name} columns skipped")
    return found.get("numpy"), found.get("torch"), notes


def load_before(checkout: Path) -> Any:
    """The gdlearn package of another checkout, loaded beside this one (for --before).

    Its modules are imported under their own names, then taken out of
    ``sys.modules`` again so that this checkout's gdlearn stays the one that
    ``import gdlearn`` finds; the returned package keeps working, as its
    classes and functions hold on to their own modules.
    """
    ours = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "gdlearn"}
    for name in ours:
        del sys.modules[name]
    sys.path.insert(0, str(checkout))
    try:
        before = importlib.import_module("gdlearn")
        if Path(before.__file__).resolve().parent.parent != checkout.resolve():
            raise SystemExit(f"--before: no gdlearn package in {checkout}")
    finally:
        sys.path.remove(str(checkout))
        for name in [name for name in sys.modules if name.split(".")[0] == "gdlearn"]:
            del sys.modules[name]
        sys.modules.update(ours)
    return before


def build_cases(
    sizes: list[tuple[int, int]], numpy: Any, torch: Any, before: Any = None
) -> list[Case]:
    """Data, Objective and peer arrays are all built here, outside the clock.

    ``before``: another checkout's gdlearn package (``load_before``), timed
    in the same rounds as the column "before".
    """
    cases = []
    for n, d in sizes:
        rows, targets = make_data(n, d)
        columns = [list(column) for column in zip(*rows)]
        order = list(range(n))
        data = Data(rows, columns, targets, order, [[*x, 1.0] for x in rows])
        eta = learning_rate(d)
        if numpy is not None:
            X1_np = numpy.column_stack([numpy.array(rows), numpy.ones(n)])
            y_np = numpy.array(targets)
        if torch is not None:
            X1_t = torch.tensor([[*x, 1.0] for x in rows], dtype=torch.float64)
            y_t = torch.tensor(targets, dtype=torch.float64)
        for loss in LOSSES:
            objective = Objective(LinearModel(d), loss, rows, targets)
            for mode, batch_size in MODES.items():
                case = Case(n, d, mode, loss)
                B = n if batch_size is None else batch_size
                optimizer = GradientDescent(eta, batch_size=batch_size, shuffle=False)
                case.impls["gdlearn"] = partial(gdlearn_epoch, optimizer, objective)
                if before is not None:
                    old_objective = before.Objective(before.LinearModel(d), loss, rows, targets)
                    old_optimizer = before.GradientDescent(eta, batch_size=batch_size, shuffle=False)
                    case.impls["before"] = partial(gdlearn_epoch, old_optimizer, old_objective)
                case.impls["reference"] = partial(REFERENCE[mode, loss], data, eta, B)
                case.impls["unfused"] = partial(UNFUSED[mode, loss], data, eta, B)
                if numpy is not None:
                    case.impls["numpy"] = partial(array_epoch, numpy, X1_np, y_np, order, eta, B, loss)
                if torch is not None:
                    case.impls["torch"] = partial(array_epoch, torch, X1_t, y_t, order, eta, B, loss)
                    case.impls["autograd"] = partial(autograd_epoch, torch, X1_t, y_t, order, eta, B, loss)
                cases.append(case)
    return cases


def gdlearn_epoch(optimizer: GradientDescent, objective: Objective) -> Record:
    """What a user runs; everything inside is timed, the Result included."""
    result = optimizer.minimize(objective, epochs=1)
    return list(result.theta), result.loss, result.epoch_loss


def disagreement(a: Record, b: Record) -> float:
    """max |u − v| / max(1, |u|, |v|) over θ₁, the batch losses and J(θ₀), J(θ₁)."""
    if len(a[0]) != len(b[0]) or len(a[1]) != len(b[1]) or len(a[2]) != len(b[2]):
        return math.inf
    worst = 0.0
    for one, other in zip(a, b):
        for u, v in zip(one, other):
            worst = max(worst, abs(u - v) / max(1.0, abs(u), abs(v)))
    return worst


TOLERANCE = {"gdlearn": 1e-9, "before": 1e-9, "unfused": 1e-9, "numpy": 1e-7, "torch": 1e-7, "autograd": 1e-7}


CLOCK: Callable[[], float] = time.perf_counter  # time.process_time with --cpu-time


def check(cases: list[Case]) -> bool:
    """Run every implementation once; all must end where the reference ends.

    Also the warm-up, and the first time of each, which sets the repeats.
    """
    worst = dict.fromkeys(TOLERANCE, 0.0)
    ok = True
    for case in cases:
        start = CLOCK()
        expected = case.impls["reference"]()
        case.times["reference"] = [CLOCK() - start]
        for impl, run in case.impls.items():
            if impl == "reference":
                continue
            start = CLOCK()
            got = run()
            case.times[impl] = [CLOCK() - start]
            gap = disagreement(got, expected)
            worst[impl] = max(worst[impl], gap)
            if not gap <= TOLERANCE[impl]:
                ok = False
                print(f"  DISAGREE {case.label}: {impl} vs reference differ by {gap:.3g}"
                      f" (allowed {TOLERANCE[impl]:g})")
    for impl, gap in worst.items():
        if any(impl in case.impls for case in cases):
            print(f"  {impl:9s} vs reference: largest relative gap {gap:.2g} (allowed {TOLERANCE[impl]:g})")
    return ok


def time_case(case: Case, repeats: int | None) -> None:
    """Round robin over the implementations; the check run is not counted."""
    if repeats is None:
        one_round = sum(times[0] for times in case.times.values())
        repeats = max(MIN_REPEATS, min(MAX_REPEATS, int(BUDGET / one_round)))
    case.times = {impl: [] for impl in case.impls}
    for _ in range(repeats):
        for impl, run in case.impls.items():
            gc.collect()
            start = CLOCK()
            run()
            case.times[impl].append(CLOCK() - start)


PEERS = ("numpy", "torch", "autograd")


def table_header(peers: list[str], before: bool = False) -> str:
    head = ["n", "d", "mode", "loss", "gdlearn ms", "reference ms", "gdlearn/ref"]
    head += ["unfused ms", "gdlearn/unfused"]
    if before:
        head += ["before ms", "before/ref"]
    for peer in peers:
        head += [f"{peer} ms", f"gdlearn/{peer}"]
    return "| " + " | ".join(head) + " |\n|" + "---|" * len(head)


def table_row(case: Case, peers: list[str]) -> str:
    def cell(impl: str) -> str:
        return f"{case.median(impl) * 1e3:.3g} ±{case.spread(impl):.0%}"

    gd = case.median("gdlearn")
    row = [str(case.n), str(case.d), case.mode, case.loss, cell("gdlearn"), cell("reference")]
    row += [f"{gd / case.median('reference'):.2f}", cell("unfused"), f"{gd / case.median('unfused'):.2f}"]
    if "before" in case.impls:
        row += [cell("before"), f"{case.median('before') / case.median('reference'):.2f}"]
    for peer in peers:
        row += [cell(peer), f"{gd / case.median(peer):.2f}"]
    return "| " + " | ".join(row) + " |"


# ---------------------------------------------------------------------------
# The other targets: linear scaling, memory of the history, import time.
# ---------------------------------------------------------------------------


def shuffle_ms(n: int) -> float:
    """What shuffle=True adds per epoch: one random.shuffle of n indices."""
    order, rng = list(range(n)), random.Random(0)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        rng.shuffle(order)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def history_bytes(iterations: int) -> dict[str, Any]:
    """Bytes per recorded number of a stochastic run of ``iterations`` updates.

    A real run under tracemalloc: d = 1, n = 10,000 rows, iterations/10,000
    epochs, after one epoch outside the measurement (which builds the
    objective's x̃ of every row, kept with the data). Retained = memory still
    held after the run (the Result and its history), peak = the most held at
    any moment above the start. The
    recorded numbers are every entry of the Result's arrays (the loss of each
    iteration, epoch_loss, and any other per-iteration record it keeps).
    """
    n = min(10000, iterations)
    rows, targets = make_data(n, 1)
    objective = Objective(LinearModel(1), "mse", rows, targets)
    optimizer = GradientDescent(learning_rate(1), batch_size=1, shuffle=False)
    # The objective keeps x̃ of every row once a one-row step needs it: part of the data
    # (n·(56 + 8·(d + 1)) bytes, once per objective), not of the history, so built before.
    optimizer.minimize(objective, epochs=1)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    result = optimizer.minimize(objective, epochs=max(1, iterations // n))
    seconds = time.perf_counter() - start
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrays = {name: len(value) for name, value in vars(result).items() if isinstance(value, array)}
    numbers = sum(arrays.values())
    return {
        "iterations": result.n_iter,
        "arrays": arrays,
        "numbers": numbers,
        "retained_bytes_per_number": (after - before) / numbers,
        "peak_bytes_per_number": (peak - before) / numbers,
        "retained_bytes_per_iteration": (after - before) / result.n_iter,
        "seconds_under_tracemalloc": seconds,
    }


def import_ms(runs: int) -> float:
    """Median over fresh interpreters of the cumulative -X importtime of gdlearn.

    With the bytecode cache written and used (as after an installation):
    PYTHONDONTWRITEBYTECODE is removed from the child's environment. And
    without ``site`` (``-S``): a development environment's ``site`` runs the
    editable install's finder, which imports pathlib, re, enum, typing's
    helpers and more before gdlearn starts, and so hides their cost (over
    a quarter of the total) from gdlearn's figure; a user's interpreter has
    not imported them. Without ``site`` gdlearn pays for everything it uses.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-S", "-X", "importtime", "-c", "import gdlearn"]
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm the bytecode cache
    totals = []
    for _ in range(runs):
        stderr = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stderr
        for line in stderr.splitlines():  # "import time:  self [us] | cumulative | name"
            fields = line.split("|")
            if len(fields) == 3 and fields[2].strip() == "gdlearn":
                totals.append(int(fields[1]) / 1e3)
    return statistics.median(totals)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
    }


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="add (n, d) = (100000, 10) and the scaling check")
    parser.add_argument("--quick", action="store_true", help="(100, 1) only, one repeat (a smoke test)")
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE as JSON")
    parser.add_argument(
        "--before", metavar="CHECKOUT", type=Path,
        help="also time the gdlearn of another checkout (the folder with its gdlearn/), in the same rounds",
    )
    parser.add_argument(
        "--cpu-time", action="store_true",
        help="time in CPU time of the process (time.process_time), steadier on a busy machine",
    )
    args = parser.parse_args(argv)
    if args.quick and args.full:
        parser.error("--quick and --full exclude each other")
    global CLOCK
    CLOCK = time.process_time if args.cpu_time else time.perf_counter
    sizes = [SIZES[0]] if args.quick else SIZES + ([FULL_SIZE] if args.full else [])

    info = machine()
    print(f"gdlearn epoch benchmark, {info['date']}")
    print(f"Python {info['python']} ({info['implementation']}), {info['cpu']}, nproc {info['nproc']}")
    if not hasattr(math, "sumprod"):
        print("math.sumprod absent (Python < 3.12): gdlearn and the reference both use sum(map(mul, …))")
    else:
        print("note: gdlearn's dot is math.sumprod here, the reference uses sum(map(mul, …))")
    numpy, torch, notes = load_peers()
    for note in notes:
        print(f"note: {note}")
    if numpy is not None:
        info["numpy"] = numpy.__version__
    if torch is not None:
        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); numpy {info.get('numpy')}")
    if numpy is not None or torch is not None:
        threads = ", ".join(f"{name}={os.environ[name]}" for name in THREAD_VARIABLES)
        print(f"peer threads: {threads} (set to 1 unless already set)")
    peers = [peer for peer in PEERS if (numpy if peer == "numpy" else torch) is not None]

    before = None
    if args.before is not None:
        before = load_before(args.before)
        info["before"] = str(args.before)
        print(f"before: the gdlearn of {args.before}, timed in the same rounds")
    cases = build_cases(sizes, numpy, torch, before)
    print(f"\nChecking that every implementation ends at the reference's θ ({len(cases)} cases) …")
    if not check(cases):
        print("agreement check FAILED: nothing timed")
        return 1
    print("agreement check passed")

    clock = "CPU time of the process" if args.cpu_time else "wall-clock time"
    print(f"\nTime per epoch ({clock}), in ms: median ±(max − min)/median over the repeats\n")
    print(table_header(peers, before is not None))
    for case in cases:
        time_case(case, 1 if args.quick else None)
        print(table_row(case, peers), flush=True)
    repeats = sorted({len(case.times["gdlearn"]) for case in cases})
    print(f"\nrepeats per case: {repeats[0]}–{repeats[-1]}")

    info["clock"] = "process_time" if args.cpu_time else "perf_counter"
    report: dict[str, Any] = {"machine": info, "cases": [], "targets": {}}
    for case in cases:
        report["cases"].append({
            "n": case.n, "d": case.d, "mode": case.mode, "loss": case.loss,
            "seconds": {impl: sorted(times) for impl, times in case.times.items()},
            "median": {impl: case.median(impl) for impl in case.times},
        })

    print("\nTargets")
    by_key = {(case.n, case.d, case.mode, case.loss): case for case in cases}
    ratios: dict[str, dict[str, float]] = {}
    for mode, target in TARGET_RATIO.items():
        chosen = [c for c in cases if (c.n, c.d) in TARGET_SIZES and c.mode == mode]
        if not chosen:
            continue
        for against in ("reference", "unfused"):
            ratio = {c.label: c.median("gdlearn") / c.median(against) for c in chosen}
            ratios[f"{mode} / {against}"] = ratio
            slow = [f"{label}: {r:.2f}" for label, r in ratio.items() if r > target]
            print(f"- {mode}: gdlearn ≤ {target}× {against} at (10000, 10) and (1000, 100): "
                  f"{verdict(not slow)}; ratios {', '.join(f'{r:.2f}' for r in ratio.values())}")
    report["targets"]["ratio"] = ratios

    if args.full:
        scaling = {}
        for mode in MODES:
            for loss in LOSSES:
                small, large = by_key[10000, 10, mode, loss], by_key[100000, 10, mode, loss]
                scaling[f"{mode} {loss}"] = {
                    impl: large.median(impl) / small.median(impl) for impl in ("gdlearn", "reference")
                }
        inside = all(8.0 <= s["gdlearn"] <= 12.0 for s in scaling.values())
        print(f"- time(100000 rows) / time(10000 rows) within 10 ± 20 %: {verdict(inside)}")
        for key, s in scaling.items():
            print(f"    {key:22s} gdlearn {s['gdlearn']:5.2f}   reference {s['reference']:5.2f}")
        report["targets"]["scaling_10k_to_100k"] = scaling

    stochastic = [case for case in cases if case.mode == "stochastic"]
    for peer in ("numpy", "torch"):
        if peer in peers:
            beaten = [c for c in stochastic if c.median("gdlearn") < c.median(peer)]
            at_10 = [c for c in stochastic if c.d == 10]
            beaten_10 = [c for c in at_10 if c in beaten]
            print(f"- stochastic gdlearn faster than {peer} row by row: in {len(beaten)} of {len(stochastic)}"
                  f" cases, {len(beaten_10)} of {len(at_10)} at d = 10")

    iterations = 10_000 if args.quick else 1_000_000
    print(f"- the history of a {iterations:,}-iteration stochastic run, under tracemalloc …", flush=True)
    memory = history_bytes(iterations)
    kept = ", ".join(f"{name} {count:,}" for name, count in memory["arrays"].items())
    seconds = memory["seconds_under_tracemalloc"]
    print(f"  a real run (d = 1, {seconds:.1f} s under tracemalloc) records {kept}:"
          f" {memory['retained_bytes_per_number']:.2f} bytes per recorded number retained,"
          f" {memory['peak_bytes_per_number']:.2f} at the peak"
          f" ({memory['retained_bytes_per_iteration']:.1f} bytes per iteration)")
    print(f"  ≤ {HISTORY_BYTES} bytes per recorded number: "
          f"{verdict(memory['retained_bytes_per_number'] <= HISTORY_BYTES)}")
    report["targets"]["history"] = memory

    milliseconds = import_ms(1 if args.quick else 7)
    print(f"- import gdlearn: {milliseconds:.1f} ms (python -S -X importtime, cumulative, median,"
          f" bytecode cached); ≤ {IMPORT_MS:g} ms: {verdict(milliseconds <= IMPORT_MS)}")
    report["targets"]["import_ms"] = milliseconds

    report["shuffle_ms"] = {str(n): shuffle_ms(n) for n in sorted({n for n, _ in sizes})}
    extra = ", ".join(f"n={n}: {ms:.2f} ms" for n, ms in report["shuffle_ms"].items())
    print(f"\nshuffle=True (the default) adds one random.shuffle per epoch: {extra}")

    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
