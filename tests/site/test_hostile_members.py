"""What a member's own words and names can do to the pages, headers and files the site sends."""

from urllib.parse import quote

from django.test import TestCase
from django.urls import reverse

from tests import factories as make


class DownloadNameTests(TestCase):
    def test_a_username_in_any_script_still_names_the_downloads(self):
        # Sign-up takes usernames in any script; "ł" is outside Latin-1, which a header cannot carry raw.
        member = make.member("łukasz", name="Łukasz Nowak")
        self.client.force_login(member)
        for name, filename in (
            ("account-data", "film-archive-łukasz.json"),
            ("account-reviews-csv", "film-archive-łukasz-reviews.csv"),
        ):
            with self.subTest(name=name):
                header = self.client.get(reverse(name))["Content-Disposition"]
                self.assertTrue(header.startswith("attachment; "), header)
                self.assertIn(f"filename*=utf-8''{quote(filename)}", header)
