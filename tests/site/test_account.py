"""A member's account page: their name, email and reviews, their data to take away, and closing it."""

import csv
import io
import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from filmarchive.display_names import ANOTHER_MEMBER, FORMER_MEMBER_NAME, IN_THE_ARCHIVE
from filmarchive.models import Person, User
from reviews.models import FilmRating, Review, ReviewReport
from tests import factories as make
from tests.helpers import visible_text

PASSWORD = make.PASSWORD
IN_USE = "Another account uses that email address."
TOO_MANY_ADDRESSES = "Too many addresses that already have an account were tried in the last hour"


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

    def test_a_rename_cannot_hide_characters_or_borrow_look_alike_letters(self):
        make.person("Dragonknight")
        for name, error in [
            ("Ada\u200bCritic", "Names cannot contain invisible or control characters"),
            ("Dragonkn\u0456ght", IN_THE_ARCHIVE),
            ("Dragon-knight", IN_THE_ARCHIVE),
        ]:
            with self.subTest(name=ascii(name)):
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

    def change_email(self, email, password, client=None, **extra):
        client = client or self.client
        return client.post(reverse("account-email"), {"email": email, "password": password}, **extra)

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
        self.assertContains(response, IN_USE, status_code=400)
        self.assertEqual(User.objects.get(pk=self.ada.pk).email, "ada@example.org")

    @override_settings(PASSWORD_RESETS_PER_CLIENT_PER_HOUR=3)
    def test_being_told_an_address_is_in_use_is_limited_per_client_and_per_member(self):
        make.member("bo", email="bo@example.org")
        for _ in range(3):
            self.assertContains(self.change_email("bo@example.org", PASSWORD), IN_USE, status_code=400)
        # Past the limit every address is refused alike, and what was typed is kept.
        for email in ("bo@example.org", "nobody@example.org"):
            with self.subTest(email=email):
                refused = self.change_email(email, PASSWORD)
                self.assertContains(refused, TOO_MANY_ADDRESSES, status_code=429)
                self.assertNotContains(refused, IN_USE, status_code=429)
                self.assertContains(refused, f'value="{email}"', status_code=429)
        self.assertEqual(User.objects.get(pk=self.ada.pk).email, "ada@example.org")
        self.assertEqual(mail.outbox, [])
        # The member from another address is refused; another member from this address is too.
        self.assertContains(
            self.change_email("bo@example.org", PASSWORD, REMOTE_ADDR="192.0.2.7"),
            TOO_MANY_ADDRESSES,
            status_code=429,
        )
        cy = make.member("cy", email="cy@example.org")
        other = Client()
        other.force_login(cy)
        self.assertContains(
            self.change_email("bo@example.org", PASSWORD, other), TOO_MANY_ADDRESSES, status_code=429
        )
        # Another member from another address is told.
        self.assertContains(
            self.change_email("bo@example.org", PASSWORD, other, REMOTE_ADDR="192.0.2.8"),
            IN_USE,
            status_code=400,
        )

    def test_the_answer_cannot_be_asked_for_without_limit(self):
        make.member("bo", email="bo@example.org")
        answers = [self.change_email("bo@example.org", PASSWORD) for _ in range(30)]
        told = [answer for answer in answers if answer.status_code == 400]
        self.assertEqual(len(told), settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR)
        self.assertTrue(all(IN_USE in answer.content.decode() for answer in told))
        self.assertEqual({answer.status_code for answer in answers[len(told) :]}, {429})

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

    def test_the_json_download_holds_the_reports_the_member_wrote(self):
        critics = make.review(make.film("Duch, Master of the Forges of Hell", year=2011), rating=6)
        reported = self.client.post(
            reverse("reviews:review-report", args=[critics.pk]),
            {"reason": ReviewReport.Reason.SPOILERS, "details": "It tells the ending."},
        )
        self.assertEqual(reported.status_code, 302)
        data = json.loads(self.client.get(reverse("account-data")).content)
        [report] = data["reports"]
        self.assertEqual(
            report["review"],
            {
                "film": {
                    "title": "Duch, Master of the Forges of Hell",
                    "year": 2011,
                    "url": f"http://testserver{critics.film.get_absolute_url()}",
                },
                "by": critics.author.name,
                "url": f"http://testserver{critics.get_absolute_url()}",
            },
        )
        self.assertEqual((report["reason"], report["details"]), ("spoilers", "It tells the ending."))
        self.assertTrue(report["created_at"])
        self.assertIsNone(report["resolved_at"])

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

    def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(self):
        cells = {
            '=HYPERLINK("http://example.org","Open")': "=1+1",
            "+Plus": "+1 for the score",
            "-1 Below": "-- not for me",
            "@Home": "@critic agreed",
            "\tTabbed": "\tIndented",
            "\rReturned": "@@ twice",
        }
        for title, body in cells.items():
            make.review(make.film(title, year=2001), member=self.ada, rating=6, body=body)
        text = self.client.get(reverse("account-reviews-csv")).content.decode()
        rows = {row["Year"] + row["Name"]: row for row in csv.DictReader(io.StringIO(text))}
        for title, body in cells.items():
            with self.subTest(title=title):
                row = rows["2001'" + title]
                self.assertEqual(row["Review"], "'" + body)
        # What cannot be a formula is left as it was.
        self.assertEqual(rows["2013The Missing Picture"]["Review"], "Clay figures.")
        self.assertEqual(rows["2013The Missing Picture"]["Date"][:1], "2")

    def test_the_downloads_are_not_kept_in_caches(self):
        for name in ("account-data", "account-reviews-csv"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertIn("no-store", response["Cache-Control"])

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

    def report_and_fail_to_sign_in(self):
        """The member reports a critic's review, an editor dismisses the report, and signing in as
        the member fails twice (and as someone else once)."""
        critics = Review.objects.exclude(member=self.ada).get()
        details = "my phone is 555-1234"
        response = self.client.post(
            reverse("reviews:review-report", args=[critics.pk]), {"reason": "spoilers", "details": details}
        )
        self.assertEqual(response.status_code, 302)
        report = ReviewReport.objects.get(reporter=self.ada)
        editor = Client()
        editor.force_login(make.editor())
        changelist = reverse("admin:reviews_reviewreport_changelist")
        editor.post(changelist, {"action": "dismiss", "_selected_action": [report.pk]})
        self.assertTrue(Version.objects.filter(serialized_data__contains=details).exists())
        make.member("bo")
        for username in ("ada", "ada", "bo"):
            Client().post(
                reverse("login"),
                {"username": username, "password": "not the password"},
                REMOTE_ADDR="192.0.2.9",
            )
        self.assertTrue(AccessAttempt.objects.filter(username="ada").exists())
        self.assertEqual(AccessFailureLog.objects.filter(username="ada").count(), 2)
        return report

    def assertReportBareAndSignInsForgotten(self, report):
        # The editors keep the report of another's review, bare: the reason, not who wrote it nor what.
        kept = ReviewReport.objects.get(pk=report.pk)
        self.assertEqual((kept.reporter, kept.reason, kept.details), (None, "spoilers", ""))
        self.assertIsNotNone(kept.resolved_at)
        self.assertFalse(Version.objects.filter(serialized_data__contains="555-1234").exists())
        self.assertFalse(AccessAttempt.objects.filter(username="ada").exists())
        self.assertFalse(AccessFailureLog.objects.filter(username="ada").exists())
        # Another's failed sign-ins stay.
        self.assertTrue(AccessAttempt.objects.filter(username="bo").exists())
        self.assertTrue(AccessFailureLog.objects.filter(username="bo").exists())

    @override_settings(AXES_ENABLE_ACCESS_FAILURE_LOG=True)
    def test_closing_and_keeping_the_reviews_forgets_what_the_member_reported_and_failed_sign_ins(self):
        report = self.report_and_fail_to_sign_in()
        self.assertRedirects(self.close("keep"), "/")
        self.assertForgotten()
        self.assertReportBareAndSignInsForgotten(report)

    @override_settings(AXES_ENABLE_ACCESS_FAILURE_LOG=True)
    def test_closing_and_removing_the_reviews_forgets_what_the_member_reported_and_failed_sign_ins(self):
        report = self.report_and_fail_to_sign_in()
        self.assertRedirects(self.close("remove"), "/", fetch_redirect_response=False)
        self.assertForgotten()
        self.assertReportBareAndSignInsForgotten(report)

    def test_the_page_says_what_is_deleted_and_what_is_kept(self):
        page = visible_text(self.client.get(reverse("account-close")))
        for said in (
            "What you wrote in your reports of reviews is deleted; the reports stay for the editors, "
            "without your name.",
            "The record of your sign-ins, failed ones too, is deleted.",
        ):
            self.assertIn(said, page)

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
