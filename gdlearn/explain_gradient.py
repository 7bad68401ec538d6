"""The gradient ∇J_ℬ(θ) of one batch, written out term by term (the first half of ``explain``).

For a batch ℬ of |ℬ| rows and θ = [w₁, …, w_d, b], the stages and their
formulas, as ``losses``, ``models`` and ``objective`` state them:

    predictions   ŷᵢ = w·xᵢ + b         (log loss: the logit zᵢ = w·xᵢ + b, then ŷᵢ = σ(zᵢ))
    residuals     rᵢ = ŷᵢ − yᵢ
    the loss      L = (1/|ℬ|) Σᵢ ℓᵢ,  and J = L + λ₂‖w‖² + λ₁‖w‖₁ with a penalty (else J = L)
    row slopes    δᵢ = ∂L/∂ŷᵢ = ℓ'ᵢ/|ℬ|:  2rᵢ/|ℬ| (MSE), sign(rᵢ)/|ℬ| (MAE),
                  rᵢ/|ℬ| or M·sign(rᵢ)/|ℬ| (Huber, within or beyond its M), rᵢ/|ℬ| (log loss, on zᵢ)
    the gradient  ∂L/∂wⱼ = Σᵢ δᵢ·xᵢⱼ,  ∂L/∂b = Σᵢ δᵢ
    the penalty   ∂J/∂wⱼ = ∂L/∂wⱼ + 2λ₂·wⱼ + λ₁·sign(wⱼ),  ∂J/∂b = ∂L/∂b
                  (with proximal=True, ∂J_smooth/∂wⱼ = ∂L/∂wⱼ + 2λ₂·wⱼ: λ₁ takes its own step later)

Without a penalty J = L, and the text writes the gradient as ∂J/∂θ directly.

Every number is computed here from these formulas (sums with ``math.fsum``),
not by ``Objective``; the tests check the two against each other and against
a computation of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from .explain_text import Page, factor, fold, num, sub
from .losses import MAE, MSE, Huber, LogLoss, Loss

LOSS_FORMULAS = {
    "mse": "ℓᵢ = rᵢ²",
    "mae": "ℓᵢ = |rᵢ|",
    "huber": "ℓᵢ = ½rᵢ² if |rᵢ| ≤ M, else M·(|rᵢ| − ½M)",
    "log": "ℓᵢ = −yᵢ·log ŷᵢ − (1 − yᵢ)·log(1 − ŷᵢ)",
}
SLOPE_FORMULAS = {
    "mse": "2rᵢ/|ℬ|",
    "mae": "sign(rᵢ)/|ℬ|",
    "huber": "rᵢ/|ℬ| if |rᵢ| ≤ M (the quadratic part), else M·sign(rᵢ)/|ℬ| (the linear part)",
    "log": "(σ(zᵢ) − yᵢ)/|ℬ| = rᵢ/|ℬ|, the slope of ℓ in the logit zᵢ",
}


class Batch(NamedTuple):
    """The rows ℬ of one update: features xᵢ, targets yᵢ, and their numbers in the data (from 1)."""

    rows: list[list[float]]
    targets: list[float]
    numbers: list[int]


class Gradient(NamedTuple):
    """The numbers of the gradient's stages, one entry per row of the batch or per parameter."""

    y_pred: list[float]
    residual: list[float]
    delta: list[float]
    loss: float
    gradient: list[float]


def loss_kind(loss: Loss) -> str:
    """'mse', 'mae', 'huber' or 'log': the four losses ``explain`` writes out."""
    for kind, cls in (("mse", MSE), ("mae", MAE), ("huber", Huber), ("log", LogLoss)):
        if type(loss) is cls:
            return kind
    return ""


def _sign(x: float) -> float:
    return float((x > 0) - (x < 0))


