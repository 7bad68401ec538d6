"""One iteration of gradient descent, written out with the numbers in it.

``explain_step`` shows every stage of a single update of a linear model, each
as a formula and then with the data substituted, for MSE and MAE, on all the
rows (batch GD) or on a batch of them (stochastic and mini-batch GD):

    1. predictions   ŷᵢ = w·xᵢ + b
    2. residuals     rᵢ = ŷᵢ − yᵢ
    3. the loss      MSE = (1/m) Σ rᵢ²          MAE = (1/m) Σ |rᵢ|
    4. the gradient  ∂L/∂wⱼ = (2/m) Σ rᵢ·xᵢⱼ   ∂L/∂wⱼ = (1/m) Σ sign(rᵢ)·xᵢⱼ
                     ∂L/∂b  = (2/m) Σ rᵢ        ∂L/∂b  = (1/m) Σ sign(rᵢ)
    5. the update    θ ← θ − η·∇L
    6. the loss before and after the update, over the same m rows

The sums are computed here, term by term, straight from these formulas; the
tests check them against ``Objective``, which computes them its own way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from .checks import positive_number
from .errors import ParameterError
from .losses import MAE, MSE, Loss, get_loss
from .vectors import as_dataset, as_vector

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class Step(NamedTuple):
    """The numbers of one explained update, for tests and for reuse."""

    rows: list[int]
    y_pred: list[float]
    residual: list[float]
    loss_before: float
    gradient: list[float]
    theta_before: list[float]
    theta_after: list[float]
    loss_after: float
    text: str


def _sub(i: int) -> str:
    return str(i).translate(_SUBSCRIPTS)


def _num(x: float) -> str:
    """A number to 6 significant digits, with a true minus sign."""
    text = f"{x:.6g}"
    return "0" if text == "-0" else text.replace("-", "−")


def _factor(x: float) -> str:
    """A number as a factor in a product or sum: negatives in parentheses."""
    return f"({_num(x)})" if x < 0 else _num(x)


def _terms(values: Sequence[str], shown: int) -> str:
    """ 'a + b + c + …' showing at most ``shown`` terms."""
    head = " + ".join(values[:shown])
    return head + (" + …" if len(values) > shown else "")


def explain_step(
    X: Any,
    y: Any,
    *,
    theta: Any = None,
    loss: str | Loss = "mse",
    learning_rate: float = 0.01,
    rows: Sequence[int] | None = None,
    feature_names: Sequence[str] | None = None,
    shown: int = 3,
) -> Step:
    """Explain one update θ ← θ − η∇L on ``rows`` (all rows if None).

    >>> step = explain_step([[1.0], [2.0]], [3.0, 5.0], learning_rate=0.1)
    >>> step.gradient, step.theta_after    # (2/2)·[−3·1 − 5·2, −3 − 5]
    ([-13.0, -8.0], [1.3, 0.8])
    """
    data, targets = as_dataset(X, y)
    d = len(data[0])
    lossfn = get_loss(loss)
    if not isinstance(lossfn, (MSE, MAE)):
        raise ParameterError(f"explain covers the mse and mae losses, got {lossfn!r}")
    eta = positive_number(learning_rate, "learning_rate")
    theta = [0.0] * (d + 1) if theta is None else as_vector(theta, "theta", length=d + 1)
    names = list(feature_names) if feature_names is not None else [f"x{_sub(j + 1)}" for j in range(d)]
    if len(names) != d:
        raise ParameterError(f"feature_names must have {d} names, got {len(names)}")
    batch = list(range(len(data))) if rows is None else [int(i) for i in rows]
    if not batch or not all(0 <= i < len(data) for i in batch):
        raise ParameterError(f"rows must be indices from 0 to {len(data) - 1}, got {list(batch)!r}")
    is_mse = isinstance(lossfn, MSE)
    m = len(batch)
    w, b = theta[:d], theta[d]
    lines: list[str] = []
    say = lines.append

    say(f"θ = [{', '.join(f'w{_sub(j + 1)}' for j in range(d))}, b] = [{', '.join(map(_num, theta))}]")
    say(f"the model: ŷ = {' + '.join(f'w{_sub(j + 1)}·{names[j]}' for j in range(d))} + b")
    chosen = "" if rows is None else f": rows {', '.join(str(i + 1) for i in batch[:shown])}"
    say(f"the batch: {m} of {len(data)} rows{chosen}{', …' if rows is not None and m > shown else ''}")
    say("")
    say("1. predictions  ŷᵢ = w·xᵢ + b")
    y_pred: list[float] = []
    for k, i in enumerate(batch):
        x = data[i]
        y_hat = math.fsum(w_j * x_j for w_j, x_j in zip(w, x)) + b
        y_pred.append(y_hat)
        if k < shown:
            products = " + ".join(f"{_factor(w_j)}·{_factor(x_j)}" for w_j, x_j in zip(w, x))
            say(f"   ŷ{_sub(i + 1)} = {products} + {_factor(b)} = {_num(y_hat)}")
    if m > shown:
        say(f"   … and {m - shown} more")
    say("2. residuals  rᵢ = ŷᵢ − yᵢ")
    residual = [y_hat - targets[i] for y_hat, i in zip(y_pred, batch)]
    for k, i in enumerate(batch[:shown]):
        say(f"   r{_sub(i + 1)} = {_num(y_pred[k])} − {_factor(targets[i])} = {_num(residual[k])}")
    if m > shown:
        say(f"   … and {m - shown} more")

    def loss_of(r: list[float]) -> float:
        return math.fsum(v * v if is_mse else abs(v) for v in r) / m

    loss_before = loss_of(residual)
    if is_mse:
        formula, terms = "(1/m) Σ rᵢ²", [_num(r * r) for r in residual]
        factor, slope_name = 2.0 / m, "rᵢ"
        slopes = residual
    else:
        formula, terms = "(1/m) Σ |rᵢ|", [_num(abs(r)) for r in residual]
        factor, slope_name = 1.0 / m, "sign(rᵢ)"
        slopes = [float((r > 0) - (r < 0)) for r in residual]
    say(f"3. loss  L = {formula} = (1/{m})({_terms(terms, shown)}) = {_num(loss_before)}")
    coefficient = "2/m" if is_mse else "1/m"
    say(f"4. gradient  ∂L/∂wⱼ = ({coefficient}) Σ {slope_name}·xᵢⱼ,  ∂L/∂b = ({coefficient}) Σ {slope_name}")
    gradient = []
    for j in range(d + 1):
        column = [data[i][j] if j < d else 1.0 for i in batch]
        g = factor * math.fsum(s * x for s, x in zip(slopes, column))
        gradient.append(g)
        symbol = f"w{_sub(j + 1)}" if j < d else "b"
        shown_terms = [f"{_factor(s)}·{_factor(x)}" if j < d else _factor(s) for s, x in zip(slopes, column)]
        scale = coefficient.replace("m", str(m))
        say(f"   ∂L/∂{symbol} = ({scale})({_terms(shown_terms, shown)}) = {_num(g)}")
    say(f"5. update  θ ← θ − η·∇L  with η = {_num(eta)}")
    theta_after = [t - eta * g for t, g in zip(theta, gradient)]
    for j in range(d + 1):
        symbol = f"w{_sub(j + 1)}" if j < d else "b"
        say(f"   {symbol} ← {_num(theta[j])} − {_num(eta)}·{_factor(gradient[j])} = {_num(theta_after[j])}")
    w_after, b_after = theta_after[:d], theta_after[d]
    residual_after = [
        math.fsum(w_j * x_j for w_j, x_j in zip(w_after, data[i])) + b_after - targets[i] for i in batch
    ]
    loss_after = loss_of(residual_after)
    change = "fell" if loss_after < loss_before else "rose"
    say(f"6. loss on these {m} rows: before {_num(loss_before)}, after {_num(loss_after)} ({change})")
    text = "\n".join(lines)
    return Step(batch, y_pred, residual, loss_before, gradient, theta, theta_after, loss_after, text)
