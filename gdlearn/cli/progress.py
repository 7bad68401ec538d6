"""A one-line progress display for long runs: epoch k/N, current loss, rate.

It writes to a terminal only (never into a pipe or a log file), stays silent
for the first second so that quick runs print nothing, redraws at most ten
times a second, and clears its line when the run ends.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Call it after each epoch: ``progress(epoch, loss)``; then ``close()``."""

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 1.0,
    ) -> None:
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.start = time.perf_counter()
        self.last_draw = -1.0
        self.width = 0

    def __call__(self, epoch: int, loss: float) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        elapsed = now - self.start
        if elapsed < self.delay or (now - self.last_draw < 0.1 and epoch < self.total):
            return
        self.last_draw = now
        rate = epoch / elapsed if elapsed > 0 else 0.0
        line = f"epoch {epoch}/{self.total}  loss {loss:.6g}  {rate:.1f} epochs/s"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """Erase the progress line, if one was drawn."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
