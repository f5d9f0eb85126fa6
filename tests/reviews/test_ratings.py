"""Films' stored ratings equal a recount after every kind of change to reviews; recount_ratings proves it."""

from io import StringIO

from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from reversion.models import Version

from filmarchive.models import Film, Person, User
from filmarchive.pagecache import archive_changed
from reviews.models import FilmRating, Review
from tests.helpers import ArchiveEditorTestCase as EditorTestCase
from tests.helpers import visible_text


def stored(film):
    row = FilmRating.objects.filter(film=film).first()
    return row.figures() if row else FilmRating.empty(film.pk)


class RatingsTestCase(TestCase):
    fixtures = ["archive"]

    @classmethod
    def setUpTestData(cls):
        cls.film = Film.objects.get(slug="the-missing-picture")
        cls.other = Film.objects.get(slug="s21")

    def assertRight(self):
        """Every film's stored figures equal a recount from its reviews."""
        call_command("recount_ratings", "--check", stdout=StringIO())
        for film in (self.film, self.other):
            self.assertEqual(
                stored(film), FilmRating.objects.computed([film.pk]).get(film.pk, FilmRating.empty(film.pk))
            )

    def new_critic(self, slug):
        return Person.objects.create(name=slug.title(), slug=slug, sort_name=slug)


class KeptRightTests(RatingsTestCase):
    def test_the_loaded_fixture(self):
        self.assertEqual(stored(self.film)["ratings"], 5)
        self.assertRight()

    def test_create_edit_hide_publish_move_delete(self):
        review = Review.objects.create(film=self.film, author=self.new_critic("jo"), rating=3, body="x")
        self.assertEqual(stored(self.film)["half_stars_3"], 1)
        self.assertRight()
        review.rating = None
        review.save()
        self.assertEqual((stored(self.film)["reviews"], stored(self.film)["ratings"]), (6, 5))
        self.assertRight()
        review.rating = 7
        review.status = Review.Status.HIDDEN
        review.save()
        self.assertEqual(stored(self.film)["reviews"], 5)
        self.assertRight()
        review.status = Review.Status.PUBLISHED
        review.save(update_fields=["status"])
        self.assertRight()
        review.film = self.other
        review.save()
        self.assertEqual(stored(self.other)["half_stars_7"], 1)
        self.assertRight()
        review.delete()
        self.assertEqual(stored(self.other)["reviews"], 0)
        self.assertIsNone(stored(self.other)["average"])
        self.assertRight()

    def test_a_stale_instance_counts_what_is_stored(self):
        review = Review.objects.get(author__slug="adam-cook")
        stale = Review.objects.get(pk=review.pk)
        review.status = Review.Status.HIDDEN
        review.save()
        stale.delete()  # the instance still says "published"; the row said "hidden"
        self.assertRight()

    def test_querysets_update_create_and_delete(self):
        Review.objects.filter(author__slug="adam-cook").update(rating=2)
        self.assertRight()
        Review.objects.filter(rating=9).update(status=Review.Status.HIDDEN)
        self.assertEqual(stored(self.film)["reviews"], 3)
        self.assertRight()
        Review.objects.filter(author__slug="adam-cook").update(film=self.other)
        self.assertRight()
        Review.objects.bulk_create(
            Review(film=self.other, author=self.new_critic(f"c{i}"), rating=10, body="x") for i in range(3)
        )
        self.assertEqual(stored(self.other)["half_stars_10"], 3)
        self.assertRight()
        reviews = list(Review.objects.filter(film=self.other))
        for review in reviews:
            review.rating = 1
        Review.objects.bulk_update(reviews, ["rating"])
        self.assertRight()
        Review.objects.filter(film=self.other).delete()
        self.assertRight()

    def test_loaddata_and_restoring_from_the_history(self):
        Review.objects.all().delete()
        self.assertEqual(stored(self.film)["reviews"], 0)
        call_command("loaddata", "archive", verbosity=0)
        self.assertEqual(stored(self.film)["ratings"], 5)
        self.assertRight()
        call_command("createinitialrevisions", verbosity=0)
        review = Review.objects.get(author__slug="adam-cook")
        review.rating = 1
        review.film = self.other
        review.save()
        Version.objects.get_for_object(review).order_by("pk").first().revert()
        review.refresh_from_db()
        self.assertEqual((review.film, review.rating), (self.film, 8))
        self.assertRight()


