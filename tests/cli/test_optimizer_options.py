"""gdlearn fit's optimizer, schedule and penalty options, run in a subprocess as a user would.

Each option must reach the library: the model the command saves equals the
one gdlearn.fit returns in-process with the same arguments. Bad values end
with exit 1 (one line from gdlearn) or 2 (argparse), never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gdlearn

ROWS = [(1, 2, 3.0), (2, 1, 4.0), (3, 5, 2.0), (4, 4, 5.0), (5, 0, 11.0), (0, 3, -2.0)]
X = [[float(a), float(b)] for a, b, _ in ROWS]
y = [t for _, _, t in ROWS]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    path.write_text("a,b,y\n" + "".join(f"{a},{b},{t}\n" for a, b, t in ROWS))
    return path


def gdlearn_fit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdlearn", "fit", *args, "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def saved_theta(table: Path, *options: str) -> list[float]:
    model_file = table.with_name("model.json")
    done = gdlearn_fit(
        str(table), "--target", "y", "--batch-size", "full", "--save", str(model_file), *options
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(model_file.read_text())
    return [*document["weights"], document["bias"]]


CASES: list[tuple[list[str], dict[str, Any]]] = [
    (["--momentum", "0.9", "--learning-rate", "0.02"], {"momentum": 0.9, "learning_rate": 0.02}),
    (
        ["--momentum", "0.9", "--nesterov", "--learning-rate", "0.02"],
        {"momentum": 0.9, "nesterov": True, "learning_rate": 0.02},
    ),
    (
        ["--momentum", "0.8", "--dampening", "0.3", "--learning-rate", "0.02"],
        {"momentum": 0.8, "dampening": 0.3, "learning_rate": 0.02},
    ),
    (["--weight-decay", "0.1", "--learning-rate", "0.02"], {"weight_decay": 0.1, "learning_rate": 0.02}),
    (["--optimizer", "adam"], {"optimizer": "adam"}),
    (
        ["--optimizer", "adam", "--betas", "0.8,0.99", "--eps", "1e-6", "--learning-rate", "0.1"],
        {"optimizer": "adam", "betas": (0.8, 0.99), "eps": 1e-6, "learning_rate": 0.1},
    ),
    (
        ["--schedule", "step:10:0.5", "--learning-rate", "0.04"],
        {"schedule": gdlearn.StepDecay(10, 0.5), "learning_rate": 0.04},
    ),
    (
        ["--schedule", "exp:0.99", "--learning-rate", "0.04"],
        {"schedule": gdlearn.ExponentialDecay(0.99), "learning_rate": 0.04},
    ),
    (
        ["--schedule", "invscaling:0.25", "--learning-rate", "0.04"],
        {"schedule": gdlearn.InverseScaling(0.25), "learning_rate": 0.04},
    ),
    (
        ["--schedule", "cosine:100:0.001", "--learning-rate", "0.04"],
        {"schedule": gdlearn.CosineDecay(100, 0.001), "learning_rate": 0.04},
    ),
    (
        ["--l1", "0.3", "--l2", "0.2", "--learning-rate", "0.02"],
        {"l1": 0.3, "l2": 0.2, "learning_rate": 0.02},
    ),
    (
        ["--l1", "1.5", "--proximal", "--learning-rate", "0.02"],
        {"l1": 1.5, "proximal": True, "learning_rate": 0.02},
    ),
    (["--learning-rate", "auto"], {"learning_rate": "auto"}),
    (["--loss", "huber", "--learning-rate", "0.05"], {"loss": "huber", "learning_rate": 0.05}),
]


@pytest.mark.parametrize(("options", "kwargs"), CASES, ids=[" ".join(o) for o, _ in CASES])
def test_each_option_reaches_fit(table: Path, options: list[str], kwargs: dict[str, Any]) -> None:
    expected = gdlearn.fit(X, y, epochs=100, seed=0, **kwargs).theta
    assert saved_theta(table, *options) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_the_proximal_step_gives_exact_zeros_and_is_recorded(table: Path) -> None:
    # a penalty of λ₁ = 8 holds w_b at 0: the equation prints 0*b, and the model file says how
    model_file = table.with_name("lasso.json")
    options = ["--l1", "8", "--proximal", "--learning-rate", "0.02", "--epochs", "2000"]
    data = [str(table), "--target", "y", "--batch-size", "full"]
    done = gdlearn_fit(*data, "--save", str(model_file), *options)
    assert done.returncode == 0, done.stderr
    document = json.loads(model_file.read_text())
    assert document["weights"][1] == 0.0 and document["weights"][0] != 0.0
    assert " + 0*b " in done.stdout
    assert document["training"]["proximal"] is True and document["training"]["l1"] == 8.0
    assert "verdict: batch gradient descent converged" in done.stdout
    plain = gdlearn_fit(str(table), "--target", "y", "--save", str(model_file), "--l1", "8")
    assert plain.returncode == 0 and json.loads(model_file.read_text())["training"]["proximal"] is False


def test_auto_reports_the_rate_it_chose(table: Path) -> None:
    done = gdlearn_fit(str(table), "--target", "y", "--batch-size", "full", "--learning-rate", "auto")
    assert done.returncode == 0, done.stderr
    rate = gdlearn.stable_learning_rate(X).rate  # 1/λ_max for batch gradient descent on MSE
    assert f"learning rate 'auto': η = {rate:.6g}" in done.stdout


def test_the_header_names_the_update_rule(table: Path) -> None:
    options = ("--momentum", "0.5", "--nesterov", "--epochs", "1")
    done = gdlearn_fit(str(table), "--target", "y", "--batch-size", "4", *options)
    assert done.stdout.startswith("mini-batch gradient descent with Nesterov momentum on ")
    # the default batch of 32 holds all 6 rows: that is batch gradient descent
    done = gdlearn_fit(str(table), "--target", "y", *options)
    assert done.stdout.startswith("batch gradient descent with Nesterov momentum on ")


def test_help_documents_the_schedule_spec() -> None:
    done = subprocess.run([sys.executable, "-m", "gdlearn", "fit", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for word in ("step:S:G", "exp:G", "invscaling:P", "cosine:T[:F]", "--nesterov", "--betas", "--l2"):
        assert word in done.stdout


BAD: list[tuple[list[str], int, str]] = [
    (["--momentum", "1.5"], 1, "momentum must be a number in [0, 1), got 1.5"),  # never forgets
    (["--momentum", "abc"], 2, "argument --momentum: invalid float value: 'abc'"),  # not a number
    (["--dampening", "0.5"], 1, "dampening acts on the velocity"),  # no momentum to dampen
    (["--nesterov"], 1, "Nesterov momentum needs momentum > 0"),  # Nesterov without momentum
    (["--weight-decay", "-1"], 1, "--weight-decay must be a finite number ≥ 0"),  # negative decay
    (["--optimizer", "adam", "--betas", "0.9"], 1, "--betas must be two numbers"),  # one beta
    (["--optimizer", "adam", "--betas", "0.9,1"], 1, "betas must be a pair"),  # β₂ = 1
    (["--optimizer", "adam", "--eps", "0"], 1, "eps must be a positive finite number"),  # ε = 0
    (["--optimizer", "sgd"], 2, "invalid choice: 'sgd'"),  # not an optimizer gdlearn has
    (["--optimizer", "adam", "--momentum", "0.9"], 1, "leave --momentum at the default"),  # a gd option
    (["--schedule", "linear:10"], 1, "--schedule must be constant, step:S:G"),  # unknown schedule
    (["--schedule", "step:10:2"], 1, "--schedule step:10:2: gamma must be a number in (0, 1]"),  # growth
    (["--schedule", "cosine:0"], 1, "period must be a whole number ≥ 1"),  # no period
    (["--l1", "-0.1"], 1, "l1 must be a finite number ≥ 0"),  # negative penalty
    (["--l1", "1", "--proximal", "--momentum", "0.9"], 1, "follows plain gradient descent only"),  # wrong λ₁
    (["--l2", "nan"], 1, "l2 must be a finite number ≥ 0"),  # nan penalty
    (["--learning-rate", "fast"], 1, "--learning-rate must be a positive number or 'auto'"),  # a word
    (["--optimizer", "adam", "--learning-rate", "auto"], 1, "--learning-rate auto follows the curvature"),
    (["--loss", "mae", "--learning-rate", "auto"], 1, "bounded curvature"),  # MAE has a kink
    (["--proximal"], 1, "--proximal takes the proximal step of the --l1 penalty; give --l1 > 0"),  # no λ₁
]


@pytest.mark.parametrize("options", [["--optimizer", "adam", "--learning-rate", "0.001"], ["--loss", "mae"]])
def test_the_advice_never_offers_auto_where_auto_is_refused(table: Path, options: list[str]) -> None:
    done = gdlearn_fit(str(table), "--target", "y", "--epochs", "1", *options)
    assert done.returncode == 0, done.stderr
    assert "verdict: " in done.stdout and "learning-rate auto" not in done.stdout
    assert "update in 1 epoch" in done.stdout or "updates in 1 epoch;" not in done.stdout  # no "1 epochs"
    assert "1 epochs" not in done.stdout


@pytest.mark.parametrize(("options", "status", "message"), BAD, ids=[" ".join(o) for o, _, _ in BAD])
def test_bad_values_are_one_clear_line(table: Path, options: list[str], status: int, message: str) -> None:
    done = gdlearn_fit(str(table), "--target", "y", *options)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert message in last
    if status == 1:
        assert done.stderr.strip() == last and last.startswith("gdlearn: error: ")
