"""Your own function: minimise Rosenbrock's valley through the Differentiable protocol.

What it teaches
    Gradient descent needs only two things from a function: its value f(θ)
    and its gradient ∇f(θ). Any object with methods ``value(theta)`` and
    ``gradient(theta)`` is a ``gdlearn.Differentiable``, with no base class
    to inherit. Here we write Rosenbrock's function by hand,

        f(x, y) = (1 − x)² + 100·(y − x²)²
        ∂f/∂x   = −2(1 − x) − 400·x·(y − x²)
        ∂f/∂y   = 200·(y − x²)

    check the hand-written gradient against finite differences with
    ``check_gradient`` (and see that a deliberately wrong one is caught),
    then minimise it with ``GradientDescent.minimize_function``, recording
    the path (``record_theta=True``) to draw it on the contour map.

    The minimum is f = 0 at (1, 1), at the end of a long, curved, nearly
    flat valley with steep walls. A step size small enough for the walls
    (η = 0.001; at (1, 1) the Hessian [[802, −400], [−400, 200]] has
    λ_max = 501 + √(301² + 400²) ≈ 1001.6, so the limit is 2/λ_max ≈ 0.0020)
    crawls along the floor: the classic picture of why plain gradient
    descent is slow.

What to look for
    - The gradient checks: the right gradient agrees with central
      differences to about 1e-11 relative; the wrong one, which forgets the
      factor 2 of d(y − x²)²/dx = 2(y − x²)·(−2x), is off by about 50% and
      is flagged. At (0, 0) the slip multiplies y − x² = 0 and goes
      unnoticed: check a gradient at several points, not just one.
    - The checkpoints and the terminal chart: ten steps take f from 12.5 to
      about 6, onto the valley floor; then thousands of steps crawl along
      it towards (1, 1), f falling by a steady factor per step.
    - own_function.svg: the contour map (log-spaced levels) with the path:
      a short drop into the valley, then along its curved floor to (1, 1).

Run:  python examples/own_function.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import os

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script
from gdlearn.plot import line_chart


class Banana:
    """Rosenbrock's function with a = 1, c = 100, written out by hand."""

    def value(self, theta: list[float]) -> float:
        x, y = theta
        return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2

    def gradient(self, theta: list[float]) -> list[float]:
        x, y = theta
        return [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)]


class WrongBanana(Banana):
    """The same f with a classic slip in ∂f/∂x: the chain rule's factor 2 forgotten (200 for 400)."""

    def gradient(self, theta: list[float]) -> list[float]:
        x, y = theta
        return [-2.0 * (1.0 - x) - 200.0 * x * (y - x * x), 200.0 * (y - x * x)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="3000 steps instead of 20000, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    iterations = 3000 if args.quick else 20000
    eta, theta0 = 0.001, [-1.5, 2.0]

    f = Banana()
    print(f"Banana is a gdlearn.Differentiable: {isinstance(f, gdlearn.Differentiable)}")
    reference = gdlearn.Rosenbrock().value(theta0)  # gdlearn's own, written independently
    print(f"f(−1.5, 2) = {f.value(theta0):.4f}; gdlearn.Rosenbrock gives {reference:.4f}")
    print()
    print("Gradient checks against central differences (max relative error):")
    points = [[-1.5, 2.0], [0.0, 0.0], [0.5, -0.3], [2.0, 1.0]]
    for name, g in (("right gradient", Banana()), ("wrong gradient", WrongBanana())):
        errors = [gdlearn.check_gradient(g, point).max_rel_error for point in points]
        verdict = "OK" if max(errors) < 1e-6 else "WRONG: fix the gradient before descending"
        print(f"  {name}: {', '.join(f'{e:.1e}' for e in errors)}  → {verdict}")
    wrong = gdlearn.check_gradient(WrongBanana(), theta0)
    print(
        f"  at (−1.5, 2): analytic {[round(v, 1) for v in wrong.analytic]},"
        f" numeric {[round(v, 1) for v in wrong.numeric]}"
    )
    print()

    result = gdlearn.GradientDescent(eta).minimize_function(
        f, theta0, iterations=iterations, record_theta=True
    )
    assert result.path is not None
    print(f"Gradient descent, η = {eta}, from (−1.5, 2), {result.n_iter} steps ({result.stop_reason}):")
    print(f"{'step':>8}{'x':>10}{'y':>10}{'f(x, y)':>12}")
    for k in sorted({0, 1, 10, 100, 1000, 3000, 10000, result.n_iter}):
        if k <= result.n_iter:
            x, y = result.path[k]
            print(f"{k:8d}{x:10.4f}{y:10.4f}{f.value([x, y]):12.4g}")
    print()
    print(
        line_chart(
            list(result.loss), log=True, height=12, title="f(θ) at each step", x_label="step", y_label="f"
        )
    )

    picture = os.path.join(args.outdir, "own_function.svg")
    plot.contour(
        f,
        {f"gradient descent, η = {eta}": result.path},
        picture,
        xlim=(-2.0, 2.0),
        ylim=(-1.0, 3.0),
        levels=14,
        minimum=(1.0, 1.0),  # Banana does not know its minimum; we do
        x_label="x",
        y_label="y",
        title="Rosenbrock's valley: into it fast, then a long crawl",
    )
    print(f"wrote {picture}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
