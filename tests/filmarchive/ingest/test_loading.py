"""The test archive's records load into the database and every one of them gets a working page.

What the build writes must fit the models (natural keys, Unicode slugs, the new fields), and a name in
Hangul, kanji or Cyrillic must have an address the site serves, a place in the sitemap and in search.
"""

import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from filmarchive.ingest import build_archive, fixture_json
from filmarchive.models import Credit, Film, Person, SourceDocument
from interviews.models import Figure, Interview
from reviews.models import Review
from tests.filmarchive.ingest import ARCHIVE


class LoadedTestArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with tempfile.TemporaryDirectory() as tmp:
            fixture = Path(tmp) / "test-archive.json"
            fixture.write_text(fixture_json(build_archive(ARCHIVE, Credit.Role.values)), encoding="utf-8")
            call_command("loaddata", fixture, verbosity=0)

    def test_every_record_passes_full_clean(self):
        for model in apps.get_models():
            if (
                model._meta.app_label not in ("filmarchive", "reviews", "interviews")
                or model.__name__ == "User"
            ):
                continue
            for record in model.objects.all():
                with self.subTest(record=f"{model.__name__} {record}"):
                    record.full_clean()

    def test_the_new_fields(self):
        interview = Interview.objects.get(slug="bong-joon-ho-on-parasite-sight-and-sound")
        self.assertEqual(
            sorted(interview.interviewers.values_list("name", flat=True)), ["Jane Doe", "John Roe"]
        )
        self.assertEqual(
            Figure.objects.get(interview=interview, position=1).credit, "Photo: CJ Entertainment"
        )
        review = Review.objects.get(film__slug="parasite", author__slug="notes-on-film")
        self.assertEqual((str(review.watched_on), str(review.published_on)), ("2019-11-12", "2019-11-14"))
        self.assertTrue(review.contains_spoilers)

    def test_every_page_of_every_record_answers(self):
        records = [
            *Person.objects.all(),
            *Film.objects.all(),
            *Interview.objects.all(),
            *SourceDocument.objects.all(),
            *Review.objects.all(),
        ]
        for record in records:
            url = record.get_absolute_url()
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_names_in_any_script_have_pages_sitemap_entries_and_search_results(self):
        for slug, name in [
            ("송강호", "송강호"),
            ("黒澤明", "黒澤明"),
            ("андрей-тарковский", "Андрей Тарковский"),
        ]:
            with self.subTest(name):
                person = Person.objects.get(slug=slug)
                response = self.client.get(person.get_absolute_url())
                self.assertContains(response, name)
                self.assertContains(
                    self.client.get(reverse("sitemap-section", args=["people"])), person.get_absolute_url()
                )
                self.assertContains(self.client.get(reverse("filmarchive:search"), {"q": name}), name)
        self.assertContains(self.client.get(Film.objects.get(slug="сталкер").get_absolute_url()), "Сталкер")

    def test_feeds(self):
        for name in ("reviews:feed", "interviews:feed"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)
