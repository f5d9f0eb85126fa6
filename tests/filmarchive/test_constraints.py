"""The archive's integrity is held by the database, not only by forms."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from filmarchive.models import Mention, SourceDocument
from tests import factories as make


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("Close-Up")
        cls.person = make.person("Abbas Kiarostami", sort_name="Kiarostami, Abbas")
        cls.document = make.source_document("Doc")

    def assertRefusedByDatabase(self, make_record):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_record()

    def test_rating_is_from_one_to_ten_half_stars(self):
        for rating in (0, 11):
            with self.subTest(rating=rating):
                self.assertRefusedByDatabase(lambda r=rating: make.review(self.film, self.person, rating=r))
        review = make.review(self.film, self.person, rating=11, save=False)
        with self.assertRaises(ValidationError) as caught:
            review.full_clean()
        self.assertIn("rating", caught.exception.message_dict)
        make.review(self.film, self.person, rating=None)

    def test_status_comes_from_the_vocabulary(self):
        self.assertRefusedByDatabase(lambda: make.review(self.film, self.person, status="draft"))

    def test_one_review_per_member_and_film(self):
        ada = make.member()
        make.review(self.film, member=ada)
        self.assertRefusedByDatabase(
            lambda: make.review(self.film, member=ada, author=make.person(), first_published_in="Elsewhere")
        )
        make.review(make.film(), member=ada)

    def test_one_credit_per_film_person_and_role(self):
        make.credit(self.film, self.person, "director")
        self.assertRefusedByDatabase(lambda: make.credit(self.film, self.person, "director"))
        make.credit(self.film, self.person, "writer")

    def test_roles_come_from_the_vocabulary(self):
        self.assertRefusedByDatabase(lambda: make.credit(self.film, self.person, "auteur"))

    def test_slugs_are_unique(self):
        self.assertRefusedByDatabase(lambda: make.film("Other", slug=self.film.slug))

    def test_provenance_needs_a_consistent_line_range(self):
        self.assertRefusedByDatabase(
            lambda: make.person("A", source=self.document, source_first_line=None, source_last_line=None)
        )
        self.assertRefusedByDatabase(lambda: make.person("B", source=self.document, lines=(5, 4)))
        self.assertRefusedByDatabase(lambda: make.person("Z", source=self.document, lines=(0, 0)))
        make.person("C", source=self.document, lines=(4, 4))

    def test_a_mention_names_one_record(self):
        self.assertRefusedByDatabase(
            lambda: Mention.objects.create(
                source=self.document, line=1, text="x", film=self.film, person=self.person
            )
        )
        self.assertRefusedByDatabase(lambda: Mention.objects.create(source=self.document, line=1, text="x"))
        self.assertRefusedByDatabase(lambda: make.mention(self.document, 0, film=self.film))

    def test_turn_positions_are_unique_within_an_interview(self):
        interview = make.interview("T")
        make.turn(interview, "question", position=1, speaker=self.person)
        self.assertRefusedByDatabase(lambda: make.turn(interview, "answer", position=1, speaker=self.person))
        self.assertRefusedByDatabase(lambda: make.figure(interview, position=0))

    def test_film_year_and_runtime_are_plausible(self):
        self.assertRefusedByDatabase(lambda: make.film("Future", year=3000))
        self.assertRefusedByDatabase(lambda: make.film("Instant", runtime_minutes=0))

    def test_a_documents_checksum_is_sha256_in_hex(self):
        self.assertRefusedByDatabase(lambda: make.source_document(checksum="not a checksum"))
        self.assertRefusedByDatabase(lambda: make.source_document(kind="letter"))
        self.assertEqual(SourceDocument.objects.filter(checksum__regex=r"^[0-9a-f]{64}$").count(), 1)
