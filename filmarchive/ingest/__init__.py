"""Turning the archive's source documents into records, and records into fixtures.

Pure Python, with no Django imports. The way through, for a newcomer:

- ``shapes/``: one module per kind of document (``film_page``, ``interview``), each with its file-name
  prefix, recogniser, parser and the records it contributes, listed once in ``shapes.SHAPES``;
- ``identity``: who and what the documents name, one record each however it is spelt;
- ``mentions``: where running text names a known film or person;
- ``build``: the phases of a build, from files (or one document against a seeded resolver) to a
  ``records.RecordSet``;
- ``serialise``: records to the fixture's JSON, the only module that knows Django's model labels;
- ``errors``: ``IngestError`` carries every problem, each as ``file:line: what is wrong, and what to
  write instead``.

The ``build_fixtures`` management command is the only Django side of it.
"""

from filmarchive.ingest.build import build_archive, build_document, document_from_bytes
from filmarchive.ingest.errors import IngestError, Problem
from filmarchive.ingest.identity import Identities
from filmarchive.ingest.records import RecordSet
from filmarchive.ingest.serialise import fixture_json
from filmarchive.ingest.shapes import SHAPES

__all__ = [
    "SHAPES",
    "Identities",
    "IngestError",
    "Problem",
    "RecordSet",
    "build_archive",
    "build_document",
    "document_from_bytes",
    "fixture_json",
]
