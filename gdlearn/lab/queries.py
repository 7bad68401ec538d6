"""The query string of ``/api/run``, read strictly: every name known, every value checked.

The parameters, all optional (the defaults make a run of Galton's heights):

    problem      galton | mtcars | quadratic | rosenbrock | double-well | saddle | himmelblau
                 (default galton)
    data problems (galton, mtcars):
      features   mtcars only: one or two of its columns, "wt" or "wt,hp"  (default wt)
      scale      raw | standardized                                     (default standardized)
      loss       mse | mae | huber                                      (default mse)
      epochs     1 … 1000                                               (default 30)
      seed       0 … 2147483647, the shuffling of the rows              (default 0)
      view       whole | minimum: the contour map of (w, b) shows the whole
                 paths, or zooms on the minimum where they end         (default whole)
      explain    k: also write out one update of method k, as ``gdlearn explain`` does
      step       with explain: which update, 1 … the updates method k takes     (default 1)
    function problems (quadratic, rosenbrock, double-well, saddle, himmelblau):
      kappa      quadratic only: the condition number κ, 1 … 1000       (default 10)
      x0, y0     the start θ₀, inside the problem's box                 (default: the problem's)
      iterations 1 … 20000                                              (default 300)
    method k = 1 … 4, numbered without gaps (method 1 alone when none is given):
      optK       gd | adam                                              (default gd)
      lrK        the learning rate η, 0 < η ≤ 100          (default 1/λ_max for gd if known, else 0.01;
                                                            0.1 for adam)
      momentumK  gd only: μ, 0 … 0.999                                  (default 0)
      nesterovK  gd only: 0 | 1, and 1 needs μ > 0                      (default 0)
      batchK     data only: full | 1 … n rows                           (default full)

Anything else is refused with a ``QueryError`` whose message is one line: an
unknown or repeated name, a parameter the problem does not take, a value
that is not a plain decimal number, out of range, or too much work (see
``check_work``). Values are matched against patterns and tables; nothing in
them is ever evaluated or used as a path.

>>> query = read("problem=rosenbrock&iterations=50&opt1=gd&lr1=0.001&opt2=adam&lr2=0.05")
>>> query.settings["problem"], query.settings["iterations"], [m.optimizer for m in query.methods]
('rosenbrock', 50, ['gd', 'adam'])
>>> read("problem=rosenbrock&epochs=5")
Traceback (most recent call last):
  ...
gdlearn.lab.queries.QueryError: epochs is for the data problems (galton, mtcars); rosenbrock takes iterations
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ..datasets import MTCARS_FEATURES
from ..errors import ParameterError
from .problems import PROBLEMS, DataEntry, FunctionEntry, Problem

MAX_METHODS = 4
MAX_WORK = 1_000_000
"""At most this many rows × updates per request: Σ over the methods of (rows per update) × updates."""
MAX_UPDATES = 40_000
"""At most this many updates per request, summed over the methods."""
MAX_QUERY = 2000
"""The longest query string read, in characters."""

NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")
WHOLE = re.compile(r"\d{1,10}")
METHOD_NAME = re.compile(r"(opt|lr|momentum|nesterov|batch)([1-9]\d{0,2})")
DATA_ONLY = ("scale", "loss", "epochs", "seed", "view", "explain", "step")
FUNCTION_ONLY = ("x0", "y0", "iterations")
OWN = sorted({option for entry in PROBLEMS.values() for option in entry.options})  # kappa, features


class QueryError(ParameterError):
    """A request the lab refuses; the message is the one line the page shows."""


@dataclass(frozen=True)
class Method:
    """One method to run: the update rule and its settings (None: the problem's default rate)."""

    optimizer: str
    learning_rate: float | None
    momentum: float
    nesterov: bool
    batch_size: int | None  # None: the full batch


@dataclass(frozen=True)
class Query:
    """A checked request: the problem's settings, the methods, which method to explain and at which update."""

    settings: dict[str, Any]
    methods: tuple[Method, ...]
    explain: int | None
    step: int = 1


def read(text: str) -> Query:
    """The ``Query`` a query string asks for, or ``QueryError`` saying what is wrong with it."""
    if len(text) > MAX_QUERY:
        raise QueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY} are read")
    try:
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=bool(text), errors="strict", max_num_fields=40
        )
    except (ValueError, UnicodeDecodeError) as error:  # a field without '=', bad UTF-8, too many fields
        raise QueryError(f"the query cannot be read: {str(error)[:80]}") from None
    given: dict[str, str] = {}
    for name, value in pairs:
        if name in given:
            raise QueryError(f"{_shown(name)} is given twice; give each parameter once")
        given[name] = value
    problem = _choice("problem", given.get("problem", "galton"), tuple(PROBLEMS))
    entry = PROBLEMS[problem]
    settings: dict[str, Any] = {"problem": problem}
    methods: dict[int, dict[str, str]] = {}
    for name, value in given.items():
        match = METHOD_NAME.fullmatch(name)
        if match:
            methods.setdefault(int(match[2]), {})[match[1]] = value
        elif name != "problem":
            _allowed(name, problem, entry)
    if isinstance(entry, DataEntry):
        if "features" in entry.options:
            settings["features"] = _features(given.get("features", "wt"))
        settings["scale"] = _choice("scale", given.get("scale", "standardized"), ("raw", "standardized"))
        settings["loss"] = _choice("loss", given.get("loss", "mse"), ("mse", "mae", "huber"))
        settings["epochs"] = _whole("epochs", given.get("epochs", "30"), 1, 1000)
        settings["seed"] = _whole("seed", given.get("seed", "0"), 0, 2**31 - 1)
        settings["view"] = _choice("view", given.get("view", "whole"), ("whole", "minimum"))
    else:
        if "kappa" in entry.options:
            settings["kappa"] = _number("kappa", given.get("kappa", "10"), 1.0, 1000.0)
        (x_lo, x_hi), (y_lo, y_hi) = entry.box
        settings["x0"] = _number("x0", given.get("x0", repr(entry.start[0])), x_lo, x_hi)
        settings["y0"] = _number("y0", given.get("y0", repr(entry.start[1])), y_lo, y_hi)
        settings["iterations"] = _whole("iterations", given.get("iterations", "300"), 1, 20000)
    numbers = sorted(set(methods) | {1})  # method 1 is there, with its defaults, unless given
    if numbers != list(range(1, len(numbers) + 1)) or len(numbers) > MAX_METHODS:
        raise QueryError(
            f"methods are numbered 1 to {MAX_METHODS} without gaps, got {', '.join(map(str, numbers))}"
        )
    parsed = tuple(_method(k, methods.get(k, {}), entry) for k in numbers)
    explain, step = None, 1
    if "explain" in given:
        explain = _whole("explain", given["explain"], 1, len(parsed))
    if "step" in given:
        if explain is None:
            raise QueryError("step is the update that explain writes out: give explain=k with it")
        step = _whole("step", given["step"], 1, MAX_UPDATES)  # and at most method k's updates: check_work
    return Query(settings, parsed, explain, step)


