"""The shipped archive (``loaddata archive``, built from the two real documents): every page renders.

The one test of the public pages against the real fixture; the others build what they need with
tests/factories.py. What was built from the documents is checked in tests/filmarchive/test_archive.py.
"""

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Film, Person, SourceDocument
from interviews.models import Interview
from reviews.models import Review


class EveryPageTests(TestCase):
    fixtures = ["archive"]

    def test_every_page_renders(self):
        pages = [
            reverse("filmarchive:home"),
            reverse("filmarchive:film-list"),
            reverse("interviews:interview-list"),
            *[f.get_absolute_url() for f in Film.objects.all()],
            *[reverse("reviews:film-reviews", args=[f.slug]) for f in Film.objects.all()],
            *[p.get_absolute_url() for p in Person.objects.all()],
            *[r.get_absolute_url() for r in Review.objects.all()],
            *[i.get_absolute_url() for i in Interview.objects.all()],
            *[d.get_absolute_url() for d in SourceDocument.objects.all()],
            reverse("filmarchive:search") + "?q=clay",
        ]
        self.assertGreater(len(pages), 25)
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="main-content"')
        for url, entry in [
            ("/feeds/reviews/", "<item>"),
            ("/feeds/interviews/", "<item>"),
            ("/sitemap.xml", "<loc>"),
        ]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), entry)
