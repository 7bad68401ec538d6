"""Feature scaling on mtcars: the same problem with raw and standardised features.

What it teaches
    mtcars predicts fuel economy (mpg) of 32 cars from 10 measurements on
    very different scales: displacement in the hundreds of cubic inches,
    weight in thousands of pounds, vs and am just 0 or 1. Gradient descent
    moves every weight with the same η, and on MSE it is stable only for
    η < 2/λ_max, where λ_max is the steepest curvature of J. The big columns
    make λ_max huge, so η must be tiny, and then the weights of the small
    columns, whose curvature λ_min is tiny, barely move. How many steps that
    costs is set by the condition number κ = λ_max/λ_min: at η = 1/λ_max the
    slowest direction shrinks by a factor 1 − 1/κ per step.

    Standardising every column to mean 0 and standard deviation 1,
    z = (x − μ)/s, makes the curvatures comparable. It is the same problem:
    ``Standardizer.unscale_model`` turns the weights learned on z back into
    weights on the raw columns, and they match ``least_squares`` on raw X.

    Both runs are batch gradient descent at the safe rate η = 1/λ_max of
    their own data (``stable_learning_rate``), and we count the steps each
    needs to bring J within 1% of the least-squares minimum.

What to look for
    - λ_max, η and κ for raw and standardised columns: the raw rate is
      about 16 000 times smaller and κ about 600 000 times larger.
    - The step counts: standardised features reach the 1% goal in a couple
      of hundred steps; raw features do not reach it at all within the
      budget (it would take on the order of κ ≈ 1.5e8 steps).
    - The weights: standardised gradient descent, turned back into raw
      units, agrees with least squares; raw gradient descent is still far
      off, most of all for the weights of the small columns.
    - feature_scaling.svg and the terminal chart: the loss per step of both
      runs, with the 1% goal as a flat line. The picture has a log scale of
      steps too, so the short standardised run and the long raw one both show.

Run:  python examples/feature_scaling.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script
from gdlearn.plot import line_chart


def first_step_below(losses: list[float], goal: float) -> int | None:
    """The first k with loss[k] ≤ goal, or None if the run never got there."""
    return next((k for k, loss in enumerate(losses) if loss <= goal), None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument(
        "--quick", action="store_true", help="budgets of 2000 and 1000 steps instead of 20000 and 2000"
    )
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    budget = {"raw": 2000, "standardised": 1000} if args.quick else {"raw": 20000, "standardised": 2000}

    data = gdlearn.datasets.mtcars()
    exact = gdlearn.least_squares(data.X, data.y)
    J_star = gdlearn.MSE().value(exact.predict(data.X), data.y)
    goal = 1.01 * J_star
    scaler = gdlearn.Standardizer.fit(data.X, names=data.feature_names)
    columns = {"raw": data.X, "standardised": scaler.transform(data.X)}
    print(
        f"mtcars: {data.n_samples} cars, mpg from {data.n_features} columns: {', '.join(data.feature_names)}."
    )
    print(f"Least squares: J* = {J_star:.4f}; the goal is J ≤ 1.01·J* = {goal:.4f}.")
    print()

    print(f"{'':14}{'λ_max':>10}{'η = 1/λ_max':>13}{'κ':>10}{'budget':>8}   steps to the goal")
    results = {}
    for name, X in columns.items():
        stable = gdlearn.stable_learning_rate(X)
        result = gdlearn.fit(X, data.y, learning_rate=stable.rate, epochs=budget[name])
        results[name] = result
        k = first_step_below(list(result.loss), goal)
        reached = f"{k}" if k is not None else f"not reached: J = {result.final_loss:.4g} at the end"
        print(
            f"{name:14}{stable.lambda_max:10.4g}{stable.rate:13.3g}{stable.condition_number:10.3g}"
            f"{budget[name]:8d}   {reached}"
        )
    print()

    raw_model = results["raw"].model
    scaled_model = scaler.unscale_model(results["standardised"].model)  # back in raw units
    print("The weights on the raw columns:")
    print(f"{'':8}{'least squares':>15}{'GD, standardised':>18}{'GD, raw':>12}")
    names = [*data.feature_names, "(bias)"]
    for name, w_exact, w_scaled, w_raw in zip(names, exact.theta, scaled_model.theta, raw_model.theta):
        print(f"{name:8}{w_exact:15.4f}{w_scaled:18.4f}{w_raw:12.4f}")
    difference = max(abs(a - b) for a, b in zip(scaled_model.theta, exact.theta))
    print(f"standardised gradient descent vs least squares: largest difference {difference:.1e}")

    runs = {}
    for name, result in results.items():
        k = first_step_below(list(result.loss), goal)
        outcome = f"goal after {k} steps" if k is not None else f"goal not reached in {result.n_iter} steps"
        runs[f"{name}: {outcome}"] = list(result.loss)
    steps = max(len(history) for history in runs.values())
    goal_steps = [(steps - 1) * i / 100 for i in range(101)]  # a point in every column of the chart
    histories: dict[str, Any] = {**runs, "goal: J* + 1%": (goal_steps, [goal] * len(goal_steps))}
    print()
    print(
        line_chart(
            histories,
            log=True,
            height=12,
            title="J(θ) per step of batch gradient descent at η = 1/λ_max",
            x_label="step",
            y_label="J (mpg²)",
        )
    )

    # Steps on a log scale: the standardised run's few hundred steps and the raw run's thousands
    # both show (on a linear axis the first would be squeezed against x = 0). Step k is drawn
    # at k + 1, so that the start, k = 0, is on the axis too.
    curves: dict[str, Any] = {name: ([k + 1 for k in range(len(h))], h) for name, h in runs.items()}
    curves["goal: J* + 1%"] = ([1, steps], [goal, goal])
    picture = os.path.join(args.outdir, "feature_scaling.svg")
    plot.loss_curves(
        curves,
        picture,
        log=True,
        x_log=True,
        x_label="step k + 1; k = 0 is the start",
        y_label="J = mean squared error (mpg²)",
        title="mtcars: the same problem, raw and standardised",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
