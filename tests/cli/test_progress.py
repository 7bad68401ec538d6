import io
import re
import threading
import time
from collections.abc import Callable

import pytest

from gdlearn.cli.progress import Progress, waiting


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(10, stream=stream, delay=0.0)
    progress(1, 0.5)
    progress.close()
    assert stream.getvalue() == ""


def test_silent_during_the_first_second():
    stream = _Terminal()
    progress = Progress(10, stream=stream)  # default delay: 1 s
    progress(1, 0.5)
    assert stream.getvalue() == ""
    progress.close()


def test_draws_epoch_loss_and_rate_then_clears():
    stream = _Terminal()
    progress = Progress(10, stream=stream, delay=0.0)
    progress(10, 0.25)
    assert "epoch 10/10" in stream.getvalue()
    assert "loss 0.25" in stream.getvalue()
    assert "epochs/s" in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\r")


def test_disabled_explicitly_on_a_terminal():
    stream = _Terminal()
    progress = Progress(10, stream=stream, enabled=False, delay=0.0)
    progress(10, 0.25)
    assert stream.getvalue() == ""


# The heartbeat: news during work that gives none (a long epoch, reading a file), nothing after close.


def lines(stream: io.StringIO) -> list[str]:
    return [part.strip() for part in stream.getvalue().split("\r") if part.strip()]


def until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Wait for the heartbeat thread, however loaded the machine: poll up to ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def test_a_long_first_epoch_is_not_silent():
    stream = _Terminal()
    progress = Progress(3, stream=stream, delay=0.0, beat=0.02)
    # an epoch that gives no news: the heartbeat says so
    assert until(lambda: any(re.fullmatch(r"epoch 1/3 under way: \d+ s", line) for line in lines(stream)))
    progress(1, 0.5)
    done = r"epoch 1/3 done, loss 0.5; working: \d+ s"
    assert until(lambda: re.fullmatch(done, lines(stream)[-1]) is not None)
    progress.close()
    closed = stream.getvalue()
    assert closed.endswith("\r")
    assert progress.heart is not None and not progress.heart.thread.is_alive()
    time.sleep(0.1)
    assert stream.getvalue() == closed  # nothing drawn after close: the heartbeat has stopped


def test_the_heartbeat_waits_for_the_delay_and_is_off_when_disabled():
    delayed = Progress(3, stream=_Terminal(), beat=0.02)
    disabled = Progress(3, stream=_Terminal(), enabled=False)
    for progress in (delayed, disabled):
        time.sleep(0.15)  # within the default delay of 1 s; or never, when disabled
        assert progress.stream.getvalue() == ""
        progress.close()


def test_waiting_shows_the_time_so_far_then_erases_it():
    stream = _Terminal()
    with waiting("reading big.csv", stream=stream, delay=0.0, beat=0.02):
        assert until(lambda: bool(lines(stream)))
    assert re.fullmatch(r"reading big.csv: \d+ s", lines(stream)[0])
    assert stream.getvalue().endswith("\r")
    assert stream.getvalue().rsplit("\r", 2)[-2].strip() == ""  # the last thing drawn is the blank line
    quiet = io.StringIO()  # not a terminal: nothing
    with waiting("reading big.csv", stream=quiet, delay=0.0, beat=0.02):
        time.sleep(0.1)
    assert quiet.getvalue() == ""


def test_without_threads_there_is_no_heartbeat_and_no_error(monkeypatch):
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")  # as in Pyodide, the browser's Python

    monkeypatch.setattr(threading.Thread, "start", refuse)
    stream = _Terminal()
    progress = Progress(3, stream=stream, delay=0.0, beat=0.02)
    progress(1, 0.5)  # the epochs still draw
    progress.close()
    assert "epoch 1/3  loss 0.5" in stream.getvalue()
    with waiting("reading big.csv", stream=stream, delay=0.0, beat=0.02):
        pass


def test_a_line_never_wraps_on_a_narrow_terminal(monkeypatch):
    # a line wider than the terminal wraps, and \r then returns to its last row only: the rows above
    # stayed on the screen, one per redraw (a QA pass saw eight on a 40-column terminal)
    monkeypatch.setenv("COLUMNS", "30")
    stream = _Terminal()
    progress = Progress(1000, stream=stream, delay=0.0, beat=0.02)
    progress(1, 0.123456789)
    assert until(lambda: "done, loss" in stream.getvalue())  # the heartbeat's line, cut
    progress.close()
    with waiting("reading a_file_with_a_rather_long_name.csv", stream=stream, delay=0.0, beat=0.02):
        assert until(lambda: "reading" in stream.getvalue())
    drawn = stream.getvalue().split("\r")
    assert max(map(len, drawn)) == 29, drawn  # each drawing within 29 columns, the longest cut to it


def test_after_ctrl_c_the_line_says_the_run_so_far_is_being_kept():
    # gdlearn fit installs interrupt as the SIGINT handler while it trains: the run then returns what
    # it has, judged, which on a large file takes seconds that said "epoch 1/3 under way"
    stream = _Terminal()
    progress = Progress(3, stream=stream, delay=0.0, beat=0.02)
    with pytest.raises(KeyboardInterrupt):
        progress.interrupt(2, None)  # as Ctrl-C calls it
    kept = r"interrupted; keeping the run so far: \d+ s"
    assert until(lambda: any(re.fullmatch(kept, line) for line in lines(stream)[-1:]))
    progress.close()


def test_ctrl_c_while_an_epoch_is_drawn_does_not_wait_for_itself():
    # the handler runs in the main thread, perhaps while it holds the line's lock in __call__: a
    # handler that took the lock as well would wait for itself forever
    progress = Progress(3, stream=_Terminal(), delay=0.0, beat=60.0)
    with progress.lock, pytest.raises(KeyboardInterrupt):  # as if within __call__'s drawing
        progress.interrupt(2, None)
    assert progress.stopping
    progress.close()
