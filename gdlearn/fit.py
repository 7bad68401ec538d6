"""``fit``: the whole pipeline in a few lines you can follow.

    model      f(x; θ) = w·x + b                        LinearModel (LogisticModel for loss="log"),
                                                        or your own: model=
    objective  J(θ) = (1/n) Σᵢ ℓ(f(xᵢ; θ), yᵢ)           Objective
                      + λ₂‖w‖² + λ₁‖w‖₁                  l2=, l1=
    optimizer  θ ← θ − η·∇J_ℬ(θ), or with momentum,      GradientDescent (optimizer="gd")
               or Adam's per-coordinate step             Adam (optimizer="adam")
               then wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0)     proximal=True (the loop, ``Objective.prox``)

>>> result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=0.1, epochs=2000)
>>> round(result.model.predict_one([3.0]), 9)   # y = 2x + 1, so 7
7.0
>>> result.stop_reason, result.n_iter
('max_epochs', 2000)
>>> result.verdict, round(result.optimum_loss, 12)   # J* = 0: the line fits exactly
('converged', 0.0)

Logistic regression is ``loss="log"``: the targets are classes 0 and 1, and
the fitted model is a ``LogisticModel`` whose ``predict`` gives classes.

>>> result = fit([[-2.0], [-1.0], [1.0], [2.0]], [0, 0, 1, 1], loss="log", learning_rate=1.0)
>>> result.model.predict([[-3.0], [3.0]]), result.model.accuracy([[-1.0], [1.0]], [0, 1])
([0.0, 1.0], 1.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

from .adam import Adam
from .checks import nonnegative_number
from .errors import DataError, ParameterError
from .gradient_descent import GradientDescent
from .least_squares import least_squares
from .loop import Optimizer
from .losses import MSE, LogLoss, Loss, get_loss
from .models import LinearModel, LogisticModel, Model
from .objective import Objective
from .result import Result, short_list
from .schedules import Schedule
from .stability import auto_learning_rate, stable_learning_rate
from .vectors import as_dataset
from .verdict import checks, judge

M = TypeVar("M", bound=Model)

EXACT_WORK = 10**7
"""J* and κ are computed when n·p² ≤ this (p = d + 1, at most 32): about a second, next to the run."""


@dataclass(frozen=True)
class FitResult(Result, Generic[M]):
    """A ``Result`` that also holds the fitted ``model``, and the exact optimum where there is one.

    ``model`` is the model with the θ the run ended at: a ``LinearModel`` or
    ``LogisticModel``, or the kind of model given as ``fit(model=...)``.

    For MSE on a linear model (with ``l2`` or not, without ``l1``) J is a
    quadratic bowl and its least value has a closed form:

        optimum_loss      J* = J(θ*), θ* from ``least_squares`` (ridge with l2)
        condition_number  κ = λ_max/λ_min of J's Hessian H = (2/n)·X̃ᵀX̃ + 2λ₂D
                          (``stable_learning_rate``): how much slower the
                          flattest direction is than the steepest

    Both are None for other losses, when least squares has no unique answer
    (dependent columns), and for data too large to solve in about a second
    (n·(d + 1)² > 10⁷ or d ≥ 32). With J* known, the verdict "converged"
    means J(θ) − J* ≤ 10⁻⁶·J* + 10⁻⁹·(J(θ₀) − J*), and ``describe()`` gives the gap.
    """

    model: M = field(kw_only=True)
    optimum_loss: float | None = field(default=None, kw_only=True)
    condition_number: float | None = field(default=None, kw_only=True)

    def __repr__(self) -> str:
        """One line, however long the run (see ``Result``): how it ended, and the model."""
        m = self.model
        if not isinstance(m, LinearModel):  # a model of your own shows itself
            return f"FitResult({self._summary()}, model={m!r})"
        bias = f"bias={m.bias:.6g}" if m.fit_intercept else "fit_intercept=False"
        model = f"{type(m).__name__}(weights={short_list(m.weights)}, {bias})"
        return f"FitResult({self._summary()}, model={model})"


def fit(
    X: Any,
    y: Any,
    *,
    loss: str | Loss = "mse",
    model: Model | None = None,
    learning_rate: float | str | None = None,
    batch_size: int | None = None,
    epochs: int = 100,
    shuffle: bool = True,
    seed: int | None = None,
    fit_intercept: bool = True,
    tol: float | None = None,
    patience: int = 5,
    theta0: Any = None,
    record_theta: bool = False,
    record_batches: bool = False,
    callback: Callable[[int, float], None] | None = None,
    optimizer: str | Optimizer[Any] = "gd",
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    schedule: Schedule | None = None,
    l1: float = 0.0,
    l2: float = 0.0,
    proximal: bool = False,
    record_every: int = 1,
) -> FitResult[Any]:
    """Fit a linear model (or logistic regression, or your own model) to (X, y) by gradient descent.

    The model and its objective:

    - ``loss``: "mse", "mae", "huber", "log" or a ``Loss``. "log" (or a
      ``LogLoss``) fits logistic regression: y must be 0/1 and the model is
      a ``LogisticModel``; every other loss fits a ``LinearModel``.
    - ``model``: your own ``Model`` instead (then leave ``fit_intercept``
      alone). The run starts from its θ unless ``theta0`` is given, and the
      result's ``model`` is ``model.with_theta(θ)`` at the end.
    - ``l2`` = λ₂, ``l1`` = λ₁ ≥ 0: penalties λ₂‖w‖² + λ₁‖w‖₁ on the weights,
      never the bias (the θⱼ at the model's ``weight_indices``), part of the
      reported loss (see ``Objective``).
    - ``proximal``: how the steps treat λ₁‖w‖₁. False (the default): its
      subgradient λ₁·sign(wⱼ) joins the gradient, as in ``torch.optim`` with
      the penalty in the loss; a weight the lasso sets to 0 then hovers
      around 0 and is almost never exactly 0. True: the gradient is that of
      the rest of J, and each update is followed by the proximal step
      wⱼ ← sign(wⱼ)·max(|wⱼ| − η·λ₁, 0), η that update's (scheduled) rate,
      the bias untouched: such a weight is then exactly 0.0, and batch
      gradient descent with η ≤ 1/L is the proximal gradient method (ISTA),
      which converges to the lasso's solution. For MSE that is scikit-learn's
      ``Lasso(alpha=λ₁/2)``: its loss has a ½ where gdlearn's MSE has none.
      It needs plain gradient descent (no momentum, not Adam: the step
      would settle on the wrong penalty, see ``Optimizer.proximal_step``);
      with l1 = 0 it changes nothing.

    ``batch_size`` = B rows per update; the default None is batch gradient
    descent, every row in every update (the command line's ``--batch-size``
    defaults to 32, mini-batches, instead).

    The optimizer, with PyTorch's names and defaults:

    - ``optimizer="gd"`` (the default): ``GradientDescent``, tuned by
      ``momentum`` (μ), ``dampening`` (τ), ``nesterov`` and ``weight_decay``
      (λ_wd); ``learning_rate`` defaults to 0.01;
    - ``optimizer="adam"``: ``Adam``, tuned by ``betas`` (β₁, β₂), ``eps`` (ε)
      and ``weight_decay``; ``learning_rate`` defaults to 0.001;
    - or an optimizer object (``GradientDescent(...)``, ``Adam(...)``), which
      carries its own settings: then leave the options above, the rate,
      ``batch_size``, ``shuffle``, ``seed`` and ``schedule`` at their defaults.

    ``weight_decay`` = λ_wd is not ``l2``: it adds λ_wd·θ to the gradient of
    all of θ (bias included) inside the optimizer and never shows in the
    loss, while ``l2`` changes the objective itself. weight_decay = 2·l2 adds
    the same 2λ₂·w to the weights' gradient, so the two take the same steps
    only where the bias cannot tell them apart: without an intercept, or on
    the weights alone when every column is centred (Σᵢ xᵢⱼ = 0 takes the bias
    out of the weights' gradient). Otherwise weight decay also shrinks the
    bias, and through it moves the weights.

    ``learning_rate="auto"`` takes η = 1/λ̄, with λ̄ a bound on the curvature
    of every batch's loss (``stability.auto_learning_rate``). For batch GD
    on MSE that is 1/λ_max of H = (2/n)·X̃ᵀX̃, the classic safe rate, half the
    stability limit. For mini-batch and stochastic runs a batch's curvature
    can exceed λ_max, so λ̄ = min(c·maxᵢ‖x̃ᵢ‖², (n/m)·λ_max) (c = 2 for MSE,
    m = |ℬ| of the smallest batch), smaller than batch GD's rate but safe for
    every batch. It needs a smooth loss (not "mae") and a gradient descent
    optimizer: Adam's step does not follow the curvature.

    ``schedule`` (a ``Schedule``, default constant) decays the rate per update;
    ``record_every`` = k keeps only every k-th iteration's loss, for long
    stochastic runs, and ``record_batches`` the rows of every batch (see
    ``Result``); the other arguments are those of ``LinearModel`` and
    ``Optimizer.minimize``.
    Raises ``DivergenceError`` (with the partial history) if the run diverges
    (see ``divergence``). Otherwise the result's ``verdict`` says how the run
    ended, judged against J* = ``optimum_loss`` where that is known.
    """
    rows, targets = as_dataset(X, y)
    objective_loss = get_loss(loss)
    if model is None:  # f(x; θ) = w·x + b, or σ of it
        model_class = LogisticModel if isinstance(objective_loss, LogLoss) else LinearModel
        model = model_class(len(rows[0]), fit_intercept=fit_intercept)
    else:  # f(x; θ) is yours
        _refuse([] if fit_intercept is True else ["fit_intercept"], "the model given has its own parameters")
    objective = Objective(model, objective_loss, rows, targets, l1=l1, l2=l2, proximal=proximal)  # J(θ)
    del rows, targets  # the objective keeps its own checked copy; a million rows are 150 MB
    rule = _optimizer(  # θ ← θ − η·∇J_ℬ(θ), with momentum, or Adam's step
        optimizer, objective, learning_rate=learning_rate, batch_size=batch_size, shuffle=shuffle, seed=seed,
        schedule=schedule, weight_decay=weight_decay, momentum=momentum, dampening=dampening,
        nesterov=nesterov, betas=betas, eps=eps,
    )  # fmt: skip
    start = model.theta if theta0 is None else theta0  # θ₀: the model's own θ unless given
    result = rule.minimize(
        objective, start, epochs=epochs, tol=tol, patience=patience, record_theta=record_theta,
        callback=callback, record_every=record_every, record_batches=record_batches,
    )  # fmt: skip
    run = {f.name: getattr(result, f.name) for f in fields(result)}
    try:
        optimum, kappa = _exact(objective)  # J* and κ: a pass of their own over the data, after the run
    except KeyboardInterrupt:  # Ctrl-C meanwhile: the run is whole; keep it, without them
        optimum, kappa = None, None
    if optimum is not None and not getattr(rule, "weight_decay", 0.0):  # J* known: the gap decides
        gradient = result.gradient_norm
        run["verdict"] = judge(result.stop_reason, checks(result), gradient_norm=gradient, optimum=optimum)
    fitted = model.with_theta(result.theta)
    return FitResult(**run, model=fitted, optimum_loss=optimum, condition_number=kappa)


def _exact(objective: Objective) -> tuple[float | None, float | None]:
    """J* and κ for MSE on a linear model without l1, if cheap enough (``EXACT_WORK``); else None."""
    model, rows = objective.model, objective.rows
    p = model.n_params
    if type(model) is not LinearModel or type(objective.loss) is not MSE or objective.l1 != 0:
        return None, None  # not a quadratic bowl
    if len(rows) * p * p > EXACT_WORK or p > 32:
        return None, None
    try:
        best = least_squares(rows, objective.targets, model.fit_intercept, objective.l2)
        kappa = stable_learning_rate(rows, model.fit_intercept, objective.l2).condition_number
    except DataError:  # dependent columns: no unique θ*; or a curvature beyond a float
        return None, None
    return objective.value(best.theta), kappa


def _optimizer(choice: str | Optimizer[Any], objective: Objective, **options: Any) -> Optimizer[Any]:
    """The update rule that ``fit``'s options describe, each option checked against the rule it belongs to.

    ``choice`` is "gd", "adam" or an optimizer object; ``options`` are
    ``fit``'s optimizer arguments by name. An option the chosen rule does not
    have must stay at its default, or it would be silently ignored.
    """
    defaults = {
        "learning_rate": None, "batch_size": None, "shuffle": True, "seed": None, "schedule": None,
        "weight_decay": 0.0, "momentum": 0.0, "dampening": 0.0, "nesterov": False,
        "betas": (0.9, 0.999), "eps": 1e-8,
    }  # fmt: skip
    changed = [name for name, default in defaults.items() if options[name] != default]
    loop = {name: options[name] for name in ("batch_size", "shuffle", "seed", "schedule")}
    gd_only, adam_only = ("momentum", "dampening", "nesterov"), ("betas", "eps")
    rate = options["learning_rate"]
    if isinstance(choice, Optimizer):
        _refuse(changed, "an optimizer object carries its own settings")
        return choice
    if choice == "gd":
        why = "they are Adam's options; use optimizer='adam'"
        _refuse([name for name in changed if name in adam_only], why)
        rate = 0.01 if rate is None else rate
        if rate == "auto":
            rate = auto_learning_rate(objective, options["batch_size"], _decay(options["weight_decay"]))
        rule_options = {name: options[name] for name in (*gd_only, "weight_decay")}
        return GradientDescent(_rate(rate), **loop, **rule_options)
    if choice == "adam":
        why = "they are options of optimizer='gd' (Adam's momentum is betas[0])"
        _refuse([name for name in changed if name in gd_only], why)
        if rate == "auto":
            raise ParameterError(
                "learning_rate='auto' follows the curvature, which Adam's step does not;"
                " give Adam a number, such as its usual 0.001"
            )
        rate = 0.001 if rate is None else rate
        rule_options = {name: options[name] for name in (*adam_only, "weight_decay")}
        return Adam(_rate(rate), **loop, **rule_options)
    raise ParameterError(f"optimizer must be 'gd', 'adam' or an optimizer object, got {choice!r}")


def _refuse(given: list[str], why: str) -> None:
    """ParameterError naming every option that was changed from its default."""
    if given:
        raise ParameterError(f"leave {', '.join(given)} at the default here: {why}")


def _rate(value: Any) -> Any:
    """Let GradientDescent/Adam check a number; refuse any string but 'auto' here."""
    if isinstance(value, str):
        raise ParameterError(f"learning_rate must be a positive number or 'auto', got {value!r}")
    return value


def _decay(weight_decay: Any) -> float:
    """weight_decay as a number for the 'auto' rate (the optimizer checks it again)."""
    return nonnegative_number(weight_decay, "weight_decay")
