"""Members write, edit and delete reviews of their own; nothing they write is lost or shown as HTML."""

from io import StringIO
from unittest import skipUnless

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils.html import escape
from reversion.models import Revision

from reviews.members import SAVE_COMMENT, save_member_review
from reviews.models import FilmRating, Review
from tests import factories as make
from tests.helpers import all_at_once, visible_text

CRITICS_RATINGS = [8, 8, 9, 9, 8]  # 4.2 stars on average


def film_with_critics_reviews():
    film = make.film("The Missing Picture")
    reviews = [make.review(film, rating=rating) for rating in CRITICS_RATINGS]
    return film, reviews


class MemberReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ada = make.member("ada")
        cls.film, cls.critics_reviews = film_with_critics_reviews()
        cls.film_url = cls.film.get_absolute_url()
        cls.form_url = reverse("reviews:review-form", args=[cls.film.slug])

    def setUp(self):
        self.client.force_login(self.ada)

    def post(self, **data):
        return self.client.post(self.form_url, {"rating": "", "body": "", **data})

    def test_the_form_needs_a_member(self):
        self.client.logout()
        response = self.client.get(self.form_url)
        self.assertRedirects(response, f"{reverse('login')}?next={self.form_url}")
        add_a_review = f'<a class="button" href="{self.form_url}">Add a review</a>'
        self.assertContains(self.client.get(self.film_url), add_a_review, html=True)

    def test_a_rated_review_appears_and_moves_the_average(self):
        response = self.post(rating="10", body="First paragraph.\r\n\r\nSecond   paragraph.")
        self.assertRedirects(response, self.film_url, fetch_redirect_response=False)
        review = Review.objects.get(member=self.ada)
        self.assertEqual((review.author, review.rating, review.first_published_in), (self.ada.person, 10, ""))
        self.assertEqual(review.paragraphs, ["First paragraph.", "Second paragraph."])
        page = self.client.get(self.film_url)
        self.assertContains(page, "Your review is published.")
        self.assertIn("4.3 out of 5 from 6 ratings", visible_text(page))
        self.assertContains(page, "Edit your review")
        self.assertContains(self.client.get(self.ada.person.get_absolute_url()), "Second paragraph.")

    def test_a_second_attempt_edits_the_first(self):
        self.post(rating="6", body="First thoughts.")
        form = self.client.get(self.form_url)
        self.assertContains(form, "First thoughts.")
        self.post(rating="8", body="Second thoughts.")
        self.assertEqual(Review.objects.filter(member=self.ada).count(), 1)
        self.assertEqual(Review.objects.get(member=self.ada).body, "Second thoughts.")

    def test_no_rating_is_allowed_but_not_an_empty_review(self):
        self.post(body="Words only.")
        self.assertIsNone(Review.objects.get(member=self.ada).rating)
        response = self.post()
        self.assertContains(response, "Give a rating, write a review, or both.")

    def test_limits_are_kept_and_what_was_typed_is_kept_too(self):
        long_text = "word " * 2500
        response = self.post(rating="7", body=long_text)
        self.assertContains(response, "Ensure this value has at most 10000 characters")
        self.assertContains(response, "word word word")
        for rating in ("0", "11", "4.5", "five"):
            with self.subTest(rating=rating):
                self.assertContains(self.post(rating=rating, body="Fine."), "Select a valid choice.")
        self.assertFalse(Review.objects.filter(member=self.ada).exists())

    def test_a_review_at_the_limit_with_line_breaks_as_a_browser_sends_them_is_saved(self):
        # The textarea's maxlength counts a line break as one character; browsers send two ("\r\n").
        typed = "\n\n".join(["x" * 1998] * 4 + ["x" * 2000])
        self.assertEqual(len(typed), settings.REVIEW_MAX_LENGTH)
        response = self.post(rating="7", body=typed.replace("\n", "\r\n"))
        self.assertRedirects(response, self.film_url, fetch_redirect_response=False)
        self.assertEqual(Review.objects.get(member=self.ada).body, typed)
        # Saved again unchanged, as the form shows it, it is still within the limit.
        again = self.post(rating="7", body=typed.replace("\n", "\r\n"))
        self.assertRedirects(again, self.film_url, fetch_redirect_response=False)
        self.assertContains(self.post(rating="7", body=typed + "x"), "at most 10000 characters")

    def test_spaces_and_line_breaks_other_than_ascii_ones_are_kept_as_written(self):
        words = "Prix\u00a0: 10\u202f€ ! 東京\u3000タワー a\u2028b c\u2029d e\u2003f"
        self.post(rating="7", body=f"  {words}   and  more\t\there  \r\n\r\n\r\nNext.")
        review = Review.objects.get(member=self.ada)
        self.assertEqual(review.body, f"{words} and more here\n\nNext.")
        self.assertContains(self.client.get(review.get_absolute_url()), escape(words))

    def test_text_is_shown_as_text(self):
        payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        self.post(rating="5", body=payload)
        for url in (
            self.film_url,
            Review.objects.get(member=self.ada).get_absolute_url(),
            self.ada.person.get_absolute_url(),
        ):
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertNotContains(page, "<script>alert")
                self.assertNotContains(page, "<img src=x")
                self.assertContains(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")

    def test_members_delete_their_own_reviews_only(self):
        self.post(rating="5", body="Mine.")
        review = Review.objects.get(member=self.ada)
        delete = reverse("reviews:review-delete", args=[review.pk])
        self.assertContains(self.client.get(delete), "Delete your review")  # GET only asks
        self.assertTrue(Review.objects.filter(pk=review.pk).exists())

        bob = make.member("bob")
        self.client.force_login(bob)
        self.assertEqual(self.client.post(delete).status_code, 404)
        critic = self.critics_reviews[0]
        self.assertEqual(
            self.client.post(reverse("reviews:review-delete", args=[critic.pk])).status_code, 404
        )

        self.client.force_login(self.ada)
        self.assertRedirects(self.client.post(delete), self.film_url, fetch_redirect_response=False)
        self.assertFalse(Review.objects.filter(pk=review.pk).exists())
        self.assertContains(self.client.get(self.film_url), "from 5 ratings")

    def test_a_hidden_review_disappears_from_the_public_pages(self):
        self.post(rating="2", body="Hidden soon.")
        Review.objects.filter(member=self.ada).update(status=Review.Status.HIDDEN)
        self.assertNotContains(self.client.get(self.film_url), "Hidden soon.")
        self.assertContains(self.client.get(self.film_url), "from 5 ratings")
        self.assertNotContains(self.client.get("/feeds/reviews/"), "Hidden soon.")

    @override_settings(REVIEW_SAVES_PER_HOUR=3)
    def test_posting_is_rate_limited_with_a_clear_429(self):
        for n in range(3):
            self.assertEqual(self.post(rating="6", body=f"Draft {n}.").status_code, 302)
        response = self.post(rating="6", body="One draft too many.")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "saving is paused for a while", status_code=429)
        self.assertContains(response, "One draft too many.", status_code=429)
        self.assertEqual(Review.objects.get(member=self.ada).body, "Draft 2.")
        # Another member is not held back.
        self.client.force_login(make.member("bob"))
        self.assertEqual(self.post(rating="6", body="Bob's.").status_code, 302)

    def test_a_save_the_database_fails_comes_back_with_what_was_written(self):
        def statement_timeout(execute, sql, params, many, context):
            if sql.startswith('INSERT INTO "reviews_review"'):
                raise OperationalError("canceling statement due to statement timeout")
            return execute(sql, params, many, context)

        with connection.execute_wrapper(statement_timeout), self.assertLogs("reviews.views", "WARNING"):
            response = self.post(rating="7", body="Typed with care, all of it.", contains_spoilers="on")
        self.assertEqual(response.status_code, 503)
        self.assertContains(
            response,
            "Your review could not be saved just now; nothing was lost, try again in a moment.",
            status_code=503,
        )
        page = response.content.decode()
        self.assertIn("\nTyped with care, all of it.</textarea>", page)
        self.assertRegex(page, r'<input type="radio" name="rating" value="7"[^>]* checked>')
        self.assertRegex(page, r'<input type="checkbox" name="contains_spoilers"[^>]* checked>')
        self.assertFalse(Review.objects.filter(member=self.ada).exists())
        self.assertFalse(Revision.objects.filter(user=self.ada).exists())
        self.assertIn("from 5 ratings", visible_text(self.client.get(self.film_url)))

        # Posted again once the database answers, it is saved.
        response = self.post(rating="7", body="Typed with care, all of it.", contains_spoilers="on")
        self.assertRedirects(response, self.film_url, fetch_redirect_response=False)
        self.assertEqual(Review.objects.get(member=self.ada).body, "Typed with care, all of it.")

    def test_every_save_is_in_the_history(self):
        from reversion.models import Version

        self.post(rating="6", body="One.")
        self.post(rating="7", body="Two.")
        review = Review.objects.get(member=self.ada)
        self.assertEqual(Version.objects.get_for_object(review).count(), 2)

    def test_csrf_is_required(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.ada)
        self.assertEqual(client.post(self.form_url, {"rating": "6", "body": "x"}).status_code, 403)
        self.assertFalse(Review.objects.filter(member=self.ada).exists())

    def test_the_database_holds_one_review_per_member_and_film(self):
        save_member_review(self.ada, self.film, rating=6, body="x", contains_spoilers=False)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Review.objects.create(
                film=self.film, member=self.ada, author=make.member("carol").person, rating=5
            )


