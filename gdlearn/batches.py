"""Batches: which rows each gradient step looks at.

The three kinds of gradient descent differ only here, in how the n rows are
cut into batches for one epoch (one pass over the data):

    batch GD          B = n   one step per epoch, the exact gradient
    stochastic GD     B = 1   n steps per epoch, each from a single row
    mini-batch GD     1 < B < n   ⌈n/B⌉ steps per epoch

With shuffling, the row order is a fresh random permutation every epoch, so
every row is used exactly once per epoch. When B does not divide n, the last
batch of the epoch is smaller: n − B·⌊n/B⌋ rows.

>>> [list(b) for b in batches(list(range(7)), 3)]
[[0, 1, 2], [3, 4, 5], [6]]
>>> batches_per_epoch(7, 3)
3
"""

from __future__ import annotations

from collections.abc import Iterator


def batches_per_epoch(n: int, batch_size: int) -> int:
    """⌈n/B⌉, the number of updates in one epoch."""
    return -(-n // batch_size)


def batches(order: list[int], batch_size: int) -> Iterator[list[int]]:
    """Cut the row order into consecutive batches of ``batch_size`` rows."""
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]
