"""The archive's integrity is held by the database, not only by forms."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument
from interviews.models import Interview, Turn
from reviews.models import Review


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = Film.objects.create(title="Close-Up", slug="close-up")
        cls.person = Person.objects.create(
            name="Abbas Kiarostami", slug="abbas-kiarostami", sort_name="Kiarostami, Abbas"
        )
        cls.document = SourceDocument.objects.create(
            slug="doc",
            title="Doc",
            kind="film_page",
            filename="doc.txt",
            text="x",
            checksum="0" * 64,
        )

    def assertRefusedByDatabase(self, make):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make()

    def test_rating_is_from_one_to_ten_half_stars(self):
        for rating in (0, 11):
            with self.subTest(rating=rating):
                self.assertRefusedByDatabase(
                    lambda r=rating: Review.objects.create(film=self.film, author=self.person, rating=r)
                )
        review = Review(film=self.film, author=self.person, rating=11)
        with self.assertRaises(ValidationError) as caught:
            review.full_clean()
        self.assertIn("rating", caught.exception.message_dict)
        Review.objects.create(film=self.film, author=self.person, rating=None)

    def test_one_credit_per_film_person_and_role(self):
        Credit.objects.create(film=self.film, person=self.person, role="director")
        self.assertRefusedByDatabase(
            lambda: Credit.objects.create(film=self.film, person=self.person, role="director")
        )
        Credit.objects.create(film=self.film, person=self.person, role="writer")

    def test_roles_come_from_the_vocabulary(self):
        self.assertRefusedByDatabase(
            lambda: Credit.objects.create(film=self.film, person=self.person, role="auteur")
        )

    def test_slugs_are_unique(self):
        self.assertRefusedByDatabase(lambda: Film.objects.create(title="Other", slug="close-up"))

    def test_provenance_needs_a_consistent_line_range(self):
        self.assertRefusedByDatabase(
            lambda: Person.objects.create(name="A", slug="a", sort_name="A", source=self.document)
        )
        self.assertRefusedByDatabase(
            lambda: Person.objects.create(
                name="B",
                slug="b",
                sort_name="B",
                source=self.document,
                source_first_line=5,
                source_last_line=4,
            )
        )
        Person.objects.create(
            name="C",
            slug="c",
            sort_name="C",
            source=self.document,
            source_first_line=4,
            source_last_line=4,
        )

    def test_a_mention_names_one_record(self):
        self.assertRefusedByDatabase(
            lambda: Mention.objects.create(
                source=self.document, line=1, text="x", film=self.film, person=self.person
            )
        )
        self.assertRefusedByDatabase(lambda: Mention.objects.create(source=self.document, line=1, text="x"))

    def test_turn_positions_are_unique_within_an_interview(self):
        interview = Interview.objects.create(title="T", slug="t")
        Turn.objects.create(interview=interview, position=1, kind="question", speaker=self.person, body="?")
        self.assertRefusedByDatabase(
            lambda: Turn.objects.create(
                interview=interview, position=1, kind="answer", speaker=self.person, body="."
            )
        )

    def test_film_year_is_plausible(self):
        self.assertRefusedByDatabase(lambda: Film.objects.create(title="Future", slug="future", year=3000))
