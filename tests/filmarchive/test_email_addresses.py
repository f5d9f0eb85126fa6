"""Members' email addresses: unique however capitalised, verified by a link before a password-reset link
is sent to them, and the reset form limited and telling nobody which addresses have accounts."""

import contextlib
import io
import re
import threading
import time

from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from filmarchive.email_addresses import VERIFICATION_SALT
from filmarchive.models import Person, User
from tests import factories as make
from tests.helpers import wait_for_mail_sent_apart

PASSWORD = "a film archive password"
VERIFY_LINK = re.compile(r"http://testserver(/accounts/confirm-email/\S+/)")
RESET_LINK = re.compile(r"http://testserver(/accounts/reset/\S+/)")


def sign_up(client, username="ada", email="ada@example.org"):
    return client.post(
        reverse("sign-up"),
        {"username": username, "display_name": username.title(), "email": email,
         "password1": PASSWORD, "password2": PASSWORD},
    )  # fmt: skip


def ask_for_reset(client, email, address="192.0.2.1"):
    response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)
    wait_for_mail_sent_apart()
    return response


class VerificationTests(TestCase):
    def test_sign_up_mails_a_link_that_verifies_the_address_on_confirmation(self):
        response = sign_up(self.client)
        self.assertEqual(response.status_code, 302)
        [email] = mail.outbox
        self.assertEqual(email.to, ["ada@example.org"])
        self.assertIn("Confirm your email address", email.subject)
        link = VERIFY_LINK.search(email.body)[1]
        self.assertContains(self.client.get("/", follow=True), "We sent a link to ada@example.org")

        # Opening the link (as a mail scanner would) changes nothing; confirming does.
        self.assertContains(self.client.get(link), "Confirm that ada@example.org is your address")
        self.assertIsNone(User.objects.get(username="ada").email_verified_at)
        self.assertContains(self.client.post(link), "ada@example.org is confirmed")
        self.assertIsNotNone(User.objects.get(username="ada").email_verified_at)

        # Now, and only now, the address can be sent a reset link.
        ask_for_reset(self.client, "ada@example.org")
        self.assertRegex(mail.outbox[-1].body, RESET_LINK)

    def test_a_link_for_an_address_the_account_no_longer_has_or_a_forged_one_verifies_nothing(self):
        sign_up(self.client)
        link = VERIFY_LINK.search(mail.outbox[0].body)[1]
        User.objects.filter(username="ada").update(email="ada@elsewhere.example")
        for url in (
            link,
            link.replace("/confirm-email/", "/confirm-email/x"),
            "/accounts/confirm-email/not-a-token/",
        ):
            with self.subTest(url=url):
                response = self.client.post(url)
                self.assertContains(response, "This link has expired", status_code=400)
        self.assertIsNone(User.objects.get(username="ada").email_verified_at)

    def test_a_link_expires_after_a_week(self):
        sign_up(self.client)
        ada = User.objects.get(username="ada")

        class EightDaysAgo(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)

        token = EightDaysAgo(salt=VERIFICATION_SALT).sign_object([ada.pk, ada.email], compress=True)
        link = reverse("verify-email", args=[token])
        self.assertContains(self.client.post(link), "This link has expired", status_code=400)
        self.assertIsNone(User.objects.get(username="ada").email_verified_at)

    def test_a_member_can_ask_for_a_new_link_a_few_times_an_hour(self):
        sign_up(self.client)
        page = self.client.get(reverse("confirm-email"))
        self.assertContains(page, "ada@example.org is not confirmed yet")
        for _ in range(3):
            self.assertEqual(self.client.post(reverse("confirm-email")).status_code, 200)
        self.assertEqual(len(mail.outbox), 4)
        self.assertContains(
            self.client.post(reverse("confirm-email")), "Several links were sent", status_code=429
        )
        self.assertEqual(len(mail.outbox), 4)
        self.client.post(VERIFY_LINK.search(mail.outbox[-1].body)[1])
        self.assertContains(self.client.get(reverse("confirm-email")), "ada@example.org is confirmed")


class UniqueAddressTests(TestCase):
    def test_sign_up_refuses_an_address_taken_in_any_capitalisation(self):
        make.member("bob", email="Ada@Example.org")
        response = sign_up(self.client, email="ada@EXAMPLE.org")
        self.assertContains(response, "An account already uses this email address.")
        self.assertFalse(User.objects.filter(username="ada").exists())
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(mail.outbox, [])

    def test_the_database_holds_one_account_per_address_and_any_number_without_one(self):
        make.member("bob", email="ada@example.org")
        make.member("carol", email="")
        make.member("dan", email="")
        with self.assertRaises(IntegrityError):
            make.member("eve", email="ADA@example.org")


