"""Files are written all or nothing, and a full disk or a read-only folder is one line.

Every file gdlearn writes (the model, the history CSV, the SVG picture) goes
through ``io.atomic.write_text_atomic``: a temporary file in the same folder,
then ``os.replace``. Here each of the three, written by ``gdlearn fit``,
meets a failure at each step of the write: the folder refuses the new file
(read-only) or the disk is full, the disk fills up half-way through the
text, the flush to disk fails, the rename is refused, or Ctrl-C strikes the
moment the temporary file exists. Each time the old file is left whole, no
temporary file is left behind, and the command says so in one line: exit 1
(exit 130 for Ctrl-C), never a traceback.

(test_model_files.py does the same for ``save_model`` called directly, with a
failed rename, a failed fsync and Ctrl-C at the rename.)
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from gdlearn import LinearModel, save_model
from gdlearn.cli import main
from gdlearn.io.atomic import write_text_atomic

OLD = "the old file, whole\n"


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


class HalfWritten:
    """A file handle on a disk that fills up: half the text goes in, then ENOSPC."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


class Fault:
    """Makes the writing of one file (by name) fail at one step; other files are written normally."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, step: str) -> None:
        self.name, self.step, self.ours = name, step, False
        real_open, real_fdopen, real_fsync, real_replace = os.open, os.fdopen, os.fsync, os.replace

        def open_(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
            self.ours = Path(path).name.startswith(f".{name}.")
            if self.ours and step == "read-only folder":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            if self.ours and step == "full disk":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            fd = real_open(path, flags, mode, **kwargs)
            if self.ours and step == "ctrl-c":
                raise KeyboardInterrupt  # the temporary file exists, its descriptor is not yet kept
            return fd

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            return HalfWritten(handle) if self.ours and step == "disk fills up" else handle

        def fsync(fd: int) -> None:
            if self.ours and step == "fsync":
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real_fsync(fd)

        def replace(source: Any, target: Any) -> None:
            if Path(target).name == name and step == "rename":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            real_replace(source, target)

        monkeypatch.setattr(os, "open", open_)
        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)


REASONS = {
    "read-only folder": "Permission denied",
    "full disk": "No space left on device",
    "disk fills up": "No space left on device",
    "fsync": "Input/output error",
    "rename": "Permission denied",
}
WRITERS = {
    "model file": ("--save", "m.json"),
    "history": ("--history", "h.csv"),
    "picture": ("--plot", "p.svg"),
}


@pytest.mark.parametrize("step", [*REASONS, "ctrl-c"])
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_failed_write_keeps_the_old_file_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str, step: str
) -> None:
    (tmp_path / "data.csv").write_text("a,y\n0,1\n1,3\n2,5\n", encoding="utf-8")
    option, name = WRITERS[writer]
    target = tmp_path / name
    target.write_text(OLD, encoding="utf-8")
    Fault(monkeypatch, name, step)
    status, out, err = run_cli("fit", str(tmp_path / "data.csv"), "--target", "y", "--epochs", "5",
                               option, str(target))  # fmt: skip
    assert target.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data.csv", name])  # no temporary file
    assert f"wrote {target}" not in out
    if step == "ctrl-c":
        assert (status, err) == (130, "gdlearn: interrupted\n")
    else:
        assert status == 1
        assert err == f"gdlearn: error: cannot write {str(target)!r}: {REASONS[step]}\n"


def test_the_new_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text(OLD, encoding="utf-8")
    write_text_atomic(target, "new\r\nlines\n")
    assert target.read_bytes() == b"new\r\nlines\n"  # no newline translation
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders"
)
def test_a_really_read_only_folder(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,y\n0,1\n1,3\n", encoding="utf-8")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        status, _, err = run_cli(
            "fit", str(tmp_path / "data.csv"), "--target", "y", "--save", str(folder / "m.json")
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
    assert status == 1
    assert err == f"gdlearn: error: cannot write {str(folder / 'm.json')!r}: Permission denied\n"


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.json"
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    save_model(link, LinearModel(1, theta=[2.0, 1.0]), feature_names=["a"], target_name="y", training={})
    assert link.is_symlink()  # the link is kept ...
    assert '"weights": [\n    2.0\n  ]' in real.read_text(
        encoding="utf-8"
    )  # ... and the file behind it replaced


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    # Like --history /dev/null: there is no file to replace, and replacing the pipe would destroy it.
    (tmp_path / "data.csv").write_text("a,y\n0,1\n1,3\n", encoding="utf-8")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    status, out, _ = run_cli("fit", str(tmp_path / "data.csv"), "--target", "y", "--epochs", "2",
                             "--batch-size", "full", "--history", str(pipe))  # fmt: skip
    reader.join(timeout=30)
    assert status == 0 and f"wrote {pipe}" in out
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still a pipe
    assert received[0].splitlines()[0] == "series,step,loss,learning_rate"
    assert sum(line.startswith("iteration,") for line in received[0].splitlines()) == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a disk that is always full")
@pytest.mark.parametrize("command", ["fit", "predict"])
def test_standard_output_on_a_full_disk(tmp_path: Path, command: str) -> None:
    (tmp_path / "data.csv").write_text("a,y\n0,1\n1,3\n", encoding="utf-8")
    model = tmp_path / "m.json"
    save_model(model, LinearModel(1, theta=[2.0, 1.0]), feature_names=["a"], target_name="y", training={})
    args = ["fit", "data.csv", "--target", "y"] if command == "fit" else ["predict", "m.json", "data.csv"]
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "gdlearn", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, cwd=tmp_path, timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "gdlearn: error: cannot write standard output: No space left on device\n"
