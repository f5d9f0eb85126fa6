"""A source document's page: its text line by line, linked to what was built from it and what it names."""

from django.test import TestCase

from tests import factories as make
from tests.helpers import visible_text


class SourcePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document(
            "The Missing Picture: film page",
            lines=[
                "The Missing Picture",
                "Directed by Rithy Panh",
                "",
                "Adam Cook ★★★★",
                "Difficult, poignant and deeply moving. See S21.",
            ],
            origin="A review site, 2014.",
        )
        cls.panh = make.person("Rithy Panh", source=cls.document, lines=2)
        cls.film = make.film("The Missing Picture", source=cls.document, lines=(1, 2))
        cls.review = make.review(cls.film, make.person("Adam Cook"), source=cls.document, lines=(4, 5))
        cls.s21 = make.film("S21")
        make.mention(cls.document, 5, film=cls.s21)

    def test_lines_are_numbered_and_linked_to_records(self):
        response = self.client.get(self.document.get_absolute_url())
        self.assertContains(response, "<h1>The Missing Picture: film page</h1>", html=True)
        for number in range(1, 6):
            self.assertContains(response, f'id="L{number}"')
        self.assertNotContains(response, 'id="L6"')
        self.assertContains(response, f'href="{self.review.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.film.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.panh.get_absolute_url()}"')
        text = visible_text(response)
        self.assertIn("The Missing Picture Built from here: The Missing Picture (to line 2)", text)
        self.assertIn("Directed by Rithy Panh Built from here: Rithy Panh", text)
        self.assertIn("Built from here: Adam Cook on The Missing Picture (to line 5)", text)
        self.assertIn("See S21. Names: S21", text)
        self.assertContains(response, f'<a href="{self.s21.get_absolute_url()}">S21</a>', html=True)

    def test_the_documents_facts(self):
        response = self.client.get(self.document.get_absolute_url())
        for fact in [
            "<dt>Kind</dt><dd>Film page with reviews</dd>",
            f"<dt>File</dt><dd><code>{self.document.filename}</code></dd>",
            "<dt>Origin</dt><dd>A review site, 2014.</dd>",
            f"<dt>SHA-256</dt><dd><code>{self.document.checksum}</code></dd>",
        ]:
            with self.subTest(fact=fact):
                self.assertContains(response, fact, html=True)
