"""One request of the lab, computed: every method run on the problem, as numbers ready for JSON.

Each method is gdlearn itself, with nothing added:

    data problem      fit(X, y, loss=…, learning_rate=η, batch_size=B, epochs=E, seed=…,
                          optimizer="gd"|"adam", momentum=μ, nesterov=…)
    function problem  GradientDescent(η, momentum=μ, nesterov=…) or Adam(η),
                          .minimize_function(f, θ₀, iterations=T)

A run that diverges is an answer like any other: the ``DivergenceError``
carries the history up to the blow-up (``error.result``), which is returned
and drawn, with the error's message. Runs longer than ``MAX_POINTS`` updates
keep every k-th loss and θ only (``record_every`` = k, see ``Result``), so an
answer stays small whatever the run.

The answer (``answer``): the problem (title, rows, λ_max and the stability
limit's source), for each method its label, rate η, stability limit, the
verdict sentence, whether it diverged and why, θ, the final loss, the loss
of every (k-th) update and of every epoch; the pictures as SVG text
(``pictures``); and, when asked, one update T of a method written out
(``written_out``: ``explain_step(..., step=T)`` with the method's own rule, batch
and seed, which replays updates 1 … T − 1 as the run took them).
Numbers that are not finite (the loss of a blown-up run) are sent as null.
"""

from __future__ import annotations

import math
import time
from typing import Any, NamedTuple

from ..adam import Adam
from ..errors import DivergenceError, GDLearnError
from ..explain import explain_step
from ..fit import fit
from ..gradient_descent import GradientDescent
from ..loop import Optimizer
from ..result import Result
from ..stability import OR_STANDARDISE
from ..verdict import advice, headline
from .pictures import pictures
from .problems import DataProblem, Problem, build
from .queries import Method, Query, check_work

MAX_POINTS = 4000
"""A run of more updates keeps every k-th one's loss and θ, k = ⌈updates/MAX_POINTS⌉."""


class Run(NamedTuple):
    """One method's run: its label, rate η, limit, Result (partial if it diverged) and the error's message."""

    label: str
    method: Method
    learning_rate: float
    limit: float | None
    result: Result
    message: str | None  # the DivergenceError's message, None if the run did not diverge


LAB_WORDS = {
    "epochs": "raise the epochs",
    "rate": "raise the learning rate η",
    "smaller": "lower the learning rate η",
    "standardize": "choose standardised features",
    "schedule": "lower the learning rate η (a schedule would lower it as the run goes: fit(schedule=))",
    "batch": "use a larger batch size",
    "momentum": "lower the momentum μ",
    "l2": "add an L2 penalty (fit(l2=0.01) in Python)",
}
"""The verdict's advice in the words of the page's controls (``verdict.advice``)."""


def verdict(result: Result, standardised: bool = False) -> str:
    """The run's verdict sentence, as ``Result.describe`` says it, with advice the page can act on."""
    words = dict(LAB_WORDS)
    if standardised:  # the page's standardised features already: not the cure to offer
        words["standardize"] = "the features are standardised: correlated features are the likely cause"
    what = advice(result, words)
    if result.verdict == "diverged" and standardised:
        what = "Try a smaller learning rate η."
    return f"{headline(result)} {what}".strip()


def written_out(problem: DataProblem, query: Query, method: Method, eta: float) -> str:
    """The method's update T = ``query.step`` with its numbers, as ``gdlearn explain --step T`` prints it."""
    explanation = explain_step(
        problem.X, problem.y, step=query.step, loss=problem.loss, learning_rate=eta,
        batch_size=method.batch_size, seed=query.settings["seed"], optimizer=method.optimizer,
        momentum=method.momentum, nesterov=method.nesterov, feature_names=problem.feature_names,
    )  # fmt: skip
    return str(explanation)


def answer(query: Query) -> dict[str, Any]:
    """The whole answer to a checked query (see the module docstring)."""
    start = time.perf_counter()
    problem = build(query.settings)
    updates = check_work(query, problem)
    methods = enumerate(zip(query.methods, updates), start=1)
    runs = [run(problem, query, k, method, count) for k, (method, count) in methods]
    result: dict[str, Any] = {
        "problem": {
            "name": query.settings["problem"],
            "title": problem.title,
            "kind": "data" if isinstance(problem, DataProblem) else "function",
            "rows": problem.n_rows,
            "lambda_max": problem.lambda_max,
            "limit": None if problem.lambda_max is None else 2.0 / problem.lambda_max,
            "limit_note": problem.limit_note,
        },
        "methods": [_numbers(r, _standardised(problem)) for r in runs],
        "pictures": pictures(problem, runs, query.settings.get("view", "whole")),
        "explain": None,
    }
    if query.explain is not None and isinstance(problem, DataProblem):  # queries refuse explain otherwise
        result["explain"] = explained(problem, query, runs[query.explain - 1])
    result["seconds"] = time.perf_counter() - start
    return result