def _sigmoid(z: float) -> float:
    """σ(z) = 1/(1 + e^(−z)), written as e^z/(1 + e^z) for z < 0 so that exp never overflows."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def add_up(values: Iterable[float]) -> float:
    """Σ values with ``math.fsum``; where the terms hold ±inf or the sum passes a float, what a plain sum
    gives (inf, or nan for inf − inf), so that a run that blows up is written out, not a traceback."""
    terms = list(values)
    try:
        return math.fsum(terms)
    except (OverflowError, ValueError):  # fsum refuses inf − inf (ValueError) and overflow
        return sum(terms)


def row_terms(
    loss: Loss, batch: Batch, theta: Sequence[float], d: int, bias: bool
) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """zᵢ = w·xᵢ + b, ŷᵢ, rᵢ = ŷᵢ − yᵢ, ℓᵢ and ℓ'ᵢ for each row (ŷᵢ = zᵢ but for the log loss)."""
    kind = loss_kind(loss)
    b = theta[d] if bias else 0.0
    z = [add_up(w_j * x_j for w_j, x_j in zip(theta[:d], x)) + b for x in batch.rows]
    y_pred = [_sigmoid(z_i) for z_i in z] if kind == "log" else z
    residual = [y_hat - y for y_hat, y in zip(y_pred, batch.targets)]
    if kind == "mse":
        losses, slopes = [r * r for r in residual], [2.0 * r for r in residual]
    elif kind == "mae":
        losses, slopes = [abs(r) for r in residual], [_sign(r) for r in residual]
    elif isinstance(loss, Huber):
        delta = loss.delta
        losses = [0.5 * r * r if abs(r) <= delta else delta * (abs(r) - 0.5 * delta) for r in residual]
        slopes = [r if abs(r) <= delta else delta * _sign(r) for r in residual]
    else:  # log loss on the logit: max(z, 0) − z·y + log(1 + e^(−|z|)), its slope σ(z) − y
        losses = [
            max(z_i, 0.0) - z_i * y + math.log1p(math.exp(-abs(z_i))) for z_i, y in zip(z, batch.targets)
        ]
        slopes = residual
    return z, y_pred, residual, losses, slopes


def objective_value(
    loss: Loss, batch: Batch, theta: Sequence[float], d: int, bias: bool, l1: float, l2: float
) -> float:
    """J_ℬ(θ) = (1/|ℬ|) Σᵢ ℓᵢ + λ₂‖w‖² + λ₁‖w‖₁, silently: the loss after the update."""
    losses = row_terms(loss, batch, theta, d, bias)[3]
    return add_up(losses) / len(losses) + _penalty(theta[:d], l1, l2)


def _penalty(w: Sequence[float], l1: float, l2: float) -> float:
    ridge = l2 * add_up(w_j * w_j for w_j in w) if l2 else 0.0
    lasso = l1 * add_up(abs(w_j) for w_j in w) if l1 else 0.0
    return ridge + lasso


