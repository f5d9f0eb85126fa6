"""A member's account page: their name, email and reviews, their data to take away, and closing it."""

import csv
import io
import json

from axes.models import AccessLog
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from filmarchive.display_names import ANOTHER_MEMBER, FORMER_MEMBER_NAME, IN_THE_ARCHIVE
from filmarchive.models import Person, User
from reviews.models import FilmRating, Review
from tests import factories as make

PASSWORD = make.PASSWORD


def write_review(client, film, rating, body="Worth seeing."):
    """As the member does: through the review form, so that the save is kept in the history."""
    response = client.post(reverse("reviews:review-form", args=[film.slug]), {"rating": rating, "body": body})
    assert response.status_code == 302, response.content


def figures(film):
    """The film's stored figures, and what they would be recomputed from its reviews."""
    stored = FilmRating.objects.get(pk=film.pk).figures()
    return stored, FilmRating.objects.computed([film.pk]).get(film.pk) or FilmRating.empty(film.pk)


class AccountPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ada = make.member("ada", name="Ada Critic", email="ada@example.org")
        cls.film = make.film("The Missing Picture", year=2013)
        cls.other_film = make.film("S21", year=2003)
        make.review(cls.film, member=cls.ada, rating=7, body="Clay figures.")
        make.review(cls.other_film, member=cls.ada, rating=None, body="Hard to watch.")

    def setUp(self):
        self.client.force_login(self.ada)

    def test_only_for_members_signed_in(self):
        self.client.logout()
        for name in ("account", "account-data", "account-reviews-csv", "account-close"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertRedirects(response, f"{reverse('login')}?next={reverse(name)}")

    def test_the_page_shows_the_account_and_links_every_review(self):
        response = self.client.get(reverse("account"))
        self.assertContains(response, "@ada")
        self.assertContains(response, 'value="Ada Critic"')
        self.assertContains(response, "ada@example.org")
        self.assertContains(response, f'href="{reverse("password_change")}"')
        for review in Review.objects.filter(member=self.ada):
            self.assertContains(response, f'href="{reverse("reviews:review-form", args=[review.film.slug])}"')
            self.assertContains(response, f'href="{reverse("reviews:review-delete", args=[review.pk])}"')
        for name in ("account-data", "account-reviews-csv", "account-close"):
            self.assertContains(response, f'href="{reverse(name)}"')

    def test_the_headers_member_name_leads_to_the_account(self):
        response = self.client.get("/")
        self.assertContains(response, f'<a href="{reverse("account")}"\n')
        self.assertContains(response, 'Ada Critic<span class="visually-hidden">: your account</span>')

    def test_the_pages_queries_do_not_grow_with_the_reviews(self):
        def counts():
            found = []
            for name in ("account", "account-data", "account-reviews-csv"):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(reverse(name)).status_code, 200)
                found.append(len(queries))
            return found

        few = counts()
        for _ in range(10):
            make.review(make.film(), member=self.ada, rating=5)
        self.assertEqual(counts(), few)
        self.assertLessEqual(max(few), 6)

    # The name ------------------------------------------------------------------------------------

    def test_renaming_moves_the_page_and_the_old_address_follows(self):
        old_url = self.ada.person.get_absolute_url()
        response = self.client.post(reverse("account-name"), {"display_name": "Ada Lovelace"}, follow=True)
        self.assertRedirects(response, reverse("account"))
        self.assertContains(response, "Your reviews now carry the name Ada Lovelace.")
        person = Person.objects.get(member=self.ada)
        self.assertEqual((person.name, person.sort_name), ("Ada Lovelace", "Ada Lovelace"))
        self.assertEqual(person.slug, "ada-lovelace")
        self.assertRedirects(self.client.get(old_url), "/people/ada-lovelace/", status_code=301)
        page = self.client.get("/people/ada-lovelace/")
        self.assertContains(page, "<h1>Ada Lovelace</h1>", html=False)
        self.assertContains(self.client.get(self.film.get_absolute_url()), "Ada Lovelace")

    def test_a_name_of_someone_in_the_archive_or_another_member_is_refused(self):
        make.person("Rithy Panh")
        make.member("bo", name="Bo Reviewer")
        for name, error in [("RITHY PANH", IN_THE_ARCHIVE), ("Bo  Reviewer", ANOTHER_MEMBER)]:
            with self.subTest(name=name):
                response = self.client.post(reverse("account-name"), {"display_name": name})
                self.assertContains(response, error, status_code=400)
        self.assertEqual(Person.objects.get(member=self.ada).name, "Ada Critic")

    def test_a_member_may_rewrite_their_own_name(self):
        slug = self.ada.person.slug
        response = self.client.post(reverse("account-name"), {"display_name": "ADA CRITIC"})
        self.assertRedirects(response, reverse("account"))
        person = Person.objects.get(member=self.ada)
        self.assertEqual((person.name, person.slug), ("ADA CRITIC", slug))  # the same address

    # The email address -----------------------------------------------------------------------------

    def change_email(self, email, password):
        return self.client.post(reverse("account-email"), {"email": email, "password": password})

    def test_changing_the_email_address_asks_for_the_password(self):
        response = self.change_email("ada@elsewhere.org", "wrong")
        self.assertContains(response, "That is not your current password.", status_code=400)
        self.assertEqual(User.objects.get(pk=self.ada.pk).email, "ada@example.org")
        response = self.change_email("ada@elsewhere.org", PASSWORD)
        self.assertRedirects(response, reverse("account"))
        self.assertEqual(User.objects.get(pk=self.ada.pk).email, "ada@elsewhere.org")

    def test_an_email_address_another_account_has_is_refused_whatever_its_case(self):
        make.member("bo", email="bo@example.org")
        response = self.change_email("BO@Example.org", PASSWORD)
        self.assertContains(response, "Another account uses that email address.", status_code=400)
        self.assertEqual(User.objects.get(pk=self.ada.pk).email, "ada@example.org")

    # The data ----------------------------------------------------------------------------------------

    def test_the_json_download_holds_the_account_and_every_review(self):
        response = self.client.get(reverse("account-data"))
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)
        account = data["account"]
        self.assertEqual(account["username"], "ada")
        self.assertEqual(account["display_name"], "Ada Critic")
        self.assertEqual(account["email"], "ada@example.org")
        self.assertEqual(account["page"], f"http://testserver{self.ada.person.get_absolute_url()}")
        self.assertNotIn("password", json.dumps(data))
        self.assertNotIn(User.objects.get(pk=self.ada.pk).password, response.content.decode())
        reviews = {review["film"]["title"]: review for review in data["reviews"]}
        self.assertEqual(set(reviews), {"The Missing Picture", "S21"})
        clay = reviews["The Missing Picture"]
        self.assertEqual(clay["film"]["year"], 2013)
        self.assertEqual(clay["film"]["url"], f"http://testserver{self.film.get_absolute_url()}")
        self.assertEqual(clay["rating"], 3.5)
        self.assertEqual(clay["text"], "Clay figures.")
        for field in ("published_on", "created_at", "updated_at"):
            self.assertTrue(clay[field])
        self.assertIsNone(reviews["S21"]["rating"])

    def test_the_csv_download_is_in_letterboxds_format(self):
        response = self.client.get(reverse("account-reviews-csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        text = response.content.decode()
        self.assertTrue(
            text.startswith("Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\r\n")
        )
        rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(text))}
        clay = rows["The Missing Picture"]
        review = Review.objects.get(member=self.ada, film=self.film)
        self.assertEqual(clay["Date"], review.published_on.isoformat())
        self.assertEqual((clay["Year"], clay["Rating"], clay["Review"]), ("2013", "3.5", "Clay figures."))
        self.assertEqual(rows["S21"]["Rating"], "")

    def test_ratings_in_the_csv_are_letterboxds_half_stars(self):
        for rating, film in zip(range(1, 11), [make.film() for _ in range(10)], strict=True):
            make.review(film, member=self.ada, rating=rating)
        rows = csv.DictReader(io.StringIO(self.client.get(reverse("account-reviews-csv")).content.decode()))
        ratings = {row["Rating"] for row in rows} - {"", "3.5"}
        self.assertEqual(ratings, {"0.5", "1", "1.5", "2", "2.5", "3", "4", "4.5", "5"})


class CloseAccountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture")
        make.review(cls.film, rating=10)  # a critic's, which stays

    def setUp(self):
        self.ada = make.member("ada", name="Ada Critic")
        self.client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
        write_review(self.client, self.film, 2, "Not for me.")
        self.review = Review.objects.get(member=self.ada)
        self.person = self.ada.person

    def close(self, choice, password=PASSWORD):
        return self.client.post(reverse("account-close"), {"reviews": choice, "password": password})

    def assertForgotten(self):
        self.assertFalse(User.objects.filter(username="ada").exists())
        self.assertFalse(Person.all_objects.filter(pk=self.person.pk).exists())
        self.assertFalse(Revision.objects.filter(user_id=self.ada.pk).exists())
        self.assertFalse(Version.objects.get_for_object_reference(Review, self.review.pk).exists())
        self.assertFalse(Version.objects.get_for_object_reference(Person, self.person.pk).exists())
        self.assertFalse(AccessLog.objects.filter(username="ada").exists())
        self.assertIsInstance(self.client.get("/").wsgi_request.user, AnonymousUser)

    def test_closing_and_removing_the_reviews(self):
        self.assertEqual(FilmRating.objects.get(pk=self.film.pk).ratings, 2)
        self.assertTrue(AccessLog.objects.filter(username="ada").exists())
        self.assertTrue(Version.objects.get_for_object_reference(Review, self.review.pk).exists())
        response = self.close("remove")
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "Your account is closed.")
        self.assertForgotten()
        self.assertFalse(Review.all_objects.filter(pk=self.review.pk).exists())
        stored, computed = figures(self.film)
        self.assertEqual(stored, computed)
        self.assertEqual((stored["ratings"], stored["average"]), (1, 5.0))
        self.assertEqual(self.client.get(self.person.get_absolute_url()).status_code, 404)

    def test_closing_and_keeping_the_reviews_anonymised(self):
        response = self.close("keep")
        self.assertRedirects(response, "/")
        self.assertForgotten()
        kept = Review.objects.get(pk=self.review.pk)
        self.assertIsNone(kept.member_id)
        self.assertEqual(kept.author.name, FORMER_MEMBER_NAME)
        self.assertEqual((kept.rating, kept.body), (2, "Not for me."))
        stored, computed = figures(self.film)
        self.assertEqual(stored, computed)
        self.assertEqual((stored["ratings"], stored["average"]), (2, 3.0))
        page = self.client.get(self.film.get_absolute_url())
        self.assertContains(page, "Not for me.")
        self.assertContains(page, FORMER_MEMBER_NAME)
        self.assertNotContains(page, "Ada Critic")
        self.assertNotContains(page, "@ada")

    def test_every_kept_review_goes_to_one_former_member_even_of_one_film(self):
        self.close("keep")
        bo = make.member("bo", name="Bo Reviewer")
        self.client.force_login(bo)
        write_review(self.client, self.film, 6, "Better than I thought.")
        self.assertRedirects(self.close("keep"), "/")
        former = Person.objects.get(name=FORMER_MEMBER_NAME)
        self.assertEqual(Person.all_objects.filter(name=FORMER_MEMBER_NAME).count(), 1)
        self.assertEqual(former.reviews.filter(film=self.film).count(), 2)
        stored, computed = figures(self.film)
        self.assertEqual(stored, computed)
        self.assertEqual(stored["ratings"], 3)
        card = self.client.get(self.film.get_absolute_url()).content.decode()
        self.assertNotIn("former member, review", card)  # nor in its JSON-LD

    def test_a_wrong_password_changes_nothing(self):
        for choice in ("remove", "keep"):
            with self.subTest(choice=choice):
                response = self.close(choice, password="not my password")
                self.assertContains(response, "That is not your current password.", status_code=400)
        self.assertTrue(User.objects.filter(username="ada").exists())
        self.assertEqual(Review.objects.get(pk=self.review.pk).author, self.person)
        self.assertTrue(Version.objects.get_for_object_reference(Review, self.review.pk).exists())
        self.assertEqual(self.client.get(reverse("account")).status_code, 200)  # still signed in

    def test_a_close_that_cannot_finish_changes_nothing(self):
        # A member who took the former members' address before it was kept for them.
        early = make.member("early", name="Former member")
        Person.objects.filter(pk=early.person.pk).update(slug="former-member")
        response = self.close("keep")  # the history is forgotten first, then this fails
        self.assertContains(response, "Your reviews cannot be kept just now", status_code=400)
        self.assertTrue(User.objects.filter(username="ada").exists())
        review = Review.objects.get(pk=self.review.pk)
        self.assertEqual((review.author, review.member), (self.person, self.ada))
        self.assertTrue(Version.objects.get_for_object_reference(Review, self.review.pk).exists())
        self.assertTrue(Revision.objects.filter(user=self.ada).exists())
        self.assertTrue(AccessLog.objects.filter(username="ada").exists())
        self.assertEqual(self.client.get(reverse("account")).status_code, 200)  # still signed in

    def test_a_choice_must_be_made(self):
        response = self.client.post(reverse("account-close"), {"password": PASSWORD})
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertTrue(User.objects.filter(username="ada").exists())

    def test_an_editors_account_is_refused(self):
        editor = make.editor()
        self.client.force_login(editor)
        page = self.client.get(reverse("account-close"))
        self.assertContains(page, "an administrator closes it", status_code=403)
        response = self.client.post(reverse("account-close"), {"reviews": "remove", "password": PASSWORD})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(User.objects.filter(pk=editor.pk).exists())

    def test_a_person_an_editor_credited_is_kept(self):
        make.credit(make.film(), self.person, "director")
        self.close("remove")
        self.assertFalse(User.objects.filter(username="ada").exists())
        self.assertTrue(Person.objects.filter(pk=self.person.pk).exists())
