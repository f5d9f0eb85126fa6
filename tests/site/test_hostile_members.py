"""What a member's own words and names can do to the pages, headers and files the site sends."""

from urllib.parse import quote

from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from filmarchive.models import User
from tests import factories as make
from tests.helpers import wait_for_mail_sent_apart


class DownloadNameTests(TestCase):
    def test_a_username_in_any_script_still_names_the_downloads(self):
        # Sign-up takes usernames in any script; "ł" is outside Latin-1, which a header cannot carry raw.
        member = make.member("łukasz", name="Łukasz Nowak")
        self.client.force_login(member)
        for name, filename in (
            ("account-data", "film-archive-łukasz.json"),
            ("account-reviews-csv", "film-archive-łukasz-reviews.csv"),
        ):
            with self.subTest(name=name):
                header = self.client.get(reverse(name))["Content-Disposition"]
                self.assertTrue(header.startswith("attachment; "), header)
                self.assertIn(f"filename*=utf-8''{quote(filename)}", header)


class EmailChangeTests(TestCase):
    def setUp(self):
        self.member = make.member("mallory", name="Mallory", email="mallory@example.org")
        self.client.force_login(self.member)

    def test_changing_the_address_cannot_send_mail_to_address_after_address(self):
        # Each change mails a link to the new address: without a limit, one account could mail anyone.
        limit = settings.EMAIL_VERIFICATIONS_PER_HOUR
        for number in range(limit):
            response = self.client.post(
                reverse("account-email"), {"email": f"victim{number}@example.org", "password": make.PASSWORD}
            )
            self.assertEqual(response.status_code, 302)
        refused = self.client.post(
            reverse("account-email"), {"email": "one-more@example.org", "password": make.PASSWORD}
        )
        self.assertContains(refused, "Several links were sent in the last hour", status_code=429)
        self.assertEqual(len(mail.outbox), limit)
        self.assertEqual(User.objects.get(pk=self.member.pk).email, f"victim{limit - 1}@example.org")


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheFloodTests(TestCase):
    def setUp(self):
        for alias in settings.CACHES:
            caches[alias].clear()
            self.addCleanup(caches[alias].clear)

    def reset(self):
        response = self.client.post(reverse("password_reset"), {"email": "ada@example.org"})
        wait_for_mail_sent_apart()
        return response

    def test_filling_the_page_cache_does_not_wipe_the_hours_limits(self):
        ada = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=ada.pk).update(email_verified_at=timezone.now())
        for _ in range(settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR):
            self.assertEqual(self.reset().status_code, 302)
        self.assertEqual(self.reset().status_code, 429)
        sent = len(mail.outbox)
        # Anyone can have pages cached, one per address: as many as the cache holds.
        room = caches[settings.PAGE_CACHE_ALIAS]._max_entries
        for number in range(room + 1):
            self.assertEqual(Client().get("/robots.txt", {"n": number}).status_code, 200)
        self.assertEqual(self.reset().status_code, 429)
        self.assertEqual(len(mail.outbox), sent)
