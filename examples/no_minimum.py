"""Convex, yet no minimum: gradient descent on eˣ and on softplus walks off forever.

What it teaches
    "Convexity guarantees a global minimum" is only half true. A convex
    function has no minimum other than its global one, but it need not have
    one at all. f(x) = eˣ is convex (f″ = eˣ > 0) and bounded below by 0,
    yet no x reaches 0. Gradient descent does what it should, it goes
    downhill, so x runs off to −∞, the loss keeps falling, and the slope
    f′ = eˣ keeps shrinking.

    For eˣ the walk is in closed form. With uₖ = e^(−xₖ), one step
    xₖ₊₁ = xₖ − η·e^(xₖ) gives uₖ₊₁ = uₖ·e^(η/uₖ) ≥ uₖ + η, so from x₀ = 0

        f(xₖ) = 1/uₖ ≤ 1/(1 + ηk)      and   xₖ ≤ −ln(1 + ηk),

    and (as e^a ≤ 1 + a + a² for a ≤ 1) uₖ ≤ 1 + ηk + η·(1 + ln k) for η ≤ 1:
    the loss falls like 1/k, and x drifts like −ln k, without end.
    Softplus, f(x) = ln(1 + eˣ), f′ = σ(x) = 1/(1 + e^(−x)), f″ = σ(1 − σ),
    does the same; it is the logistic loss ln(1 + e^(−m)) of one correctly
    classified point with margin m = −x, which is why logistic regression on
    separable data has no minimiser either (the weights grow forever).

What to look for
    - The table: f falls towards 0 and x towards −∞ at every checkpoint;
      f(xₖ) for eˣ stays between the two closed-form bounds.
    - The verdict of each run: "not a critical point". The Newton step
      f′/f″ is exactly 1 for eˣ (and tends to 1 for softplus): however
      small the gradient, the critical point it points to is always one
      step further on.
    - A tolerance on the gradient is fooled: with grad_tol = 0.01 the run
      stops early and calls itself converged; the classification still
      says θ is not a critical point.
    - no_minimum.svg: the loss against log₁₀(1 + k), both on log scales, with
      the bound 1/(1 + ηk) dotted: a straight line of slope −1, a power law,
      where linear convergence (examples/convergence_rate.py) would plunge;
      no_minimum-x.svg: x against log₁₀(1 + k), with −ln(1 + ηk) dotted.

Run:  python examples/no_minimum.py [OUTDIR] [--quick]
"""

from __future__ import annotations

import argparse
import math
import os

import gdlearn
from gdlearn import plot
from gdlearn.io.scripts import output_folder, script


class Exp:
    """f(x) = eˣ,  f′(x) = eˣ,  f″(x) = eˣ: convex, bounded below by 0, no minimum."""

    def value(self, theta: list[float]) -> float:
        return math.exp(theta[0])

    def gradient(self, theta: list[float]) -> list[float]:
        return [math.exp(theta[0])]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        return [[math.exp(theta[0])]]


class Softplus:
    """f(x) = ln(1 + eˣ),  f′(x) = σ(x),  f″(x) = σ(x)(1 − σ(x)), written to stay finite for any x."""

    def value(self, theta: list[float]) -> float:
        x = theta[0]
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))

    def gradient(self, theta: list[float]) -> list[float]:
        return [gdlearn.sigmoid(theta[0])]

    def hessian(self, theta: list[float]) -> list[list[float]]:
        s = gdlearn.sigmoid(theta[0])
        return [[s * (1.0 - s)]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", nargs="?", default=".", help="folder for the SVG files (default: here)")
    parser.add_argument("--quick", action="store_true", help="1000 steps instead of 100 000, for the tests")
    args = parser.parse_args(argv)
    output_folder(args.outdir)  # made, and proved writable, before any work
    steps = 1000 if args.quick else 100_000
    eta = 1.0

    gd = gdlearn.GradientDescent(eta)
    runs = {}
    for name, f in (("eˣ", Exp()), ("softplus", Softplus())):
        runs[name] = gd.minimize_function(f, [0.0], iterations=steps, record_theta=True)
    exp_path, soft_path = runs["eˣ"].path, runs["softplus"].path
    assert exp_path is not None and soft_path is not None

    print(f"Gradient descent, η = {eta}, from x = 0, on two convex functions without a minimum:")
    print(
        f"{'step k':>8}{'x (eˣ)':>11}{'eˣ':>12}{'1/(1 + ηk)':>12}{'lower bound':>13}"
        f"{'x (softplus)':>14}{'softplus':>12}"
    )
    for k in sorted({0, 1, 10, 100, 1000, 10_000, steps}):
        if k > steps:
            continue
        (x,), (x_soft,) = exp_path[k], soft_path[k]
        upper = 1 / (1 + eta * k)
        lower = 1 / (1 + eta * k + eta * (1 + math.log(max(k, 1))))
        print(
            f"{k:8d}{x:11.4f}{math.exp(x):12.4e}{upper:12.4e}{lower:13.4e}"
            f"{x_soft:14.4f}{Softplus().value([x_soft]):12.4e}"
        )
    print()
    for name, run in runs.items():
        assert run.stopped_at is not None
        found = run.stopped_at
        print(
            f"{name}: {found.kind}: ‖∇f‖ = {found.gradient_norm:.3g}, Newton step {found.distance:.6f} long"
        )
        print(f"  {run.describe()}")
    fooled = gd.minimize_function(Exp(), [0.0], iterations=steps, grad_tol=0.01)
    assert fooled.stopped_at is not None
    print()
    print(f"With grad_tol = 0.01 on eˣ: stop reason {fooled.stop_reason!r} after {fooled.n_iter} steps,")
    print(f"  x = {fooled.theta[0]:.4f}, yet θ is {fooled.stopped_at.kind}: there is nothing to converge to.")
    print()

    # against log₁₀(1 + k): a power law ~ k⁻¹ is a straight line of slope −1 on these axes. The bounds
    # are drawn with 25 points, evenly spaced on that axis, each with a dot: the runs under them stay visible.
    logk = [math.log10(1 + k) for k in range(steps + 1)]
    ks = sorted({round(10 ** (j * math.log10(1 + steps) / 24)) - 1 for j in range(25)})
    at = [math.log10(1 + k) for k in ks]
    loss_svg = os.path.join(args.outdir, "no_minimum.svg")
    plot.loss_curves(
        {
            "eˣ": (logk[:-1], list(runs["eˣ"].loss)),
            "softplus ln(1 + eˣ), the same as eˣ for large k": (logk[:-1], list(runs["softplus"].loss)),
            "bound 1/(1 + ηk); the runs lie on it for large k": (at, [1 / (1 + eta * k) for k in ks]),
        },
        loss_svg,
        log=True,
        x_label="log₁₀(1 + k), k the step",
        y_label="f(xₖ)",
        title="The loss falls like 1/k towards 0, which it never reaches",
    )
    x_svg = os.path.join(args.outdir, "no_minimum-x.svg")
    plot.loss_curves(
        {
            "x for eˣ": (logk, [x for (x,) in exp_path]),
            "x for softplus, the same for large k": (logk, [x for (x,) in soft_path]),
            "−ln(1 + ηk); the runs lie on it for large k": (at, [-math.log(1 + eta * k) for k in ks]),
        },
        x_svg,
        x_label="log₁₀(1 + k), k the step",
        y_label="x",
        title="…while x walks off towards −∞ like −ln k",
    )
    print(f"wrote {loss_svg}")
    print(f"wrote {x_svg}")


if __name__ == "__main__":
    with script():  # η as eta where the console cannot show it; Ctrl-C stops; errors in one line
        main()
