"""generate_archive_data makes the same realistic archive for the same seed, beside what is there."""

import hashlib
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase

from filmarchive.models import Credit, Film, Person, User
from interviews.models import Interview, Turn
from reviews.models import FilmRating, Review

ARGUMENTS = ["--films=30", "--people=200", "--reviews=2000", "--members=60", "--interviews=2"]


def fingerprint():
    rows = Review.objects.order_by("film__slug", "author__slug", "first_published_in").values_list(
        "film__slug", "author__slug", "first_published_in", "rating", "body", "published_on", "status"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


class GenerateArchiveDataTests(TestCase):
    fixtures = ["archive"]

    def generate(self, *extra):
        call_command("generate_archive_data", *ARGUMENTS, *extra, stdout=StringIO())

    def test_the_archive_it_makes(self):
        self.generate()
        generated = Review.objects.filter(film__slug__startswith="g1-")
        self.assertEqual(generated.count(), 2000)
        self.assertEqual(Film.objects.filter(slug__startswith="g1-").count(), 30)
        self.assertEqual(User.objects.filter(username__startswith="g1-member-").count(), 60)
        self.assertEqual(Person.objects.filter(slug__startswith="g1-").count(), 260)
        self.assertEqual(Interview.objects.filter(slug__startswith="g1-").count(), 2)
        self.assertEqual(Turn.objects.filter(interview__slug__startswith="g1-").count(), 20)
        self.assertTrue(Credit.objects.filter(film__slug="g1-f0", role="director").exists())
        # One popular film with about a fifth of the reviews.
        popular = FilmRating.objects.order_by("-reviews").select_related("film").first()
        self.assertEqual(popular.film.slug, "g1-f0")
        self.assertAlmostEqual(popular.reviews / 2000, 0.2, delta=0.04)
        # Members' reviews carry their account; critics' where they appeared.
        member_review = generated.filter(member__isnull=False).select_related("member").first()
        self.assertEqual(member_review.member.person_id, member_review.author_id)
        self.assertFalse(generated.filter(member__isnull=True, first_published_in="").exists())
        self.assertTrue(
            generated.filter(body__contains="aspic").exists() or generated.filter(body__regex=r"\w{9,}")
        )
        # The stored ratings were counted, and every account is unusable for signing in.
        call_command("recount_ratings", "--check", stdout=StringIO())
        self.assertFalse(User.objects.get(username="g1-member-0").has_usable_password())

    def test_the_same_seed_gives_the_same_archive(self):
        prints = []
        for _ in range(2):
            with transaction.atomic():
                self.generate()
                prints.append(fingerprint())
                transaction.set_rollback(True)
        self.assertEqual(prints[0], prints[1])
        with transaction.atomic():
            self.generate("--seed=2")
            self.assertNotEqual(fingerprint(), prints[0])
            transaction.set_rollback(True)

    def test_a_seed_is_used_once_and_sizes_are_checked(self):
        self.generate()
        with self.assertRaisesMessage(CommandError, "already has the records of seed 1"):
            self.generate()
        with self.assertRaises(CommandError):
            call_command("generate_archive_data", "--films=1", stdout=StringIO())
