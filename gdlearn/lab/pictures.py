"""The lab's pictures of a request's runs, drawn by ``gdlearn.plot``.

    loss     every method's loss at every update: the batch loss against epochs
             (data), or the gap f(θ) − f* to the global minimum against iterations
             (functions); a log scale when every value is positive
    epochs   data only: J(θ) over all rows after each epoch, as the gap J − J* to
             the least-squares minimum for MSE (J itself for MAE and Huber)
    path     the paths θ₀, θ₁, … on the contour map: (x, y) of a function, (w, b)
             of a line fitted to one feature, the whole paths or (view=minimum)
             the neighbourhood of the minimum where they end
    fit      data with one feature: the data and every method's fitted line, with
             the least-squares line, in the data's own units

Each is SVG text, or None with a note saying why it is not drawn (a
picture that does not apply, or one the plot refuses); never a failed request.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .. import plot
from ..batches import batches_per_epoch
from ..errors import GDLearnError
from ..models import LinearModel
from ..result import Result
from .problems import Box, DataProblem, FunctionProblem, Problem
from .queries import Method

FLOOR = 1e-13
"""A gap to the minimum below FLOOR·max(1, |minimum|) (rounding, or 0 reached) is drawn at that
height, and the chart's title says so: a log scale cannot show 0."""
LEVELS = 10


class Run(Protocol):
    """What a picture reads of a method's run (``runs.Run``): its label, method, Result and error message."""

    @property
    def label(self) -> str: ...

    @property
    def method(self) -> Method: ...

    @property
    def result(self) -> Result: ...

    @property
    def message(self) -> str | None: ...


class NotDrawn(Exception):
    """This picture does not apply to the problem; the message says why."""


def pictures(problem: Problem, runs: Sequence[Run], view: str = "whole") -> dict[str, Any]:
    """{"loss": svg, "epochs": …, "path": …, "fit": … (SVG text or None), "notes": {name: why not drawn}}."""
    drawn: dict[str, Any] = {"notes": {}}
    charts: dict[str, Callable[[], str]] = {
        "loss": lambda: loss_chart(problem, runs),
        "epochs": lambda: epoch_chart(problem, runs),
        "path": lambda: path_map(problem, runs, view),
        "fit": lambda: fit_chart(problem, runs),
    }
    for name, draw in charts.items():
        try:
            drawn[name] = draw()
        except NotDrawn as reason:
            drawn[name], drawn["notes"][name] = None, str(reason)
        except GDLearnError as error:  # the plot refused its input: say so, keep the other pictures
            drawn[name], drawn["notes"][name] = None, f"not drawn: {error}"
    return drawn


def loss_chart(problem: Problem, runs: Sequence[Run]) -> str:
    """The loss of every update of every method, against epochs or iterations."""
    series: dict[str, tuple[list[float], list[float]]] = {}
    floor = FLOOR * max(1.0, abs(problem.minimum or 0.0))
    floored = False
    for r in runs:
        losses = list(r.result.loss)
        if r.message is not None and math.isfinite(r.result.final_loss):
            losses.append(r.result.final_loss)  # the loss that tripped the guard: the blow-up itself
        k = r.result.record_every
        if isinstance(problem, DataProblem):
            per_epoch = batches_per_epoch(problem.n_rows, r.method.batch_size or problem.n_rows)
            xs = [j * k / per_epoch for j in range(len(losses))]
        else:
            xs = [float(j * k) for j in range(len(losses))]
            gaps = [value - problem.minimum for value in losses]
            floored = floored or min(gaps, default=floor) < floor
            losses = [max(gap, floor) for gap in gaps]
        series[r.label] = (xs, losses)  # never empty: the loss at θ₀ is recorded before any blow-up
    log = all(v > 0 for _, ys in series.values() for v in ys)
    if isinstance(problem, DataProblem):
        title, x_label, y_label = f"{problem.loss.upper()} of each update's batch", "epoch", "batch loss"
    else:
        title = "Gap to the global minimum" + _floor_note(floored, floor)
        x_label, y_label = "iteration", "f(θ) − f*"
    return plot.loss_curves(series, x_label=x_label, y_label=y_label, log=log, title=title)


def epoch_chart(problem: Problem, runs: Sequence[Run]) -> str:
    """J(θ) over all rows after each epoch (J − J* for MSE), every method."""
    if isinstance(problem, FunctionProblem):
        raise NotDrawn("a function has no epochs: its loss chart shows every iteration")
    minimum = problem.minimum
    floor = FLOOR * max(1.0, abs(minimum or 0.0))
    series, floored = {}, False
    for r in runs:
        losses = [v for v in r.result.epoch_loss if math.isfinite(v)]
        if minimum is not None:
            floored = floored or min(v - minimum for v in losses) < floor
            losses = [max(v - minimum, floor) for v in losses]
        series[r.label] = ([float(e) for e in range(len(losses))], losses)
    log = all(v > 0 for _, ys in series.values() for v in ys)
    if minimum is None:
        title, y_label = f"{problem.loss.upper()} over all rows after each epoch", "J(θ)"
    else:
        title = "Gap to the least-squares minimum after each epoch" + _floor_note(floored, floor)
        y_label = "J(θ) − J*"
    return plot.loss_curves(series, x_label="epoch", y_label=y_label, log=log, title=title)


