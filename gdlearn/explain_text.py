"""How ``explain`` writes its numbers: 6 significant digits, sums and lists folded at K items.

Every number is printed by ``num`` (``%.6g`` with a true minus sign), so a
printed number can be compared with another run's to the last digit. A sum
or a list longer than K items shows its first K and then "…"; a list of the
parameters θ = [w₁, …, w_d, b] shows its first K weights, "…", and the bias,
so that fifty features still print short lines.

>>> num(-0.000123456789), num(2.0), num(1e-8)
('−0.000123457', '2', '1e−08')
>>> factor(-3.0) + "·" + factor(2.5)
'(−3)·2.5'
>>> fold(["1", "2", "3", "4"], 2)
'1 + 2 + …'
>>> vector(["0.5", "1", "2", "3", "7"], 4, True, 2)
'[0.5, 1, …, 7]'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(i: int) -> str:
    """The whole number i as subscript digits: sub(12) = '₁₂'."""
    return str(i).translate(_SUBSCRIPTS)


def num(x: float) -> str:
    """x to 6 significant digits, with a true minus sign (and never '−0')."""
    text = f"{x:.6g}"
    return "0" if text == "-0" else text.replace("-", "−")


def factor(x: float) -> str:
    """x as a factor in a product or a term of a sum: negatives in parentheses."""
    return f"({num(x)})" if x < 0 else num(x)


def fold(items: Sequence[str], shown: int, sep: str = " + ") -> str:
    """'a + b + c + …': the first ``shown`` items, then '…' if there are more."""
    head = sep.join(items[:shown])
    return head + (f"{sep}…" if len(items) > shown else "")


def tag(labels: Sequence[str], j: int) -> str:
    """'w₁:' padded to the longest label, so that the lines of a stage align."""
    return f"{labels[j]}:".ljust(max(map(len, labels)) + 1)


def arrow(labels: Sequence[str], j: int) -> str:
    """'w₁ ←' padded as ``tag`` pads 'w₁:'."""
    return f"{labels[j].ljust(max(map(len, labels)))} ←"


def vector(values: Sequence[str], d: int, bias: bool, shown: int) -> str:
    """'[v₁, v₂, v₃, …, v_b]': a parameter vector folded as ``shown_params`` says."""
    head = list(values[: min(d, shown)])
    if d > shown:
        head.append("…")
    if bias:
        head.append(values[d])
    return f"[{', '.join(head)}]"


class Page:
    """The lines of an explanation: numbered stages, and the "… and N more" of folded lists."""

    def __init__(self, shown: int) -> None:
        self.shown = shown
        self.lines: list[str] = []
        self.stages = 0

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def stage(self, title: str) -> None:
        """A new numbered stage: its title holds the formula."""
        self.stages += 1
        self.say(f"{self.stages}. {title}")

    def more(self, total: int, what: str) -> None:
        """'   … and 925 more rows' when only ``shown`` of ``total`` lines were written."""
        if total > self.shown:
            self.say(f"   … and {total - self.shown} more {what}")

    def params(self, d: int, bias: bool) -> Iterator[int]:
        """The indices of θ to write a line for: the first ``shown`` weights, '… and N more', the bias."""
        yield from range(min(d, self.shown))
        if d > self.shown:
            self.say(f"   … and {d - self.shown} more weights")
        if bias:
            yield d

    def text(self) -> str:
        return "\n".join(self.lines)
