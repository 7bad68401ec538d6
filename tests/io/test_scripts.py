"""A lesson run as a script: Ctrl-C stops it, errors are one line, the output folder is checked first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from gdlearn import GDLearnError
from gdlearn.io.scripts import output_folder


def start(tmp_path: Path, body: str) -> subprocess.Popen[str]:
    """Run ``body`` as main() of a script within script(), as the examples do."""
    path = tmp_path / "lesson.py"
    path.write_text(
        "import gdlearn\nfrom gdlearn.io.scripts import output_folder, script\n\n"
        "def main():\n" + textwrap.indent(textwrap.dedent(body), "    ") + "\n\n"
        "if __name__ == '__main__':\n    with script():\n        main()\n",
        encoding="utf-8",
    )
    return subprocess.Popen(
        [sys.executable, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal
    )  # fmt: skip


def test_ctrl_c_stops_the_script_not_just_the_run_in_progress(tmp_path: Path) -> None:
    # each minimize_function answers Ctrl-C by returning its run so far: without script(),
    # one Ctrl-C ended one of these thousands of runs and the script went on
    lesson = start(tmp_path, """
        print("started", flush=True)
        for _ in range(10**6):
            gdlearn.GradientDescent(0.001).minimize_function(gdlearn.Rosenbrock(), [0.0, 0.0], iterations=50)
        print("finished")
    """)
    assert lesson.stdout is not None and lesson.stdout.readline() == "started\n"
    time.sleep(0.3)  # well inside the loop
    lesson.send_signal(signal.SIGINT)
    out, err = lesson.communicate(timeout=30)
    assert lesson.returncode == 130
    assert "finished" not in out
    assert err == "lesson.py: interrupted\n"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("output_folder('a_file')", "lesson.py: error: cannot make the folder 'a_file' for the pictures"),
        ("gdlearn.fit([[1.0]], [2.0], learning_rate=-1)", "lesson.py: error: learning_rate must be a"),
        ("open('missing/x.svg', 'w')", "lesson.py: error: No such file or directory: 'missing/x.svg'\n"),
    ],
)
def test_a_gdlearn_or_file_error_is_one_line_and_status_1(tmp_path: Path, body: str, line: str) -> None:
    (tmp_path / "a_file").write_text("")
    lesson = start(tmp_path, body)
    _, err = lesson.communicate(timeout=60)
    assert lesson.returncode == 1
    assert err.startswith(line) and err.count("\n") == 1, err


def test_a_bug_in_the_script_still_shows_its_traceback(tmp_path: Path) -> None:
    lesson = start(tmp_path, "1 / 0")
    _, err = lesson.communicate(timeout=60)
    assert lesson.returncode == 1
    assert "Traceback" in err and err.rstrip().endswith("ZeroDivisionError: division by zero")


def test_the_output_folder_is_made_and_proved_writable(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    made = output_folder(str(tmp_path / "new" / "deeper"))
    assert os.path.isdir(made) and os.listdir(made) == []  # the proof leaves nothing behind

    def refuse(**kwargs: object) -> None:  # a read-only folder (root writes anywhere, so simulated)
        raise PermissionError(13, "Permission denied", str(kwargs["dir"]) + "/tmpxyz")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(GDLearnError, match=r"^cannot write in the folder '.*ro': Permission denied$"):
        output_folder(str(tmp_path / "ro"))
