"""The ingest package, on documents written for the tests (``documents/``) as sites and magazines print them.

``documents/archive/`` is one archive that builds: film pages and interviews in every variation the
parsers accept. ``documents/errors/`` holds one document per problem the build must report.
"""

from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parent / "documents"
ARCHIVE = DOCUMENTS / "archive"
ERRORS = DOCUMENTS / "errors"
SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"
# The credit roles (filmarchive.models.CreditRole), written out so these tests need no database.
ROLES = ("director", "writer", "cast", "narrator", "producer", "cinematographer", "editor", "composer")
