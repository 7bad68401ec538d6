"""Nothing is lost at the command line: a finished run is never thrown away by a typo, a closed
pipe or a late Ctrl-C, the input file is never overwritten, and the demo says when it is not done.

Each test names the way a run used to be lost (found by hand on the command line) and fails on the
code before its fix: outputs were checked only after training, written after the summary was
printed, could name the input file, and the demo drew Galton's conclusion from any run.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdlearn import fit
from gdlearn.cli import main
from gdlearn.datasets import galton

GALTON = galton()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    # y = 2x + 1 + noise: a small table anyone can check
    rows = [(x, 2 * x + 1 + 0.1 * ((-1) ** x)) for x in range(12)]
    path = tmp_path / "data.csv"
    path.write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in rows))
    return path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--save", "data.csv"], "--save 'data.csv' is the input file: writing it would destroy the data"),
        (["--history", "data.csv"], "--history 'data.csv' is the input file"),
        (["--save", "out.json", "--history", "out.json"], "--history 'out.json' is also --save's file"),
        (["--history", "no/such/h.csv", "--save", "m.json"], "--history: there is no folder 'no/such'"),
        (["--save", "."], "cannot write '.' for --save: it is a folder"),
        (["--history", ""], "--history must be a file name or path, got ''"),
    ],
)
def test_outputs_are_checked_before_any_work(data: Path, options: list[str], message: str) -> None:
    before = data.read_bytes()
    result = run("fit", "data.csv", "--target", "y", "--epochs", "5", *options, cwd=data.parent)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stdout == ""  # refused before the header line: no data read, nothing trained
    assert data.read_bytes() == before and not (data.parent / "m.json").exists()


def test_the_files_are_written_before_the_summary_so_a_closed_pipe_loses_none(data: Path) -> None:
    # `gdlearn fit … | head -1`: head leaves after the header line; the summary then meets a closed
    # pipe. The model, the history and the picture were written before it.
    command = [sys.executable, "-m", "gdlearn", "fit", "data.csv", "--target", "y", "--epochs", "200",
               "--save", "m.json", "--history", "h.csv", "--plot", "p.svg", "--quiet"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=data.parent) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()  # the reader goes away, as head does
        child.stderr.read()
        assert child.wait(timeout=120) in (0, 1)
    assert first.startswith(b"batch gradient descent on data.csv") or first.startswith(b"mini-batch")
    assert json.loads((data.parent / "m.json").read_text())["weights"]
    assert (data.parent / "h.csv").read_text().startswith("series,step,loss,learning_rate")
    assert (data.parent / "p.svg").read_text().startswith("<?xml")


def test_ctrl_c_while_j_star_is_computed_keeps_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # J* and κ take a pass of their own over the data after the run (4 s on 200,000 rows);
    # a Ctrl-C there used to lose the whole finished run.
    def interrupted(objective: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["gdlearn.fit"], "_exact", interrupted)  # the module, not fit()
    result = fit(GALTON.X, GALTON.y, learning_rate=1e-5, epochs=3)
    assert result.n_epochs == 3 and result.optimum_loss is None and result.condition_number is None
    assert result.verdict in ("still descending", "hovering")  # judged without J*


def test_the_demo_draws_galton_s_conclusion_only_from_a_run_that_got_there(capsys) -> None:
    assert main(["demo", "--quiet"]) == 0
    done = capsys.readouterr()
    assert "the regression toward the mean" in done.out and done.err == ""
    assert main(["demo", "--quiet", "--learning-rate", "0.0001", "--epochs", "2"]) == 0
    early = capsys.readouterr()
    assert "the regression toward the mean" not in early.out
    assert "907 times the exact minimum: not there yet, so this slope is not yet Galton's" in early.out
    assert "verdict: mini-batch gradient descent is still descending" in early.out
    assert early.err == "gdlearn: warning: the run did not reach the minimum (still descending)\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_the_demo_stopped_by_ctrl_c_says_so_and_exits_130(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "gdlearn", "demo", "--epochs", "100000000", "--plot", "d.svg"]
    default_sigint = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731  # pytest may ignore it
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "cwd": tmp_path}
    with subprocess.Popen(command, preexec_fn=default_sigint, **pipes) as child:  # type: ignore[call-overload]
        assert child.stdout is not None
        child.stdout.readline()  # the demo has started; give it time to be inside the run
        time.sleep(2.0)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    assert child.returncode == 130
    assert "when Ctrl-C stopped the run." in out and "regression toward the mean" not in out
    assert err.strip().endswith("gdlearn: interrupted; the results above are the run so far")
    assert all((tmp_path / name).exists() for name in ("d.svg", "d-loss.svg", "d-path.svg"))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--epochs", "0"], "--epochs must be a whole number ≥ 1, got 0"),
        (["--learning-rate", "-1"], "--learning-rate must be a positive finite number, got -1.0"),
        (["--tol", "-0.5"], "--tol must be a positive finite number, got -0.5"),
        (["--l2", "-1"], "--l2 must be a finite number ≥ 0, got -1.0"),
        (["--momentum", "2"], "--momentum must be a number in [0, 1), got 2.0"),
    ],
)
def test_numbers_are_checked_before_the_data_are_read(tmp_path: Path, options: list[str], message: str):
    # the file does not even exist: the option's error comes first, as it would before reading a
    # million rows (17 s on 600,000 rows, before)
    result = run("fit", "no-such-file.csv", "--target", "y", *options, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == f"gdlearn: error: {message}"


def test_predict_writes_nothing_when_a_row_overflows(tmp_path: Path, data: Path) -> None:
    saved = run("fit", "data.csv", "--target", "y", "--epochs", "50", "--save", "m.json", cwd=data.parent)
    assert saved.returncode == 0
    (data.parent / "big.csv").write_text("x\n1\n\n1e308\n")
    result = run("predict", "m.json", "big.csv", cwd=data.parent)
    assert result.returncode == 1 and result.stdout == ""  # not a header and a first row, then an error
    # the file and its line (after a blank line, which the reader skips), not X's row 1 counted from 0
    assert result.stderr.startswith("gdlearn: error: big.csv, line 4: the prediction is inf (w·x + b")
    assert result.stderr.count("\n") == 1
