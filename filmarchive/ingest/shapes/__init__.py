"""The document shapes the archive reads, one module each, listed once in ``SHAPES``.

A shape knows its file-name prefix, how to recognise, parse and identify a document of its kind, and
the records it contributes (see ``base.Shape``). To add a third shape, write a module like
``film_page.py`` and add its instance to ``SHAPES``; the build, the error messages and
``SourceDocument.Kind`` (built from each shape's ``kind`` and ``label``) follow from the list. Documents
are built in this order, so films described by pages are known when interviews name them.
"""

from __future__ import annotations

from typing import Any

from filmarchive.ingest.errors import IngestError
from filmarchive.ingest.shapes.base import Contributions, Document, Shape
from filmarchive.ingest.shapes.film_page import FILM_PAGE
from filmarchive.ingest.shapes.interview import INTERVIEW

SHAPES: tuple[Shape[Any, Any], ...] = (FILM_PAGE, INTERVIEW)


def shape_for(filename: str, text: str, shown_as: str) -> Shape[Any, Any]:
    """The shape a file name's prefix states, else the one shape that recognises the text; never a guess."""
    for shape in SHAPES:
        if filename.startswith(shape.prefix):
            return shape
    recognised = [shape for shape in SHAPES if shape.recognise(text)]
    if len(recognised) == 1:
        return recognised[0]
    names = " or ".join(f"{shape.prefix}….txt" for shape in SHAPES)
    kinds = ", ".join(f"{shape.label.lower()} ({shape.prefix}…)" for shape in SHAPES)
    if recognised:
        raise IngestError(
            shown_as,
            1,
            f"a document that reads as more than one shape ({kinds}); name the file {names} to say which",
        )
    raise IngestError(
        shown_as,
        1,
        f"a document of unknown shape: it reads as none of {kinds}; name the file {names} to say which "
        "it is, if it is one of them",
    )


__all__ = ["FILM_PAGE", "INTERVIEW", "SHAPES", "Contributions", "Document", "Shape", "shape_for"]
