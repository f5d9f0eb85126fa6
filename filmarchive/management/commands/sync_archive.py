"""Bring the database in step with the archive's documents, keeping every editor's change.

    python manage.py sync_archive               apply, in one transaction, and say what changed
    python manage.py sync_archive --dry-run     say what would change, per document; change nothing
    python manage.py sync_archive --skip-broken build the documents that can be built, list the others

The documents are those in fixtures/sources/ and those editors added in the admin. See
filmarchive.sync for what a sync creates, updates, retires and keeps.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from filmarchive import sync
from filmarchive.archive import build_all
from filmarchive.ingest import IngestError
from filmarchive.models import SourceDocument


class Command(BaseCommand):
    help = (
        "Apply the archive's documents to the database, keeping editors' changes (or, --dry-run, show how)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")
        parser.add_argument(
            "--skip-broken",
            action="store_true",
            help="Build what can be built; list the other documents (their records stay as they are).",
        )
        parser.add_argument(
            "--sources", type=Path, default=settings.ARCHIVE_SOURCES_DIR, help="Documents folder."
        )
        parser.add_argument(
            "--brief", action="store_true", help="Count the changes; list only conflicts and kept edits."
        )

    def handle(self, *args, dry_run, skip_broken, sources, brief, **options):
        if not sources.is_dir():
            raise CommandError(f"{sources}: no such folder of source documents")
        started = time.perf_counter()
        try:
            built = build_all(sources, skip_broken=skip_broken, shown_from=Path.cwd())
        except IngestError as error:
            raise CommandError(f"Nothing was changed: the documents have problems.\n{error}") from None
        present = {path.name for path in sources.glob("*.txt")}
        removed = set(
            SourceDocument.objects.filter(added_by__isnull=True)
            .exclude(filename__in=present)
            .values_list("slug", flat=True)
        ) - set(built.renamed)
        built_at = time.perf_counter()
        the_plan = sync.plan(
            built.records, scope={d.slug for d in built.documents}, removed=removed, renamed=built.renamed
        )
        planned_at = time.perf_counter()
        for line in the_plan.lines(verbose=not brief):
            self.stdout.write(line)
        for shown_as, problems in built.skipped.items():
            self.stderr.write(f"Skipped {shown_as}, its records left as they are:")
            for problem in problems:
                self.stderr.write(f"  {problem}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
            return
        sync.apply(the_plan)
        if options["verbosity"] >= 2:
            self.stdout.write(
                f"Built in {built_at - started:.2f} s, planned in {planned_at - built_at:.2f} s, "
                f"applied in {time.perf_counter() - planned_at:.2f} s."
            )
        counts = ", ".join(
            f"{the_plan.count(action)} {action}" for action in sync.ACTIONS if the_plan.count(action)
        )
        self.stdout.write(self.style.SUCCESS(f"Synced: {counts or 'nothing to change'}."))
