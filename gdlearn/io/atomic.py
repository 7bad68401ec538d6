"""Writing files so that a failure never leaves a half-written one.

A file is written to a temporary file in the same folder, flushed to disk,
then renamed over the target with ``os.replace``, which is atomic on POSIX
and Windows: a reader sees the old file or the new one, never a mixture.
An ``OSError`` (a missing or read-only folder, a full disk) becomes a
``GDLearnError`` that names the file and the reason.

The temporary file's name is chosen before the file exists, so whatever
stops the write (an error, Ctrl-C) the cleanup knows what to remove: no
half-written file is left behind, under either name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import GDLearnError, ParameterError


def file_path(path: Any, what: str = "path") -> str:
    """``path`` as a string, if it is a non-empty ``str`` or ``os.PathLike``."""
    name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
    if not isinstance(name, str) or not name:
        raise ParameterError(f"{what} must be a file name or path, got {path!r}")
    return name


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, all or nothing.

    A symbolic link is written through (the file it points to is replaced,
    the link stays). A path that is neither a file nor missing, such as
    /dev/null or a named pipe, is written to directly: there is nothing to
    replace, and replacing it would destroy it.
    """
    name = file_path(path)
    target = Path(os.path.realpath(name))
    if target.is_dir():
        raise GDLearnError(f"cannot write {name!r}: it is a folder")
    if target.exists() and not target.is_file():
        _write_through(target, text, name)
        return
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    created = False
    try:
        # O_EXCL: never open a file that exists, so the cleanup below only removes our own.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        created = True
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        if created or not isinstance(exc, OSError):  # Ctrl-C may strike just after os.open
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise GDLearnError(f"cannot write {name!r}: {exc.strerror or exc}") from None
        raise


def _write_through(target: Path, text: str, name: str) -> None:
    try:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise GDLearnError(f"cannot write {name!r}: {exc.strerror or exc}") from None
