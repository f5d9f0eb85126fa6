"""The templates stay readable: no line longer than a reader's screen."""

from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
MAX_LINE = 120


def template_files():
    for app in ("filmarchive", "reviews", "interviews"):
        yield from sorted((ROOT / app).rglob("templates/**/*.html"))


class TemplateTests(SimpleTestCase):
    def test_no_template_line_is_longer_than_120_characters(self):
        files = list(template_files())
        self.assertGreater(len(files), 20)  # the search itself finds the templates
        long_lines = [
            f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
            for path in files
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if len(line) > MAX_LINE
        ]
        self.assertEqual(long_lines, [])
