"""Reading a text file line by line, each line checked as it comes.

``load_csv`` and ``load_features`` read through these two, so that every
file-level problem is a ``DataError`` naming the file and the line: a file
that is missing or a folder, bytes that are not text in the file's encoding
(UTF-8 unless another is named, such as cp1252 for a spreadsheet's export
on Windows), a NUL byte (a binary file), or a line too long to be a CSV row.
One line is read at a time; the memory used is that of the longest line.
"""

from __future__ import annotations

import codecs
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


def text_encoding(encoding: str | None) -> str:
    """The codec to open a file with: 'utf-8-sig' for None or UTF-8 (a byte-order mark is skipped).

    >>> text_encoding(None), text_encoding("UTF8"), text_encoding("cp1252"), text_encoding("latin-1")
    ('utf-8-sig', 'utf-8-sig', 'cp1252', 'iso8859-1')
    """
    if encoding is None:
        return "utf-8-sig"
    try:
        codec = codecs.lookup(encoding) if isinstance(encoding, str) else None
    except LookupError:
        codec = None
    if codec is None or not getattr(codec, "_is_text_encoding", True):
        raise ParameterError(
            f"encoding must name a text encoding such as 'utf-8', 'cp1252' or 'latin-1', got {encoding!r}"
        )
    return "utf-8-sig" if codec.name == "utf-8" else codec.name


@contextmanager
def open_text(source: Source, encoding: str | None = None) -> Iterator[tuple[IO[str], str]]:
    """An open text file and its name for messages; a file we open, we close.

    ``encoding`` (None: UTF-8) is the file's; a stream is already decoded, so it must be None.
    """
    codec = text_encoding(encoding)
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if os.path.isdir(name):
            raise DataError(f"cannot read {name}: it is a directory, not a CSV file")
        try:
            handle = open(name, encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115
        except OSError as exc:
            raise DataError(f"cannot read {name}: {exc.strerror or exc}") from None
        with handle:
            yield handle, name
    elif callable(getattr(source, "readline", None)):
        if encoding is not None:
            raise ParameterError(
                f"encoding={encoding!r} is for a file path; an open file is decoded already"
                " (give open() the encoding instead)"
            )
        yield source, str(getattr(source, "name", "<stream>"))
    else:
        raise ParameterError(f"expected a file path or an open text file, got {type(source).__name__}")


class Lines:
    """The physical lines of a text file, counted, each checked as it is read.

    ``encoding`` names the file's encoding in messages; ``hint`` is added to
    a message about bytes that are not text in it (how to name another).
    """

    def __init__(
        self, handle: IO[str], name: str, encoding: str = "UTF-8", hint: str = "", *, opened: bool = False
    ) -> None:
        """``opened``: the file was opened here, from a path (its encoding is ours to name in ``hint``)."""
        self.handle = handle
        self.name = name
        self.number = 0  # the line last read, counting from 1
        self.encoding = encoding
        self.hint = hint
        self.opened = opened

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        try:
            line = self.handle.readline(MAX_LINE + 1)
        except UnicodeDecodeError as exc:  # strict decoding: a stream the caller opened, or UTF-16/32 here
            byte = exc.object[exc.start]
            where = f"{self.name}, line {self.number + 1} or later"
            if self.opened:
                raise DataError(f"{where}: not {self.encoding} text (byte 0x{byte:02x}){self.hint}") from None
            encoding = "UTF-8" if codecs.lookup(exc.encoding).name == "utf-8" else exc.encoding
            raise DataError(
                f"{where}: not {encoding} text (byte 0x{byte:02x}); open the file with its encoding,"
                " such as open(path, encoding='cp1252')"
            ) from None
        except UnicodeError as exc:  # a codec that cannot read files: UTF-16 without its BOM, idna, …
            where = f"{self.name}, line {self.number + 1} or later"
            hint = self.hint if self.opened else ""
            raise DataError(f"{where}: cannot be read as {self.encoding} text ({exc}){hint}") from None
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
                f" (or UTF-16 text), not {self.encoding} CSV text{self.hint}"
            )
        if not line.isascii() and (bad := _UNDECODABLE.search(line)):
            byte = ord(bad.group()) - 0xDC00
            raise DataError(f"{where}: not {self.encoding} text (byte 0x{byte:02x}){self.hint}")
        return line
