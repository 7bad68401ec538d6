"""The lab's JSON API, asked over HTTP with urllib, as the page asks it.

A server runs on a free port of 127.0.0.1 in this process. Its numbers must
be gdlearn's own, bit for bit (the same calls with the same options); every
malformed or hostile request must get 400 and a one-line JSON error, never
a 5xx or a traceback; it must answer many requests at once, compute at most
``MAX_RUNNING`` at a time, keep answering after anything, and listen on
127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_server import Reply, get, running

import gdlearn
from gdlearn import DivergenceError, GradientDescent, Rosenbrock, Standardizer
from gdlearn.datasets import galton
from gdlearn.lab import server as server_module
from gdlearn.lab.queries import MAX_WORK
from gdlearn.lab.server import MAX_RUNNING, LabServer
from gdlearn.verdict import headline


@pytest.fixture(scope="module")
def lab() -> Iterator[LabServer]:
    with running() as server:
        yield server


def ok(reply: Reply) -> Any:
    assert reply.status == 200, reply.text
    assert reply.content_type == "application/json; charset=utf-8"
    return reply.json()


def refused(reply: Reply, status: int = 400) -> str:
    """The one-line error of a refusal with this status."""
    assert reply.status == status, reply.text
    assert reply.content_type == "application/json; charset=utf-8"
    body = reply.json()
    assert list(body) == ["error"]
    message = body["error"]
    assert isinstance(message, str) and message
    assert "\n" not in message and "Traceback" not in reply.text and 'File "' not in reply.text
    return message


# ---------------------------------------------------------------- the numbers are gdlearn's own


def test_a_mini_batch_run_on_raw_galton_equals_fit(lab):
    data = galton()
    answer = ok(get(lab, "/api/run?problem=galton&scale=raw&epochs=5&seed=3&batch1=32&lr1=0.0001"))
    expected = gdlearn.fit(data.X, data.y, learning_rate=0.0001, batch_size=32, epochs=5, seed=3)
    (method,) = answer["methods"]
    # The same calls on the same numbers, and JSON carries a float's repr: equal to the bit.
    assert method["theta"] == list(expected.theta)
    assert method["loss"] == list(expected.loss)
    assert method["epoch_loss"] == list(expected.epoch_loss)
    assert method["final_loss"] == expected.final_loss
    assert (method["n_iter"], method["n_epochs"], method["stop_reason"]) == (145, 5, "max_epochs")
    # describe()'s verdict, with advice in the page's words (no fit(schedule=), no Standardizer)
    assert method["verdict"].startswith(headline(expected))
    assert method["verdict"].endswith("choose standardised features, or raise the epochs.")
    assert answer["problem"]["rows"] == 928


def test_the_advice_names_what_the_page_can_change(lab):
    # stochastic GD's noise ball: η and the batch size are on the page, a schedule is not
    noisy = ok(get(lab, "/api/run?problem=galton&epochs=30&batch1=1&lr1=0.05"))["methods"][0]["verdict"]
    assert "hovering" in noisy and "decay the learning rate (schedule=)" not in noisy
    assert noisy.endswith("fit(schedule=)) or use a larger batch size.")
    # a blow-up on the page's standardised features: the rate, not standardising again
    blown = ok(get(lab, "/api/run?problem=galton&scale=standardized&epochs=80&lr1=1.1"))["methods"][0]
    assert blown["diverged"] and blown["verdict"].endswith("Try a smaller learning rate η.")
    assert blown["message"].endswith("for this data; try a smaller learning rate")  # the page shows this one
    raw = ok(get(lab, "/api/run?problem=galton&scale=raw&epochs=80&lr1=0.001"))["methods"][0]
    assert raw["diverged"] and raw["message"].endswith("a smaller learning rate, or standardise the features")


def test_momentum_nesterov_and_adam_on_standardised_galton_equal_fit(lab):
    data = galton()
    Z = Standardizer.fit(data.X).transform(data.X)
    query = (
        "/api/run?problem=galton&epochs=4&seed=7&lr1=0.05&momentum1=0.9&nesterov1=1&batch1=64"
        "&opt2=adam&lr2=0.3&batch2=8"
    )
    first, second = ok(get(lab, query))["methods"]
    nesterov = gdlearn.fit(
        Z, data.y, learning_rate=0.05, momentum=0.9, nesterov=True, batch_size=64, epochs=4, seed=7
    )
    adam = gdlearn.fit(Z, data.y, optimizer="adam", learning_rate=0.3, batch_size=8, epochs=4, seed=7)
    assert first["loss"] == list(nesterov.loss) and first["theta"] == list(nesterov.theta)
    assert second["loss"] == list(adam.loss) and second["theta"] == list(adam.theta)
    assert first["label"] == "1 · Nesterov 0.9, η = 0.05, B = 64"
    assert second["label"] == "2 · Adam, η = 0.3, B = 8"


def test_a_long_run_keeps_every_kth_update_as_fit_does(lab):
    data = galton()
    Z = Standardizer.fit(data.X).transform(data.X)
    answer = ok(get(lab, "/api/run?problem=galton&epochs=5&batch1=1&lr1=0.01"))
    (method,) = answer["methods"]
    assert method["n_iter"] == 4640 and method["record_every"] == 2  # ⌈4640/4000⌉
    expected = gdlearn.fit(Z, data.y, learning_rate=0.01, batch_size=1, epochs=5, seed=0, record_every=2)
    assert method["loss"] == list(expected.loss)
    assert method["theta"] == list(expected.theta)


def test_a_function_run_equals_minimize_function(lab):
    answer = ok(get(lab, "/api/run?problem=rosenbrock&iterations=50&lr1=0.001&x0=-1.5&y0=2"))
    expected = GradientDescent(0.001).minimize_function(Rosenbrock(), [-1.5, 2.0], iterations=50)
    (method,) = answer["methods"]
    assert method["loss"] == list(expected.loss) and method["theta"] == list(expected.theta)
    assert method["epoch_loss"] == []
    # λ_max of Rosenbrock's Hessian at (1, 1), [[802, −400], [−400, 200]]: 501 + √(301² + 400²)
    assert answer["problem"]["lambda_max"] == pytest.approx(501 + (301**2 + 400**2) ** 0.5, rel=1e-6)


def test_a_diverging_run_is_a_normal_answer_with_its_blow_up(lab):
    data = galton()
    Z = Standardizer.fit(data.X).transform(data.X)
    answer = ok(get(lab, "/api/run?problem=galton&epochs=60&lr1=1.5"))
    (method,) = answer["methods"]
    with pytest.raises(DivergenceError) as caught:
        gdlearn.fit(Z, data.y, learning_rate=1.5, epochs=60)
    partial = caught.value.result
    assert method["diverged"] is True and method["stop_reason"] == "diverged"
    # fit's message, without its ", or standardise the features": the page's features are standardised
    assert method["message"] == str(caught.value).removesuffix(", or standardise the features")
    assert "above the stability limit" in method["message"]
    assert method["loss"] == list(partial.loss)
    tail = method["loss"][-10:]  # the blow-up is in the history: ten rises in a row, far above the start
    assert all(b > a for a, b in itertools.pairwise(tail)) and tail[-1] > 1e3 * method["loss"][0]
    assert answer["pictures"]["loss"].count("<polyline") >= 1


def test_the_stability_limits_of_each_method(lab):
    # Standardised Galton: H = (2/n)·X̃ᵀX̃ = 2I exactly (z has mean 0, variance 1), so λ_max = 2.
    query = (
        "/api/run?problem=galton&epochs=1&momentum1=0.5&opt2=gd&momentum2=0.5&nesterov2=1&opt3=adam&opt4=gd"
    )
    answer = ok(get(lab, query))
    assert answer["problem"]["lambda_max"] == pytest.approx(2.0, rel=1e-12)
    heavy, nesterov, adam, plain = (m["limit"] for m in answer["methods"])
    assert heavy == pytest.approx(2 * 1.5 / 2, rel=1e-12)  # 2(1 + μ)/λ_max
    assert nesterov == pytest.approx(2 * 1.5 / (2 * 2), rel=1e-12)  # 2(1 + μ)/((1 + 2μ)·λ_max)
    assert adam is None
    assert plain == pytest.approx(1.0, rel=1e-12)  # 2/λ_max
    assert answer["methods"][3]["learning_rate"] == pytest.approx(0.5, rel=1e-12)  # the default, 1/λ_max


def test_mae_has_no_limit_and_two_features_no_map_nor_line(lab):
    answer = ok(get(lab, "/api/run?problem=mtcars&features=wt,hp&loss=mae&epochs=20"))
    assert answer["problem"]["lambda_max"] is None and answer["methods"][0]["limit"] is None
    assert answer["pictures"]["path"] is None and answer["pictures"]["fit"] is None
    assert "two parameters" in answer["pictures"]["notes"]["path"]
    assert answer["pictures"]["loss"].startswith("<?xml")


def written_theta(text: str) -> list[float]:
    """θ after the written-out update, from its lines "   w_parent ← 0 − 0.0001·(…) = 0.917568"."""
    updates = [line for line in text.splitlines() if "←" in line]
    written = {line.split("←")[0].strip(): line.rsplit("= ", 1)[1] for line in updates}
    return [float(written[name].replace("−", "-")) for name in ("w_parent", "b")]


def test_explain_writes_out_the_runs_own_first_update(lab):
    answer = ok(get(lab, "/api/run?problem=galton&scale=raw&epochs=1&batch1=8&lr1=0.0001&seed=5&explain=1"))
    text = answer["explain"]
    assert text.startswith("Method 1 · GD, η = 0.0001, B = 8, its run from θ₀ = 0:\nUpdate 1 of mini-batch")
    assert "|ℬ| = 8 of 928" in text and "the update" in text
    # θ after the written-out update is the run's θ₁: the same batch, the same numbers.
    data = galton()
    run = gdlearn.fit(data.X, data.y, learning_rate=0.0001, batch_size=8, epochs=1, seed=5, record_theta=True)
    assert written_theta(text) == pytest.approx(list(run.path[1]), rel=1e-5)  # written to 6 digits


def test_explain_writes_out_any_update_of_the_run_with_its_velocity(lab):
    query = "problem=galton&scale=raw&epochs=2&batch1=8&lr1=0.0001&momentum1=0.9&seed=5&explain=1&step=150"
    text = ok(get(lab, f"/api/run?{query}"))["explain"]
    assert "Update 150 of mini-batch gradient descent with momentum" in text and "the velocity u₁₄₉" in text
    # θ after update 150 is the run's θ₁₅₀, in its second epoch (116 batches of 8 an epoch)
    data = galton()
    run = gdlearn.fit(
        data.X, data.y, learning_rate=0.0001, batch_size=8, momentum=0.9, epochs=2, seed=5, record_theta=True
    )
    assert written_theta(text) == pytest.approx(list(run.path[150]), rel=1e-5)  # written to 6 digits


# ---------------------------------------------------------------- hostile requests: 400 and one line

HOSTILE = [
    ("bogus=1", "unknown parameter 'bogus'"),
    ("problem=", "problem must be one of"),
    ("problem=../../etc/passwd", "problem must be one of"),
    ("problem=GALTON", "problem must be one of"),
    ("problem=galton%00", "problem must be one of"),
    ("problem=galton;rm%20-rf%20/", "problem must be one of"),
    ("lr1=abc", "lr1 must be a number above 0 to 100"),
    ("lr1=nan", "not a number"),
    ("lr1=inf", "not a number"),
    ("lr1=1e999", "lr1 must be a number"),
    ("lr1=1e-400", "lr1 must be a number above 0"),
    ("lr1=-0.1", "lr1 must be a number above 0"),
    ("lr1=0", "lr1 must be a number above 0"),
    ("lr1=1e3", "to 100"),
    ("lr1=0x10", "not a number"),
    ("lr1=1_000", "not a number"),
    ("lr1=%20%200.1", "not a number"),
    ("lr1=__import__('os').system('touch%20/tmp/gdlearn-lab-pwned')", "not a number"),
    ("epochs=0", "epochs must be a whole number from 1 to 1000"),
    ("epochs=1001", "epochs must be a whole number"),
    ("epochs=2.5", "epochs must be a whole number"),
    ("epochs=-3", "epochs must be a whole number"),
    ("epochs=99999999999999999999", "epochs must be a whole number"),
    ("seed=-1", "seed must be a whole number"),
    ("batch1=0", "batch1 must be full or a whole number"),
    ("batch1=5000", "from 1 to 928 (the rows)"),
    ("batch1=abc", "batch1 must be full or a whole number"),
    ("loss=hinge", "loss must be one of mse, mae, huber"),
    ("scale=log", "scale must be one of raw, standardized"),
    ("view=zoom", "view must be one of whole, minimum"),
    ("problem=rosenbrock&epochs=5", "rosenbrock takes iterations"),
    ("problem=galton&iterations=5", "galton takes epochs"),
    ("problem=galton&kappa=5", "kappa is a parameter of quadratic, not of galton"),
    ("problem=galton&features=wt", "features is a parameter of mtcars, not of galton"),
    ("problem=quadratic&kappa=0.5", "kappa must be a number from 1 to 1000"),
    ("problem=quadratic&kappa=1e400", "kappa must be a number from 1 to 1000"),
    ("problem=quadratic&x0=50", "x0 must be a number from -5 to 5"),
    ("problem=rosenbrock&iterations=20001", "iterations must be a whole number from 1 to 20000"),
    ("problem=mtcars&features=wt,hp,disp", "features must be one or two different columns"),
    ("problem=mtcars&features=wt,wt", "features must be one or two different columns"),
    ("problem=mtcars&features=mpg", "features must be one or two different columns"),
    ("problem=mtcars&features=%3Cscript%3Ealert(1)%3C/script%3E", "features must be one or two"),
    ("opt1=sgd", "opt1 must be one of gd, adam"),
    ("opt1=adam&momentum1=0.9", "momentum1 is an option of opt1=gd"),
    ("nesterov1=1", "nesterov1=1 needs momentum1 > 0"),
    ("momentum1=1", "momentum1 must be a number from 0 to 0.999"),
    ("nesterov1=yes", "nesterov1 must be one of 0, 1"),
    ("opt5=gd", "methods are numbered 1 to 4 without gaps"),
    ("opt3=gd", "methods are numbered 1 to 4 without gaps, got 1, 3"),
    ("lr1=0.1&lr1=0.2", "'lr1' is given twice"),
    ("explain=3", "explain must be a whole number from 1 to 1"),
    ("problem=rosenbrock&explain=1", "explain is for the data problems"),
    ("step=2", "step is the update that explain writes out: give explain=k with it"),
    ("explain=1&step=0", "step must be a whole number from 1 to 40000"),
    ("explain=1&step=1.5", "step must be a whole number"),
    ("explain=1&step=31", "step must be a whole number from 1 to 30, the updates method 1 takes; got 31"),
    ("explain=1&step=99999999999", "step must be a whole number"),
    ("problem=saddle&explain=1&step=3", "explain is for the data problems"),
    ("problem=rosenbrock&batch1=1", "batch1 is for the data problems"),
    ("epochs=1000&batch1=1", "928,000 updates; at most 40,000"),
    ("epochs=1000&opt2=gd&opt3=gd&opt4=gd", f"3,712,000 rows × updates; at most {MAX_WORK:,}"),
    ("a", "the query cannot be read"),
    ("%ff=1", "the query cannot be read"),
    ("&".join(["x=1"] * 50), "the query cannot be read"),
    ("a" * 3000, "the query is 3000 characters long"),
]


@pytest.mark.parametrize(("query", "words"), HOSTILE, ids=[q[:40] for q, _ in HOSTILE])
def test_a_hostile_request_gets_400_and_one_line(lab, query, words):
    message = refused(get(lab, f"/api/run?{query}"))
    assert words in message, message


def test_there_are_more_than_thirty_hostile_requests_and_nothing_reached_a_shell():
    assert len(HOSTILE) >= 30
    assert not Path("/tmp/gdlearn-lab-pwned").exists()


def test_other_paths_and_methods_are_refused_in_json(lab):
    for path in ("/etc/passwd", "/../../etc/passwd", "/api", "/api/run/x", "/lab.js", "/favicon.ico"):
        assert "there is no" in refused(get(lab, path), 404)
    host, port = lab.server_address[:2]
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request(method, "/api/run", body=b"x=1")
        response = connection.getresponse()
        reply = Reply(response.status, response.getheader("Content-Type"), response.read().decode())
        connection.close()
        assert f"the method '{method}' is not allowed" in refused(reply, 405)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("HEAD", "/api/run?problem=quadratic&iterations=3")
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b""
    connection.close()


def raw(server: LabServer, data: bytes) -> bytes:
    """Send bytes as they are, read everything back."""
    with socket.create_connection(server.server_address[:2], timeout=30) as connection:
        connection.sendall(data)
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", b"400"),  # not a request line
        (b"GET / HTTP/9.9\r\n\r\n", b"400"),  # a version http.server refuses (with 505, made 400)
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", b"414"),  # a request line too long
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n", b"431"),  # too many headers
        (b"GET /api/run HTTP/1.1\r\nHost: evil.example:80\r\n\r\n", b"400"),  # DNS rebinding
        (b"GET http://[x HTTP/1.1\r\n\r\n", b"400"),  # an address urlsplit cannot read
        (b"GET /api/run?bogus=1 HTTP/1.0\r\n\r\n", b"400"),  # no Host header (HTTP/1.0): the query's error
        (b"GET / HTTP/1.1\r\n\r\n", b"400"),  # HTTP/1.1 without a Host header
    ],
)
def test_malformed_requests_get_a_json_refusal_never_a_5xx(lab, request_bytes, status):
    reply = raw(lab, request_bytes)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == status, head
    assert b"application/json" in head
    assert body.startswith(b'{"error": "') and b"Traceback" not in body


def test_only_this_server_named_once_is_answered(lab):
    here = f"127.0.0.1:{lab.server_port}".encode()
    cases = [
        (b"GET / HTTP/1.1\r\nHost: " + here + b"\r\n\r\n", b"200"),
        (b"GET http://" + here + b"/ HTTP/1.1\r\nHost: " + here + b"\r\n\r\n", b"200"),  # absolute form
        (b"GET / HTTP/1.0\r\n\r\n", b"200"),  # HTTP/1.0 need not name a host
        # refused: a second Host after the right one, an absolute address elsewhere, a later version
        # without a Host (each was answered 200)
        (b"GET / HTTP/1.1\r\nHost: " + here + b"\r\nHost: evil.example\r\n\r\n", b"400"),
        (b"GET http://evil.example/ HTTP/1.1\r\nHost: " + here + b"\r\n\r\n", b"400"),
        (b"GET / HTTP/1.2\r\n\r\n", b"400"),
    ]
    for request, status in cases:
        head = raw(lab, request).partition(b"\r\n\r\n")[0]
        assert head.split(b" ")[1] == status, (request, head)


def test_the_server_keeps_answering_after_every_kind_of_bad_request(lab):
    for query, _ in HOSTILE[:10]:
        get(lab, f"/api/run?{query}")
    raw(lab, b"GARBAGE\r\n\r\n")
    raw(lab, b"")
    answer = ok(get(lab, "/api/run?problem=quadratic&iterations=5"))
    assert answer["methods"][0]["n_iter"] == 5


# ---------------------------------------------------------------- a server: concurrent, bounded, local


def test_twenty_concurrent_requests_are_all_answered(lab):
    replies: dict[int, Reply] = {}

    def ask(k: int) -> None:
        replies[k] = get(lab, f"/api/run?problem=galton&epochs={1 + k % 3}&batch1=64")

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(replies) == list(range(20))
    for k, reply in replies.items():
        assert ok(reply)["methods"][0]["n_epochs"] == 1 + k % 3


def test_at_most_max_running_runs_compute_at_once(monkeypatch):
    inside, most, lock = 0, 0, threading.Lock()
    real = server_module.answer

    def counted(query: Any) -> Any:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)  # long enough for the others to pile up at the semaphore
        try:
            return real(query)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(server_module, "answer", counted)
    with running() as server:
        statuses: list[int] = []

        def ask() -> None:
            statuses.append(get(server, "/api/run?problem=quadratic&iterations=20").status)

        threads = [threading.Thread(target=ask) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert statuses == [200] * 12
    assert most == MAX_RUNNING


def test_a_request_that_waits_too_long_for_a_slot_gets_429(monkeypatch):
    real = server_module.answer

    def slow(query: Any) -> Any:
        time.sleep(1.0)
        return real(query)

    monkeypatch.setattr(server_module, "answer", slow)
    monkeypatch.setattr(server_module, "WAIT", 0.1)
    with running() as server:
        replies: list[Reply] = []

        def ask() -> None:
            replies.append(get(server, "/api/run?problem=quadratic&iterations=5"))

        threads = [threading.Thread(target=ask) for _ in range(MAX_RUNNING + 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [200] * MAX_RUNNING + [429] * 2
    for reply in (reply for reply in replies if reply.status == 429):
        assert refused(reply, 429) == f"the lab is busy: {MAX_RUNNING} runs are computing; try again"


def test_a_bug_in_the_lab_is_500_with_one_line_and_the_traceback_only_in_the_log(monkeypatch, capfd):
    # The safety net, shown working: the lab's own fault, injected here.
    def broken(query: Any) -> Any:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(server_module, "answer", broken)
    with running() as server:
        message = refused(get(server, "/api/run?problem=galton"), 500)
        assert "bogus" in refused(get(server, "/api/run?bogus=1"))
    assert "a bug" in message and "injected" not in message
    assert "RuntimeError: injected fault" in capfd.readouterr().err


def test_the_socket_listens_on_127_0_0_1_only(lab):
    host, port = lab.socket.getsockname()[:2]
    assert host == "127.0.0.1" and lab.server_address[0] == "127.0.0.1"
    # Another loopback address reaches the same machine but not a socket bound to 127.0.0.1 alone.
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.2", port), timeout=5).close()
    outward = _outward_address()
    if outward is not None:
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=5).close()


def _outward_address() -> str | None:
    """This machine's address on its network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing is sent
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_a_blown_up_fitted_line_is_named_diverged_in_the_legend(lab):
    # the line where the run stopped lies far off the data: the legend must not show it as a fit
    answer = ok(get(lab, "/api/run?problem=galton&scale=standardized&epochs=80&lr1=0.9&opt2=gd&lr2=1.1"))
    first, second = answer["methods"]
    assert not first["diverged"] and second["diverged"]
    fit_picture = answer["pictures"]["fit"]
    assert f"{second['label']}, diverged" in fit_picture and f"{first['label']}, diverged" not in fit_picture
