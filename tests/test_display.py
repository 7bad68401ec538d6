"""How a run shows itself: a repr of one short line whatever the run's length, and in a notebook
its loss chart (IPython's display protocol, called here as IPython calls it)."""

from __future__ import annotations

import pickle
import random
import xml.etree.ElementTree as ET
from array import array

import pytest

import gdlearn
from gdlearn import DivergenceError, GradientDescent, Quadratic, Result, fit
from gdlearn import result as result_module
from gdlearn.datasets import galton
from gdlearn.plot.training import BUCKETS, training_series
from gdlearn.result import History

NS = "{http://www.w3.org/2000/svg}"
SHORT = 300  # "a few hundred characters at most"


def long_result(n_iter: int, n_params: int = 2) -> Result:
    """A Result as the loop would leave it after n_iter stochastic updates, without running them."""
    rng = random.Random(1)
    loss = History("d", (rng.expovariate(1.0) for _ in range(n_iter)))
    return Result(
        theta=tuple(rng.uniform(-1e6, 1e6) for _ in range(n_params)),
        loss=loss,
        epoch_loss=History("d", [1.0 / (e + 1) for e in range(n_iter // 1000 + 1)]),
        final_loss=0.5,
        n_iter=n_iter,
        n_epochs=n_iter // 1000,
        stop_reason="max_epochs",
        learning_rate=0.01,
        variant="stochastic gradient descent",
        learning_rates=History("d", [0.01] * n_iter),
    )


def test_reprs_stay_short_however_long_the_run_and_however_many_parameters():
    run = long_result(1_000_000, n_params=500)
    for text in (repr(run), repr(run.loss), repr(run.epoch_loss), repr(run.learning_rates)):
        assert len(text) <= SHORT, text
        assert "\n" not in text
    assert repr(run.loss).startswith("History(1000000 values: ")
    assert repr(run).startswith(
        "Result(variant='stochastic gradient descent', verdict='still descending', stop_reason='max_epochs',"
        " n_iter=1000000,"
        " n_epochs=1000, final_loss=0.5, theta=["
    )
    assert repr(run).endswith(f", ..., {run.theta[-2]:.6g}, {run.theta[-1]:.6g}])")


def test_a_fit_result_shows_how_it_ended_and_its_model():
    data = galton()
    result = fit(data.X, data.y, learning_rate=1e-4, batch_size=1, epochs=30, seed=0)
    text = repr(result)
    assert len(text) <= SHORT
    w, b = result.model.weights[0], result.model.bias
    assert text == (
        "FitResult(variant='stochastic gradient descent', verdict='hovering', stop_reason='max_epochs',"
        " n_iter=27840,"
        f" n_epochs=30, final_loss={result.final_loss:.6g},"
        f" model=LinearModel(weights=[{w:.6g}], bias={b:.6g}))"
    )
    many = fit(
        [[float(i == j) for j in range(50)] for i in range(60)], [1.0] * 60, epochs=2, fit_intercept=False
    )
    assert len(repr(many)) <= SHORT and "fit_intercept=False" in repr(many)


def test_a_history_repr_gives_the_count_and_the_ends():
    assert repr(History("d")) == "History(0 values)"
    assert repr(History("d", [2.5])) == "History(1 value: 2.5)"
    assert repr(History("d", [1, 2, 3, 4, 5])) == "History(5 values: 1, 2, 3, 4, 5)"
    assert repr(History("d", range(10))) == "History(10 values: 0, 1, 2, ..., 8, 9)"
    h = History("d", [0.1, 0.2])
    assert isinstance(h, array) and h.typecode == "d" and h == array("d", [0.1, 0.2])  # still an array


def test_every_history_of_a_run_is_a_history():
    result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], batch_size=2, epochs=3)
    assert all(type(h) is History for h in (result.loss, result.epoch_loss, result.learning_rates))
    function_run = GradientDescent(0.1).minimize_function(Quadratic([[2.0]], [1.0]), [0.0], iterations=5)
    assert all(type(h) is History for h in (function_run.loss, function_run.epoch_loss))
    copy = pickle.loads(pickle.dumps(result))  # a run saved with pickle comes back the same
    assert type(copy.loss) is History and copy.loss == result.loss and copy == result


def bundle_svg(bundle: dict[str, str]) -> ET.Element:
    assert set(bundle) == {"text/plain", "image/svg+xml"}
    assert bundle["image/svg+xml"].startswith("<svg xmlns=")
    return ET.fromstring(bundle["image/svg+xml"])


def test_a_notebook_shows_a_run_as_its_loss_chart_and_its_repr():
    result = fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], batch_size=2, learning_rate=0.1, epochs=4)
    bundle = result._repr_mimebundle_(include=None, exclude=None)
    assert bundle["text/plain"] == repr(result)
    root = bundle_svg(bundle)
    assert (
        root.findtext(f"{NS}title") == "Mini-batch gradient descent, η = 0.1: still descending"
    )
    names = [g.findtext(f"{NS}title") for g in root.iter(f"{NS}g") if g.get("class") == "series"]
    assert names == ["batch loss per update", "full loss per epoch"]


