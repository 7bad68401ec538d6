"""Writing files so that a failure never leaves a half-written one.

A file is written to a temporary file in the same folder, flushed to disk,
then renamed over the target with ``os.replace``, which is atomic on POSIX
and Windows: a reader sees the old file or the new one, never a mixture.
An ``OSError`` (a missing or read-only folder, a full disk) becomes a
``GDLearnError`` that names the file and the reason.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import GDLearnError


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, all or nothing."""
    target = Path(path)
    folder = target.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise GDLearnError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise GDLearnError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
        raise
