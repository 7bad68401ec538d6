"""The test suite's shared set-up: this folder is on sys.path, so every test can import ``support``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (see ``browser.py``)."""
    from browser import launch

    with launch() as chromium:
        yield chromium
