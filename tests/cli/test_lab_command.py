"""``gdlearn lab``, run as a user runs it: a subprocess that prints its address, serves, stops on Ctrl-C.

A taken port, a port out of range: one line on stderr, exit 1. Without
--no-browser it opens the page with ``webbrowser``, which honours $BROWSER:
here a script that writes down the address it was given.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

POSIX_SIGNALS = pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="needs POSIX")


def command(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gdlearn", "lab", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # as a terminal starts it: a shell's background job (CI's other Pythons) starts with SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def first_line(process: subprocess.Popen[str], timeout: float = 60.0) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "the lab printed nothing"
    return process.stdout.readline()


@contextmanager
def lab(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The lab in a subprocess and its address; stopped with Ctrl-C (SIGINT) afterwards if still running."""
    process = command(*args, env=env)
    try:
        line = first_line(process)
        match = re.fullmatch(r"gdlearn lab: (http://127\.0\.0\.1:(\d+)/)  \(Ctrl-C stops it\)\n", line)
        assert match, line
        yield process, match[1]
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


@POSIX_SIGNALS
def test_the_lab_prints_its_address_serves_and_stops_cleanly_on_ctrl_c():
    with lab("--port", "0", "--no-browser") as (process, url):
        with urllib.request.urlopen(url, timeout=60) as response:
            assert response.status == 200 and b"<title>gdlearn lab</title>" in response.read()
        with urllib.request.urlopen(url + "api/run?problem=quadratic&iterations=3", timeout=60) as response:
            assert json.loads(response.read())["methods"][0]["n_iter"] == 3
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert out == "gdlearn lab: stopped\n"
    assert err == ""


@POSIX_SIGNALS
def test_without_no_browser_the_page_is_opened_in_the_browser(tmp_path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["BROWSER"] = str(browser)
    with lab("--port", "0", env=env) as (_, url):
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == url


def test_a_taken_port_is_one_line_and_exit_1():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "gdlearn", "lab", "--port", str(port), "--no-browser"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        f"gdlearn: error: port {port} on 127.0.0.1 is in use (another lab?); choose another with --port N,"
        " or --port 0 for any free port\n"
    )


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_a_port_out_of_range_is_one_line_and_exit_1(port):
    done = subprocess.run(
        [sys.executable, "-m", "gdlearn", "lab", "--port", port, "--no-browser"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        f"gdlearn: error: --port must be a port number from 0 to 65535 (0: any free port), got {port}\n"
    )


def test_a_port_that_is_not_a_number_is_a_usage_error():
    done = subprocess.run(
        [sys.executable, "-m", "gdlearn", "lab", "--port", "http"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "usage: gdlearn lab" in done.stderr and "Traceback" not in done.stderr


def test_the_lab_is_in_the_help_the_readme_and_the_tutorial():
    done = subprocess.run(
        [sys.executable, "-m", "gdlearn", "--help"], capture_output=True, text=True, timeout=60
    )
    assert re.search(r"^    lab +open the lab", done.stdout, re.MULTILINE), done.stdout
    root = Path(__file__).resolve().parent.parent.parent
    assert "| `gdlearn lab [--port N] [--no-browser]` |" in (root / "README.md").read_text(encoding="utf-8")
    assert "gdlearn lab" in (root / "docs" / "tutorial.md").read_text(encoding="utf-8")