@skipUnless(connection.vendor == "postgresql", "concurrent writers need a database server")
class ConcurrencyTests(TransactionTestCase):
    """Real concurrent writers (threads, each with its own connection) on PostgreSQL."""

    def setUp(self):
        self.film, _ = film_with_critics_reviews()

    def run_together(self, jobs):
        results, errors = all_at_once(jobs)
        self.assertEqual(errors, [])
        return results

    def test_a_double_submission_leaves_exactly_one_review(self):
        ada = make.member("ada")
        film = self.film
        self.run_together(
            [
                lambda n=n: save_member_review(
                    ada, film, rating=1 + n, body=f"Try {n}", contains_spoilers=False
                )
                for n in range(8)
            ]
        )
        self.assertEqual(Review.objects.filter(member=ada).count(), 1)

    def test_averages_and_counts_stay_right_under_concurrent_writes(self):
        film = self.film
        members = [make.member(f"member{n}") for n in range(10)]
        self.run_together(
            [
                lambda m=m: save_member_review(m, film, rating=10, body="Yes.", contains_spoilers=False)
                for m in members
            ]
        )
        rating = FilmRating.objects.get(film=film)
        self.assertEqual(
            (rating.reviews, rating.ratings, rating.total, rating.half_stars_10),
            (15, 15, sum(CRITICS_RATINGS) + 10 * 10, 10),
        )
        self.assertAlmostEqual(rating.average, (sum(CRITICS_RATINGS) + 10 * 10) / 15 / 2)
        call_command("recount_ratings", "--check", stdout=StringIO())

    def test_the_hourly_limit_holds_for_saves_at_the_same_moment(self):
        ada = make.member("ada")
        form_url = reverse("reviews:review-form", args=[self.film.slug])

        def save(n):
            client = Client()
            client.force_login(ada)
            response = client.post(form_url, {"rating": "6", "body": f"Draft {n}."})
            return response.status_code, response.content.decode()

        results = self.run_together([lambda n=n: save(n) for n in range(40)])
        statuses = [status for status, _ in results]
        self.assertEqual((statuses.count(302), statuses.count(429)), (20, 20))
        for status, page in results:
            if status == 429:
                self.assertIn("saving is paused for a while", page)
        saved = Revision.objects.filter(user=ada, comment=SAVE_COMMENT).count()
        self.assertEqual(saved, 20)
        self.assertIn(Review.objects.get(member=ada).body, {f"Draft {n}." for n in range(40)})
