"""The ``gdlearn`` command line: ``demo``, ``fit``, ``predict``, ``explain`` and ``lab``.

Exit status: 0 on success, 1 for a user error (a missing file, a bad column,
a bad option value, a diverging run: one line on stderr, no traceback), 2 for
a usage error (argparse's own, and a misspelt option, answered with the
closest one and the command's usage), 130 when interrupted with Ctrl-C.
Text that the console cannot encode (η on a Windows console redirected to a
file, in cp1252) is written in ASCII words, η → eta (see ``io.console``).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import GDLearnError, ParameterError
from ..io.console import readable_output

EXIT_USER_ERROR = 1
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    from . import demo, explain, fit, lab, predict

    parser = argparse.ArgumentParser(
        prog="gdlearn",
        description="Gradient descent in plain Python: learn it, see it, use it.",
        epilog="Start with 'gdlearn demo'. Each command has its own --help.",
    )
    parser.add_argument("--version", action="version", version=f"gdlearn {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    demo.add_demo(subparsers)
    fit.add_fit(subparsers)
    predict.add_predict(subparsers)
    explain.add_explain(subparsers)
    lab.add_lab(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for name in ("stdout", "stderr"):  # closed when we started (>&-): write to nothing, lose no file
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  # for the process
    with readable_output():  # η → eta on a console that has no η, instead of a traceback
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _refuse_unknown(getattr(args, "command_parser", parser), unknown)
    if not hasattr(args, "run"):
        parser.print_help(sys.stdout)
        return 0
    try:
        status: int = args.run(args)
        sys.stdout.flush()  # a full disk shows here, while it can still be reported
    except GDLearnError as error:
        from .options import option_names

        message = option_names(str(error)) if isinstance(error, ParameterError) else str(error)
        print(f"gdlearn: error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("gdlearn: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (| head)
        sys.stderr.close()
        return EXIT_USER_ERROR
    except OSError as error:  # standard output on a full disk, say
        where = "standard output" if error.filename is None else error.filename
        print(f"gdlearn: error: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        _drop_unwritten_output()
        return EXIT_USER_ERROR
    return status


def _refuse_unknown(parser: argparse.ArgumentParser, unknown: list[str]) -> None:
    """Exit with status 2, the command's usage and the option that was probably meant."""
    options = [option for action in parser._actions for option in action.option_strings]
    given = next((word for word in unknown if word.startswith("-")), unknown[0])
    close = difflib.get_close_matches(given.split("=")[0], options, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else f" (see {parser.prog} --help)"
    parser.error(f"unrecognized argument {given}{hint}")


def _drop_unwritten_output() -> None:
    """Point stdout at the null device, so that Python's own flush at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
