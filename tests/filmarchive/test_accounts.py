"""Members' accounts: sign up, sign in and out, passwords, and sign-in throttling."""

import html
import re
from unittest import skipUnless

from django.core import mail
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from filmarchive.models import Person, User
from tests import factories as make
from tests.helpers import all_at_once

PASSWORD = "a film archive password"


def sign_up(client, username="ada", name="Ada Critic", password=PASSWORD, **extra):
    return client.post(
        reverse("sign-up"),
        {"username": username, "display_name": name, "email": f"{username}@example.org",
         "password1": password, "password2": password, **extra},
    )  # fmt: skip


class SignUpTests(TestCase):
    def test_sign_up_makes_a_member_with_a_person(self):
        response = sign_up(self.client)
        user = User.objects.get(username="ada")
        self.assertEqual(user.person.name, "Ada Critic")
        self.assertEqual(user.person.slug, "ada-critic")
        self.assertRedirects(response, "/people/ada-critic/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_a_second_person_of_the_same_name_gets_their_own_page(self):
        make.person("Ada Critic", slug="ada-critic")
        sign_up(self.client)
        self.assertEqual(User.objects.get(username="ada").person.slug, "ada-critic-2")

    def test_passwords_must_be_long_and_uncommon(self):
        for password, message in [
            ("short pass", "This password is too short. It must contain at least 12 characters."),
            ("password1234", "This password is too common."),
        ]:
            with self.subTest(password=password):
                response = sign_up(self.client, password=password)
                self.assertContains(response, message)
                self.assertContains(response, 'value="Ada Critic"')  # what was typed is kept
        self.assertFalse(User.objects.exists())
        self.assertFalse(Person.objects.exists())

    def test_a_taken_username(self):
        sign_up(self.client)
        self.client.logout()
        self.assertContains(
            sign_up(self.client, name="Someone Else"), "A user with that username already exists."
        )
        self.assertEqual(Person.objects.count(), 1)


def errors_shown(page):
    """The error messages a form page shows, as text."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page)
    return sorted(html.unescape(item) for found in lists for item in re.findall(r"<li>(.*?)</li>", found))


@skipUnless(connection.vendor == "postgresql", "concurrent requests need a database server")
class SimultaneousSignUpTests(TransactionTestCase):
    """Real requests at the same moment, each with its own connection, all passing the form's checks."""

    def sign_up_together(self, accounts):
        def attempt(username, name):
            response = sign_up(Client(), username=username, name=name)
            return response.status_code, response.content.decode()

        results, errors = all_at_once([lambda a=a: attempt(*a) for a in accounts])
        self.assertEqual(errors, [])  # the test client raises a server error in its thread
        return results

    def outcome(self, results):
        """What the sign-ups came to: each answer and its errors, and the accounts and pages made."""
        answers = sorted((status, errors_shown(page)) for status, page in results)
        accounts = sorted(User.objects.values_list("person__name", "person__slug"))
        # Nothing half-written: every person made here belongs to an account.
        self.assertEqual(Person.objects.count(), len(accounts))
        return answers, accounts

    def test_one_username_ten_times_makes_one_account_and_nine_clear_errors(self):
        results = self.sign_up_together([("ada", f"Critic Number {n}") for n in range(10)])
        answers, accounts = self.outcome(results)
        taken = (200, ["A user with that username already exists."])
        self.assertEqual(answers, [taken] * 9 + [(302, [])])
        self.assertEqual(len(accounts), 1)

    def test_one_display_name_ten_times_ends_as_ten_sign_ups_one_after_another(self):
        """Whatever the rules for a name someone already has, racing sign-ups cannot slip past them."""
        accounts = [(f"ada{n}", "Ada Critic") for n in range(10)]
        at_once = self.outcome(self.sign_up_together(accounts))
        User.objects.all().delete()
        Person.objects.all().delete()
        in_turn = self.outcome([
            (response.status_code, response.content.decode())
            for response in (sign_up(Client(), username=u, name=n) for u, n in accounts)
        ])  # fmt: skip
        self.assertEqual(at_once, in_turn)


class SignInTests(TestCase):
    def setUp(self):
        sign_up(self.client)
        self.client.logout()

    def sign_in(self, password=PASSWORD, address="10.0.0.1", username="ada"):
        return self.client.post(
            reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def test_sign_in_and_out(self):
        self.assertRedirects(self.sign_in(), "/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "Sign out")
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)  # no state change on GET
        self.client.post(reverse("logout"))
        self.assertContains(self.client.get("/"), "Sign in")

    def test_a_wrong_password(self):
        self.assertContains(self.sign_in(password="not the password"), "did not match")

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_out_that_username_from_that_address_only(self):
        make.member("bob", password=PASSWORD)
        for _ in range(3):
            self.sign_in(password="wrong guess here")
        locked = self.sign_in()
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "failed too many times", status_code=429)
        self.assertContains(locked, "Try again in 15 minutes", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # The same member from elsewhere, and another member from here, still sign in.
        self.assertEqual(self.sign_in(address="10.0.0.2").status_code, 302)
        self.client.post(reverse("logout"))
        self.assertEqual(self.sign_in(username="bob").status_code, 302)

    def test_password_change(self):
        self.sign_in()
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "another long password",
                "new_password2": "another long password",
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        self.assertTrue(User.objects.get(username="ada").check_password("another long password"))

    def test_password_reset_by_email(self):
        self.client.post(reverse("password_reset"), {"email": "ada@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
        form = self.client.get(link, follow=True)
        self.assertContains(form, "Choose a new password")
        response = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a brand new password", "new_password2": "a brand new password"},
        )
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.assertTrue(User.objects.get(username="ada").check_password("a brand new password"))
