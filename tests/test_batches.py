"""Cutting one epoch's row order into batches of B rows."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn.batches import batches, batches_per_epoch


def test_batches_by_hand() -> None:
    assert list(batches([4, 2, 0, 1, 3], 2)) == [[4, 2], [0, 1], [3]]
    assert list(batches([0, 1, 2], 3)) == [[0, 1, 2]]
    assert list(batches([0, 1, 2], 1)) == [[0], [1], [2]]


def test_batches_per_epoch_by_hand() -> None:
    assert [batches_per_epoch(10, b) for b in (1, 3, 4, 5, 10, 11)] == [10, 4, 3, 2, 1, 1]


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 60), batch_size=st.integers(1, 70))
def test_batches_cover_every_row_once_and_only_the_last_is_short(n: int, batch_size: int) -> None:
    order = list(range(n))[::-1]
    cut = list(batches(order, batch_size))
    assert [i for batch in cut for i in batch] == order
    assert len(cut) == batches_per_epoch(n, batch_size) == math.ceil(n / batch_size)
    assert all(len(batch) == batch_size for batch in cut[:-1])
    # the last batch holds the n − B·⌊n/B⌋ leftover rows, or a full B when B divides n
    assert len(cut[-1]) == (n % batch_size or min(batch_size, n))