class PasswordResetTests(TestCase):
    def setUp(self):
        self.verified = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=self.verified.pk).update(email_verified_at="2026-01-01T00:00Z")
        make.member("bob", email="bob@example.org")  # never verified

    def test_only_a_verified_address_is_mailed_and_the_answer_is_the_same_for_any_address(self):
        responses = {
            email: ask_for_reset(self.client, email, address=f"192.0.2.{n}")
            for n, email in enumerate(["ada@example.org", "bob@example.org", "nobody@example.org"])
        }
        self.assertEqual([message.to for message in mail.outbox], [["ada@example.org"]])
        answers = {
            (r.status_code, r.headers.get("Location"), r.content, tuple(r.cookies))
            for r in responses.values()
        }
        self.assertEqual(len(answers), 1, answers)
        [(status, location, _, _)] = answers
        self.assertEqual((status, location), (302, reverse("password_reset_done")))

    @override_settings(PASSWORD_RESETS_PER_EMAIL_PER_HOUR=3)
    def test_limited_per_email_address(self):
        for email in ("ada@example.org", "nobody@example.org"):
            with self.subTest(email=email):
                for n in range(3):
                    self.assertEqual(
                        ask_for_reset(self.client, email, address=f"198.51.100.{n}").status_code, 302
                    )
                refused = ask_for_reset(self.client, email.upper(), address="198.51.100.99")
                self.assertContains(refused, "Too many password resets were asked for", status_code=429)
                self.assertContains(refused, f'value="{email.upper()}"', status_code=429)
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(PASSWORD_RESETS_PER_CLIENT_PER_HOUR=10)
    def test_limited_per_client_address(self):
        for n in range(10):
            self.assertEqual(ask_for_reset(self.client, f"someone{n}@example.org").status_code, 302)
        refused = ask_for_reset(self.client, "ada@example.org")
        self.assertContains(refused, "Too many password resets were asked for", status_code=429)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(ask_for_reset(self.client, "ada@example.org", address="192.0.2.2").status_code, 302)
        self.assertEqual(len(mail.outbox), 1)


class HeldMailServer(BaseEmailBackend):
    """A mail server that keeps every message waiting until the test lets it through."""

    events: list[str] = []
    let_through = threading.Event()

    def send_messages(self, messages):
        self.let_through.wait(timeout=10)
        self.events.append("sent")
        mail.outbox.extend(messages)
        return len(messages)


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class ResetAnswerTimeTests(TestCase):
    """The reset form answers before an account's email is sent, so the mail server's time does not
    tell an address with an account from one without."""

    def setUp(self):
        ada = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=ada.pk).update(email_verified_at="2026-01-01T00:00Z")

    @override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.HeldMailServer"}})
    def test_the_answer_does_not_wait_for_the_mail_server(self):
        HeldMailServer.events.clear()
        HeldMailServer.let_through.clear()
        self.addCleanup(HeldMailServer.let_through.set)
        response = self.client.post(reverse("password_reset"), {"email": "ada@example.org"})
        HeldMailServer.events.append("answered")
        HeldMailServer.let_through.set()
        wait_for_mail_sent_apart()
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(HeldMailServer.events, ["answered", "sent"])
        self.assertEqual([message.to for message in mail.outbox], [["ada@example.org"]])
        self.assertRegex(mail.outbox[0].body, RESET_LINK)

    @override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.BrokenMailServer"}})
    def test_a_mail_server_that_fails_is_logged_and_the_answer_is_the_same(self):
        with self.assertLogs("filmarchive.email_addresses", "ERROR") as logged:
            response = self.client.post(reverse("password_reset"), {"email": "ada@example.org"})
            wait_for_mail_sent_apart()
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertIn("Failed to send the password reset email to user", logged.output[0])
        self.assertIn("the mail server is down", logged.output[0])


