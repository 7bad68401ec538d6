"""Printing on any console: what a stream cannot encode becomes readable ASCII, never a traceback.

gdlearn prints its formulas as they are written: η, θ₁, ∂J/∂w, −0.5, ‖w‖².
A terminal that speaks UTF-8 shows them; but output redirected to a file
or a pipe on Windows is encoded with the console's code page (cp1252 has
no η), and a C locale or ``PYTHONIOENCODING=ascii`` leaves plain ASCII.
Python then stops at the first η with a ``UnicodeEncodeError``. Within
``readable_output()``, standard output and standard error write such a
character in words instead; whatever the encoding holds is written as is:

    Greek letters   η → eta, θ → theta, λ → lambda, Σ → Sigma
    signs           − → -, · → *, × → x, ≤ → <=, ← → <-, … → ..., ‖ → ||, √v → sqrt v, ⌊x⌋ → floor(x)
    sub/superscript θ₁ → theta_1, xᵢⱼ → x_ij, w² → w^2, Xᵀ → X^T, 10⁻⁸ → 10^-8
    accents         ŷ → y_hat, x̃ → x_tilde, é → e
    anything else   a backslash escape: ∮ → \\u222e

The command line (``gdlearn``) prints within it; a script does the same
with ``with readable_output(): main()``. Importing this module changes
nothing: the error handler is registered when first used.

>>> register()
'gdlearn-readable'
>>> "θ₁ ← θ₁ − η·∂J/∂θ₁, ‖w‖² ≤ 10⁻⁸, ŷᵢ".encode("ascii", "gdlearn-readable").decode()
'theta_1 <- theta_1 - eta*dJ/dtheta_1, ||w||^2 <= 10^-8, y_hat_i'
>>> "η = 0.5, x² · y".encode("cp1252", "gdlearn-readable").decode("cp1252")   # cp1252 has ² and ·
'eta = 0.5, x² · y'
"""

from __future__ import annotations

import codecs
import contextlib
import io
import sys
import unicodedata
from collections.abc import Iterator

ERRORS = "gdlearn-readable"
"""The name of the codec error handler that writes characters in ASCII words."""

WORDS = {
    "−": "-", "–": "-", "—": "--", "·": "*", "×": "x", "÷": "/", "±": "+/-", "∓": "-/+",
    "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "∈": " in ", "∞": "inf", "√": "sqrt ", "∂": "d",
    "∇": "grad ", "‖": "||", "Σ": "sum", "←": "<-", "→": "->", "↦": "|->", "⇒": "=>", "⇔": "<=>", "…": "...",
    "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "°": " deg", "ß": "ss", "⁄": "/", "ℓ": "l",
    "─": "-", "│": "|", "├": "+", "└": "+", "┌": "+", "┐": "+", "┘": "+", "┤": "+",
    "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")",
    "λ": "lambda", "Λ": "Lambda", "ℬ": "batch", "\u0302": "_hat", "\u0303": "_tilde", "\u0304": "_bar",
}  # fmt: skip
"""Characters whose ASCII reading is a symbol or a word, not a letter with its accent removed."""


def ascii_words(text: str) -> str:
    """``text`` with every non-ASCII character read as ASCII (see the module's table).

    A run of subscripts or superscripts gets one _ or ^: θ₁₂ → theta_12.

    >>> ascii_words("βₜ = β₁ᵗ, Xᵀ, ¼, Gauß, Poincaré, ∮")
    'beta_t = beta_1^t, X^T, 1/4, Gauss, Poincare, \\\\u222e'
    """
    words, mark = [], ""
    for character in text:
        tag = unicodedata.decomposition(character).partition(" ")[0]
        new_mark = {"<sub>": "_", "<super>": "^"}.get(tag, "")
        words.append(new_mark if new_mark != mark else "")
        mark = new_mark
        words.append(_read(character))
    return "".join(words)


def _read(character: str) -> str:
    """One character as ASCII: itself, a word or symbol, a Greek letter's name, its letters, or an escape."""
    if character.isascii():
        return character
    if character in WORDS:
        return WORDS[character]
    name = unicodedata.name(character, "")
    for case, change in (("GREEK SMALL LETTER ", str.lower), ("GREEK CAPITAL LETTER ", str.capitalize)):
        if name.startswith(case) and " " not in name.removeprefix(case):
            return change(name.removeprefix(case))
    parts = unicodedata.normalize("NFKD", character)  # é → e + an accent, ¼ → 1⁄4
    letters = "".join(WORDS.get(c, "" if unicodedata.combining(c) else c) for c in parts)
    if letters.isascii() and letters.strip():
        return letters
    return character.encode("ascii", "backslashreplace").decode("ascii")


def _readable(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: the characters that could not be encoded, as ASCII words."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return ascii_words(error.object[error.start : error.end]), error.end


def register() -> str:
    """Register the error handler ``ERRORS`` with ``codecs`` (again is harmless); returns its name."""
    codecs.register_error(ERRORS, _readable)
    return ERRORS


PYTHONS_OWN = ("strict", "backslashreplace", "surrogateescape")
"""The error handlers Python itself gives standard streams; each stops or escapes at the first η."""


@contextlib.contextmanager
def readable_output() -> Iterator[None]:
    """Within it, standard output and error write what their encoding cannot hold as ASCII words.

    Only text streams that would fail or escape (errors "strict" or
    "backslashreplace", Python's defaults, or "surrogateescape", a C locale's)
    are changed, and each is put back as it was at the end. A stream the
    user set up otherwise is left alone.
    """
    register()
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in PYTHONS_OWN:
            changed.append((stream, stream.errors))
            stream.reconfigure(errors=ERRORS)
    try:
        yield
    finally:
        for stream, errors in changed:
            with contextlib.suppress(ValueError):  # a stream closed meanwhile keeps what it had
                stream.reconfigure(errors=errors)
