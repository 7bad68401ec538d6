"""Model files: a fitted model saved as JSON, and read back exactly.

A model file is plain JSON that a person can read and any language can load:

    {
      "format": "gdlearn-model",
      "version": 1,
      "model": "linear",
      "feature_names": ["parent"],
      "target_name": "child",
      "weights": [0.6462905819936393],
      "bias": 23.94153018041294,
      "fit_intercept": true,
      "training": {"loss": "mse", "learning_rate": 0.1, "stop_reason": "max_epochs", ...}
    }

A "linear" model predicts  ŷ = z  and a "logistic" one the class of
σ(z) (see ``LogisticModel``), with  z = Σⱼ weights[j]·x[feature_names[j]] + bias.  The
weights are in the units of the columns named, so a model trained on
standardised features is saved after ``Standardizer.unscale_model``.

Floats round-trip exactly: ``json`` writes repr(x), the shortest text that
reads back as the same float, so a reloaded model predicts bit for bit the
same. nan and ±inf are not JSON and are refused both ways. Files are
written atomically (``gdlearn.io.atomic.write_text_atomic``): a failed save
leaves the old file as it was.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "model.json")
>>> model = LinearModel(1, theta=[0.65, 23.9])
>>> save_model(path, model, feature_names=["parent"], target_name="child", training={"loss": "mse"})
>>> saved = load_model(path)
>>> saved.model == model, saved.feature_names, saved.training
(True, ('parent',), {'loss': 'mse'})
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import DataError, ParameterError
from ..models import LinearModel, LogisticModel
from ..result import Result
from .atomic import file_path, write_text_atomic
from .csv_files import Source, load_features

FORMAT = "gdlearn-model"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # a model file larger than this is not a model file

MODEL_KINDS: dict[str, type[LinearModel]] = {"linear": LinearModel, "logistic": LogisticModel}
"""The "model" field: what ``predict`` of the loaded model computes."""

_FIELDS = ("feature_names", "target_name", "weights", "bias", "fit_intercept", "training")


@dataclass(frozen=True)
class SavedModel:
    """A model read from a file: the ``LinearModel``, what its columns are called, how it was trained."""

    model: LinearModel
    feature_names: tuple[str, ...]
    target_name: str
    training: dict[str, Any]

    def read_inputs(
        self, path_or_textfile: Source, *, delimiter: str | None = None, encoding: str | None = None,
        decimal: str = ".", hints: str = "python",
    ) -> list[list[float]]:  # fmt: skip
        """X for ``model.predict``: the model's feature columns of a CSV file, in the model's order.

        The file may order its columns differently and have more (the target,
        an id); a column the model needs and the file lacks is a DataError
        that lists the columns needed and the columns found. ``delimiter``,
        ``encoding``, ``decimal`` and ``hints`` are ``load_csv``'s.
        """
        names = list(self.feature_names)
        return load_features(
            path_or_textfile, names, delimiter=delimiter, encoding=encoding, decimal=decimal, hints=hints
        )


def training_record(result: Result, **settings: Any) -> dict[str, Any]:
    """The "training" entry of a model file: the settings given, then what the run did.

    ``settings`` are the choices made (loss, batch_size, epochs, seed,
    standardized, ...); the result adds optimizer, learning_rate, n_iter,
    n_epochs, final_loss, stop_reason, interrupted and verdict (how it ended).
    """
    return {
        **settings,
        "optimizer": result.variant,
        "learning_rate": result.learning_rate,
        "n_iter": result.n_iter,
        "n_epochs": result.n_epochs,
        "final_loss": result.final_loss,
        "stop_reason": result.stop_reason,
        "interrupted": result.interrupted,
        "verdict": result.verdict,
    }


def save_model(
    path: str | os.PathLike[str],
    model: LinearModel,
    *,
    feature_names: Sequence[str],
    target_name: str,
    training: dict[str, Any],
) -> None:
    """Write ``model`` to ``path`` as a gdlearn model file (JSON), atomically.

    ``feature_names`` name the columns of x in order (one per weight);
    ``training`` says how the model was trained, with JSON values only
    (``training_record`` builds it from a ``Result``). Bad arguments raise
    ``ParameterError``; a folder that cannot be written, ``GDLearnError``.
    """
    kind = next((k for k, cls in MODEL_KINDS.items() if type(model) is cls), None)
    if kind is None:
        raise ParameterError(f"model must be a LinearModel or a LogisticModel, got {type(model).__name__}")
    names = _names(feature_names, model.n_features, ParameterError, "feature_names")
    if not isinstance(target_name, str) or not target_name:
        raise ParameterError(f"target_name must be a non-empty string, got {target_name!r}")
    if not isinstance(training, dict) or not all(isinstance(key, str) for key in training):
        raise ParameterError(f"training must be a dict with string keys, got {training!r}")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "model": kind,
        "feature_names": list(names),
        "target_name": target_name,
        "weights": model.weights,
        "bias": model.bias,
        "fit_intercept": model.fit_intercept,
        "training": training,
    }
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:  # an object json cannot write, or nan / inf
        raise ParameterError(
            f"training must hold only finite numbers, strings, bools, None, lists and dicts: {exc}"
        ) from None
    write_text_atomic(path, text + "\n")


def load_model(path: str | os.PathLike[str]) -> SavedModel:
    """Read a model file written by ``save_model``.

    Every problem is a ``DataError`` naming the file: missing or unreadable,
    not JSON (or cut short), not a gdlearn model, a newer format version,
    weights that do not match the feature names or are not finite numbers.
    """
    name = file_path(path)
    text = _read_text(name)

    def refuse(constant: str) -> Any:
        raise DataError(f"{name}: {constant} is not a finite number; a model file holds finite numbers only")

    try:
        document = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "was it cut short or edited by hand?"
        ) from None
    except DataError:  # from refuse()
        raise
    except (ValueError, RecursionError) as exc:  # an integer with thousands of digits, deep nesting
        raise DataError(f"{name} is not a gdlearn model file: {exc}") from None
    return _from_document(document, name)


def _read_text(name: str) -> str:
    if os.path.isdir(name):
        raise DataError(f"cannot read model file {name}: it is a directory")
    try:
        with open(name, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DataError(f"cannot read model file {name}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise DataError(f"{name} is larger than {MAX_BYTES:,} bytes; it is not a gdlearn model file")
    if not raw.strip():
        raise DataError(f"{name} is empty; expected a gdlearn model file (JSON)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = raw[exc.start]
        raise DataError(
            f"{name} is not UTF-8 text (byte 0x{byte:02x} at offset {exc.start}); not a gdlearn model file"
        ) from None


def _from_document(document: Any, name: str) -> SavedModel:
    if not isinstance(document, dict):
        raise DataError(f'{name}: expected a JSON object with "format": {FORMAT!r}, got {_kind(document)}')
    if document.get("format") != FORMAT:
        found = repr(document["format"]) if "format" in document else "missing"
        raise DataError(f'{name} is not a gdlearn model file: "format" is {found}, expected {FORMAT!r}')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DataError(f'{name}: "version" must be a whole number ≥ 1, got {version!r}')
    if version > VERSION:
        raise DataError(
            f"{name} was written by a newer gdlearn (model format version {version}; "
            f"this gdlearn reads version {VERSION}); upgrade gdlearn to read it"
        )
    missing = [field for field in _FIELDS if field not in document]
    if missing:
        raise DataError(
            f"{name}: missing the field{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}"
        )
    names = _names(document["feature_names"], None, DataError, f'{name}: "feature_names"')
    target_name = document["target_name"]
    if not isinstance(target_name, str) or not target_name:  # as save_model asks
        got = repr(target_name) if isinstance(target_name, str) else _kind(target_name)
        raise DataError(f'{name}: "target_name" must be a non-empty string, got {got}')
    weights = document["weights"]
    if not isinstance(weights, list):
        raise DataError(f'{name}: "weights" must be a list of numbers, got {_kind(weights)}')
    if len(weights) != len(names):
        raise DataError(
            f"{name}: {len(weights)} weight{'s' * (len(weights) != 1)} for {len(names)} feature names; "
            "there must be one weight per feature"
        )
    theta = [_number(w, f"{name}: weight {j} ({names[j]!r})") for j, w in enumerate(weights)]
    bias = _number(document["bias"], f'{name}: "bias"')
    fit_intercept = document["fit_intercept"]
    if not isinstance(fit_intercept, bool):
        raise DataError(f'{name}: "fit_intercept" must be true or false, got {fit_intercept!r}')
    if not fit_intercept and bias != 0.0:
        raise DataError(f'{name}: "bias" must be 0 when "fit_intercept" is false, got {bias!r}')
    training = document["training"]
    if not isinstance(training, dict):
        raise DataError(f'{name}: "training" must be a JSON object, got {_kind(training)}')
    kind = document.get("model", "linear")  # files without "model" are linear
    if not isinstance(kind, str) or kind not in MODEL_KINDS:
        raise DataError(f'{name}: "model" must be one of {sorted(MODEL_KINDS)}, got {kind!r}')
    model = MODEL_KINDS[kind](len(names), fit_intercept, [*theta, bias] if fit_intercept else theta)
    return SavedModel(model, names, target_name, training)


def _names(names: Any, length: int | None, error: type[Exception], what: str) -> tuple[str, ...]:
    """Column names: a list of distinct non-empty strings (of the given length)."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise error(f"{what} must be a list of column names, got {names!r}")
    if not names or not all(isinstance(n, str) and n for n in names):
        raise error(f"{what} must be non-empty strings, at least one, got {names!r}")
    if len(set(names)) != len(names):
        raise error(f"{what} must not repeat a name, got {names!r}")
    if length is not None and len(names) != length:
        raise error(f"{what} must name the model's {length} features, got {len(names)} names")
    return tuple(names)


def _number(value: Any, what: str) -> float:
    text = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{what} must be a number, got {_kind(value)} {text}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond 1.8e308
        number = math.inf
    if not math.isfinite(number):
        raise DataError(f"{what} must be a finite number, got {text}")
    return number


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")