@override_settings(SITE_URL="https://films.example.org", ALLOWED_HOSTS=["films.example.org"])
class SiteUrlTests(TestCase):
    """Mailed links point to DJANGO_SITE_URL, whatever host and port the request named."""

    def test_links_ignore_the_requests_host_and_port(self):
        visitor = Client(HTTP_HOST="films.example.org:6666")
        self.assertEqual(sign_up(visitor).status_code, 302)
        verify = mail.outbox.pop().body
        self.assertRegex(verify, r"https://films\.example\.org/accounts/confirm-email/\S+/")
        self.assertNotIn("6666", verify)

        visitor.post(reverse("confirm-email"))  # a new link, asked for once signed in
        self.assertRegex(mail.outbox.pop().body, r"https://films\.example\.org/accounts/confirm-email/")

        User.objects.filter(username="ada").update(email_verified_at="2026-01-01T00:00Z")
        visitor.post(reverse("password_reset"), {"email": "ada@example.org"})
        reset = mail.outbox.pop().body
        self.assertRegex(reset, r"https://films\.example\.org/accounts/reset/\S+/")
        self.assertNotIn("6666", reset)


class ChangedAddressTests(TestCase):
    def test_an_address_changed_however_it_is_saved_is_no_longer_confirmed(self):
        ada = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=ada.pk).update(email_verified_at="2026-01-01T00:00Z")
        ada.refresh_from_db()
        ada.last_name = "Critic"
        ada.save()
        ada.save(update_fields=["last_login"])
        self.assertIsNotNone(User.objects.get(pk=ada.pk).email_verified_at)
        ada.email = "ada@elsewhere.example"
        ada.save(update_fields=["email"])
        self.assertIsNone(User.objects.get(pk=ada.pk).email_verified_at)
        self.assertEqual(ask_for_reset(self.client, "ada@elsewhere.example").status_code, 302)
        self.assertEqual(mail.outbox, [])

    def test_an_address_changed_on_the_account_page_is_mailed_a_new_link(self):
        ada = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=ada.pk).update(email_verified_at="2026-01-01T00:00Z")
        self.client.force_login(ada)
        self.assertContains(self.client.get(reverse("account")), "Password resets go to")
        data = {"email": "ada@elsewhere.example", "password": make.PASSWORD}
        page = self.client.post(reverse("account-email"), data, follow=True)
        self.assertContains(page, "We sent a link to ada@elsewhere.example")
        self.assertContains(page, "is not confirmed yet, so no password reset can go to it")
        self.assertIsNone(User.objects.get(pk=ada.pk).email_verified_at)
        [email] = mail.outbox
        self.assertEqual(email.to, ["ada@elsewhere.example"])
        self.client.post(VERIFY_LINK.search(email.body)[1])
        self.assertContains(self.client.get(reverse("account")), "Password resets go to")

    def test_an_address_changed_in_the_admin_is_no_longer_confirmed(self):
        ada = make.member("ada", email="ada@example.org")
        User.objects.filter(pk=ada.pk).update(email_verified_at="2026-01-01T00:00Z")
        self.client.force_login(User.objects.create_superuser("root", password=PASSWORD))
        url = reverse("admin:filmarchive_user_change", args=[ada.pk])
        self.assertContains(self.client.get(url), "Email verified at")
        data = {"username": "ada", "email": "someone.else@example.org", "is_active": "on",
                "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}  # fmt: skip
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("admin:filmarchive_user_changelist"))
        ada.refresh_from_db()
        self.assertEqual(ada.email, "someone.else@example.org")
        self.assertIsNone(ada.email_verified_at)


class MigrationTests(TransactionTestCase):
    BEFORE = [("filmarchive", "0006_sync")]
    AFTER = [("filmarchive", "0007_user_email_unique_and_verified")]

    def test_accounts_sharing_an_address_leave_it_to_the_oldest(self):
        executor = MigrationExecutor(connection)
        executor.migrate(self.BEFORE)
        self.addCleanup(lambda: MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes()))
        OldUser = executor.loader.project_state(self.BEFORE).apps.get_model("filmarchive", "User")
        for username, email in [("first", "Ada@example.org"), ("second", "ada@EXAMPLE.org"), ("bob", ""),
                                ("carol", ""), ("dan", "dan@example.org")]:  # fmt: skip
            OldUser.objects.create(username=username, email=email)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            MigrationExecutor(connection).migrate(self.AFTER)
        self.assertEqual(
            dict(User.objects.values_list("username", "email")),
            {"first": "Ada@example.org", "second": "", "bob": "", "carol": "", "dan": "dan@example.org"},
        )
        self.assertIn("account 'second': email address 'ada@EXAMPLE.org'", output.getvalue())
