"""What the site offers machines: feeds announced on every page, the sitemap, robots.txt, the icon."""

import re

from django.test import TestCase

from filmarchive.sitemaps import LIMIT
from interviews.models import Interview
from reviews.models import Review
from tests import factories as make
from tests.helpers import json_ld


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
        index = self.client.get("/sitemap.xml")
        self.assertEqual(index["Content-Type"], "application/xml")
        sections = {
            section: self.client.get(f"/sitemap-{section}.xml").content.decode()
            for section in ("pages", "films", "people", "sources", "reviews", "interviews")
        }
        for section in sections:
            self.assertContains(index, f"<loc>http://testserver/sitemap-{section}.xml</loc>")
        for section, record in [
            ("films", self.film),
            ("people", self.person),
            ("sources", self.document),
            ("reviews", self.review),
            ("interviews", self.interview),
        ]:
            with self.subTest(record=record):
                self.assertIn(f"<loc>http://testserver{record.get_absolute_url()}</loc>", sections[section])
        for page in ["/", "/films/", "/interviews/"]:
            self.assertIn(f"<loc>http://testserver{page}</loc>", sections["pages"])
        self.assertNotIn(self.hidden.get_absolute_url(), sections["reviews"])

    def test_a_record_added_later_is_in_the_sitemap_too(self):
        from unittest import mock

        from filmarchive.sitemaps import RecordSitemap

        # One URL a page, so that the next film needs a page the sitemap did not have before.
        with mock.patch.object(RecordSitemap, "limit", 1):
            self.assertNotContains(self.client.get("/sitemap.xml"), "sitemap-films.xml?p=2")
            later = make.film("A later film")
            self.assertContains(self.client.get("/sitemap.xml"), "sitemap-films.xml?p=2")
            self.assertContains(self.client.get("/sitemap-films.xml", {"p": 2}), later.get_absolute_url())

    def section_pages(self):
        """{address: body} of every page of every section the index lists, each fetched."""
        index = self.client.get("/sitemap.xml").content.decode()
        pages = {}
        for url in re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index):
            response = self.client.get(url.replace("&amp;", "&"))
            self.assertEqual(response.status_code, 200, url)
            pages[url] = response.content.decode()
        return pages

    def test_a_gap_in_ids_leaves_no_page_of_a_section_empty(self):
        # The next review's id lies far past the others': whole ranges of ids hold no review.
        late = make.review(self.film, pk=self.review.pk + 2 * LIMIT + LIMIT // 2)
        pages = self.section_pages()
        for url, body in pages.items():
            with self.subTest(url=url):
                # sitemaps.org's schema: a <urlset> holds at least one <url>.
                self.assertIn("<url><loc>", body)
        reviews = [url for url in pages if url.startswith("/sitemap-reviews.xml")]
        self.assertEqual(reviews, ["/sitemap-reviews.xml", "/sitemap-reviews.xml?p=2"])
        self.assertIn(late.get_absolute_url(), pages["/sitemap-reviews.xml?p=2"])
        self.assertIn(self.review.get_absolute_url(), pages["/sitemap-reviews.xml"])
        self.assertEqual(self.client.get("/sitemap-reviews.xml", {"p": 3}).status_code, 404)

    def test_the_index_finds_every_sections_pages_in_one_query(self):
        from unittest import mock

        from filmarchive.site.sitemaps import SITEMAPS
        from filmarchive.sitemaps import RecordSitemap

        make.film("A later film")
        make.review(self.film)
        # One URL a page: as many pages in each section as it has records.
        expected = ["sitemap-pages.xml"]
        for section, sitemap in SITEMAPS.items():
            if isinstance(sitemap, RecordSitemap):
                pages = sitemap.queryset.count()
                expected += [f"sitemap-{section}.xml"] + [
                    f"sitemap-{section}.xml?p={n}" for n in range(2, pages + 1)
                ]
        self.assertGreater(len(expected), 8)
        with mock.patch.object(RecordSitemap, "limit", 1), self.assertNumQueries(1):
            index = self.client.get("/sitemap.xml").content.decode()
        listed = re.findall(r"<loc>http://testserver/(sitemap-[^<]+)</loc>", index)
        self.assertEqual([url.replace("&amp;", "&") for url in listed], expected)

    def test_a_section_with_nothing_to_list_is_left_out(self):
        Interview.objects.all().delete()
        self.assertNotIn("/sitemap-interviews.xml", "".join(self.section_pages()))
        self.assertEqual(self.client.get("/sitemap-interviews.xml").status_code, 404)

    def test_robots(self):
        robots = self.client.get("/robots.txt")
        self.assertEqual(robots["Content-Type"], "text/plain")
        self.assertContains(robots, "Disallow: /admin/")
        self.assertContains(robots, "Sitemap: http://testserver/sitemap.xml")

    def test_favicon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("favicon.svg"))


def empty_values(data, path=""):
    """Where a JSON-LD description holds an empty string, list or object, or null."""
    if data in ("", [], {}, None):
        return [path or "."]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in empty_values(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [found for n, value in enumerate(data) for found in empty_values(value, f"{path}[{n}]")]
    return []


class StructuredDataHasNoEmptyValueTests(TestCase):
    """Search engines' rich-result tests flag an empty value: what the archive does not know is left
    out of a page's JSON-LD, not given empty."""

    def test_records_the_archive_knows_little_of(self):
        bare = make.film("A film with no credits")  # no director, no cast, no reviews
        rated = make.film("A film rated without words")
        only_a_rating = make.review(rated, rating=7, body="")
        quiet = make.interview("An interview about nothing", subjects=[])  # no subject, film or mention
        make.turn(quiet, body="A single question?", speaker=make.person("Interviewer"))
        for record in [bare, rated, only_a_rating, quiet]:
            with self.subTest(record=record):
                self.assertEqual(empty_values(json_ld(self.client.get(record.get_absolute_url()))), [])
        self.assertNotIn("reviewBody", json_ld(self.client.get(only_a_rating.get_absolute_url())))
