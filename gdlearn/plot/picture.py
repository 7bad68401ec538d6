"""``SVG``: what every picture function returns, text that a notebook shows as a picture.

An ``SVG`` is a ``str`` (the whole document, so code that writes or searches
pictures as text keeps working) with two additions:

    _repr_svg_()   the ``<svg>`` element, which Jupyter, JupyterLite, VS Code
                   and IPython's display protocol show inline (no import of
                   IPython needed: they look for the method)
    repr(svg)      one line, its size and title, not 7,000 characters of XML;
                   ``print(svg)`` still prints the document

Several pictures on one page share one id namespace, so a picture whose
clip path is called ``plot-area`` would clip the next one with its own box.
``unique_ids`` gives every id a suffix taken from the document's content:
distinct pictures never collide, and the same picture is the same text,
byte for byte, however often it is drawn.

>>> svg = SVG('<?xml version="1.0"?>\\n<svg width="600" height="480"><title>Loss</title></svg>\\n')
>>> svg
<SVG 600x480 'Loss', 78 characters>
>>> svg._repr_svg_()
'<svg width="600" height="480"><title>Loss</title></svg>\\n'
>>> unique_ids('<clipPath id="area"/><g clip-path="url(#area)"/>')
'<clipPath id="area-78cd9dfc"/><g clip-path="url(#area-78cd9dfc)"/>'
"""

from __future__ import annotations

import hashlib
import html
import re

__all__ = ["SVG", "unique_ids"]


class SVG(str):
    """An SVG document: a ``str`` that displays as a picture in a notebook and has a short repr."""

    __slots__ = ()

    def _repr_svg_(self) -> str:
        """The ``<svg>`` element without the XML declaration, as notebooks embed it in a page."""
        start = self.find("<svg")
        return str(self[start:]) if start >= 0 else str(self)

    def __repr__(self) -> str:
        size = re.search(r'<svg\b[^>]*?\bwidth="([^"]*)"[^>]*?\bheight="([^"]*)"', self)
        title = re.search(r"<title>(.*?)</title>", self, re.DOTALL)
        shown = [f"{size.group(1)}x{size.group(2)}"] if size else []
        shown += [repr(html.unescape(title.group(1)))] if title else []
        return f"<SVG {' '.join(shown)}{', ' if shown else ''}{len(self)} characters>"


def unique_ids(document: str) -> str:
    """Every ``id="x"`` in the document, and each reference to it, renamed x-<8 hex digits of its SHA-256>."""
    suffix = hashlib.sha256(document.encode("utf-8")).hexdigest()[:8]
    for name in sorted(set(re.findall(r'\bid="([^"]+)"', document))):
        renamed = f"{name}-{suffix}"
        document = document.replace(f'id="{name}"', f'id="{renamed}"')
        document = document.replace(f"url(#{name})", f"url(#{renamed})")
        document = document.replace(f'href="#{name}"', f'href="#{renamed}"')
    return document
