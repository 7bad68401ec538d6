"""Learning-rate schedules: the rate η_t used by update number t.

A schedule turns the base rate η₀ (the optimizer's ``learning_rate``) and the
update count t = 1, 2, 3, … into the rate of that update:

    Constant()                    η_t = η₀
    StepDecay(step_size, gamma)   η_t = η₀·γ^⌊(t − 1)/s⌋
    ExponentialDecay(gamma)       η_t = η₀·γ^(t − 1)
    InverseScaling(power)         η_t = η₀ / tᵖ
    CosineDecay(period, floor)    η_t = η₀·(f + (1 − f)·½·(1 + cos(π·min(t − 1, T)/T)))

Every schedule starts at η₁ = η₀ and works for every update rule: the
optimizer asks it for η_t before each update and records the answer in
``Result.learning_rates``. (``Constant()`` itself is not asked: its answer
is η₀ every time, which the loop uses without a call.)

t counts iterations (updates), not epochs. It is the one counter every run
has (a plain function minimised with ``minimize_function`` has no epochs);
it is the t of scikit-learn's ``invscaling`` (which counts weight updates
from t = 1) and of Adam's bias correction; and for batch gradient descent an
iteration *is* an epoch, so there the two readings agree. With mini-batches
of B rows an epoch is ⌈n/B⌉ updates: to halve the rate every 10 epochs, use
``StepDecay(step_size=10 * ceil(n / B), gamma=0.5)``. (PyTorch's schedulers
are stepped by hand, usually once per epoch; gdlearn's loop steps them once
per update.)

>>> [round(StepDecay(2, 0.5)(1.0, t), 3) for t in (1, 2, 3, 4, 5)]
[1.0, 1.0, 0.5, 0.5, 0.25]
>>> InverseScaling(0.5)(1.0, 4)        # 1/√4
0.5
"""

from __future__ import annotations

import math
from typing import Any

from .checks import fraction, positive_int, positive_number
from .errors import ParameterError


class Schedule:
    """Base class: ``schedule(eta0, t)`` is the rate of update t ≥ 1."""

    def __call__(self, eta0: float, t: int) -> float:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Constant(Schedule):
    """η_t = η₀: the same step size for every update (the default).

    >>> Constant()(0.1, 1000)
    0.1
    """

    def __call__(self, eta0: float, t: int) -> float:
        return eta0


class StepDecay(Schedule):
    """η_t = η₀·γ^⌊(t − 1)/s⌋: multiply the rate by γ every s updates.

    s = ``step_size`` (whole number ≥ 1), γ = ``gamma`` in (0, 1].

    >>> schedule = StepDecay(step_size=10, gamma=0.5)
    >>> schedule(0.1, 10), schedule(0.1, 11), schedule(0.1, 21)
    (0.1, 0.05, 0.025)
    """

    def __init__(self, step_size: int, gamma: float) -> None:
        self.step_size = positive_int(step_size, "step_size")
        self.gamma = _decay_factor(gamma)

    def __call__(self, eta0: float, t: int) -> float:
        return eta0 * self.gamma ** ((t - 1) // self.step_size)

    def __repr__(self) -> str:
        return f"StepDecay(step_size={self.step_size}, gamma={self.gamma!r})"


class ExponentialDecay(Schedule):
    """η_t = η₀·γ^(t − 1): multiply the rate by γ after every update.

    γ = ``gamma`` in (0, 1]. The rate halves every ln 2 / ln(1/γ) updates.

    >>> ExponentialDecay(0.5)(0.8, 3)     # 0.8·0.5²
    0.2
    """

    def __init__(self, gamma: float) -> None:
        self.gamma = _decay_factor(gamma)

    def __call__(self, eta0: float, t: int) -> float:
        return eta0 * self.gamma ** (t - 1)

    def __repr__(self) -> str:
        return f"ExponentialDecay(gamma={self.gamma!r})"


class InverseScaling(Schedule):
    """η_t = η₀ / tᵖ, scikit-learn's ``invscaling`` (p = ``power``, > 0).

    As in scikit-learn, t counts updates from 1, so the first update uses η₀.
    scikit-learn's default p is 0.25. With p ≤ 1 the rates sum to infinity
    while shrinking, the classic condition for stochastic gradient descent
    to settle at the minimum instead of hovering around it.

    >>> InverseScaling(power=0.25)(0.01, 16)    # 0.01 / 16^0.25 = 0.01 / 2
    0.005
    """

    def __init__(self, power: float = 0.25) -> None:
        self.power = positive_number(power, "power")

    def __call__(self, eta0: float, t: int) -> float:
        try:
            return eta0 / math.pow(t, self.power)
        except OverflowError:  # tᵖ beyond the largest float: η₀/tᵖ is 0 to every digit
            return 0.0

    def __repr__(self) -> str:
        return f"InverseScaling(power={self.power!r})"


class CosineDecay(Schedule):
    """Half a cosine from η₀ down to the floor f·η₀ over T updates, then flat.

        η_t = η₀·(f + (1 − f)·½·(1 + cos(π·min(t − 1, T)/T)))

    T = ``period`` (whole number ≥ 1), f = ``floor`` in [0, 1), a fraction of
    η₀ as Keras's ``alpha`` (PyTorch's ``eta_min`` is the rate f·η₀ itself).
    After the period the rate *holds* at f·η₀, as in Keras. PyTorch's
    ``CosineAnnealingLR`` instead keeps following the cosine, so its rate
    climbs back to η₀ over the next T steps.

    >>> schedule = CosineDecay(period=4, floor=0.0)
    >>> [round(schedule(1.0, t), 4) for t in (1, 2, 3, 4, 5, 6, 100)]
    [1.0, 0.8536, 0.5, 0.1464, 0.0, 0.0, 0.0]
    """

    def __init__(self, period: int, floor: float = 0.0) -> None:
        self.period = positive_int(period, "period")
        self.floor = fraction(floor, "floor")

    def __call__(self, eta0: float, t: int) -> float:
        progress = min(t - 1, self.period) / self.period
        f = self.floor
        return eta0 * (f + (1.0 - f) * 0.5 * (1.0 + math.cos(math.pi * progress)))

    def __repr__(self) -> str:
        return f"CosineDecay(period={self.period}, floor={self.floor!r})"


def _decay_factor(gamma: Any) -> float:
    try:
        number = fraction(gamma, "gamma", one_allowed=True)
    except ParameterError:
        number = 0.0  # refused just below, with the interval that applies here
    if number == 0.0:
        raise ParameterError(f"gamma must be a number in (0, 1], got {gamma!r}")
    return number
