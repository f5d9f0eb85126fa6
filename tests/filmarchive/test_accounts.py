"""Members' accounts: sign up, sign in and out, passwords, and sign-in throttling."""

import html
import re
from datetime import timedelta
from unittest import mock, skipUnless

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from filmarchive.admin import rename
from filmarchive.display_names import ANOTHER_MEMBER, IN_THE_ARCHIVE
from filmarchive.email_addresses import over_the_limit
from filmarchive.models import Person, RequestCount, User
from tests import factories as make
from tests.helpers import all_at_once

PASSWORD = "a film archive password"


def sign_up(client, username="ada", name="Ada Critic", password=PASSWORD, email=None, **extra):
    return client.post(
        reverse("sign-up"),
        {"username": username, "display_name": name, "email": email or f"{username}@example.org",
         "password1": password, "password2": password, **extra},
    )  # fmt: skip


class SignUpTests(TestCase):
    def test_sign_up_makes_a_member_with_a_person(self):
        response = sign_up(self.client)
        user = User.objects.get(username="ada")
        self.assertEqual(user.person.name, "Ada Critic")
        self.assertEqual(user.person.slug, "ada-critic")
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)
        # With nowhere to go back to, the new member is told what to do next.
        self.assertRedirects(response, reverse("account-welcome"))
        welcome = self.client.get(reverse("account-welcome"))
        self.assertContains(welcome, "Welcome, Ada Critic")
        self.assertContains(welcome, "Add a review")
        self.assertContains(welcome, 'href="/people/ada-critic/"')
        self.assertContains(welcome, f'href="{reverse("account")}"')

    def test_a_name_whose_address_is_taken_gets_the_next_one(self):
        make.person("Ada Critic-Smith", slug="ada-critic")  # another name, the address Ada Critic's would be
        sign_up(self.client)
        self.assertEqual(User.objects.get(username="ada").person.slug, "ada-critic-2")

    def test_a_former_address_of_someone_else_is_not_given_to_a_member(self):
        renamed = make.person("Ada Lovelace King", slug="ada-lovelace")
        rename(renamed, "ada-lovelace-critic")
        sign_up(self.client, name="Ada Lovelace")
        self.assertEqual(User.objects.get(username="ada").person.slug, "ada-lovelace-2")
        self.assertRedirects(
            self.client.get("/people/ada-lovelace/"), "/people/ada-lovelace-critic/", status_code=301
        )

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


class SignUpLimitTests(TestCase):
    @override_settings(SIGN_UPS_PER_HOUR=3)
    def test_a_few_sign_ups_an_hour_from_one_address(self):
        for n in range(3):
            self.assertEqual(sign_up(Client(), f"member{n}", f"Member {n}").status_code, 302)
        # A form with mistakes does not count; a good one over the limit makes nothing and mails nobody.
        self.assertEqual(sign_up(Client(), "member3", "Member 3", password="short").status_code, 200)
        refused = sign_up(Client(), "victim", "Victim", email="victim@example.org")
        self.assertContains(
            refused, "Too many accounts were made from here in the last hour", status_code=429
        )
        self.assertContains(refused, 'value="victim@example.org"', status_code=429)
        self.assertFalse(User.objects.filter(username="victim").exists())
        self.assertEqual(Person.objects.count(), 3)
        self.assertEqual(
            [message.to for message in mail.outbox], [[f"member{n}@example.org"] for n in range(3)]
        )
        # Another address is not held back.
        self.assertEqual(sign_up(Client(REMOTE_ADDR="192.0.2.7"), "other", "Other").status_code, 302)


IN_USE = "An account already uses this email address"
TOO_MANY_ADDRESSES = "Too many addresses that already have an account were tried in the last hour"


def try_address(client, email, **extra):
    """A sign-up with mistakes, as someone checking which addresses have accounts sends it."""
    return sign_up(client, "probe", "Probe", password="x", email=email, password2="y", **extra)


class AddressInUseLimitTests(TestCase):
    """Sign-up says that an address has an account only a few times an hour to one client: it cannot be
    used to find out which of many addresses have accounts."""

    def setUp(self):
        make.member("alice", email="alice@example.com")

    def test_the_answer_cannot_be_asked_for_without_limit(self):
        answers = [try_address(Client(), "alice@example.com") for _ in range(30)]
        told = [answer for answer in answers if IN_USE in answer.content.decode()]
        self.assertEqual(len(told), settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR)
        self.assertTrue(all(answer.status_code == 200 for answer in told))
        self.assertEqual({answer.status_code for answer in answers[len(told) :]}, {429})
        self.assertNotContains(try_address(Client(), "nobody@example.com"), IN_USE, status_code=429)

    @override_settings(PASSWORD_RESETS_PER_CLIENT_PER_HOUR=3)
    def test_past_the_limit_every_address_is_refused_alike_and_what_was_typed_is_kept(self):
        # Addresses without an account are not counted: someone correcting their form is not held back.
        for _ in range(5):
            self.assertEqual(try_address(Client(), "nobody@example.com").status_code, 200)
        for _ in range(3):
            self.assertContains(try_address(Client(), "ALICE@example.com"), IN_USE)
        for email in ("alice@example.com", "nobody@example.com"):
            with self.subTest(email=email):
                refused = try_address(Client(), email)
                self.assertContains(refused, TOO_MANY_ADDRESSES, status_code=429)
                self.assertNotContains(refused, IN_USE, status_code=429)
                self.assertContains(refused, f'value="{email}"', status_code=429)
                self.assertContains(refused, 'value="Probe"', status_code=429)
        # Nor does a sign-up that would go through get past it, whatever its address.
        refused = sign_up(Client(), "newcomer", "New Comer", email="newcomer@example.com")
        self.assertContains(refused, TOO_MANY_ADDRESSES, status_code=429)
        self.assertFalse(User.objects.filter(username="newcomer").exists())
        self.assertEqual(mail.outbox, [])
        # Another client is still told.
        self.assertContains(try_address(Client(REMOTE_ADDR="192.0.2.7"), "alice@example.com"), IN_USE)