def write_gradient(
    page: Page, loss: Loss, batch: Batch, theta: Sequence[float], labels: Sequence[str], bias: bool,
    l1: float, l2: float, proximal: bool = False,
) -> Gradient:  # fmt: skip
    """Write the stages of the module docstring on ``page``; return their numbers.

    ``proximal``: λ₁‖w‖₁ counts in the loss but not in the gradient (its proximal step follows the update).
    """
    kind, K = loss_kind(loss), page.shown
    d, m = len(theta) - bias, len(batch.targets)
    z, y_pred, residual, losses, slopes = row_terms(loss, batch, theta, d, bias)
    J = "L" if l1 or l2 else "J"  # ∂L/∂θ when a penalty makes J = L + penalty; J = L without one
    out = "z" if kind == "log" else "ŷ"
    page.stage(f"{'logits' if kind == 'log' else 'predictions'}  {out}ᵢ = w·xᵢ{' + b' if bias else ''}")
    bias_term = f" + {factor(theta[d])}" if bias else ""
    for k, i in _rows(page, batch):
        products = fold([f"{factor(w_j)}·{factor(x_j)}" for w_j, x_j in zip(theta, batch.rows[k])], K)
        page.say(f"   {out}{i} = {products}{bias_term} = {num(z[k])}")
    if kind == "log":
        page.stage("probabilities  ŷᵢ = σ(zᵢ) = 1/(1 + e^(−zᵢ))")
        for k, i in _rows(page, batch):
            page.say(f"   ŷ{i} = 1/(1 + e^({num(-z[k])})) = {num(y_pred[k])}")
    page.stage("residuals  rᵢ = ŷᵢ − yᵢ")
    for k, i in _rows(page, batch):
        page.say(f"   r{i} = {num(y_pred[k])} − {factor(batch.targets[k])} = {num(residual[k])}")

    delta = loss.delta if isinstance(loss, Huber) else 0.0
    data_loss = add_up(losses) / m
    threshold = f";  M = {num(delta)}" if kind == "huber" else ""
    page.stage(f"the loss  L = (1/|ℬ|) Σᵢ ℓᵢ,  {LOSS_FORMULAS[kind]}{threshold}")
    named = "L" if l1 or l2 else "J = L"  # the objective is the loss itself without a penalty
    page.say(f"   {named} = (1/{m})({fold([num(v) for v in losses], K)}) = {num(data_loss)}")
    total = data_loss
    if l1 or l2:
        total = data_loss + _penalty(theta[:d], l1, l2)
        page.say(_penalty_value(theta[:d], l1, l2, data_loss, total, K))

    page.stage(f"each row's slope  δᵢ = ∂L/∂{out}ᵢ = {SLOPE_FORMULAS[kind]}")
    if kind == "huber":
        _write_huber_parts(page, batch, residual, delta)
    delta_i = [s / m for s in slopes]  # δᵢ = ℓ'ᵢ/m
    for k, i in _rows(page, batch):
        note = _huber_note(kind, delta, residual[k], i)
        page.say(f"   δ{i} = {_slope_text(kind, delta, residual[k], m)} = {num(delta_i[k])}{note}")

    page.stage(f"the gradient  ∂{J}/∂wⱼ = Σᵢ δᵢ·xᵢⱼ" + (f",  ∂{J}/∂b = Σᵢ δᵢ" if bias else ""))
    columns = [[x[j] for x in batch.rows] for j in range(d)] + [[1.0] * m] * bias  # ∂ŷᵢ/∂b = 1
    grad = [add_up(dl * x for dl, x in zip(delta_i, column)) for column in columns]
    for j in page.params(d, bias):
        terms = [f"{factor(dl)}·{factor(x)}" if j < d else factor(dl) for dl, x in zip(delta_i, columns[j])]
        page.say(f"   ∂{J}/∂{labels[j]} = {fold(terms, K)} = {num(grad[j])}")
    if l1 and proximal:  # the gradient of J_smooth = L + λ₂‖w‖²; λ₁‖w‖₁ takes its proximal step later
        later = "λ₁‖w‖₁ is left out of the gradient: its proximal step follows the update"
        if l2:
            grad = _write_penalty(page, grad, theta, labels, d, bias, 0.0, l2, "J_smooth")
            page.say(f"   {later}")
        else:
            page.stage(f"the penalty  {later}")
    elif l1 or l2:
        grad = _write_penalty(page, grad, theta, labels, d, bias, l1, l2)
    return Gradient(y_pred, residual, delta_i, total, grad)


def _rows(page: Page, batch: Batch) -> Iterator[tuple[int, str]]:
    """(k, 'ᵢ') for the first K rows of the batch, then '… and N more rows'."""
    for k, number in enumerate(batch.numbers[: page.shown]):
        yield k, sub(number)
    page.more(len(batch.numbers), "rows")