class RecountCommandTests(RatingsTestCase):
    def test_check_fails_on_a_difference_and_recounting_fixes_it(self):
        FilmRating.objects.filter(film=self.film).update(half_stars_8=2, ratings=4, total=34)
        with self.assertRaisesMessage(CommandError, "1 film(s) have stored ratings that differ"):
            call_command("recount_ratings", "--check", stdout=StringIO())
        out = StringIO()
        call_command("recount_ratings", stdout=out)
        self.assertIn("1 film(s) changed", out.getvalue())
        self.assertRight()

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_recounting_shows_on_cached_pages_at_once(self):
        caches[settings.PAGE_CACHE_ALIAS].clear()
        right = visible_text(self.client.get(self.film.get_absolute_url()))
        FilmRating.objects.filter(film=self.film).update(half_stars_8=2, ratings=4, total=34)
        archive_changed()  # the wrong figures, as the pages show and keep them
        wrong = visible_text(self.client.get(self.film.get_absolute_url()))
        self.assertIn("from 4 ratings", wrong)
        call_command("recount_ratings", stdout=StringIO())
        page = self.client.get(self.film.get_absolute_url())
        self.assertEqual(page["X-Page-Cache"], "miss")
        self.assertEqual(visible_text(page), right)
        call_command("recount_ratings", stdout=StringIO())  # nothing to fix: the cache stays
        self.assertEqual(self.client.get(self.film.get_absolute_url())["X-Page-Cache"], "hit")

    def test_a_missing_or_wrong_row(self):
        FilmRating.objects.all().delete()
        with self.assertRaises(CommandError):
            call_command("recount_ratings", "--check", stdout=StringIO())
        call_command("recount_ratings", stdout=StringIO())
        # Every film has its row again, those with no reviews too.
        self.assertEqual(FilmRating.objects.count(), Film.objects.count())
        FilmRating.objects.filter(film=self.other).update(reviews=2)
        with self.assertRaises(CommandError):
            call_command("recount_ratings", "--check", stdout=StringIO())
        call_command("recount_ratings", stdout=StringIO())
        self.assertRight()


class AdminModerationTests(EditorTestCase):
    def test_bulk_publish_and_hide_keep_the_ratings(self):
        reviews = Review.objects.filter(film=self.film)
        url = reverse("admin:reviews_review_changelist")
        data = {"action": "hide", "_selected_action": [r.pk for r in reviews[:2]]}
        self.client.post(url, data)
        self.assertEqual(FilmRating.objects.get(film=self.film).reviews, 3)
        self.client.post(url, {**data, "action": "publish"})
        self.assertEqual(FilmRating.objects.get(film=self.film).reviews, 5)
        call_command("recount_ratings", "--check", stdout=StringIO())

    def test_deleting_from_the_admin(self):
        review = Review.objects.filter(film=self.film).first()
        self.client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
        self.assertEqual(FilmRating.objects.get(film=self.film).reviews, 4)
        call_command("recount_ratings", "--check", stdout=StringIO())


class MembersTests(RatingsTestCase):
    def test_a_member_deleting_their_review(self):
        person = self.new_critic("ada")
        ada = User.objects.create_user("ada", password="a long enough password", person=person)
        self.client.force_login(ada)
        self.client.post(
            reverse("reviews:review-form", args=[self.film.slug]), {"rating": "10", "body": "Yes."}
        )
        self.assertEqual(stored(self.film)["half_stars_10"], 1)
        review = Review.objects.get(member=ada)
        self.client.post(reverse("reviews:review-delete", args=[review.pk]))
        self.assertEqual(stored(self.film)["half_stars_10"], 0)
        self.assertRight()
