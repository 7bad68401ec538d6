"""The rate of convergence, predicted from the Hessian and measured from the run.

What it teaches
    Near a minimum θ*, one step of batch gradient descent multiplies the
    error e = θ − θ* by I − ηH. Along each eigenvector of the Hessian H it
    shrinks by |1 − ηλ|, so once the fast directions have died the error
    falls by a constant factor per step, the rate

        ρ = max(|1 − ηλ_min|, |1 − ηλ_max|)

    (linear convergence: a straight line on a log scale). Heavy-ball
    momentum, tuned to η = 4/(√λ_max + √λ_min)² and μ = ((√κ − 1)/(√κ + 1))²,
    reaches ρ = (√κ − 1)/(√κ + 1), κ = λ_max/λ_min: about √κ times fewer
    steps. ``gdlearn.rates`` computes both, and measures ρ̂ from a run as the
    geometric mean of ‖eₖ₊₁‖/‖eₖ‖ over the second half of its steps.

    Four problems, θ* from the closed form each time:
    - the bowl f = ½θᵀAθ − bᵀθ with A = diag(1, 100), η = 0.01: ρ = 1 − 1/κ;
    - mtcars, mpg from all 10 columns standardised, MSE, batch gradient
      descent at η = 1/λ_max, H = (2/n)·X̃ᵀX̃ (κ ≈ 242), θ* by least squares;
    - the same with heavy ball, tuned as above;
    - Himmelblau's function near its minimum (3, 2), η = 0.01: not convex,
      but near a minimum its Hessian there sets the rate all the same.

What to look for
    - The table: the measured rate equals the predicted one to 6 digits or
      more for plain gradient descent, on the bowl (0.99), on mtcars
      (1 − 1/κ ≈ 0.9959) and on Himmelblau (0.7428). Tuned heavy ball is
      a little above its prediction (0.879): with a repeated root the error
      is about C·k·ρᵏ, and the factor k adds (b/a)^(1/(b − a)) over steps
      a … b, the "corrected" column.
    - The steps to shrink the error a millionfold: what ρ predicts,
      ln(10⁶)/ln(1/ρ), against the run; momentum needs about 110 steps where
      plain gradient descent needs 3300 on mtcars.
    - convergence_rate.svg: ‖θₖ − θ*‖/‖θ₀ − θ*‖ on a log scale, each run's
      line with the predicted ρᵏ dotted over it; the measured lines run
      parallel to (and below) the predictions.

Run:  python examples/convergence_rate.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os
from typing import Any, NamedTuple

import gdlearn
from gdlearn import Himmelblau, plot
from gdlearn.io.scripts import output_folder, script

ACCURACY = 1e-6  # "steps to 1e-6": until ‖θₖ − θ*‖ ≤ 1e-6·‖θ₀ − θ*‖
FLOOR = 1e-10  # errors below this fraction of the first are rounding: not drawn, not measured


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="shorter runs (still to 1e-6), for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    steps = (
        {"bowl": 1500, "gd": 3000, "hb": 150, "him": 60}
        if args.quick
        else {"bowl": 2400, "gd": 5600, "hb": 220, "him": 90}
    )

    bowl = gdlearn.Quadratic([[1.0, 0.0], [0.0, 100.0]], [1.0, 1.0])
    run = gdlearn.GradientDescent(0.01).minimize_function(
        bowl, [0.5, 1.0], iterations=steps["bowl"], record_theta=True
    )
    problems = [
        Problem("bowl diag(1, 100), GD", "bowl", 0.01, 0.0, 1.0, 100.0, errors_of(run, bowl.minimizer))
    ]

    cars = gdlearn.datasets.mtcars()
    Z = gdlearn.Standardizer.fit(cars.X).transform(cars.X)
    curvature = gdlearn.stable_learning_rate(Z)  # the eigenvalues of H = (2/n)·X̃ᵀX̃, exact
    lo, hi = curvature.lambda_min, curvature.lambda_max
    theta_star = gdlearn.least_squares(Z, cars.y).theta
    run = gdlearn.fit(Z, cars.y, learning_rate=1 / hi, epochs=steps["gd"], batch_size=None, record_theta=True)
    problems.append(
        Problem("mtcars, GD at 1/λ_max", "mtcars, GD", 1 / hi, 0.0, lo, hi, errors_of(run, theta_star))
    )
    tuned = gdlearn.heavy_ball(lo, hi)
    run = gdlearn.fit(
        Z,
        cars.y,
        learning_rate=tuned.learning_rate,
        momentum=tuned.momentum,
        epochs=steps["hb"],
        batch_size=None,
        record_theta=True,
    )
    errors = errors_of(run, theta_star)
    problems.append(
        Problem(
            "mtcars, tuned heavy ball",
            "mtcars, heavy ball",
            tuned.learning_rate,
            tuned.momentum,
            lo,
            hi,
            errors,
        )
    )

    f = Himmelblau()
    local = gdlearn.classify_point(f, [3.0, 2.0]).eigenvalues  # of the Hessian, increasing
    run = gdlearn.GradientDescent(0.01).minimize_function(
        f, [2.5, 2.5], iterations=steps["him"], record_theta=True
    )
    errors = errors_of(run, (3.0, 2.0))
    problems.append(
        Problem("Himmelblau near (3, 2), GD", "Himmelblau", 0.01, 0.0, local[0], local[-1], errors)
    )

    print(f"standardised mtcars: H = (2/n)·X̃ᵀX̃ has λ_max = {hi:.4f}, λ_min = {lo:.5f}, κ = {hi / lo:.1f}")
    print(f"heavy ball tuned for it: η = {tuned.learning_rate:.5f}, μ = {tuned.momentum:.5f}")
    print(f"Himmelblau's Hessian at (3, 2): λ = {local[0]:.4f} and {local[-1]:.4f}")
    print()
    print(f"{'':28}{'predicted':>11}{'measured':>11}{'over':>11}{'with the':>11}{'steps to 1e-6':>21}")
    print(f"{'problem':<28}{'ρ':>11}{'ρ̂':>11}{'steps':>11}{'factor k':>11}{'ρ says':>12}{'run':>9}")
    for problem in problems:
        rho = problem.rate
        measured = gdlearn.measured_rate(problem.errors, floor=FLOOR)
        a, b = measured.first, measured.last
        # tuned heavy ball: a repeated root, eₖ ≈ C·k·ρᵏ, measured over a … b as ρ·(b/a)^(1/(b − a))
        with_k = f"{rho * (b / a) ** (1 / (b - a)):11.6f}" if problem.mu else f"{'—':>11}"
        reached = next((k for k, e in enumerate(problem.errors) if e <= ACCURACY), None)
        print(
            f"{problem.name:<28}{rho:11.6f}{measured.rate:11.6f}{f'{a}…{b}':>11}{with_k}"
            f"{gdlearn.steps_for(rho, ACCURACY):12d}{'—' if reached is None else reached:>9}"
        )
    print()
    bowl_gd, mtcars_gd, mtcars_hb, himmelblau = problems
    chart(
        [bowl_gd, mtcars_gd],
        os.path.join(args.outdir, "convergence_rate.svg"),
        "Plain gradient descent: the error falls by ρ = max|1 − ηλ| per step",
    )
    first_steps = mtcars_gd._replace(label="mtcars, GD", errors=mtcars_gd.errors[: len(mtcars_hb.errors)])
    chart(
        [mtcars_hb, first_steps, himmelblau],
        os.path.join(args.outdir, "convergence_rate-momentum.svg"),
        "Tuned heavy ball falls like k·ρᵏ, so a little above its line; Himmelblau near (3, 2) like ρᵏ",
    )


class Problem(NamedTuple):
    """A run and what theory says of it: η, μ and the Hessian's extreme eigenvalues."""

    name: str  # for the table
    label: str  # for the legend, which is narrow
    eta: float
    mu: float
    lambda_min: float
    lambda_max: float
    errors: list[float]  # ‖θₖ − θ*‖ / ‖θ₀ − θ*‖

    @property
    def rate(self) -> float:
        return gdlearn.predicted_rate(self.eta, self.lambda_min, self.lambda_max, self.mu)


def errors_of(run: gdlearn.Result, theta_star: Any) -> list[float]:
    """‖θₖ − θ*‖ / ‖θ₀ − θ*‖, the error relative to the start."""
    distances = gdlearn.distances_to(run, theta_star)
    return [d / distances[0] for d in distances]


def chart(problems: list[Problem], path: str, title: str) -> None:
    """Each run's relative error down to the floor, with its predicted ρᵏ (dotted) over it."""
    series: dict[str, Any] = {}
    for problem in problems:
        last = gdlearn.measured_rate(problem.errors, floor=FLOOR).last
        series[f"{problem.label}: measured"] = problem.errors[: last + 1]
        series[f"{problem.label}: predicted {problem.rate:.4f}ᵏ"] = gdlearn.rate_line(1.0, problem.rate, last)
    plot.loss_curves(
        series,
        path,
        log=True,
        x_label="step k",
        y_label=f"‖θₖ − θ*‖ / ‖θ₀ − θ*‖ (drawn down to {FLOOR:g})",
        title=title,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
