"""Trustworthy names: a member's review says so; members report reviews, editors deal with the reports."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings

from filmarchive.models import Film, Person, User
from reviews.members import save_member_review
from reviews.models import Review, ReviewReport
from tests.helpers import visible_text


def member(username, name):
    person = Person.objects.create(name=name, slug=username, sort_name=name)
    return User.objects.create_user(username, password="a long enough password", person=person)


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = Film.objects.create(title="A Film", slug="a-film")
        critic = Person.objects.create(name="Dragonknight", slug="dragonknight", sort_name="Dragonknight")
        cls.critics = Review.objects.create(
            film=cls.film, author=critic, body="From the site.", rating=8, first_published_in="Letterboxd"
        )
        cls.ada = member("ada", "Ada Critic")
        cls.bob = member("bob", "Bob Reader")
        cls.adas, _ = save_member_review(cls.ada, cls.film, rating=6, body="Mine.", contains_spoilers=False)

    def report_url(self, review):
        return f"/reviews/{review.pk}/report/"

    def test_a_members_review_carries_their_handle_and_a_mark_and_a_critics_its_source(self):
        text = visible_text(self.client.get(self.film.get_absolute_url()))
        self.assertIn("Review by Ada Critic @ada Member", text)
        self.assertIn("Review by Dragonknight First published on Letterboxd", text)
        self.assertNotIn("Dragonknight Member", text)

    def test_a_member_reports_a_review(self):
        self.client.force_login(self.bob)
        form = self.client.get(self.report_url(self.critics))
        self.assertContains(form, "What is wrong with it?")
        response = self.client.post(
            self.report_url(self.critics), {"reason": "spam", "details": "An advert."}
        )
        self.assertRedirects(response, self.critics.get_absolute_url())
        report = ReviewReport.objects.get()
        self.assertEqual((report.review, report.reporter, report.reason), (self.critics, self.bob, "spam"))
        self.assertIsNone(report.resolved_at)
        # Once is enough.
        again = self.client.post(self.report_url(self.critics), {"reason": "abuse"})
        self.assertContains(again, "You have reported this review already")
        self.assertEqual(ReviewReport.objects.count(), 1)

    def test_details_at_the_limit_with_line_breaks_as_a_browser_sends_them_are_taken(self):
        self.client.force_login(self.bob)
        details = "\n".join(["y" * 399] * 5)  # 2,000 characters, as the textarea counts them
        response = self.client.post(
            self.report_url(self.critics), {"reason": "spam", "details": details.replace("\n", "\r\n")}
        )
        self.assertRedirects(response, self.critics.get_absolute_url())
        self.assertEqual(ReviewReport.objects.get().details, details)

    def test_visitors_sign_in_first_and_nobody_reports_their_own(self):
        response = self.client.get(self.report_url(self.critics))
        self.assertRedirects(response, f"/accounts/login/?next={self.report_url(self.critics)}")
        self.client.force_login(self.ada)
        self.assertRedirects(
            self.client.post(self.report_url(self.adas), {"reason": "spam"}), self.adas.get_absolute_url()
        )
        self.assertFalse(ReviewReport.objects.exists())
        self.assertNotContains(self.client.get(self.adas.get_absolute_url()), self.report_url(self.adas))
        self.assertContains(self.client.get(self.critics.get_absolute_url()), self.report_url(self.critics))

    def test_a_bad_reason_is_a_form_error(self):
        self.client.force_login(self.bob)
        response = self.client.post(self.report_url(self.critics), {"reason": "because"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(ReviewReport.objects.exists())

    @override_settings(REVIEW_REPORTS_PER_HOUR=2)
    def test_reporting_is_rate_limited_and_keeps_what_was_written(self):
        self.client.force_login(self.bob)
        others = [
            Review.objects.create(
                film=self.film, author=self.critics.author, body=str(n), first_published_in=str(n)
            )
            for n in range(3)
        ]
        for review in others[:2]:
            self.client.post(self.report_url(review), {"reason": "spam"})
        response = self.client.post(self.report_url(others[2]), {"reason": "other", "details": "Kept text."})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "reporting is paused", status_code=429)
        self.assertContains(response, "Kept text.", status_code=429)
        self.assertEqual(ReviewReport.objects.count(), 2)


class ModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("create_editors_group", stdout=StringIO())
        cls.editor = User.objects.create_user("editor", password="a long editor password", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        film = Film.objects.create(title="A Film", slug="a-film")
        critic = Person.objects.create(name="Spammer", slug="spammer", sort_name="Spammer")
        cls.review = Review.objects.create(
            film=film, author=critic, body="Buy now.", rating=2, first_published_in="X"
        )
        cls.reporter = member("bob", "Bob Reader")
        from django.utils import timezone

        cls.report = ReviewReport.objects.create(
            review=cls.review, reporter=cls.reporter, reason="spam", created_at=timezone.now()
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_reports_show_in_the_moderation_list(self):
        response = self.client.get("/admin/reviews/review/", {"reported": "open"})
        self.assertContains(response, "Spammer")
        self.assertContains(response, "?review__id__exact=")
        self.assertEqual(list(response.context["cl"].result_list), [self.review])
        report_list = self.client.get("/admin/reviews/reviewreport/", {"open": "yes"})
        self.assertContains(report_list, "Bob Reader")
        self.assertNotContains(report_list, "bob<")

    def test_an_editor_hides_a_reported_review(self):
        response = self.client.post(
            "/admin/reviews/reviewreport/",
            {"action": "hide_reviews", "_selected_action": [self.report.pk]},
            follow=True,
        )
        self.assertContains(response, "their reviews are hidden")
        self.review.refresh_from_db()
        self.report.refresh_from_db()
        self.assertEqual(self.review.status, Review.Status.HIDDEN)
        self.assertIsNotNone(self.report.resolved_at)
        self.assertEqual(
            list(self.client.get("/admin/reviews/review/", {"reported": "open"}).context["cl"].result_list),
            [],
        )