def run(problem: Problem, query: Query, k: int, method: Method, updates: int) -> Run:
    """Method k on the problem, through ``fit`` or ``minimize_function``; a blow-up is kept, not raised."""
    eta = method.learning_rate if method.learning_rate is not None else default_rate(problem, method)
    every = max(1, math.ceil(updates / MAX_POINTS))
    message = None
    try:
        if isinstance(problem, DataProblem):
            result: Result = fit(
                problem.X, problem.y, loss=problem.loss, learning_rate=eta, batch_size=method.batch_size,
                epochs=query.settings["epochs"], seed=query.settings["seed"], optimizer=method.optimizer,
                momentum=method.momentum, nesterov=method.nesterov, record_theta=len(problem.X[0]) == 1,
                record_every=every,
            )  # fmt: skip
        else:
            result = rule(method, eta).minimize_function(
                problem.function, list(problem.theta0), iterations=query.settings["iterations"],
                record_theta=True, record_every=every,
            )  # fmt: skip
    except DivergenceError as error:
        result, message = error.result, str(error)
        if _standardised(problem):  # then "or standardise the features" is no cure
            message = message.replace(OR_STANDARDISE, "")
    return Run(label(k, method, eta, problem), method, eta, limit(problem, method), result, message)


def rule(method: Method, eta: float) -> Optimizer[Any]:
    """The update rule a method names: gradient descent (with momentum, Nesterov) or Adam."""
    if method.optimizer == "adam":
        return Adam(eta)
    return GradientDescent(eta, momentum=method.momentum, nesterov=method.nesterov)


def default_rate(problem: Problem, method: Method) -> float:
    """η when the query gives none: 1/λ_max (half the limit) for gradient descent, else 0.01; Adam 0.1."""
    if method.optimizer == "adam":
        return 0.1
    return 1.0 / problem.lambda_max if problem.lambda_max is not None else 0.01


def limit(problem: Problem, method: Method) -> float | None:
    """The largest stable η of batch gradient descent on the problem's curvature (None: Adam, or unknown)."""
    if problem.lambda_max is None or method.optimizer == "adam":
        return None
    return rule(method, 1.0).stability_limit(problem.lambda_max)


def label(k: int, method: Method, eta: float, problem: Problem) -> str:
    """The method's name in the legends and verdicts.

    >>> from gdlearn.lab.queries import read
    >>> query = read("problem=galton&momentum2=0.9&batch2=32&opt2=gd")
    >>> label(2, query.methods[1], 0.05, build(query.settings))
    '2 · momentum 0.9, η = 0.05, B = 32'
    """
    if method.optimizer == "adam":
        name = "Adam"
    elif method.momentum:
        name = f"{'Nesterov' if method.nesterov else 'momentum'} {method.momentum:g}"
    else:
        name = "GD"
    batch = f", B = {method.batch_size}" if isinstance(problem, DataProblem) and method.batch_size else ""
    return f"{k} · {name}, η = {eta:.3g}{batch}"


def explained(problem: DataProblem, query: Query, chosen: Run) -> str:
    """Update T of the chosen method written out, or why it cannot be (explain_step's message)."""
    scaled = ", on the standardised features" if problem.scaler is not None else ""
    head = f"Method {chosen.label}{scaled}, its run from θ₀ = 0:"
    try:
        text = written_out(problem, query, chosen.method, chosen.learning_rate)
    except GDLearnError as error:
        return f"{head}\n{error}"
    return f"{head}\n{text}"


def _standardised(problem: Problem) -> bool:
    """Are the page's features standardised already (a data problem with scale=standardized)?"""
    return isinstance(problem, DataProblem) and problem.scaler is not None


def _numbers(r: Run, standardised: bool) -> dict[str, Any]:
    result = r.result
    return {
        "label": r.label,
        "optimizer": r.method.optimizer,
        "learning_rate": r.learning_rate,
        "limit": r.limit,
        "diverged": r.message is not None,
        "verdict": verdict(result, standardised),
        "message": r.message,
        "theta": [_finite(t) for t in result.theta],
        "final_loss": _finite(result.final_loss),
        "n_iter": result.n_iter,
        "n_epochs": result.n_epochs,
        "stop_reason": result.stop_reason,
        "record_every": result.record_every,
        "loss": [_finite(v) for v in result.loss],
        "epoch_loss": [_finite(v) for v in result.epoch_loss],
    }


def _finite(x: float) -> float | None:
    """x, or None (JSON null) for inf and nan, which JSON cannot carry."""
    return x if math.isfinite(x) else None


__all__ = ["MAX_POINTS", "Run", "answer", "verdict", "written_out"]
