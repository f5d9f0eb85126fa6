"""The core's template tags and filters, on their own."""

from datetime import timedelta

from django.template import Context, Template
from django.test import SimpleTestCase

from filmarchive.templatetags.archive import duration, json_ld


class DurationTests(SimpleTestCase):
    def test_durations_in_words(self):
        self.assertEqual(duration(timedelta(minutes=15)), "15 minutes")
        self.assertEqual(duration(timedelta(minutes=1)), "1 minute")
        self.assertEqual(duration(timedelta(hours=1)), "1 hour")
        self.assertEqual(duration(timedelta(minutes=150)), "2 hours 30 minutes")


class JsonLdTests(SimpleTestCase):
    def test_nothing_in_the_data_can_close_the_script_element(self):
        html = json_ld({"name": "</script><script>alert(1)</script> & co"})
        self.assertEqual(html.count("</script>"), 1)
        self.assertIn("\\u003C/script\\u003E", html)
        self.assertIn("\\u0026 co", html)
        self.assertEqual(json_ld({}), "")


class TruncateTests(SimpleTestCase):
    def test_cuts_between_whole_characters(self):
        # A page's description, as film pages cut theirs: a flag or an accented letter stays whole.
        template = Template("{% load archive %}{{ text|truncate:6 }}")
        for text, expected in [
            ("Short", "Short"),
            (
                "x\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa\U0001f1fa\U0001f1f8",
                "x\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa…",
            ),
            ("Pe\u0301ne\u0301lope", "Pe\u0301n…"),
            ("<b>Bold</b>", "&lt;b&gt;Bo…"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(template.render(Context({"text": text})), expected)
