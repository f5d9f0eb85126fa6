"""Write the documents editors added in the admin into fixtures/sources/, so the fixture can be rebuilt.

    python manage.py export_documents             write them, and their origins into catalogue.toml
    python manage.py export_documents --check     exit 1 if any is missing or differs from its file

Each is written byte for byte (its SHA-256 is checked). Then `make fixtures` rebuilds
fixtures/archive.json from the repository, and the documents and fixture are committed together.
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from filmarchive.ingest.catalogue import CATALOGUE_NAME
from filmarchive.models import SourceDocument


class Command(BaseCommand):
    help = "Write the documents added in the admin into the repository's sources folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sources", type=Path, default=settings.ARCHIVE_SOURCES_DIR, help="Documents folder."
        )
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if any is not there.")

    def handle(self, *args, sources, check, **options):
        if not sources.is_dir():
            raise CommandError(f"{sources}: no such folder of source documents")
        catalogue = sources / CATALOGUE_NAME
        entries = catalogue.read_text(encoding="utf-8") if catalogue.exists() else ""
        stale = []
        for document in SourceDocument.objects.filter(added_by__isnull=False).order_by("filename"):
            data = document.data
            if hashlib.sha256(data).hexdigest() != document.checksum:
                raise CommandError(
                    f"{document.filename}: its text no longer matches its SHA-256; not written"
                )
            path = sources / document.filename
            if path.exists() and path.read_bytes() == data:
                continue
            stale.append(document.filename)
            if check:
                continue
            path.write_bytes(data)
            self.stdout.write(f"Wrote {path} ({len(data):,} bytes, {document.checksum[:12]})")
            header = f"[documents.{json.dumps(document.filename)}]"
            if document.origin and header not in entries:
                entries = entries.rstrip("\n") + f"\n\n{header}\norigin = {json.dumps(document.origin)}\n"
                if not check:
                    catalogue.write_text(entries, encoding="utf-8")
        if check and stale:
            raise CommandError("Not in the repository yet: " + ", ".join(stale))
        if stale:
            self.stdout.write("Now rebuild the fixture (make fixtures) and commit the documents with it.")
        else:
            self.stdout.write("Every document added in the admin is in the repository already.")