def test_a_million_updates_draw_quickly_into_a_small_picture():
    bundle = long_result(1_000_000)._repr_mimebundle_()
    assert len(bundle["image/svg+xml"]) < 100_000
    bundle_svg(bundle)


def test_a_diverged_run_shows_its_blow_up():
    with pytest.raises(DivergenceError) as caught:
        fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], learning_rate=2.0, epochs=100)
    result = caught.value.result
    assert len(repr(result)) <= SHORT and "stop_reason='diverged'" in repr(result)
    series, log = training_series(result)
    assert log
    assert series["the loss that stopped the run"] == ([result.n_iter], [result.final_loss])
    xs, ys = series["full loss per update"]
    assert ys == list(result.epoch_loss) and xs == list(range(len(ys)))
    assert ys[-1] > 1e6 * ys[0]  # the blow-up is on the chart
    root = bundle_svg(result._repr_mimebundle_())
    assert "diverged" in (root.findtext(f"{NS}title") or "")


def test_the_curves_sit_where_the_updates_and_epochs_were():
    # 10 rows in batches of 3: 4 updates per epoch, the last of 1 row
    X, y = [[float(i)] for i in range(10)], [2.0 * i + 1 for i in range(10)]
    result = fit(X, y, batch_size=3, learning_rate=0.01, epochs=3, seed=0)
    series, log = training_series(result)
    assert series["batch loss per update"] == (list(range(12)), list(result.loss))
    assert series["full loss per epoch"] == ([0.0, 4.0, 8.0, 12.0], list(result.epoch_loss))
    assert log
    every = fit(X, y, batch_size=3, learning_rate=0.01, epochs=3, seed=0, record_every=5)
    assert training_series(every)[0]["batch loss every 5 updates"] == ([0, 5, 10], list(every.loss))


def test_an_interrupted_run_says_its_epoch_ends_are_estimated():
    run = long_result(2500)  # 2 whole epochs of 1000 updates, then 500 of the third
    interrupted = Result(**{**run.__dict__, "stop_reason": "interrupted", "n_epochs": 2,
                            "epoch_loss": History("d", [3.0, 2.0, 1.0])})  # fmt: skip
    series, _ = training_series(interrupted)
    xs, _ = series["full loss per epoch (epoch ends estimated)"]
    assert xs == pytest.approx(
        [0.0, 1000.0, 2000.0]
    )  # 2500/2.5: right here, within an epoch/(2e+1) in general


def test_a_function_run_draws_f_per_update_and_zero_or_negative_losses_go_linear():
    run = GradientDescent(0.1).minimize_function(Quadratic([[2.0]], [1.0]), [3.0], iterations=20)
    series, log = training_series(run)
    assert list(series) == ["f(θ) per update"]
    assert not log  # f = θ² − θ reaches negative values
    assert series["f(θ) per update"] == (list(range(20)), list(run.loss))


def test_a_long_history_is_thinned_keeping_every_runs_extremes():
    n = 100_003
    run = long_result(n)
    xs, ys = training_series(run)[0]["batch loss per update"]
    assert len(xs) <= 4 * BUCKETS < n
    assert xs == sorted(set(xs)) and all(run.loss[x] == y for x, y in zip(xs, ys))
    assert (xs[0], xs[-1]) == (0, n - 1)
    kept = set(xs)
    for b in range(BUCKETS):  # brute force: each run's lowest and highest value survives
        lo, hi = b * n // BUCKETS, (b + 1) * n // BUCKETS
        values = list(run.loss[lo:hi])
        assert values.index(min(values)) + lo in kept
        assert values.index(max(values)) + lo in kept


def test_a_run_without_a_single_loss_has_no_picture_but_still_a_repr():
    run = GradientDescent(0.1).minimize_function(
        Quadratic([[2.0]], [0.0]), [0.0], iterations=5, grad_tol=1e-3
    )
    assert run.n_iter == 0 and len(run.loss) == 0
    assert run._repr_mimebundle_() == {"text/plain": repr(run)}
    with pytest.raises(gdlearn.ParameterError, match="nothing to draw"):
        run.plot()


def test_plot_writes_the_picture_and_without_the_picture_layer_says_so(tmp_path, monkeypatch):
    result = fit([[0.0], [1.0]], [1.0, 3.0], epochs=3)
    svg = result.plot(tmp_path / "run.svg", title="Three steps")
    assert (tmp_path / "run.svg").read_text(encoding="utf-8") == svg
    assert ET.fromstring(svg._repr_svg_()).findtext(f"{NS}title") == "Three steps"  # type: ignore[attr-defined]
    monkeypatch.setattr(result_module, "_drawer", None)
    with pytest.raises(RuntimeError, match="import gdlearn"):
        result.plot()
