"""The lab's one page: page.html with lab.css and lab.js put inside it, and the lab's options as JSON.

The three files are package data, read with ``importlib.resources`` (found
wherever gdlearn is installed). The page loads nothing else: no fonts, no
scripts, no network but its own ``/api/run``; the Content-Security-Policy
sent with it says so to the browser, allowing exactly this script (by its
SHA-256), inline styles (the pictures carry some), images from data: URLs
(the pictures) and connections to the lab itself.

The options tell the script what it needs to build the controls, from the
same tables the server checks against: the problems, mtcars' columns, the
presets, the limits on work.

>>> html, policy = page()
>>> html.count("<script"), "default-src 'none'" in policy
(2, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.resources import files
from typing import Any

from ..datasets import MTCARS_FEATURES
from .presets import HOME, PRESETS
from .problems import problem_table
from .queries import MAX_METHODS, MAX_UPDATES, MAX_WORK


def asset(name: str) -> str:
    """The text of one of the page's files (page.html, lab.css, lab.js) from the package."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def options() -> dict[str, Any]:
    """What the page's script is told: the problems, mtcars' columns, the presets and the state to start
    from, the limits on work."""
    return {
        "problems": problem_table(),
        "features": list(MTCARS_FEATURES),
        "home": HOME,
        "presets": [preset._asdict() for preset in PRESETS],
        "max_methods": MAX_METHODS,
        "max_work": MAX_WORK,
        "max_updates": MAX_UPDATES,
    }


def page() -> tuple[str, str]:
    """The page as one HTML document, and the Content-Security-Policy to send with it."""
    script = asset("lab.js")
    # JSON inside <script>: "</" written as "<\/" so that no string in it can close the element
    data = json.dumps(options(), ensure_ascii=False).replace("</", "<\\/")
    html = (
        asset("page.html")
        .replace("/*STYLE*/", asset("lab.css"))
        .replace("/*OPTIONS*/", data)
        .replace("/*SCRIPT*/", script)
    )
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:;"
        " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return html, policy
