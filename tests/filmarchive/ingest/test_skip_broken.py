"""One bad document does not have to block the rest: build_fixtures --skip-broken."""

import json

from django.core.management import CommandError
from django.test import SimpleTestCase

from tests.filmarchive.test_build_fixtures import SourcesCopyMixin


class SkipBrokenTests(SourcesCopyMixin, SimpleTestCase):
    def setUp(self):
        super().setUp()
        (self.sources / "film-broken.txt").write_text("Broken\n\nStarring Nobody\n", encoding="utf-8")
        (self.sources / "interview-unreadable.txt").write_bytes("Caf\xe9\n".encode("latin-1"))

    def test_all_or_nothing_by_default(self):
        with self.assertRaises(CommandError) as raised:
            self.build()
        message = str(raised.exception)
        self.assertIn("film-broken.txt:", message)
        self.assertIn("interview-unreadable.txt:1", message)
        self.assertFalse(self.output.exists())

    def test_skip_broken_builds_the_rest_and_lists_what_it_left_out(self):
        out = self.build("--skip-broken")
        self.assertIn("Skipped ", out)
        self.assertIn("film-broken.txt", out)
        self.assertIn("interview-unreadable.txt", out)
        objects = json.loads(self.output.read_text(encoding="utf-8"))
        documents = {o["fields"]["filename"] for o in objects if o["model"] == "filmarchive.sourcedocument"}
        self.assertEqual(
            documents, {"film-the-missing-picture.txt", "interview-rithy-panh-the-missing-picture.txt"}
        )
