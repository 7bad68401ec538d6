"""Running a lesson as a script: what a learner sees when it is stopped or something goes wrong.

The examples end with ::

    if __name__ == "__main__":
        with script():
            main()

and within it:

- what the console cannot show is written in ASCII words (η → eta; ``readable_output``);
- Ctrl-C stops the script, with "interrupted" and exit status 130. (gdlearn's
  loops answer Ctrl-C by returning the run so far, which is right in a
  notebook; a script would then go on to print a table of half a run as if
  it had finished.)
- a gdlearn error or a failure of the file system (a folder that cannot be
  made or written) is one line on standard error and exit status 1, not a
  traceback. A bug in the script itself still shows its traceback.

``output_folder`` makes the folder the pictures go to, and proves it can be
written before any work is done, so a read-only folder fails in the first
second, not after the computing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from types import FrameType

from ..errors import GDLearnError
from .console import readable_output


class _Stopped(SystemExit):
    """Ctrl-C in a script: passes through the loops' ``except KeyboardInterrupt``, ends the script."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(130)


@contextlib.contextmanager
def script() -> Iterator[None]:
    """Run a script's ``main()`` within it: readable output, Ctrl-C stops it, errors in one line."""
    name = os.path.basename(sys.argv[0]) or "script"
    with readable_output():
        previous = signal.signal(signal.SIGINT, _stop)
        try:
            yield
        except _Stopped:
            print(f"{name}: interrupted", file=sys.stderr)
            raise
        except (GDLearnError, OSError) as error:
            print(f"{name}: error: {_one_line(error)}", file=sys.stderr)
            raise SystemExit(1) from None
        finally:
            signal.signal(signal.SIGINT, previous)


def output_folder(path: str) -> str:
    """The folder ``path``, made if need be and proved writable (a file made and removed in it)."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise GDLearnError(f"cannot make the folder {path!r} for the pictures: {_reason(error)}") from None
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        raise GDLearnError(f"cannot write in the folder {path!r}: {_reason(error)}") from None
    return path


def _reason(error: OSError) -> str:
    """Why the file system refused, without the name of the file (the message names it)."""
    return error.strerror or " ".join(str(error).split())


def _one_line(error: Exception) -> str:
    """An error in words: an OSError's reason and file ('File exists: 'a''), anything else as it reads."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename!r}" if error.filename else error.strerror
    return " ".join(str(error).split())
