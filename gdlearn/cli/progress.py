"""A one-line progress display for long runs: epoch k/N, current loss, rate.

It writes to a terminal only (never into a pipe or a log file), stays silent
for the first second so that quick runs print nothing, redraws at most ten
times a second, and clears its line when the run ends. Work that gives no
news for a second or more (reading a large file, one long stochastic epoch,
judging the run at the end) keeps the line alive: a heartbeat thread redraws
it once a second with the time since the last news, so a long wait is never
silent. ``waiting`` does the same for a single piece of work.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
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
        beat: float = 1.0,
    ) -> None:
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.beat = beat  # seconds without news before the heartbeat speaks, and between its words
        self.start = time.perf_counter()
        self.last_draw = -1.0
        self.last_news = self.start  # when the last epoch ended (or the run began)
        self.epoch, self.loss = 0, 0.0
        self.stopping = False  # Ctrl-C came: the run so far is being kept (``interrupt``)
        self.line = _Line(self.stream)
        self.lock = threading.Lock()  # the heartbeat and the epochs draw on one line
        self.heart = _Heartbeat(self._beat, beat) if self.enabled else None

    def __call__(self, epoch: int, loss: float) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        with self.lock:
            self.epoch, self.loss, self.last_news = epoch, loss, now
            elapsed = now - self.start
            if elapsed < self.delay or (now - self.last_draw < 0.1 and epoch < self.total):
                return
            rate = epoch / elapsed if elapsed > 0 else 0.0
            self._draw(f"epoch {epoch}/{self.total}  loss {loss:.6g}  {rate:.1f} epochs/s", now)

    def _beat(self) -> None:
        """Every beat: if there has been no news for a beat, say what is under way and for how long."""
        now = time.perf_counter()
        with self.lock:
            quiet = now - max(self.last_news, self.last_draw)
            if now - self.start < self.delay or quiet < self.beat:
                return
            waited = f"{now - self.last_news:.0f} s"
            if self.stopping:
                line = f"interrupted; keeping the run so far: {waited}"
            elif self.epoch == 0:
                line = f"epoch 1/{self.total} under way: {waited}"
            else:
                line = f"epoch {self.epoch}/{self.total} done, loss {self.loss:.6g}; working: {waited}"
            self._draw(line, now)

    def interrupt(self, signum: int, frame: FrameType | None) -> None:
        """A SIGINT handler: note that the run is stopping (the heartbeat says so), then Ctrl-C as usual.

        It takes no lock: a handler runs in the main thread between two bytecodes, perhaps
        while that thread holds the line's lock in ``__call__``, and would wait for itself.
        """
        self.last_news = time.perf_counter()
        self.stopping = True
        raise KeyboardInterrupt

    def _draw(self, text: str, now: float) -> None:
        self.last_draw = now
        self.line.draw(text)

    def close(self) -> None:
        """Stop the heartbeat; erase the progress line, if one was drawn."""
        if self.heart is not None:
            self.heart.stop()
        with self.lock:
            self.line.erase()


@contextmanager
def waiting(
    what: str, *, stream: TextIO | None = None, enabled: bool | None = None, delay: float = 1.0,
    beat: float = 1.0,
) -> Iterator[None]:  # fmt: skip
    """While the block runs longer than ``delay`` seconds, show "``what``: 3 s" on a terminal; then erase it.

    The line is redrawn every ``beat`` seconds with the time so far.
    """
    out = sys.stderr if stream is None else stream
    if not (out.isatty() if enabled is None else enabled):
        yield
        return
    start, line = time.perf_counter(), _Line(out)

    def draw() -> None:
        elapsed = time.perf_counter() - start
        if elapsed >= delay:
            line.draw(f"{what}: {elapsed:.0f} s")

    heart = _Heartbeat(draw, beat)
    try:
        yield
    finally:
        heart.stop()
        line.erase()


class _Line:
    """One line of a terminal, redrawn in place with \\r and erased at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = 0  # of what is drawn now: a shorter text is padded to cover it

    def draw(self, text: str) -> None:
        """Draw ``text`` over what was there, cut to the terminal's width (a line that wraps cannot be
        redrawn or erased by \\r)."""
        text = text[: max(_columns(self.stream) - 1, 20)]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def erase(self) -> None:
        """Blank the line, if anything was drawn, and put the cursor at its start."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _columns(stream: TextIO) -> int:
    """The terminal's width: the stream's own, else COLUMNS, else 80."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):  # not a real terminal
        columns = 0
    if columns <= 0:  # unknown (a pseudo-terminal whose size was never set, say)
        columns = shutil.get_terminal_size().columns
    return columns


class _Heartbeat:
    """A daemon thread that calls ``beat()`` every ``interval`` seconds until ``stop()``."""

    def __init__(self, beat: Callable[[], None], interval: float) -> None:
        self.stopped = threading.Event()

        def run() -> None:
            while not self.stopped.wait(interval):
                try:
                    beat()
                except (OSError, ValueError):  # the terminal went away: the work goes on, silently
                    return

        self.thread = threading.Thread(target=run, name="gdlearn progress", daemon=True)
        try:
            self.thread.start()
        except RuntimeError:  # no threads here (the browser's Python): no heartbeat, the work goes on
            self.stopped.set()

    def stop(self) -> None:
        """Stop it, and wait until a beat in progress has drawn (so nothing is drawn after this)."""
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()