def _write_huber_parts(page: Page, batch: Batch, residual: Sequence[float], delta: float) -> None:
    """Which rows are in the quadratic part of the Huber loss (|rᵢ| ≤ M), which in the linear part."""
    inside = [str(i) for i, r in zip(batch.numbers, residual) if abs(r) <= delta]
    beyond = [str(i) for i, r in zip(batch.numbers, residual) if abs(r) > delta]
    for part, rows in (("the quadratic part, |rᵢ| ≤ M", inside), ("the linear part, |rᵢ| > M", beyond)):
        many = "s" * (len(rows) != 1)
        listed = f"row{many} {fold(rows, page.shown, ', ')} ({len(rows)} row{many})" if rows else "no rows"
        page.say(f"   {part}: {listed}")


def _slope_text(kind: str, delta: float, r: float, m: int) -> str:
    """The slope δᵢ with its numbers: '2·(−3)/5', 'sign(−3)/5', '(−0.4)/5'; Huber says which part."""
    if kind == "mse":
        return f"2·{factor(r)}/{m}"
    if kind == "mae":
        return f"sign({num(r)})/{m}"
    if kind == "huber" and abs(r) > delta:
        return f"{num(delta)}·sign({num(r)})/{m}"
    return f"{factor(r)}/{m}"


def _huber_note(kind: str, delta: float, r: float, i: str) -> str:
    """'  (linear: |r₃| = 36.8 > M)' after a Huber slope; nothing for the other losses."""
    if kind != "huber":
        return ""
    part, compare = ("linear", ">") if abs(r) > delta else ("quadratic", "≤")
    return f"  ({part}: |r{i}| = {num(abs(r))} {compare} M)"


def _penalty_value(w: Sequence[float], l1: float, l2: float, data_loss: float, total: float, K: int) -> str:
    """'   J = L + λ₂‖w‖² + λ₁‖w‖₁ = 3.2 + 0.1·0.13 + 0.01·0.5 = 3.218', with ‖w‖² and ‖w‖₁ summed."""
    symbols, numbers = ["L"], [num(data_loss)]
    if l2:
        squares = fold([f"{factor(w_j)}²" for w_j in w], K)
        symbols.append("λ₂‖w‖²")
        numbers.append(f"{num(l2)}·({squares})")
    if l1:
        symbols.append("λ₁‖w‖₁")
        numbers.append(f"{num(l1)}·({fold([num(abs(w_j)) for w_j in w], K)})")
    return f"   J = {' + '.join(symbols)} = {' + '.join(numbers)} = {num(total)}"


def _write_penalty(
    page: Page, grad: list[float], theta: Sequence[float], labels: Sequence[str], d: int, bias: bool,
    l1: float, l2: float, J: str = "J",
) -> list[float]:  # fmt: skip
    """∂J/∂wⱼ = ∂L/∂wⱼ + 2λ₂·wⱼ + λ₁·sign(wⱼ) per weight, and ∂J/∂b = ∂L/∂b (J named ``J``)."""
    formula = " + ".join(([] if not l2 else ["2λ₂·wⱼ"]) + ([] if not l1 else ["λ₁·sign(wⱼ)"]))
    values = ", ".join(([] if not l2 else [f"λ₂ = {num(l2)}"]) + ([] if not l1 else [f"λ₁ = {num(l1)}"]))
    page.stage(f"the penalty  ∂{J}/∂wⱼ = ∂L/∂wⱼ + {formula}, and nothing for b;  {values}")
    total = list(grad)
    for j in range(d):
        w_j = theta[j]
        total[j] = grad[j] + 2.0 * l2 * w_j + l1 * _sign(w_j)
    for j in page.params(d, bias):
        w_j, parts = theta[j], [num(grad[j])]
        if j == d:
            page.say(f"   ∂{J}/∂b = ∂L/∂b = {num(total[j])}  (the bias is not penalised)")
            continue
        parts += [f"2·{num(l2)}·{factor(w_j)}"] if l2 else []
        parts += [f"{num(l1)}·sign({num(w_j)})"] if l1 else []
        page.say(f"   ∂{J}/∂{labels[j]} = {' + '.join(parts)} = {num(total[j])}")
    return total