def check_work(query: Query, problem: Problem) -> list[int]:
    """The updates each method will take; ``QueryError`` if a batch or the whole is too large.

    A data problem's method takes epochs × ⌈n/B⌉ updates of B rows each (B = n
    for the full batch), so rows × updates = n × epochs whatever B is; a
    function's takes ``iterations`` updates of one evaluation each.
    """
    n = problem.n_rows
    updates, work = [], 0
    for k, method in enumerate(query.methods, start=1):
        if method.batch_size is not None and method.batch_size > n:
            raise QueryError(
                f"batch{k} must be full or a whole number from 1 to {n} (the rows), got {method.batch_size}"
            )
        if "epochs" in query.settings:  # each epoch's batches hold the n rows once
            B = n if method.batch_size is None else method.batch_size
            count = query.settings["epochs"] * math.ceil(n / B)
            work += query.settings["epochs"] * n
        else:
            count = query.settings["iterations"]
            work += count
        updates.append(count)
    if sum(updates) > MAX_UPDATES:
        raise QueryError(
            f"this request asks for {sum(updates):,} updates; at most {MAX_UPDATES:,} per request:"
            " fewer epochs or iterations, larger batches, or fewer methods"
        )
    if work > MAX_WORK:
        raise QueryError(
            f"this request asks for {work:,} rows × updates; at most {MAX_WORK:,} per request:"
            " fewer epochs or fewer methods"
        )
    if query.explain is not None and query.step > updates[query.explain - 1]:
        k, count = query.explain, updates[query.explain - 1]
        raise QueryError(
            f"step must be a whole number from 1 to {count:,}, the updates method {k} takes; got {query.step}"
        )
    return updates