def path_map(problem: Problem, runs: Sequence[Run], view: str = "whole") -> str:
    """The paths on the contour map of f(x, y), or of J(w, b) for one feature."""
    paths = {r.label: list(r.result.path) for r in runs if r.result.path}
    if isinstance(problem, FunctionProblem):
        f = problem.function
        surface: Callable[[float, float], float] = lambda a, b: f.value([a, b])  # noqa: E731
        box, labels, grid, name = problem.box, ("x", "y"), 90, "f"
    else:
        if len(problem.X[0]) != 1:
            raise NotDrawn("the contour map needs two parameters; two features make θ = (w₁, w₂, b)")
        surface = plot.regression_surface(problem.X, problem.y, problem.loss)
        box = _box(problem, runs, view)
        unit = "per standard deviation of x" if problem.scaler is not None else "per unit of x"
        labels, name = (f"w ({unit})", "b"), "J"
        # raw features make narrow valleys, which a coarse grid breaks into islands; MSE costs O(1) a
        # point, the other losses a pass over the rows, so they get at most 300 000 row evaluations
        grid = 40 if problem.scaler is not None else 60
        if problem.loss != "mse":
            grid = max(16, min(grid, int(math.sqrt(300_000 / problem.n_rows))))
    where = " near the minimum" if view == "minimum" and isinstance(problem, DataProblem) else ""
    return plot.contour(
        surface, paths, xlim=box[0], ylim=box[1], levels=LEVELS, grid=grid, x_label=labels[0],
        y_label=labels[1], title=f"Paths on the contour map of {name}{where}",
    )  # fmt: skip


def fit_chart(problem: Problem, runs: Sequence[Run]) -> str:
    """The data and every fitted line, in the data's units, beside the exact least-squares line."""
    if isinstance(problem, FunctionProblem):
        raise NotDrawn("a function of θ = (x, y) has no data and no fitted line")
    if len(problem.X[0]) != 1:
        raise NotDrawn("a fitted line needs one feature; with two the model is a plane")
    lines: dict[str, LinearModel] = {}
    for r in runs:
        if all(map(math.isfinite, r.result.theta)):  # a blown-up line is named so: it is where it stopped
            shown = r.label if r.message is None else f"{r.label}, diverged"
            lines[shown] = _in_units(problem, LinearModel(1, theta=r.result.theta))
    lines["least squares"] = _in_units(problem, problem.exact)
    name = problem.feature_names[0]
    return plot.scatter_fit(
        [row[0] for row in problem.x_raw], problem.y, lines, x_label=name, y_label=problem.target_name,
        title=f"{problem.target_name} on {name}: the fitted lines",
    )  # fmt: skip


def _floor_note(floored: bool, floor: float) -> str:
    return f" (below {floor:.0e} drawn at {floor:.0e})" if floored else ""


def _in_units(problem: DataProblem, model: LinearModel) -> LinearModel:
    return model if problem.scaler is None else problem.scaler.unscale_model(model)


def _box(problem: DataProblem, runs: Sequence[Run], view: str) -> Box:
    """(w, b) limits for the map.

    whole:   θ₀ = 0, θ* and the paths that did not diverge, at most one θ₀–θ* span beyond either
    minimum: θ* and the second half of each path that did not diverge (where it ends up)
    """
    star = problem.exact.theta
    kept = [list(r.result.path) for r in runs if r.message is None and r.result.path]
    if view == "minimum":
        points = [(star[0], star[1])] + [p for path in kept for p in path[len(path) // 2 :]]
    else:
        points = [(0.0, 0.0), (star[0], star[1])] + [p for path in kept for p in path]
    limits = []
    for axis in (0, 1):
        lo, hi = min(p[axis] for p in points), max(p[axis] for p in points)
        if view != "minimum":
            span = max(abs(star[axis]), 1.0)
            lo, hi = max(lo, min(0.0, star[axis]) - span), min(hi, max(0.0, star[axis]) + span)
        least = 1e-3 * max(1.0, abs(star[axis]))  # a path that sits on θ* still gets a map around it
        if hi - lo < least:
            lo, hi = (lo + hi - least) / 2, (lo + hi + least) / 2
        pad = 0.12 * (hi - lo)
        limits.append((lo - pad, hi + pad))
    return limits[0], limits[1]
