"""Adam: a step size of its own for every coordinate, from running averages.

``Adam`` writes the update rule of ``torch.optim.Adam`` (without amsgrad; its
docstring has the algorithm); the shared loop of ``loop.Optimizer`` draws the
batches and applies it.

Each coordinate moves by about η·(mean of g)/(root mean square of g): close
to η where its gradients agree, close to 0 where they flip sign, and never
dependent on how large the gradient is. A steep direction and a flat one
move at the same pace, which is exactly what plain gradient descent cannot
do on badly scaled features. The price: no stability limit like 2/λ_max to
guide η, and coordinates are treated separately (rotate the problem and Adam
behaves differently). The whole memory is ``AdamState(t, m, v)``.

Conventions. ε goes outside the square root, added to √v̂, as in PyTorch and
Algorithm 1 of Kingma & Ba (2015). Keras adds its ε (default 1e-7) to √v
before the bias correction, the paper's "ε̂":
θ ← θ − η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε̂), which is this rule with
ε = ε̂/√(1 − β₂ᵗ), a larger ε in the first steps. Weight decay is PyTorch's
too: λ_wd·θ joins the gradient before the moments, so it is rescaled like g
(AdamW instead shrinks θ directly, outside the moments; it is not here).

>>> adam = Adam(learning_rate=0.1)
>>> theta, state = adam.update([0.0, 0.0], [4.0, -0.001], adam.init(2), 0.1)
>>> [round(t, 6) for t in theta]   # step 1: m̂ = g, v̂ = g², so −η·g/(|g| + ε) ≈ −η·sign(g)
[-0.1, 0.099999]
>>> state.t, state.m                   # m = (1 − β₁)·g
(1, (0.3999999999999999, -9.999999999999998e-05))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from .checks import fraction, nonnegative_number, positive_number
from .errors import ParameterError
from .loop import Optimizer
from .schedules import Schedule


class AdamState(NamedTuple):
    """What Adam remembers: t updates taken, and the moments m (of g) and v (of g²)."""

    t: int
    m: tuple[float, ...]
    v: tuple[float, ...]


class Adam(Optimizer[AdamState]):
    """Adam with rate η, moments' decay rates β = (β₁, β₂), ε and batches of B rows.

    The update rule, with each symbol and the argument that sets it::

        η = learning_rate (default 0.001)     β₁, β₂ = betas (default (0.9, 0.999))
        ε = eps (default 1e-8)                λ_wd = weight_decay (default 0)
        m = v = 0 before the first update;    t = the update count, from 1

        g ← ∇J_ℬ(θ)  (+ λ_wd·θ if λ_wd ≠ 0)
        m ← β₁·m + (1 − β₁)·g         a running mean of g       (the first moment)
        v ← β₂·v + (1 − β₂)·g²        a running mean of g²      (the second moment)
        m̂ ← m / (1 − β₁ᵗ)             bias corrections: m and v start at 0, and
        v̂ ← v / (1 − β₂ᵗ)               would make the first steps far too small
        θ ← θ − η·m̂ / (√v̂ + ε)        coordinate by coordinate

    B = batch_size, shuffle, seed and schedule are the shared loop's
    (``Optimizer``): which rows each g comes from, and which ηₜ each step uses.
    """

    rule = "Adam"

    def __init__(
        self,
        learning_rate: float = 0.001,
        *,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        # the loop's options, passed on to ``Optimizer``: the rows of each g, the rate of each update
        batch_size: int | None = None, shuffle: bool = True, seed: int | None = None,
        schedule: Schedule | None = None,
    ) -> None:  # fmt: skip
        super().__init__(learning_rate, batch_size=batch_size, shuffle=shuffle, seed=seed, schedule=schedule)
        self.betas = _betas(betas)
        self.eps = positive_number(eps, "eps")
        self.weight_decay = nonnegative_number(weight_decay, "weight_decay")

    def init(self, n_params: int) -> AdamState:
        """t = 0 and both moments at 0."""
        zeros = (0.0,) * n_params
        return AdamState(t=0, m=zeros, v=zeros)

    def update(
        self, theta: Sequence[float], grad: Sequence[float], state: AdamState, eta: float
    ) -> tuple[list[float], AdamState]:
        """The rule of the module docstring, once: returns the new θ and state."""
        beta1, beta2 = self.betas
        eps, lam = self.eps, self.weight_decay
        t = state.t + 1
        g = grad
        if lam != 0:
            g = [g_j + lam * theta_j for g_j, theta_j in zip(g, theta)]  # g + λ_wd·θ
        m = [beta1 * m_j + (1.0 - beta1) * g_j for m_j, g_j in zip(state.m, g)]
        v = [beta2 * v_j + (1.0 - beta2) * g_j * g_j for v_j, g_j in zip(state.v, g)]
        correction1, correction2 = 1.0 - beta1**t, 1.0 - beta2**t
        new_theta = [
            theta_j - eta * (m_j / correction1) / (math.sqrt(v_j / correction2) + eps)  # η·m̂/(√v̂ + ε)
            for theta_j, m_j, v_j in zip(theta, m, v)
        ]
        return new_theta, AdamState(t, tuple(m), tuple(v))

    def __repr__(self) -> str:
        return (
            f"Adam(learning_rate={self.learning_rate!r}, betas={self.betas!r}, eps={self.eps!r},"
            f" weight_decay={self.weight_decay!r}, batch_size={self.batch_size!r},"
            f" shuffle={self.shuffle!r}, seed={self.seed!r}, schedule={self.schedule!r})"
        )


def _betas(betas: Any) -> tuple[float, float]:
    message = f"betas must be a pair (β₁, β₂) of numbers in [0, 1), got {betas!r}"
    if isinstance(betas, (str, bytes)):
        raise ParameterError(message)
    try:
        beta1, beta2 = betas
        return fraction(beta1, "β₁"), fraction(beta2, "β₂")
    except (TypeError, ValueError):
        raise ParameterError(message) from None
