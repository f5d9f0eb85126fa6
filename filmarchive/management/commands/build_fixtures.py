"""Build ``fixtures/archive.json`` from the documents in ``fixtures/sources/``.

    python manage.py build_fixtures            write the fixture
    python manage.py build_fixtures --check    exit 1, saying what differs, if the fixture is stale
    python manage.py build_fixtures --skip-broken   build the documents that can be built, list the others

The whole build happens in memory first; the file is then replaced in one step, so a document that
cannot be read leaves the previous fixture exactly as it was. Every problem in every document is
listed, one ``file:line: ...`` line each, and the command exits non-zero.
"""

import difflib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from filmarchive.ingest import IngestError, build_archive, fixture_json
from filmarchive.ingest.build import build_skipping_broken, read_documents, unread_files
from filmarchive.ingest.catalogue import CATALOGUE_NAME, load_catalogue
from filmarchive.ingest.errors import Problems
from filmarchive.ingest.identity import Identities
from filmarchive.ingest.records import RecordSet
from filmarchive.ingest.serialise import documents_in_fixture
from filmarchive.ingest.shapes import Document
from filmarchive.models import Credit


class Command(BaseCommand):
    help = "Build the archive's fixture from its source documents (or, with --check, compare)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail, showing the difference, if the fixture is not up to date.",
        )
        parser.add_argument(
            "--sources", type=Path, default=settings.ARCHIVE_SOURCES_DIR, help="Documents folder."
        )
        parser.add_argument("--output", type=Path, default=settings.ARCHIVE_FIXTURE, help="The fixture file.")
        parser.add_argument(
            "--skip-broken",
            action="store_true",
            help="Build the documents that can be built and list the others (default: all or nothing).",
        )

    def handle(
        self, *args: Any, check: bool, sources: Path, output: Path, skip_broken: bool, **options: Any
    ) -> None:
        if not sources.is_dir():
            raise CommandError(f"{sources}: no such folder of source documents")
        # The documents the current fixture was built from: a conflict with a new one is reported there.
        previous = documents_in_fixture(output.read_text("utf-8", "replace")) if output.exists() else {}
        try:
            if skip_broken:
                records = self.build_skipping_broken(sources, previous)
            else:
                records = build_archive(sources, Credit.Role.values, shown_from=Path.cwd(), previous=previous)
        except IngestError as error:
            count = len(error.problems)
            heading = "1 problem" if count == 1 else f"{count} problems"
            raise CommandError(f"{heading} in the documents; {output} was left as it was:\n{error}") from None
        text = fixture_json(records)
        objects = len(records)

        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                diff = difflib.unified_diff(
                    current.splitlines(),
                    text.splitlines(),
                    f"{output} (committed)",
                    f"{output} (built from {sources})",
                    lineterm="",
                    n=1,
                )
                shown = list(diff)[:60]
                raise CommandError(
                    f"{output} is out of date with the documents in {sources}; run "
                    "'python manage.py build_fixtures' and commit the result.\n" + "\n".join(shown)
                )
            self.stdout.write(f"{output} is up to date ({objects} objects).")
            return

        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            Path(temporary).chmod(0o644)
            Path(temporary).replace(output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"Wrote {objects} objects to {output}."))

    def build_skipping_broken(self, sources: Path, previous: dict[str, str]) -> RecordSet:
        problems = Problems()
        catalogue_path = sources / CATALOGUE_NAME
        catalogue = load_catalogue(catalogue_path, str(catalogue_path), problems)
        documents = read_documents(sources, problems, Path.cwd())
        unreadable = {problem.path for problem in problems}
        if any(path == str(catalogue_path) for path in unreadable):
            raise IngestError.of(problems)

        def identities_for(documents: Sequence[Document]) -> Identities:
            return Identities([d.slug for d in documents if previous.get(d.slug) != d.checksum])

        records, skipped = build_skipping_broken(
            catalogue, documents, Credit.Role.values, identities_for, unread_files(sources, documents)
        )
        for problem in problems:
            skipped.setdefault(problem.path, []).append(problem)
        for path, found in skipped.items():
            self.stderr.write(f"Skipped {path}:")
            for problem in found:
                self.stderr.write(f"  {problem}")
        return records
