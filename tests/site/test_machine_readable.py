"""What the site offers machines: feeds announced on every page, the sitemap, robots.txt, the icon."""

from django.test import TestCase

from reviews.models import Review
from tests import factories as make


class MachineReadableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document("A film page")
        cls.film = make.film("The Missing Picture", source=cls.document)
        cls.person = make.person("Rithy Panh")
        cls.review = make.review(cls.film, cls.person)
        cls.hidden = make.review(cls.film, status=Review.Status.HIDDEN)
        cls.interview = make.interview("Rithy Panh on The Missing Picture", subjects=[cls.person])

    def test_feeds_are_announced(self):
        for url in ["/", self.film.get_absolute_url()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(
                    response, 'type="application/rss+xml" title="Latest reviews" href="/feeds/reviews/"'
                )
                self.assertContains(
                    response, 'type="application/rss+xml" title="Latest interviews" href="/feeds/interviews/"'
                )

    def test_sitemap_lists_every_public_record(self):
        sitemap = self.client.get("/sitemap.xml")
        self.assertEqual(sitemap["Content-Type"], "application/xml")
        for record in [self.film, self.person, self.document, self.review, self.interview]:
            with self.subTest(record=record):
                self.assertContains(sitemap, f"<loc>http://testserver{record.get_absolute_url()}</loc>")
        for page in ["/", "/films/", "/interviews/"]:
            self.assertContains(sitemap, f"<loc>http://testserver{page}</loc>")
        self.assertNotContains(sitemap, f"<loc>http://testserver{self.hidden.get_absolute_url()}</loc>")

    def test_robots(self):
        robots = self.client.get("/robots.txt")
        self.assertEqual(robots["Content-Type"], "text/plain")
        self.assertContains(robots, "Disallow: /admin/")
        self.assertContains(robots, "Sitemap: http://testserver/sitemap.xml")

    def test_favicon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("favicon.svg"))
