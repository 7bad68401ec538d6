"""Headless Chromium for the tests that look at pictures and pages, driven by playwright.

The browser is Debian's ``chromium`` (or ``$GDLEARN_CHROMIUM``), launched by
the ``playwright`` Python package through its executable: playwright never
downloads a browser of its own. Without either, the tests that need them
skip, unless ``GDLEARN_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where a
missing browser is a failure: CI must never pass by skipping the pictures.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",  # the tests may run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls home on a closed network
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The browser's executable, or None."""
    return os.environ.get("GDLEARN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip, or fail where the browser is required."""
    if os.environ.get("GDLEARN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tests are required here, but {reason}")
    pytest.skip(reason)


@contextmanager
def launch() -> Iterator[Any]:
    """A playwright Browser on the system's Chromium, closed afterwards.

    ``GDLEARN_BROWSER=off`` skips (``.ci/run`` sets it for the suites under the
    other CPythons: what the browser shows does not depend on the Python
    version, and the main CPython's suite has already looked).
    """
    if os.environ.get("GDLEARN_BROWSER") == "off":
        pytest.skip("the browser tests run once, under the main CPython (GDLEARN_BROWSER=off)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        unavailable("no chromium executable was found (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