def _allowed(name: str, problem: str, entry: DataEntry | FunctionEntry) -> None:
    """Refuse a name that is unknown, or known but not a parameter of this problem."""
    own = {option: [p for p, other in PROBLEMS.items() if option in other.options] for option in OWN}
    if name in DATA_ONLY + FUNCTION_ONLY and (name in DATA_ONLY) != isinstance(entry, DataEntry):
        kind = "data" if name in DATA_ONLY else "function"
        takers = ", ".join(p for p, other in PROBLEMS.items() if other.kind == kind)
        instead = {"epochs": "iterations", "iterations": "epochs"}
        hint = f"; {problem} takes {instead[name]}" if name in instead else ""
        raise QueryError(f"{name} is for the {kind} problems ({takers}){hint}")
    if name in own and name not in entry.options:
        raise QueryError(f"{name} is a parameter of {', '.join(own[name])}, not of {problem}")
    if name not in own and name not in DATA_ONLY + FUNCTION_ONLY:
        raise QueryError(
            f"unknown parameter {_shown(name)}; the lab takes problem, features, scale, loss, epochs,"
            " seed, view, explain, step, kappa, x0, y0, iterations, and optK, lrK, momentumK, nesterovK,"
            f" batchK for methods K = 1 to {MAX_METHODS}"
        )


def _method(k: int, given: dict[str, str], entry: DataEntry | FunctionEntry) -> Method:
    optimizer = _choice(f"opt{k}", given.get("opt", "gd"), ("gd", "adam"))
    rate = _number(f"lr{k}", given["lr"], 0.0, 100.0, open_low=True) if "lr" in given else None
    if optimizer == "adam":
        for name in ("momentum", "nesterov"):
            if name in given:
                raise QueryError(f"{name}{k} is an option of opt{k}=gd; Adam's momentum is its β₁ = 0.9")
    momentum = _number(f"momentum{k}", given.get("momentum", "0"), 0.0, 0.999)
    nesterov = _choice(f"nesterov{k}", given.get("nesterov", "0"), ("0", "1")) == "1"
    if nesterov and momentum == 0.0:
        raise QueryError(f"nesterov{k}=1 needs momentum{k} > 0: Nesterov's look-ahead is along the velocity")
    batch = None
    if "batch" in given:
        if isinstance(entry, FunctionEntry):
            raise QueryError(f"batch{k} is for the data problems: a function of θ has no rows to batch")
        text = given["batch"]
        if text != "full" and not (WHOLE.fullmatch(text) and int(text) >= 1):
            raise QueryError(f"batch{k} must be full or a whole number of rows from 1; got {_shown(text)}")
        batch = None if text == "full" else int(text)
    return Method(optimizer, rate, momentum, nesterov, batch)


def _features(text: str) -> tuple[str, ...]:
    names = tuple(text.split(","))
    if not 1 <= len(names) <= 2 or len(set(names)) != len(names) or not set(names) <= set(MTCARS_FEATURES):
        raise QueryError(
            f"features must be one or two different columns of mtcars from {', '.join(MTCARS_FEATURES)},"
            f" such as wt or wt,hp; got {_shown(text)}"
        )
    return names


def _choice(name: str, text: str, choices: tuple[str, ...]) -> str:
    if text not in choices:
        raise QueryError(f"{name} must be one of {', '.join(choices)}; got {_shown(text)}")
    return text


def _number(name: str, text: str, lo: float, hi: float, *, open_low: bool = False) -> float:
    """A plain decimal number (such as 0.02, -1.5 or 2e-3) with lo ≤ x ≤ hi (lo < x when open_low)."""
    low = f"above {lo:g}" if open_low else f"from {lo:g}"
    expected = f"{name} must be a number {low} to {hi:g}"
    if not NUMBER.fullmatch(text):
        raise QueryError(f"{expected}; got {_shown(text)}, which is not a number")
    value = float(text)
    if not (lo < value if open_low else lo <= value) or not value <= hi:
        raise QueryError(f"{expected}; got {_shown(text)}")
    return value


def _whole(name: str, text: str, lo: int, hi: int) -> int:
    expected = f"{name} must be a whole number from {lo} to {hi}"
    if not WHOLE.fullmatch(text) or not lo <= int(text) <= hi:
        raise QueryError(f"{expected}; got {_shown(text)}")
    return int(text)


def _shown(text: str) -> str:
    """A value as the message quotes it: repr (so control characters show), at most 40 characters."""
    return repr(text if len(text) <= 40 else text[:40] + "…")

