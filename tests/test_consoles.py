"""Every console, Windows included: the command line and the examples under cp1252 and ASCII.

A Windows console redirected to a file or a pipe encodes with its code page
(cp1252 has no η), simulated here with PYTHONIOENCODING, as a C locale is with
ascii and the error handler it sets, surrogateescape. Every command and every
example must finish as it does in UTF-8, with what the encoding cannot hold
written in ASCII words (η → eta), never a UnicodeEncodeError traceback.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdlearn.cli import main
from gdlearn.datasets import galton
from gdlearn.io.console import ascii_words, readable_output

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.py"))
ENCODINGS = ["cp1252", "ascii", "ascii:surrogateescape"]  # the last: a C locale's standard streams


def run(args: list[str], encoding: str, cwd: Path) -> tuple[int, str, str]:
    """Run a Python command line as a user would, its output encoded as on the console given."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    done = subprocess.run([sys.executable, *args], capture_output=True, cwd=cwd, env=env, timeout=120)
    # decoding with the console's encoding fails if anything else was written
    codec = encoding.partition(":")[0]
    return done.returncode, done.stdout.decode(codec), done.stderr.decode(codec)


@pytest.fixture(scope="module")
def heights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = galton()
    path = tmp_path_factory.mktemp("data") / "heights.csv"
    path.write_text("parent,child\n" + "".join(f"{x[0]},{y}\n" for x, y in zip(data.X, data.y)))
    return path


COMMANDS = {
    "demo": (["demo", "--plot", "demo.svg"], 0, "eta = 0.02"),
    "demo --help": (["demo", "--help"], 0, "usage: gdlearn demo"),
    "fit --help": (["fit", "--help"], 0, "the step size eta"),
    "fit auto": (["fit", "{csv}", "--target", "child", "--learning-rate", "auto", "--standardize"], 0, "eta"),
    "fit adam": (["fit", "{csv}", "--target", "child", "--optimizer", "adam", "--epochs", "3"], 0, "child ="),
    "explain": (["explain"], 0, "theta <- theta - eta"),
    "a user error": (["fit", "{csv}", "--target", "child", "--learning-rate", "-1"], 1, "--learning-rate"),
    "a diverging run": (
        ["fit", "{csv}", "--target", "child", "--learning-rate", "5", "--batch-size", "full"],
        1,
        "",
    ),
}


@pytest.mark.once  # subprocesses whose encodings do not change with Python: main CPython only
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_line_on_every_console(
    command: str, encoding: str, heights: Path, tmp_path: Path
) -> None:
    args, status, expected = COMMANDS[command]
    code, out, err = run(["-m", "gdlearn", *(a.format(csv=heights) for a in args)], encoding, tmp_path)
    assert code == status, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    assert expected in (out if status == 0 else err)
    if status == 1:
        assert len(err.strip().splitlines()) == 1 and err.startswith("gdlearn: error: ")
    if encoding == "ascii":
        assert out.isascii() and err.isascii()


@pytest.mark.once  # subprocesses whose encodings do not change with Python: main CPython only
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_on_every_console(example: Path, encoding: str, tmp_path: Path) -> None:
    code, out, err = run([str(example), str(tmp_path), "--quick"], encoding, tmp_path)
    assert code == 0, err
    assert err == ""
    assert "wrote " in out
    assert "\\u" not in out  # every character the examples print has a reading in words


def test_words_for_what_gdlearn_prints():
    assert ascii_words("η = 0.1, θ₀ = [0, 0]") == "eta = 0.1, theta_0 = [0, 0]"
    assert (
        ascii_words("J(θ) = (1/n) Σᵢ (ŷᵢ − yᵢ)² + λ₂‖w‖²")
        == "J(theta) = (1/n) sum_i (y_hat_i - y_i)^2 + lambda_2||w||^2"
    )
    assert ascii_words("x̃ᵢ, Xᵀ, κ ≈ 1.2e3, 10⁻⁸, β₁ᵗ") == "x_tilde_i, X^T, kappa ~ 1.2e3, 10^-8, beta_1^t"
    assert ascii_words("plain ascii stays") == "plain ascii stays"
    # a batch ℬ is not its size B (docs/notation.md), in ASCII too
    read = ascii_words("J_ℬ = (1/|ℬ|) Σ, B = 32, λ̄, λ_wd")
    assert read == "J_batch = (1/|batch|) sum, B = 32, lambda_bar, lambda_wd"


def console(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)


def test_readable_output_changes_the_streams_and_puts_them_back(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err, chosen = console("cp1252"), console("ascii", "backslashreplace"), console("ascii", "replace")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with readable_output():
        print("η → ∞, x²")
        print("θ", file=sys.stderr)
    assert out.buffer.getvalue().decode("cp1252") == "eta -> inf, x²" + os.linesep  # type: ignore[attr-defined]
    assert err.buffer.getvalue() == b"theta" + os.linesep.encode()  # type: ignore[attr-defined]
    assert (out.errors, err.errors) == ("strict", "backslashreplace")
    with pytest.raises(UnicodeEncodeError):
        print("η")  # outside, as before
    monkeypatch.setattr(sys, "stdout", chosen)
    with readable_output():
        print("η")  # a stream the user set up to replace is left to do so
    assert chosen.buffer.getvalue() == b"?" + os.linesep.encode()  # type: ignore[attr-defined]


def test_main_in_process_on_an_ascii_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    out = console("ascii")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["explain"]) == 0
    text = out.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert "theta = [w_parent, b] = [0, 0]" in text
    assert out.errors == "strict"


def test_roots_and_floors_read_as_words_with_their_bounds() -> None:
    # √v̂₃ read "sqrtv_hat_3" and ⌊x⌋ was a backslash escape on an ASCII console (a QA pass)
    assert ascii_words("η·m̂₃/(√v̂₃ + ε)") == "eta*m_hat_3/(sqrt v_hat_3 + epsilon)"
    assert ascii_words("η₀·γ^⌊(t − 1)/s⌋, ⌈x⌉") == "eta_0*gamma^floor((t - 1)/s), ceil(x)"
