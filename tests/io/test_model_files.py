"""Model files: exact round trips, every malformed file refused, and atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import GOOD_MODEL_FILE

from gdlearn import (
    DataError,
    GDLearnError,
    LinearModel,
    LogisticModel,
    ParameterError,
    SavedModel,
    fit,
    load_model,
    save_model,
)
from gdlearn.io.model_files import training_record

TRAINING = {"loss": "mse", "learning_rate": 0.1, "batch_size": 8, "epochs": 50, "seed": 0}


def save(path: Path, model: LinearModel, names=("a", "b"), training=TRAINING) -> Path:
    save_model(path, model, feature_names=list(names), target_name="y", training=dict(training))
    return path


def bits(values: list[float]) -> list[str]:
    """Floats as their exact bit patterns, so equality means bit for bit."""
    return [value.hex() for value in values]


def test_file_layout(tmp_path):
    path = save(tmp_path / "m.json", LinearModel(2, theta=[0.1, 1 / 3, -2.5]))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "gdlearn-model"
    assert document["version"] == 1
    assert document["feature_names"] == ["a", "b"]
    assert document["target_name"] == "y"
    assert bits(document["weights"]) == bits([0.1, 1 / 3])
    assert document["bias"] == pytest.approx(-2.5, rel=0.0, abs=0.0)
    assert document["fit_intercept"] is True
    assert document["training"] == TRAINING
    assert path.read_text(encoding="utf-8").endswith("}\n")


weights = st.floats(-1e200, 1e200, allow_nan=False)  # with |x| ≤ 1e100 no prediction overflows
inputs = st.floats(-1e100, 1e100, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda d: st.tuples(st.lists(weights, min_size=d + 1, max_size=d + 1), st.just(d))
    ),
    st.booleans(),
    st.lists(st.lists(inputs, min_size=4, max_size=4), min_size=1, max_size=5),
)
def test_round_trip_predicts_bit_for_bit(tmp_path_factory, theta_and_d, intercept, rows):
    theta, d = theta_and_d
    model = LinearModel(d, intercept, theta if intercept else theta[:d])
    names = [f"x{j}" for j in range(d)]
    saved = load_model(save(tmp_path_factory.mktemp("m") / "model.json", model, names=names))
    assert bits(saved.model.theta) == bits(model.theta)
    assert saved.model.fit_intercept == intercept
    X = [row[:d] for row in rows]
    assert bits(saved.model.predict(X)) == bits(model.predict(X))


def test_extreme_floats_round_trip(tmp_path):
    theta = [1.7976931348623157e308, 5e-324, -0.0]  # the largest float, the smallest subnormal, −0
    saved = load_model(save(tmp_path / "m.json", LinearModel(2, theta=theta)))
    assert bits(saved.model.theta) == bits(theta)


def test_saved_model_fields(tmp_path):
    saved = load_model(save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 2.0, 3.0])))
    assert isinstance(saved, SavedModel)
    assert saved.feature_names == ("a", "b")
    assert saved.target_name == "y"
    assert saved.training == TRAINING


def test_training_record_from_a_real_run(tmp_path):
    result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=0.1, epochs=20, seed=3)
    record = training_record(result, loss="mse", epochs=20, seed=3, standardized=False)
    assert record["loss"] == "mse" and record["seed"] == 3 and record["standardized"] is False
    assert record["optimizer"] == result.variant
    assert record["learning_rate"] == pytest.approx(0.1, rel=1e-15)
    assert record["final_loss"] == pytest.approx(result.final_loss, rel=1e-15)
    assert (record["n_iter"], record["n_epochs"]) == (result.n_iter, result.n_epochs)
    assert record["stop_reason"] == result.stop_reason and record["interrupted"] is False
    path = tmp_path / "m.json"
    save_model(path, result.model, feature_names=["x"], target_name="y", training=record)
    assert load_model(path).training == record


def changed(**fields) -> str:
    return json.dumps({**GOOD_MODEL_FILE, **fields})


def without(field: str) -> str:
    return json.dumps({key: value for key, value in GOOD_MODEL_FILE.items() if key != field})


# Malformed model files: the file's text and words the DataError must contain.
BAD_FILES = [
    ("", ["is empty"]),  # an empty file
    ("  \n", ["is empty"]),  # only white space
    (json.dumps(GOOD_MODEL_FILE)[:60], ["not valid JSON", "line 1", "cut short"]),  # truncated mid-file
    ('{"format": "gdlearn-model",', ["not valid JSON"]),  # cut after the first field
    ("weights: [1, 2]", ["not valid JSON"]),  # not JSON at all
    ("[0.5, -1.0, 2.0]", ["expected a JSON object", "got a list"]),  # valid JSON, wrong shape
    ('"model"', ["expected a JSON object", "got a string"]),  # a bare string
    ("null", ["expected a JSON object", "got null"]),  # null
    (without("format"), ["not a gdlearn model file", "missing"]),  # no format field
    (changed(format="sklearn-pickle"), ["not a gdlearn model", "'sklearn-pickle'"]),  # unknown format
    (changed(version=2), ["newer gdlearn", "version 2", "reads version 1"]),  # a future version
    (changed(version=0), ["whole number ≥ 1", "got 0"]),  # version 0
    (changed(version="1"), ["whole number ≥ 1", "'1'"]),  # version as a string
    (changed(version=True), ["whole number ≥ 1", "True"]),  # version as a boolean
    (without("weights"), ["missing the field 'weights'"]),  # no weights
    (without("training"), ["missing the field 'training'"]),  # no training record
    (changed(weights=[0.5]), ["1 weight for 2 feature names"]),  # too few weights
    (changed(weights=[0.5, 1.0, 2.0]), ["3 weights for 2 feature names"]),  # too many weights
    (changed(weights={"a": 0.5}), ['"weights" must be a list', "an object"]),  # weights as a mapping
    (changed(weights=[0.5, "1.0"]), ["weight 1 ('b')", "must be a number", "'1.0'"]),  # a quoted weight
    (changed(weights=[True, 1.0]), ["weight 0 ('a')", "must be a number"]),  # a boolean weight
    (changed(weights=[0.5, None]), ["weight 1 ('b')", "must be a number"]),  # a null weight
    (changed(weights=[0.5, 10**400]), ["weight 1", "finite", "..."]),  # an integer beyond 1e308
    (changed(weights=[0.5, 1]).replace("1]", "1e999]"), ["weight 1", "finite"]),  # 1e999 reads as inf
    (changed(weights=[0.5, 1]).replace("1]", "NaN]"), ["NaN is not a finite number"]),  # NaN, not JSON
    (changed(bias=1).replace('"bias": 1', '"bias": -Infinity'), ["-Infinity is not a finite"]),  # -inf
    (changed(bias="2"), ['"bias"', "must be a number"]),  # a quoted bias
    (changed(feature_names="ab"), ["list of column names"]),  # names as one string
    (changed(feature_names=["a", "a"]), ["must not repeat"]),  # a name twice
    (changed(feature_names=["a", ""], weights=[1.0, 2.0]), ["non-empty strings"]),  # an empty name
    (changed(feature_names=[], weights=[]), ["at least one"]),  # no features
    (changed(target_name=7), ['"target_name" must be a non-empty string']),  # a number as the target name
    (changed(fit_intercept="yes"), ['"fit_intercept" must be true or false']),  # not a boolean
    (changed(fit_intercept=False), ['"bias" must be 0']),  # a bias the model cannot have
    (changed(training=["mse"]), ['"training" must be a JSON object']),  # training as a list
    ("[" * 100_000 + "]" * 100_000, ["not a gdlearn model file"]),  # nested too deeply to parse
    ('{"version": ' + "1" * 5000 + "}", ["not a gdlearn model file"]),  # an integer with 5000 digits
]


@pytest.mark.parametrize(("text", "words"), BAD_FILES)
def test_malformed_files(tmp_path, text, words):
    path = tmp_path / "model.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_model(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_unreadable_files(tmp_path):
    with pytest.raises(DataError, match=r"cannot read model file .*: No such file"):
        load_model(tmp_path / "missing.json")  # no such file
    with pytest.raises(DataError, match="is a directory"):
        load_model(tmp_path)  # a folder
    (tmp_path / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    with pytest.raises(DataError, match="not UTF-8 text"):
        load_model(tmp_path / "binary.json")  # an image


def test_hand_written_file_with_integers_and_no_intercept(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(changed(weights=[2, -1], bias=0, fit_intercept=False), encoding="utf-8")
    model = load_model(path).model
    assert model.fit_intercept is False
    assert model.predict_one([3.0, 4.0]) == pytest.approx(2.0, rel=1e-15)  # 2·3 − 1·4


# Bad arguments to save_model: ParameterError, and no file is written.
BAD_SAVES = [
    ({"feature_names": ["a"]}, "the model's 2 features, got 1"),  # one name for two weights
    ({"feature_names": ["a", "a"]}, "must not repeat"),  # a name twice
    ({"feature_names": "ab"}, "list of column names"),  # one string, not a list
    ({"target_name": ""}, "target_name must be a non-empty string"),  # no target name
    ({"training": [("loss", "mse")]}, "training must be a dict"),  # not a dict
    ({"training": {1: "mse"}}, "string keys"),  # a non-string key
    ({"training": {"final_loss": float("nan")}}, "finite numbers"),  # nan is not JSON
    ({"training": {"when": object()}}, "not JSON serializable"),  # an object json cannot write
]


@pytest.mark.parametrize(("change", "message"), BAD_SAVES)
def test_bad_arguments_to_save(tmp_path, change, message):
    arguments = {"feature_names": ["a", "b"], "target_name": "y", "training": {}, **change}
    with pytest.raises(ParameterError, match=message):
        save_model(tmp_path / "m.json", LinearModel(2), **arguments)
    assert not (tmp_path / "m.json").exists()


def test_save_refuses_what_is_not_a_model(tmp_path):
    with pytest.raises(ParameterError, match="must be a LinearModel"):
        save_model(tmp_path / "m.json", [1.0, 2.0], feature_names=["a"], target_name="y", training={})  # type: ignore[arg-type]


def test_folder_that_does_not_exist(tmp_path):
    with pytest.raises(GDLearnError, match="cannot write"):
        save(tmp_path / "no" / "such" / "m.json", LinearModel(2))


def test_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    path = save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 2.0, 3.0]))
    before = path.read_bytes()

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(GDLearnError, match="No space left on device"):
        save(path, LinearModel(2, theta=[9.0, 9.0, 9.0]))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]  # no temporary file left


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 2.0, 3.0]))
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(GDLearnError, match="Input/output error"):
        save(path, LinearModel(2, theta=[9.0, 9.0, 9.0]))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]
    assert bits(load_model(path).model.theta) == bits([1.0, 2.0, 3.0])


def test_ctrl_c_during_the_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 2.0, 3.0]))
    before = path.read_bytes()

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(path, LinearModel(2, theta=[9.0, 9.0, 9.0]))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_read_inputs_matches_columns_by_name(tmp_path):
    saved = load_model(save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 10.0, 0.0])))
    csv_path = tmp_path / "new.csv"
    csv_path.write_text("id,b,y,a\nfirst,2,0,1\nsecond,4,0,3\n", encoding="utf-8")
    X = saved.read_inputs(csv_path)  # columns in another order, plus an id and the target
    assert X[0] == pytest.approx([1.0, 2.0], rel=1e-15)
    assert X[1] == pytest.approx([3.0, 4.0], rel=1e-15)
    assert saved.model.predict(X) == pytest.approx([21.0, 43.0], rel=1e-15)  # 1·a + 10·b


def test_read_inputs_reads_a_spreadsheet_export_as_stated(tmp_path):
    saved = load_model(save(tmp_path / "m.json", LinearModel(2, theta=[1.0, 10.0, 0.0])))
    csv_path = tmp_path / "export.csv"
    csv_path.write_bytes("Zoë;b;a\r\nx;2,5;1,25\r\n".encode("cp1252"))
    X = saved.read_inputs(csv_path, encoding="cp1252", decimal=",")
    assert X == [[1.25, 2.5]]  # exact: each cell is a short binary fraction
    with pytest.raises(DataError, match=r"a decimal comma\? pass decimal=','"):
        saved.read_inputs(csv_path, encoding="cp1252")
    with pytest.raises(DataError, match=r"a decimal comma\? add --decimal ,"):
        saved.read_inputs(csv_path, encoding="cp1252", hints="command line")


def test_read_inputs_reports_a_column_mismatch(tmp_path):
    saved = load_model(save(tmp_path / "m.json", LinearModel(2)))
    csv_path = tmp_path / "new.csv"
    csv_path.write_text("b,c\n1,2\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=r"new\.csv, line 1: no column 'a' \(needed: 'a', 'b'\); the columns are 'b', 'c'"
    ):
        saved.read_inputs(csv_path)


def test_a_logistic_model_comes_back_logistic(tmp_path):
    model = LogisticModel(2, theta=[0.5, -2.0, 1.0])
    path = tmp_path / "logistic.json"
    save_model(path, model, feature_names=["a", "b"], target_name="am", training={})
    saved = load_model(path)
    assert type(saved.model) is LogisticModel
    assert saved.model == model
    X = [[1.0, 0.0], [0.0, 2.0]]
    assert saved.model.predict(X) == [1.0, 0.0]  # z = 1.5 and −3: classes by the sign of z
    assert saved.model.predict_proba(X) == model.predict_proba(X)


def test_a_file_without_model_kind_is_linear_and_an_unknown_kind_is_refused(tmp_path):
    path = tmp_path / "m.json"
    save_model(path, LinearModel(1, theta=[2.0, 1.0]), feature_names=["x"], target_name="y", training={})
    document = json.loads(path.read_text())
    del document["model"]  # as written before the field existed
    path.write_text(json.dumps(document))
    assert type(load_model(path).model) is LinearModel
    document["model"] = "polynomial"
    path.write_text(json.dumps(document))
    with pytest.raises(DataError, match=r"must be one of \['linear', 'logistic'\], got 'polynomial'"):
        load_model(path)
    document["model"], document["target_name"] = "linear", ""  # save_model refuses this name; so does load
    path.write_text(json.dumps(document))
    with pytest.raises(DataError, match="must be a non-empty string, got ''"):
        load_model(path)
    document["target_name"] = "y"
    document["model"] = [1]  # not even a name: refused the same way, not a TypeError from a dict lookup
    path.write_text(json.dumps(document))
    with pytest.raises(DataError, match=r"must be one of \['linear', 'logistic'\], got \[1\]"):
        load_model(path)
