"""Mentions that read: each passage that names a record is named, quoted and linked to its place."""

import hashlib

from django.test import TestCase

from filmarchive.models import Film, Mention, Person, SourceDocument
from interviews.models import Interview, Turn
from tests.helpers import visible_text

TEXT = "\n".join(
    [
        "Intro line naming nothing.",
        "",
        "Q: What came first?",
        "",
        "A: Before anything, I saw Vertigo twice. It changed me.",
    ]
)


class TurnContextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        document = SourceDocument.objects.create(
            slug="interview-x", title="X", kind="interview", filename="interview-x.txt", text=TEXT,
            checksum=hashlib.sha256(TEXT.encode()).hexdigest(),
        )  # fmt: skip
        cls.film = Film.objects.create(title="Vertigo", slug="vertigo")
        speaker = Person.objects.create(name="Ana Maker", slug="ana-maker", sort_name="Maker, Ana")
        interview = Interview.objects.create(
            title="Ana Maker on seeing", slug="ana", source=document, source_first_line=1, source_last_line=5
        )
        cls.turn = Turn.objects.create(
            interview=interview, position=2, kind="answer", speaker=speaker,
            body="Before anything, I saw Vertigo twice. It changed me.",
            source=document, source_first_line=5, source_last_line=5,
        )  # fmt: skip
        Mention.objects.create(source=document, line=5, text="Vertigo", film=cls.film)

    def test_a_turn_is_named_quoted_and_linked_to_its_anchor(self):
        response = self.client.get(self.film.get_absolute_url())
        self.assertIn(
            "Mentioned in Ana Maker’s answer in “Ana Maker on seeing” Before anything, I saw Vertigo twice.",
            visible_text(response),
        )
        self.assertContains(response, '<a href="/interviews/ana/#turn-2">', count=1)
        self.assertNotIn("It changed me", visible_text(response).split("Mentioned in")[1])


class ShippedArchiveTests(TestCase):
    """The catalogue makes a film of the line that names it (its synopsis empty): that line is still
    quoted from the review it stands in."""

    fixtures = ["archive"]

    def mentioned_in(self, url):
        text = visible_text(self.client.get(url))
        self.assertIn("Mentioned in", text)
        return text.split("Mentioned in", 1)[1].split("Every record here cites", 1)[0]

    def test_a_film_named_only_in_a_review_is_mentioned_in_that_review(self):
        self.assertIn(
            "Mike D'Angelo’s review of The Missing Picture A valuable companion piece to S21.",
            self.mentioned_in(Film.objects.get(slug="s21").get_absolute_url()),
        )

    def test_a_person_is_never_mentioned_in_an_empty_synopsis(self):
        for slug in ("ben-hynes", "joshua-oppenheimer"):
            with self.subTest(slug):
                response = self.client.get(Person.objects.get(slug=slug).get_absolute_url())
                self.assertNotContains(response, "The synopsis of The Act of Killing")
                self.assertNotContains(response, "<blockquote></blockquote>")
                self.assertIn(
                    "Alex Engquist’s review of The Missing Picture had a great Twitter conversation with Ben"
                    " Hynes",
                    self.mentioned_in(response.wsgi_request.path),
                )
