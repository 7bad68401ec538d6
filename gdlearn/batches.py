"""Batches: which rows each gradient step looks at.

The three kinds of gradient descent differ only here, in how the n rows are
cut into batches for one epoch (one pass over the data):

    batch GD          B = n   one step per epoch, the exact gradient
    stochastic GD     B = 1   n steps per epoch, each from a single row
    mini-batch GD     1 < B < n   ⌈n/B⌉ steps per epoch

The order, exactly (``epoch_batches``): the rows start in the order 0, 1, …,
n − 1, and one generator ``rng = random.Random(seed)`` is made for the run.
Before each epoch, when shuffling and B < n, ``rng.shuffle(order)`` shuffles
the previous epoch's order in place (not a fresh ``range(n)``); the epoch's
batches are then the consecutive slices order[0:B], order[B:2B], …. So every
row is used exactly once per epoch, and the same seed gives the same batches.
When B does not divide n, the last batch of the epoch is smaller:
n − B·⌊n/B⌋ rows. Batch GD (B ≥ n) never shuffles: its one batch is every row.

>>> [list(b) for b in batches(list(range(7)), 3)]
[[0, 1, 2], [3, 4, 5], [6]]
>>> batches_per_epoch(7, 3)
3
>>> epochs = epoch_batches(5, 2, shuffle=True, seed=0)
>>> [list(next(epochs)) for _ in range(2)]        # epoch 1, then epoch 2
[[[2, 1], [0, 4], [3]], [[2, 0], [1, 4], [3]]]
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence


def batches_per_epoch(n: int, batch_size: int) -> int:
    """⌈n/B⌉, the number of updates in one epoch."""
    return -(-n // batch_size)


def batches(order: list[int], batch_size: int) -> Iterator[list[int]]:
    """Cut the row order into consecutive batches of ``batch_size`` rows."""
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def epoch_batches(
    n: int, batch_size: int | None, *, shuffle: bool, seed: int | None
) -> Iterator[Iterator[Sequence[int]]]:
    """The batches of epoch 1, 2, 3, …: each epoch's batches of row indices, in the order used.

    B = ``batch_size`` (None: B = n, clipped to n). Exactly the rule of the
    module docstring: one ``random.Random(seed)``, the previous order shuffled
    in place before each epoch when ``shuffle`` and B < n, consecutive slices.
    With B = 1 the slices are given as the 1-tuples (i,) of ``zip(order)``:
    the same rows, without a generator step and a new list per row.
    """
    B = n if batch_size is None else min(batch_size, n)
    order = list(range(n))
    rng = random.Random(seed)
    while True:
        if shuffle and n > B:
            rng.shuffle(order)
        yield zip(order) if B == 1 else batches(order, B)
