"""Gradient descent, plain or with momentum, exactly as ``torch.optim.SGD``.

``GradientDescent`` writes the update rule (its docstring has the algorithm);
the shared loop of ``loop.Optimizer`` draws the batches and applies it. With
momentum 0, the default, it is plain gradient descent θ ← θ − η·∇J_ℬ(θ).
Everything the rule remembers between steps is ``MomentumState(t, velocity)``,
an immutable value handed back to the loop after every update and kept in
``Result.state``.

Momentum: the velocity u is a running sum of past gradients weighted 1, μ,
μ², …. Where successive gradients agree, the steps grow towards η·g/(1 − μ);
where they flip sign (across a narrow valley), they cancel. Nesterov's
version steps along g + μ·u, the gradient plus the velocity about to be
added, a look ahead that damps the overshoot of plain momentum.

Conventions. This is PyTorch's form, with η outside the velocity:
u ← μ·u + g, θ ← θ − η·u (PyTorch's pseudo-code names the velocity b; here
b is the bias, see docs/notation.md). Sutskever et al. (2013), and some
other frameworks, put η inside: v ← μ·v + η·g, θ ← θ − v. With a constant η
the two give the same θ (v = η·u); with a schedule they differ, because v
keeps the old rates while u is scaled by today's η. PyTorch's Nesterov
evaluates the gradient at its θ itself; Sutskever's form keeps another
iterate φ and evaluates the gradient at the look-ahead point φ − μ·v (v is
subtracted, as written above; the paper's velocity has the other sign, so
it writes φ + μ·v). They are the same method in shifted variables: PyTorch's
θ is Sutskever's look-ahead point φ − μ·v. Nesterov momentum needs μ > 0
and τ = 0 (as in PyTorch), and dampening needs μ > 0 (it acts on the
velocity only); anything else is a ``ParameterError``.

>>> from gdlearn import Quadratic
>>> bowl = Quadratic([[1.0]], [3.0])         # f(θ) = ½θ² − 3θ, minimum at 3
>>> gd = GradientDescent(learning_rate=0.5)
>>> gd.step([0.0], bowl.gradient([0.0]))     # θ − η·(θ − 3) = 0 + 0.5·3
[1.5]
>>> gd.minimize_function(bowl, [0.0], iterations=60).theta
(3.0,)
>>> heavy = GradientDescent(0.5, momentum=0.5)
>>> theta, state = heavy.update([0.0], [-3.0], heavy.init(1), 0.5)   # t = 1: u = g
>>> theta, state
([1.5], MomentumState(t=1, velocity=(-3.0,)))
>>> heavy.update(theta, [-1.5], state, 0.5)  # u = 0.5·(−3) − 1.5 = −3; θ = 1.5 + 0.5·3
([3.0], MomentumState(t=2, velocity=(-3.0,)))
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import NamedTuple

from .checks import boolean, fraction, nonnegative_number
from .errors import ParameterError
from .loop import Optimizer
from .schedules import Constant, Schedule


class MomentumState(NamedTuple):
    """What gradient descent remembers: t updates taken, and the velocity u.

    ``velocity`` is None before the first update, and always with μ = 0:
    plain gradient descent remembers nothing but t. (A named tuple, not a
    frozen dataclass: one is made every update, and a tuple is made faster.)
    """

    t: int
    velocity: tuple[float, ...] | None = None


# MomentumState(t, velocity) made straight from the pair: a state is made at every update, and
# the named tuple's own __new__ is Python code that costs twice as much as this.
_new_state = partial(tuple.__new__, MomentumState)


class GradientDescent(Optimizer[MomentumState]):
    """Gradient descent with rate η, optional momentum μ, and batches of B rows.

    The update rule, with each symbol and the argument that sets it::

        η = learning_rate (ηₜ with a schedule)     μ = momentum (default 0)
        τ = dampening (default 0)                  λ_wd = weight_decay (default 0)
        t = the update count, from 1               nesterov: False by default

        g ← ∇J_ℬ(θ)                     the batch gradient, handed over by the loop
        if λ_wd ≠ 0:  g ← g + λ_wd·θ    weight decay, on all of θ (the bias too)
        if μ ≠ 0:
            u ← g                       if t = 1: the velocity starts at g
            u ← μ·u + (1 − τ)·g         if t > 1
            g ← g + μ·u  if nesterov  else  u
        θ ← θ − η·g

    B = batch_size, shuffle, seed and schedule are the shared loop's
    (``Optimizer``): which rows each g comes from, and which ηₜ each step uses.
    """

    def __init__(
        self,
        learning_rate: float,
        *,
        momentum: float = 0.0,
        dampening: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
        # the loop's options, passed on to ``Optimizer``: the rows of each g, the rate of each update
        batch_size: int | None = None, shuffle: bool = True, seed: int | None = None,
        schedule: Schedule | None = None,
    ) -> None:  # fmt: skip
        super().__init__(learning_rate, batch_size=batch_size, shuffle=shuffle, seed=seed, schedule=schedule)
        self.momentum = fraction(momentum, "momentum")
        self.dampening = fraction(dampening, "dampening", one_allowed=True)
        self.nesterov = boolean(nesterov, "nesterov")
        self.weight_decay = nonnegative_number(weight_decay, "weight_decay")
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ParameterError(
                "Nesterov momentum needs momentum > 0 and dampening = 0,"
                f" got momentum={momentum!r} and dampening={dampening!r}"
            )
        if self.dampening != 0 and self.momentum == 0:
            raise ParameterError(
                f"dampening acts on the velocity, so it needs momentum > 0; got dampening={dampening!r}"
                " with momentum=0"
            )
        if self.nesterov:
            self.rule = "gradient descent with Nesterov momentum"
        elif self.momentum:
            self.rule = "gradient descent with momentum"

    def init(self, n_params: int) -> MomentumState:
        """t = 0, no velocity yet."""
        return MomentumState(t=0)

    def update(
        self, theta: Sequence[float], grad: Sequence[float], state: MomentumState, eta: float
    ) -> tuple[list[float], MomentumState]:
        """The rule of the module docstring, once: returns the new θ and state."""
        g = grad
        if self.weight_decay:
            lam = self.weight_decay
            g = [g_j + lam * theta_j for g_j, theta_j in zip(g, theta)]  # g + λ_wd·θ
        velocity = None
        if self.momentum:
            mu, tau = self.momentum, self.dampening
            if state.velocity is None:  # t = 1
                u = g
            else:  # μ·u + (1 − τ)·g
                u = [mu * u_j + (1.0 - tau) * g_j for u_j, g_j in zip(state.velocity, g)]
            g = [g_j + mu * u_j for g_j, u_j in zip(g, u)] if self.nesterov else u
            velocity = tuple(u)
        new_theta = [theta_j - eta * g_j for theta_j, g_j in zip(theta, g)]  # θ − η·g
        return new_theta, _new_state((state.t + 1, velocity))  # MomentumState(t + 1, velocity)

    @property
    def plain(self) -> bool:
        """True with μ = 0: the update is θ − η·g (weight decay included, which is part of g)."""
        return self.momentum == 0

    def stability_limit(self, lambda_max: float) -> float:
        """The largest stable η on a quadratic with top curvature λ_max (λ_max + λ_wd with weight decay).

        With h = η·(λ_max + λ_wd), the error along the top eigenvector evolves by a
        fixed 1×1 (plain) or 2×2 (momentum) recursion, stable exactly when

            plain      h < 2
            momentum   h·(1 − τ) < 2·(1 + μ)
            Nesterov   h < 2·(1 + μ)/(1 + 2μ)
        """
        curvature = lambda_max + self.weight_decay
        mu = self.momentum
        if mu == 0:
            return 2.0 / curvature
        if self.nesterov:
            return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * curvature)
        return 2.0 * (1.0 + mu) / ((1.0 - self.dampening) * curvature) if self.dampening < 1 else float("inf")

    def __repr__(self) -> str:
        options = (
            ("momentum", self.momentum, 0.0),
            ("dampening", self.dampening, 0.0),
            ("nesterov", self.nesterov, False),
            ("weight_decay", self.weight_decay, 0.0),
        )
        extra = "".join(f", {name}={value!r}" for name, value, default in options if value != default)
        if not isinstance(self.schedule, Constant):
            extra += f", schedule={self.schedule!r}"
        return (
            f"GradientDescent(learning_rate={self.learning_rate!r}, batch_size={self.batch_size!r},"
            f" shuffle={self.shuffle!r}, seed={self.seed!r}{extra})"
        )
