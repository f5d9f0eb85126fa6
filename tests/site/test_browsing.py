"""An archive to browse: every document and every person has an index, and a document can be downloaded."""

import hashlib
from datetime import date

from django.test import TestCase

from filmarchive.models import Film, Person, SourceDocument
from reviews.models import Review
from tests.helpers import visible_text

TEXT = "A Film\n\nDirected by Jo Maker\n\n  • ★★★ review by Ann on Site\n\n    Fine.\n"


class IndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data = TEXT.encode()
        cls.document = SourceDocument.objects.create(
            slug="film-a-film",
            title="A Film: film page with reviews",
            kind="film_page",
            filename="film-a-film.txt",
            origin="A capture",
            captured_on=date(2024, 3, 1),
            text=TEXT,
            checksum=hashlib.sha256(data).hexdigest(),
        )
        provenance = {"source": cls.document, "source_first_line": 1, "source_last_line": 1}
        cls.film = Film.objects.create(title="A Film", slug="a-film", **provenance)
        cls.maker = Person.objects.create(
            name="Jo Maker", slug="jo-maker", sort_name="Maker, Jo", **provenance
        )
        ann = Person.objects.create(name="Ann", slug="ann", sort_name="Ann", **provenance)
        Review.objects.create(
            film=cls.film, author=ann, body="Fine.", rating=6, source=cls.document, source_first_line=5,
            source_last_line=7,
        )  # fmt: skip
        Person.objects.create(name="Zed Last", slug="zed-last", sort_name="Last, Zed")

    def test_the_sources_index(self):
        response = self.client.get("/sources/")
        self.assertEqual(response.status_code, 200)
        facts = "Film page with reviews A capture captured 1 March 2024 4 records built"
        self.assertIn(f"A Film: film page with reviews {facts}", visible_text(response))
        self.assertContains(response, f'href="{self.document.get_absolute_url()}"')

    def test_the_people_index_by_surname(self):
        text = visible_text(self.client.get("/people/"))
        self.assertIn("A Ann L Zed Last M Jo Maker", text)

    def test_both_are_linked_from_every_page(self):
        response = self.client.get("/")
        self.assertContains(response, '<a href="/people/">People</a>', html=True)
        self.assertContains(response, '<a href="/sources/">the sources</a>', html=True)

    def test_download_the_text_byte_for_byte(self):
        page = self.client.get(self.document.get_absolute_url())
        self.assertContains(page, 'href="/sources/film-a-film/text"')
        self.assertContains(page, self.document.checksum)
        response = self.client.get("/sources/film-a-film/text")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn('attachment; filename="film-a-film.txt"', response["Content-Disposition"])
        self.assertEqual(hashlib.sha256(response.content).hexdigest(), self.document.checksum)

    def test_a_document_with_a_byte_order_mark_downloads_with_it(self):
        data = "\ufeff".encode() + TEXT.encode()
        SourceDocument.objects.filter(pk=self.document.pk).update(checksum=hashlib.sha256(data).hexdigest())
        response = self.client.get("/sources/film-a-film/text")
        self.assertEqual(response.content, data)

    def test_a_source_link_marks_the_whole_cited_range(self):
        review = Review.objects.get()
        self.assertEqual(review.get_source_url(), "/sources/film-a-film/?lines=5-7#L5")
        response = self.client.get(review.get_source_url())
        cited = [line["number"] for line in response.context["lines"] if line["cited"]]
        self.assertEqual(cited, [5, 6, 7])
        self.assertContains(response, 'class="cited"', count=3)
        for junk in ["7-", "a-b", "1-99999999", "-"]:
            with self.subTest(lines=junk):
                self.assertEqual(self.client.get("/sources/film-a-film/", {"lines": junk}).status_code, 200)