class TrustworthyNameTests(TestCase):
    """A member cannot take the name of someone in the archive, nor another member's, however written."""

    @classmethod
    def setUpTestData(cls):
        make.person("Théo Lefèvre")
        make.person("Mike D’Angelo")
        make.person("Jean-Baptiste Phou")
        make.member("bo", name="Bo Reviewer")

    def test_spellings_of_an_archive_persons_name_are_refused(self):
        for name in ("Théo Lefèvre", "theo lefevre", "THEO  LEFEVRE", "Mike D'Angelo", "Jean–Baptiste Phou"):
            with self.subTest(name=name):
                response = sign_up(self.client, name=name)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, IN_THE_ARCHIVE)
        self.assertEqual(IN_THE_ARCHIVE, "That name belongs to someone in the archive; choose another.")
        self.assertFalse(User.objects.filter(username="ada").exists())

    def test_another_members_name_is_refused(self):
        response = sign_up(self.client, name="  bo reviewer ")
        self.assertContains(response, ANOTHER_MEMBER)
        self.assertFalse(User.objects.filter(username="ada").exists())

    def test_the_catalogues_aliases_and_the_former_members_name_are_refused(self):
        # "Oppenheimer" is Joshua Oppenheimer's alias in fixtures/sources/catalogue.toml.
        self.assertContains(sign_up(self.client, name="OPPENHEIMER"), IN_THE_ARCHIVE)
        self.assertContains(sign_up(self.client, name="Former Member"), IN_THE_ARCHIVE)
        self.assertContains(sign_up(self.client, name="Former-Member"), IN_THE_ARCHIVE)
        self.assertFalse(User.objects.filter(username="ada").exists())

    def test_a_name_like_but_not_the_same_is_free(self):
        self.assertRedirects(sign_up(self.client, name="Théo Lefèvre Jr"), reverse("account-welcome"))

    def test_invisible_and_control_characters_are_refused(self):
        for name in ("Dragon\u200bknight", "Drag\u00adonknight", "Dragonknight\u200e", "Ada\x07Critic"):
            with self.subTest(name=ascii(name)):
                response = sign_up(self.client, name=name)
                self.assertContains(response, "Names cannot contain invisible or control characters")
        self.assertFalse(User.objects.filter(username="ada").exists())

    def test_punctuation_spacing_and_look_alike_letters_do_not_make_another_name(self):
        make.person("Dragonknight")
        for name in (
            *(
                "Dragonkn\u0456ght",
                "Dr\u0430gonkn\u0456ght",
                "Dragon knight",
                "Dragon-knight",
                "Dragonknight.",
            ),
            *("Jean Baptiste Phou", "Théo-Lefèvre", "B\u03bf Reviewer"),  # Greek omicron
        ):
            with self.subTest(name=ascii(name)):
                response = sign_up(self.client, name=name)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, ANOTHER_MEMBER if "Reviewer" in name else IN_THE_ARCHIVE)
        self.assertFalse(User.objects.filter(username="ada").exists())

    def test_a_name_in_another_script_is_compared_as_written(self):
        make.person("Сергей")  # Cyrillic throughout
        self.assertContains(sign_up(self.client, name="СЕРГЕЙ"), IN_THE_ARCHIVE)
        self.assertContains(sign_up(self.client, name="Cергей"), IN_THE_ARCHIVE)  # a Latin C in front
        # Only a name that mixes scripts is read for look-alikes: these are other people's names.
        self.assertRedirects(sign_up(self.client, name="Сережа"), reverse("account-welcome"))
        self.client.logout()
        self.assertRedirects(sign_up(self.client, username="bea", name="Серёжа"), reverse("account-welcome"))
        self.assertEqual(User.objects.get(username="bea").person.name, "Серёжа")


