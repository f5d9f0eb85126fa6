"""Fill an empty archive from the committed fixture, or bring an existing one in step with the documents.

    python manage.py prepare_archive

What `make run` and the production set-up step run after migrating: `loaddata archive` only when the
database holds no document yet, `sync_archive` otherwise, so that editors' changes are never undone.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from filmarchive.models import SourceDocument


class Command(BaseCommand):
    help = "Load the fixture into an empty archive, or sync an existing one (keeping editors' changes)."

    def handle(self, *args, **options):
        if SourceDocument.all_objects.exists():
            self.stdout.write("The archive has documents already: syncing (editors' changes are kept).")
            call_command("sync_archive", brief=True, stdout=self.stdout, stderr=self.stderr)
        else:
            self.stdout.write("An empty archive: loading the fixture.")
            call_command("loaddata", "archive", stdout=self.stdout, stderr=self.stderr)
