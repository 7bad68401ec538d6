"""Ctrl-C: the run so far is kept, consistent, printed and saved; elsewhere, exit 130 cleanly.

- A real ``gdlearn fit`` subprocess gets SIGINT while it trains: it exits
  with 130, prints the model so far, and writes the history and the model
  file (marked interrupted) for exactly the updates it took.
- In-process, KeyboardInterrupt strikes at chosen places (a gradient pass,
  the end of an epoch, the schedule, the update rule) and, with a timer, at
  arbitrary moments: the result always has len(loss) = n_iter (or
  ⌈n_iter/k⌉ with record_every = k), n_iter + 1 points on its path, and is
  bit for bit the first n_iter updates of the same run left alone.
- Ctrl-C while the CSV is read or a file is written: exit 130, one line,
  no traceback, no half-written file.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlearn import MSE, Constant, GradientDescent, LinearModel, Objective, Result, load_csv, load_model
from gdlearn.cli import main
from gdlearn.io import lines as textfile_module

POSIX_SIGNALS = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX signals")


def rows_and_targets(n: int) -> tuple[list[list[float]], list[float]]:
    return [[float(i % 5), 1.0 / (i + 1)] for i in range(n)], [0.5 * i - 1.0 for i in range(n)]


def assert_prefix_of_the_full_run(result: Result, reference: Result, k: int) -> None:
    """``result`` is the first n_iter updates of ``reference`` (recorded with k = 1), bit for bit."""
    n_iter = result.n_iter
    assert result.stop_reason == "interrupted"
    assert reference.path is not None and result.path is not None
    assert len(result.loss) == len(result.learning_rates) == math.ceil(n_iter / k)
    assert len(result.path) == n_iter // k + 1
    assert result.state is not None and result.state.t == n_iter
    # The same run with the same seed: equality means bit for bit here.
    assert list(result.loss) == list(reference.loss)[:n_iter:k]
    assert result.path == reference.path[: n_iter + 1 : k]
    assert result.theta == reference.path[n_iter]  # θ after exactly n_iter updates
    assert list(result.epoch_loss) == list(reference.epoch_loss)[: result.n_epochs + 1]
    plain = Objective(LinearModel(2), MSE(), *rows_and_targets(7))
    assert result.final_loss == pytest.approx(plain.value(list(result.theta)), rel=1e-15)


# ---------------------------------------------------------------- interrupts at chosen places


class Tripwire:
    """Raises KeyboardInterrupt on its k-th tick (Ctrl-C pressed at a known moment)."""

    def __init__(self, k: int) -> None:
        self.k, self.ticks = k, 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks == self.k:
            raise KeyboardInterrupt


class TrippedObjective(Objective):
    def __init__(self, wire: Tripwire | None, at_epoch_end: Tripwire | None, full_batch: bool) -> None:
        super().__init__(LinearModel(2), MSE(), *rows_and_targets(7))
        self.wire, self.at_epoch_end, self.full_batch, self.values, self.passes = (
            wire, at_epoch_end, full_batch, 0, 0
        )  # fmt: skip

    def value_and_gradient(
        self, theta: Sequence[float], indices: Sequence[int] | None = None
    ) -> tuple[float, list[float]]:
        self.passes += 1
        start = self.passes == 1  # J(θ₀) and ∇J(θ₀), before the loop: batch GD's first gradient too
        if self.wire and not (start and not self.full_batch):
            self.wire.tick()
        # every later pass over all rows ends an epoch (batch GD: with the next update's gradient)
        if self.at_epoch_end and indices is None and not start:
            self.at_epoch_end.tick()
        return super().value_and_gradient(theta, indices)

    def value(self, theta: Sequence[float]) -> float:
        self.values += 1
        if self.at_epoch_end:  # value() serves only the ends of epochs (the start is a full pass)
            self.at_epoch_end.tick()
        return super().value(theta)


class TrippedSchedule(Constant):
    def __init__(self, wire: Tripwire) -> None:
        self.wire = wire

    def __call__(self, eta0: float, t: int) -> float:
        self.wire.tick()
        return eta0


class TrippedRule(GradientDescent):
    wire: Tripwire | None = None

    def update(self, theta: Any, grad: Any, state: Any, eta: float) -> Any:
        if self.wire:
            self.wire.tick()
        return super().update(theta, grad, state, eta)


@settings(max_examples=60, deadline=None)
@given(
    where=st.sampled_from(["gradient pass", "end of epoch", "schedule", "update rule"]),
    k=st.integers(1, 25),
    batch_size=st.none() | st.integers(1, 4),
    record_every=st.integers(1, 3),
)
def test_ctrl_c_at_any_stage_of_an_update_keeps_a_consistent_prefix(
    where: str, k: int, batch_size: int | None, record_every: int
) -> None:
    wire = Tripwire(k)
    options: dict[str, Any] = {"batch_size": batch_size, "seed": 3, "momentum": 0.5}
    rule = TrippedRule(0.01, schedule=TrippedSchedule(wire) if where == "schedule" else None, **options)
    rule.wire = wire if where == "update rule" else None
    passes, ends = wire if where == "gradient pass" else None, wire if where == "end of epoch" else None
    J = TrippedObjective(passes, ends, full_batch=batch_size is None)
    if where == "gradient pass" and batch_size is None and k == 1:
        # batch GD's first full pass gives the starting loss, before the loop and
        # before there is anything to return: Ctrl-C there is a plain KeyboardInterrupt
        with pytest.raises(KeyboardInterrupt):
            rule.minimize(J, epochs=100, record_theta=True, record_every=record_every)
        return
    result = rule.minimize(J, epochs=100, record_theta=True, record_every=record_every)
    per_epoch = 1 if batch_size is None else math.ceil(7 / batch_size)
    # Ctrl-C on the k-th gradient pass, schedule call or update drops that update: k − 1 were taken;
    # on the k-th end-of-epoch loss, k epochs of updates were taken and k − 1 recorded.
    expected = k * per_epoch if where == "end of epoch" else k - 1
    assert result.n_iter == expected
    if where == "end of epoch":
        epochs = k - 1
    elif where == "gradient pass" and batch_size is None:
        # batch GD's k-th full pass (k ≥ 2) is also the end-of-epoch loss of epoch k − 1
        epochs = k - 2
    else:
        epochs = expected // per_epoch
    assert result.n_epochs == epochs
    reference = GradientDescent(0.01, **options).minimize(
        Objective(LinearModel(2), MSE(), *rows_and_targets(7)), epochs=k + 1, record_theta=True
    )
    assert_prefix_of_the_full_run(result, reference, record_every)


@POSIX_SIGNALS
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # a Ctrl-C in a gc callback
def test_ctrl_c_at_arbitrary_moments_keeps_a_consistent_prefix() -> None:
    # A timer raises KeyboardInterrupt wherever the interpreter happens to be,
    # as Ctrl-C does: between any two bytecodes of the loop.
    rng = random.Random(6)
    options: dict[str, Any] = {"batch_size": 2, "seed": 1, "momentum": 0.5}
    reference = GradientDescent(0.01, **options).minimize(
        Objective(LinearModel(2), MSE(), *rows_and_targets(7)), epochs=4000, record_theta=True
    )
    fired: list[bool] = []

    def ctrl_c(signum: int, frame: Any) -> None:
        if not fired:
            fired.append(True)
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, ctrl_c)
    caught = 0
    try:
        for trial in range(50):
            fired.clear()
            k = 1 + trial % 3
            J = Objective(LinearModel(2), MSE(), *rows_and_targets(7))
            signal.setitimer(signal.ITIMER_REAL, rng.uniform(0.001, 0.03))
            try:
                # 16 000 updates take far longer than 30 ms: the timer strikes first.
                result = GradientDescent(0.01, **options).minimize(
                    J, epochs=4000, record_theta=True, record_every=k
                )
            except KeyboardInterrupt:  # the timer struck before the loop began
                continue
            if result.stop_reason == "max_epochs":
                # CPython drops an exception raised while the garbage collector runs a finalizer
                # ("Exception ignored in ..."): that Ctrl-C is lost, as it would be at a terminal.
                continue
            assert_prefix_of_the_full_run(result, reference, k)
            caught += 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert caught >= 35  # nearly every trial was interrupted inside the loop


# ---------------------------------------------------------------- a real gdlearn fit, and SIGINT


def write_csv(path: Path, n: int) -> None:
    rng = random.Random(4)
    lines = ["a,b,y"]
    for _ in range(n):
        a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
        lines.append(f"{a!r},{b!r},{2 * a - b + 1 + rng.gauss(0, 0.1)!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def interrupted_fit(folder: Path, wait: float) -> tuple[int, str, str]:
    """Start ``gdlearn fit``, wait for its first line (training starts), wait ``wait`` s, send SIGINT."""
    command = [
        sys.executable, "-m", "gdlearn", "fit", "data.csv", "--target", "y", "--batch-size", "1",
        "--epochs", "1000000000", "--history", "h.csv", "--save", "m.json", "--plot", "p.svg",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal starts it
    )
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed and flushed just before training begins
        assert first.startswith("stochastic gradient descent on data.csv: 2000 rows, 2 features"), first
        time.sleep(wait)
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:  # a Ctrl-C that CPython dropped (see above): press it again
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=100)
    finally:
        watchdog.cancel()
    return process.returncode, first + out, err


@POSIX_SIGNALS
def test_sigint_during_gdlearn_fit_keeps_the_run_so_far(tmp_path: Path) -> None:
    write_csv(tmp_path / "data.csv", 2000)
    # The first line comes a few milliseconds before the loop starts; waiting a second lands in it.
    # Should a very slow machine still be setting up, the interrupt is clean but early: try longer.
    for wait in (1.0, 5.0):
        status, out, err = interrupted_fit(tmp_path, wait)
        if "wrote" in out:
            break
    assert status == 130, (out, err)
    assert err.splitlines() == ["gdlearn: interrupted; the results above are the run so far"]
    found = re.search(r"(\d+) updates in (\d+) epochs\n", out)
    assert found and "verdict: stochastic gradient descent was interrupted (Ctrl-C)" in out, out
    n_iter, n_epochs = int(found.group(1)), int(found.group(2))
    assert n_iter >= 1
    for name in ("h.csv", "m.json", "p.svg"):
        assert f"wrote {name}" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data.csv",
        "h.csv",
        "m.json",
        "p.svg",
    ]  # no temp files

    lines = (tmp_path / "h.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "series,step,loss,learning_rate"
    steps = [int(line.split(",")[1]) for line in lines if line.startswith("iteration,")]
    assert steps == list(range(n_iter))  # one line per update taken, none for the one cut short
    assert sum(line.startswith("epoch,") for line in lines) == n_epochs + 1

    saved = load_model(tmp_path / "m.json")
    record = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["training"]
    assert record["interrupted"] is True and record["stop_reason"] == "interrupted"
    assert record["n_iter"] == n_iter and record["n_epochs"] == n_epochs
    # The printed final loss is the MSE of the saved model on the file, to the 6 digits printed.
    data = load_csv(tmp_path / "data.csv", "y")
    mse = MSE().value(saved.model.predict(data.X), data.y)
    printed = float(re.search(r"at the start, (\S+) at the end", out).group(1))  # type: ignore[union-attr]
    assert printed == pytest.approx(mse, rel=1e-5)
    assert record["final_loss"] == pytest.approx(mse, rel=1e-12)
    ET.parse(tmp_path / "p.svg")  # the loss picture is whole


# ---------------------------------------------------------------- Ctrl-C in the other phases


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_ctrl_c_while_the_csv_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(tmp_path / "data.csv", 200)
    real_next = textfile_module.Lines.__next__

    def next_line(self: Any) -> str:
        if self.number == 100:
            raise KeyboardInterrupt  # Ctrl-C on line 101
        return real_next(self)

    monkeypatch.setattr(textfile_module.Lines, "__next__", next_line)
    model = tmp_path / "m.json"
    status, out, err = run_cli("fit", str(tmp_path / "data.csv"), "--target", "y", "--save", str(model))
    assert (status, out, err) == (130, "", "gdlearn: interrupted\n")
    assert not model.exists()


def test_ctrl_c_while_the_history_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(tmp_path / "data.csv", 20)
    history = tmp_path / "h.csv"
    history.write_text("an older history\n", encoding="utf-8")
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        if Path(target).name == "h.csv":
            raise KeyboardInterrupt  # Ctrl-C as the new history is about to take the old one's place
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    status, out, err = run_cli(
        "fit", str(tmp_path / "data.csv"), "--target", "y", "--epochs", "3",
        "--history", str(history), "--save", str(tmp_path / "m.json"),
    )  # fmt: skip
    assert status == 130 and err == "gdlearn: interrupted\n"
    assert out.startswith("batch gradient descent on") and "wrote" not in out  # the files come first
    assert history.read_text(encoding="utf-8") == "an older history\n"  # the old file, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "h.csv"]  # no temporary file, no model
