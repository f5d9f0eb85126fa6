"""Turning the archive's source documents into fixtures.

Pure Python, with no Django imports: text goes in, plain records come out (``film_page``, ``interview``),
``build`` assembles them into the archive's fixture objects, and ``IngestError`` names the file and line
of anything it cannot read. The ``build_fixtures`` management command is the only Django side of it.
"""

from filmarchive.ingest.errors import IngestError

__all__ = ["IngestError"]