class MemberPathTests(TestCase):
    """From "Add a review" through signing in or up, back to the review form."""

    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture", slug="the-missing-picture")

    def test_the_review_form_sends_a_visitor_to_sign_in_saying_why(self):
        form = reverse("reviews:review-form", args=[self.film.slug])
        response = self.client.get(form, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], f"{reverse('login')}?next={form}")
        self.assertContains(response, "Sign in to review <cite>The Missing Picture</cite>", html=False)
        self.assertContains(response, f'href="{reverse("sign-up")}?next={form}"')

    def test_the_sign_in_page_says_nothing_of_reviews_for_other_pages(self):
        for next_ in ("/films/", "/films/no-such-film/review/", "https://elsewhere.example/films/x/review/"):
            with self.subTest(next=next_):
                response = self.client.get(reverse("login"), {"next": next_})
                self.assertNotContains(response, "Sign in to review")

    def test_signing_up_from_there_ends_on_the_review_form(self):
        form = reverse("reviews:review-form", args=[self.film.slug])
        page = self.client.get(reverse("sign-up"), {"next": form})
        self.assertContains(page, f'href="{reverse("login")}?next={form}"')
        response = self.client.post(
            f"{reverse('sign-up')}?next={form}",
            {"username": "ada", "display_name": "Ada Critic", "email": "ada@example.org",
             "password1": PASSWORD, "password2": PASSWORD},
        )  # fmt: skip
        self.assertRedirects(response, form)
        self.assertContains(self.client.get(form), "Your review of")

    def test_sign_up_never_sends_a_member_to_another_site(self):
        response = self.client.post(
            f"{reverse('sign-up')}?next=https://elsewhere.example/",
            {"username": "ada", "display_name": "Ada Critic", "email": "ada@example.org",
             "password1": PASSWORD, "password2": PASSWORD},
        )  # fmt: skip
        self.assertRedirects(response, reverse("account-welcome"))


def errors_shown(page):
    """The error messages a form page shows, as text."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page)
    return sorted(html.unescape(item) for found in lists for item in re.findall(r"<li>(.*?)</li>", found))


@skipUnless(connection.vendor == "postgresql", "concurrent requests need a database server")
class SimultaneousSignUpTests(TransactionTestCase):
    """Real requests at the same moment, each with its own connection, all passing the form's checks."""

    def sign_up_together(self, accounts):
        def attempt(username, name, number):
            response = sign_up(Client(), username=username, name=name, email=f"ada{number}@example.org")
            return response.status_code, response.content.decode()

        results, errors = all_at_once([lambda n=n, a=a: attempt(*a, n) for n, a in enumerate(accounts)])
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

    def test_one_display_name_ten_times_makes_one_account_and_nine_clear_errors(self):
        results = self.sign_up_together([(f"ada{n}", "Ada Critic") for n in range(10)])
        answers, accounts = self.outcome(results)
        taken = (200, [ANOTHER_MEMBER])
        self.assertEqual(answers, [taken] * 9 + [(302, [])])
        self.assertEqual(accounts, [("Ada Critic", "ada-critic")])


@skipUnless(connection.vendor == "postgresql", "concurrent requests need a database server")
class SimultaneousAddressInUseTests(TransactionTestCase):
    @override_settings(PASSWORD_RESETS_PER_CLIENT_PER_HOUR=3)
    def test_requests_at_the_same_moment_are_told_no_more_often_than_the_limit(self):
        make.member("alice", email="alice@example.com")

        def attempt():
            response = try_address(Client(), "alice@example.com")
            return response.status_code, IN_USE in response.content.decode()

        results, errors = all_at_once([attempt] * 10)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(results), [(200, True)] * 3 + [(429, False)] * 7)


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
        # Only a confirmed address is sent a reset link (tests/filmarchive/test_email_addresses.py).
        self.client.post(re.search(r"http://testserver(/\S+/)", mail.outbox.pop().body)[1])
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


class HourlyLimitTests(TestCase):
    """The hourly limits count in the database: every process and machine counts together."""

    def test_counts_per_key_until_the_hour_since_the_first_request_runs_out(self):
        start = timezone.now()
        with mock.patch("django.utils.timezone.now", return_value=start):
            self.assertEqual([over_the_limit("k", 2) for _ in range(3)], [False, False, True])
            self.assertFalse(over_the_limit("other", 2))
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=59)):
            self.assertTrue(over_the_limit("k", 2))
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=61)):
            self.assertFalse(over_the_limit("k", 2))
            # The hours gone are not kept: "other" was counted only in the first.
            self.assertEqual(list(RequestCount.objects.values_list("key", "count")), [("k", 1)])

    @override_settings(SIGN_UPS_PER_HOUR=2)
    def test_a_count_made_elsewhere_counts_here(self):
        # What another process counted is in the database, not in this one's memory.
        RequestCount.objects.create(key="sign-up:client:127.0.0.1", since=timezone.now(), count=2)
        refused = sign_up(Client(), "ada", "Ada")
        self.assertContains(refused, "Too many accounts were made from here", status_code=429)


@skipUnless(connection.vendor == "postgresql", "concurrent requests need a database server")
class SimultaneousCountTests(TransactionTestCase):
    def test_requests_at_the_same_moment_are_each_counted(self):
        results, errors = all_at_once([lambda: over_the_limit("together", 7)] * 10)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(results), [False] * 7 + [True] * 3)
        self.assertEqual(RequestCount.objects.get(key="together").count, 10)
