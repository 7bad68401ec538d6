"""Reading a text file line by line, each line checked as it comes.

``load_csv`` and ``load_features`` read through these two, so that every
file-level problem is a ``DataError`` naming the file and the line: a file
that is missing or a folder, bytes that are not UTF-8, a NUL byte (a binary
file), or a line too long to be a CSV row. One line is read at a time; the
memory used is that of the longest line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TypeAlias

from ..errors import DataError, ParameterError

Source: TypeAlias = "str | os.PathLike[str] | IO[str]"

MAX_LINE = 1_000_000
"""The longest line read, in characters; longer means it is not a CSV of numbers."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")  # how errors="surrogateescape" marks a non-UTF-8 byte


@contextmanager
def open_text(source: Source) -> Iterator[tuple[IO[str], str]]:
    """An open text file and its name for messages; a file we open, we close."""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if os.path.isdir(name):
            raise DataError(f"cannot read {name}: it is a directory, not a CSV file")
        try:
            handle = open(name, encoding="utf-8-sig", errors="surrogateescape", newline="")  # noqa: SIM115
        except OSError as exc:
            raise DataError(f"cannot read {name}: {exc.strerror or exc}") from None
        with handle:
            yield handle, name
    elif callable(getattr(source, "readline", None)):
        yield source, str(getattr(source, "name", "<stream>"))
    else:
        raise ParameterError(f"expected a file path or an open text file, got {type(source).__name__}")


class Lines:
    """The physical lines of a text file, counted, each checked as it is read."""

    def __init__(self, handle: IO[str], name: str) -> None:
        self.handle = handle
        self.name = name
        self.number = 0  # the line last read, counting from 1

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        try:
            line = self.handle.readline(MAX_LINE + 1)
        except UnicodeDecodeError as exc:  # a stream the caller opened with strict decoding
            byte = exc.object[exc.start]
            where = f"{self.name}, line {self.number + 1} or later"
            raise DataError(f"{where}: not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8") from None
        except OSError as exc:
            raise DataError(f"cannot read {self.name}: {exc.strerror or exc}") from None
        if not line:
            raise StopIteration
        if not isinstance(line, str):
            raise ParameterError(f"{self.name}: open the file in text mode ('r'), not binary ('rb')")
        self.number += 1
        where = f"{self.name}, line {self.number}"
        if len(line) > MAX_LINE:
            raise DataError(f"{where}: longer than {MAX_LINE:,} characters; is this really a CSV file?")
        if "\0" in line:
            raise DataError(
                f"{where}: contains a NUL byte; this looks like a binary file"
                " (or UTF-16 text), not UTF-8 CSV text"
            )
        if not line.isascii() and (bad := _UNDECODABLE.search(line)):
            byte = ord(bad.group()) - 0xDC00
            raise DataError(f"{where}: not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8")
        return line
