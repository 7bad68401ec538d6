"""From numbers to a drawn axis: ranges, round tick values and their labels.

Shared by the terminal chart (``terminal``) and the SVG charts (``frame``).

A linear axis puts its ticks at round steps  s = m·10ᵉ  with m ∈ {1, 2, 5},
the smallest such step that needs at most ``max_ticks`` ticks. A loose axis
then widens the range to whole steps, so its first and last ticks are its ends;
a tight axis keeps the range and puts the ticks inside it.

A log axis is a linear axis of log₁₀ v: a loose one is widened to whole
decades 10ᵏ, the ticks sit at powers of ten (at 1, 2, 5 × 10ᵏ when the range
holds too few of them), and 2 … 9 × 10ᵏ are unlabelled minor ticks.

>>> axis = linear_axis(0.3, 9.2)
>>> axis.lo, axis.hi, axis.labels
(0.0, 10.0, ['0', '2', '4', '6', '8', '10'])
>>> log_axis(0.02, 350.0).labels
['0.01', '0.1', '1', '10', '100', '1000']
>>> linear_axis(0.3, 9.2, tight=True).labels
['2', '4', '6', '8']
"""

from __future__ import annotations

import math
import sys
from typing import NamedTuple

from ..errors import ParameterError


class Axis(NamedTuple):
    """An axis from ``lo`` to ``hi`` with labelled ``ticks`` and unlabelled ``minor`` ticks."""

    lo: float
    hi: float
    ticks: list[float]
    labels: list[str]
    minor: list[float]
    log: bool

    def fraction(self, value: float) -> float:
        """Where ``value`` sits along the axis: 0 at lo, 1 at hi (log₁₀ on a log axis).

        >>> log_axis(1.0, 100.0).fraction(10.0)
        0.5
        """
        if self.log:
            low = math.log10(self.lo)
            return (math.log10(value) - low) / (math.log10(self.hi) - low)
        return (value - self.lo) / (self.hi - self.lo)


def _step_value(k: int, m: int, e: int) -> float:
    """k·m·10ᵉ, divided rather than multiplied for e < 0 so that 3·0.1 prints as 0.3; inf past a float."""
    try:
        return float(k * m * 10**e) if e >= 0 else k * m / 10**-e
    except OverflowError:  # 2·10³⁰⁸ and beyond: no tick there
        return math.inf


def _floor_log10(value: float) -> int:
    """The e with 10ᵉ ≤ value < 10ᵉ⁺¹, exactly (log10 may round up just below a power of ten)."""
    e = math.floor(math.log10(value))
    if _step_value(1, 1, e) > value:
        e -= 1
    return e


def _ceil_log10(value: float) -> int:
    """The e with 10ᵉ⁻¹ < value ≤ 10ᵉ, exactly."""
    e = _floor_log10(value)
    return e if _step_value(1, 1, e) == value else e + 1


def linear_axis(lo: float, hi: float, *, max_ticks: int = 7, tight: bool = False) -> Axis:
    """A linear axis covering [lo, hi] with round ticks every m·10ᵉ, m ∈ {1, 2, 5}.

    A range of zero width (lo = hi, or within a billionth of |lo|) is widened
    to ±10 % (±1 around 0).

    >>> linear_axis(5.0, 5.0, max_ticks=3).labels
    ['4.5', '5.0', '5.5']
    >>> linear_axis(-0.35, 0.05).labels
    ['-0.4', '-0.3', '-0.2', '-0.1', '0.0', '0.1']
    """
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo <= 1e-9 * max(abs(lo), abs(hi)) or hi - lo < 1e-300:  # one value, to float precision
        centre = (lo + hi) / 2
        pad = 0.1 * abs(centre) if abs(centre) > 1e-290 else 1.0  # ±1 around 0 (or a subnormal)
        lo, hi = centre - pad, centre + pad
    span = hi - lo
    if not math.isfinite(span):
        raise ParameterError(f"cannot draw an axis from {lo!r} to {hi!r}: the span is too large for a float")
    max_ticks = max(2 if tight else 3, max_ticks)  # a loose axis around 0 needs −s, 0, s
    e = _floor_log10(span / (max_ticks - 1))
    while True:  # steps 1, 2, 5, 10, 20, 50 … × 10ᵉ until the ticks fit
        for m in (1, 2, 5):
            step = _step_value(1, m, e)
            if tight:  # multiples of the step inside [lo, hi]; there is always one
                first, last = math.ceil(lo / step), math.floor(hi / step)
                first += _step_value(first, m, e) < lo  # lo / step can round (or underflow)
                last -= _step_value(last, m, e) > hi
            else:  # multiples of the step from just below lo to just above hi
                first, last = math.floor(lo / step), math.ceil(hi / step)
                first -= _step_value(first, m, e) > lo
                last += _step_value(last, m, e) < hi
            if 1 <= last - first + 1 <= max_ticks:
                ticks = [_step_value(k, m, e) for k in range(first, last + 1)]
                if not tight:
                    lo, hi = ticks[0], ticks[-1]
                return Axis(lo, hi, ticks, _labels(ticks, e), [], False)
        e += 1


def log_axis(lo: float, hi: float, *, max_ticks: int = 7, tight: bool = False) -> Axis:
    """A log₁₀ axis over [lo, hi], widened to whole decades unless ``tight``.

    The ticks are the first of these that gives at least 3 ticks (2 for the
    powers of ten, when nothing else fits): every power of ten (or every 2nd,
    3rd … when there are more decades than ``max_ticks``); 1, 2, 5 × 10ᵏ;
    round linear steps. Both ends must be positive.

    >>> axis = log_axis(3.0, 8.0)          # widened to one decade: ticks at 1, 2, 5, 10
    >>> axis.labels, axis.fraction(10 ** 0.5)
    (['1', '2', '5', '10'], 0.5)
    >>> log_axis(1e-9, 1e3).labels        # 12 decades: every second one
    ['1e-9', '1e-7', '1e-5', '0.001', '0.1', '10', '1000']
    >>> log_axis(2.5, 400.0, tight=True).labels
    ['5', '10', '20', '50', '100', '200']
    """
    if hi < lo:
        lo, hi = hi, lo
    if not lo > 0:
        raise ParameterError(f"a log scale needs positive values, got {lo!r}")
    if hi == math.inf:
        raise ParameterError("a log scale needs finite values, got inf")
    if hi - lo <= 1e-9 * hi:  # one value, to float precision
        lo, hi = lo / 2, min(hi * 2, sys.float_info.max)
    e0, e1 = max(_floor_log10(lo), -323), _ceil_log10(hi)  # 10⁻³²⁴ is 0.0 as a float: 10⁻³²³ is the least
    if e1 == e0:
        e1 += 1
    if not tight and e1 > 308:
        raise ParameterError(
            f"cannot draw a log axis up to {hi!r}: the next power of ten is too large for a float"
        )
    e1 = min(e1, 308)  # 10³⁰⁹ is not a float; a tight axis does not need it
    if not tight:  # (below 10⁻³²³, down to 5e-324, the axis starts at the value itself)
        lo, hi = min(lo, _step_value(1, 1, e0)), _step_value(1, 1, e1)
    max_ticks = max(2, max_ticks)
    k0, k1 = _ceil_log10(lo), _floor_log10(hi)  # the powers of ten in [lo, hi]
    every = max(1, math.ceil((k1 - k0) / (max_ticks - 1)))
    powers = [(1, e) for e in range(k0, k1 + 1, every)]
    one_two_five = [(m, e) for e in range(e0, e1 + 1) for m in (1, 2, 5)]
    for candidates, enough in ((powers, 3), (one_two_five, 3), (powers, 2)):
        chosen = [(m, e) for m, e in candidates if lo <= _step_value(1, m, e) <= hi]
        if enough <= len(chosen) <= max_ticks:
            break
    else:  # less than a decade and no 1, 2, 5 × 10ᵏ to mark it: round linear steps
        linear = linear_axis(lo, hi, max_ticks=max_ticks, tight=True)
        marked = [(t, label) for t, label in zip(linear.ticks, linear.labels) if lo <= t <= hi]
        marked = marked or [(lo, format_value(lo)), (hi, format_value(hi))]  # a range near the float limits
        return Axis(lo, hi, [t for t, _ in marked], [label for _, label in marked], [], True)
    ticks = [_step_value(1, m, e) for m, e in chosen]
    labels = [format_number(t, decimals=max(0, -e)) for t, (_, e) in zip(ticks, chosen)]
    minor = []
    if every == 1 and e1 - e0 <= 8:
        unlabelled = [(m, e) for e in range(e0, e1) for m in range(2, 10) if (m, e) not in chosen]
        minor = [v for v in (_step_value(1, m, e) for m, e in unlabelled) if lo <= v <= hi]
    return Axis(lo, hi, ticks, labels, minor, True)


def _labels(ticks: list[float], e: int) -> list[str]:
    """Labels for ticks a step m·10ᵉ apart, all in one style: plain, with as many
    decimals as the step has, or all in e-notation when they are huge or the step tiny."""
    if max(abs(t) for t in ticks) < 1e6 and e >= -4:
        return [f"{t + 0.0:.{max(0, -e)}f}" for t in ticks]
    return [_e_notation(t, e) for t in ticks]


def format_number(value: float, *, decimals: int = 0) -> str:
    """One label: ``decimals`` places for 0 and for 1e-4 ≤ |v| < 1e6, else the short e-notation.

    >>> format_number(0.25, decimals=2), format_number(2e6), format_number(1e-7)
    ('0.25', '2e6', '1e-7')
    """
    value = value + 0.0  # no "-0"
    if value == 0 or 1e-4 <= abs(value) < 1e6:
        return f"{value:.{decimals}f}"
    return _e_notation(value, None)


def _e_notation(value: float, step_exponent: int | None) -> str:
    """2.5e6, 1e-7: the mantissa keeps the digits down to 10^step_exponent (one digit if None)."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    digits = 0 if step_exponent is None else max(0, exponent - step_exponent)
    mantissa, _, power = f"{value:.{digits}e}".partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(power)}"


def format_value(value: float) -> str:
    """A data value to 3 significant digits, for legends and contour labels.

    >>> format_value(1234.5), format_value(0.000123456), format_value(2.0)
    ('1230', '0.000123', '2')
    """
    size = abs(value)
    if not 1e-4 <= size < 1e6:
        return _e_notation(value, math.floor(math.log10(size)) - 2 if size else 0)
    digits = 2 - math.floor(math.log10(size))  # places after the point; < 0 rounds to tens …
    text = f"{round(value, digits) + 0.0:.{max(0, digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
