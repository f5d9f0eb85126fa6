"""Settings read from the environment: strict parsing and safe defaults, as a real process sees them."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import TestCase, mock

from django.core.exceptions import ImproperlyConfigured

from filmarchive.env import env_bool, env_int, env_list, site_url_from_env

PROJECT = Path(__file__).resolve().parents[2]
# A key as production needs one: long, and of many different characters.
STRONG_KEY = "a-production-like-secret-key-of-more-than-fifty-characters-0123"


def manage_check(*command, **env):
    """Run a manage.py command (``check`` by default) in a fresh process with these DJANGO_ variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean["DJANGO_SETTINGS_MODULE"] = "filmarchive.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


class SettingsProcessTests(TestCase):
    def test_debug_must_be_a_boolean(self):
        result = manage_check(DJANGO_DEBUG="yes please")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_DEBUG='yes please' is not a boolean", result.stderr)

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = manage_check(DJANGO_ALLOWED_HOSTS="films.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY is not set", result.stderr)

    def test_production_refuses_to_start_without_allowed_hosts(self):
        result = manage_check(DJANGO_SECRET_KEY=STRONG_KEY)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_ALLOWED_HOSTS is not set", result.stderr)

    def test_production_refuses_a_weak_secret_key(self):
        for key, described in [
            ("short-but-varied-key-0123456789", "31 characters, 25 different"),
            ("ab" * 30, "60 characters, 2 different"),
            ("django-insecure-" + STRONG_KEY, "79 characters"),
        ]:
            with self.subTest(key=key):
                result = manage_check(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="films.example.org")
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(f"DJANGO_SECRET_KEY is too weak ({described}", result.stderr)
                self.assertIn("at least 50 characters, at least 5 of them different", result.stderr)
                self.assertNotIn(key, result.stderr)

    def test_production_starts_with_a_strong_secret_key(self):
        result = manage_check(DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="films.example.org")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_development_defaults_just_work(self):
        result = manage_check(DJANGO_DEBUG="True")
        self.assertEqual(result.returncode, 0, result.stderr)


class SiteUrlTests(TestCase):
    """DJANGO_SITE_URL, where mailed links point."""

    def site_url(self, **env):
        result = manage_check(
            "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)",
            DJANGO_SECRET_KEY=STRONG_KEY, **env,
        )  # fmt: skip
        return result.stdout.strip() if result.returncode == 0 else result.stderr

    def test_production_defaults_to_https_and_the_first_allowed_host(self):
        self.assertEqual(
            self.site_url(DJANGO_ALLOWED_HOSTS="films.example.org,www.films.example.org"),
            "https://films.example.org",
        )
        self.assertEqual(
            self.site_url(
                DJANGO_ALLOWED_HOSTS="films.example.org", DJANGO_SITE_URL="http://films.test:8080/"
            ),
            "http://films.test:8080",
        )

    def test_production_needs_it_when_the_first_allowed_host_is_a_pattern(self):
        for hosts in ("*", ".example.org,films.example.org"):
            with self.subTest(hosts=hosts):
                self.assertIn(
                    "DJANGO_SITE_URL is not set, and the first of DJANGO_ALLOWED_HOSTS",
                    self.site_url(DJANGO_ALLOWED_HOSTS=hosts),
                )

    def test_a_value_that_is_not_a_site_address_is_refused(self):
        for value, problem in [
            ("films.example.org", "http:// or https://"),
            ("ftp://films.example.org", "http:// or https://"),
            ("https://", "no host"),
            ("https://films.example.org:port", "host or port is not understood"),
            ("https://films.example.org/archive/", "no path, query or fragment"),
            ("https://films.example.org/?a=1", "no path, query or fragment"),
            ("https://admin:secret@films.example.org", "user name or password"),
        ]:
            with (
                self.subTest(value=value),
                mock.patch.dict(os.environ, {"DJANGO_SITE_URL": value}),
                self.assertRaisesRegex(ImproperlyConfigured, f"DJANGO_SITE_URL=.*{problem}"),
            ):
                site_url_from_env("DJANGO_SITE_URL", allowed_hosts=["films.example.org"], debug=False)


class MailSettingsTests(TestCase):
    PRINT_MAILER = ["shell", "-c", "from django.conf import settings; print(settings.MAILERS['default'])"]

    def test_development_prints_emails(self):
        result = manage_check(*self.PRINT_MAILER, DJANGO_DEBUG="True")
        self.assertIn("console.EmailBackend", result.stdout)

    def test_production_sends_them_by_smtp(self):
        production = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "films.example.org"}
        result = manage_check(*self.PRINT_MAILER, **production)
        self.assertIn("smtp.EmailBackend", result.stdout)
        self.assertIn("'host': 'localhost', 'port': 25", result.stdout)
        result = manage_check(*self.PRINT_MAILER, DJANGO_EMAIL_HOST="smtp.example.org", **production)
        self.assertIn("'host': 'smtp.example.org', 'port': 587", result.stdout)
        self.assertIn("'use_tls': True", result.stdout)


class DatabaseWaitSettingsTests(TestCase):
    """Every wait on PostgreSQL is bounded, each bound with a default and a variable to change it."""

    PRINT_OPTIONS = ["shell", "-c", "from django.conf import settings; print(settings.DATABASES['default'])"]
    POSTGRES = {"DJANGO_DEBUG": "True", "DATABASE_URL": "postgres://films@db.example.org:5432/films"}

    def test_defaults(self):
        result = manage_check(*self.PRINT_OPTIONS, **self.POSTGRES)
        self.assertEqual(result.returncode, 0, result.stderr)
        for option in [
            "'ENGINE': 'filmarchive.db.postgresql'",
            "'connect_timeout': 3",
            "'options': '-c statement_timeout=15000 -c enable_memoize=off'",
            "'keepalives': 1",
            "'keepalives_idle': 10",
            "'keepalives_interval': 3",
            "'keepalives_count': 3",
            "'tcp_user_timeout': 5000",
            "'answer_timeout': 20.0",
            "'server_side_binding': True",
            "'prepare_threshold': 5",
        ]:
            self.assertIn(option, result.stdout)

    def test_prepared_statements_can_be_turned_off_for_a_pooler(self):
        result = manage_check(*self.PRINT_OPTIONS, **self.POSTGRES, DJANGO_DB_PREPARE_THRESHOLD="0")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("server_side_binding", result.stdout)
        self.assertNotIn("prepare_threshold", result.stdout)

    def test_each_from_its_variable(self):
        result = manage_check(
            *self.PRINT_OPTIONS,
            **self.POSTGRES,
            DJANGO_DB_CONNECT_TIMEOUT="2",
            DJANGO_DB_STATEMENT_TIMEOUT="4000",
            DJANGO_DB_KEEPALIVES_IDLE="30",
            DJANGO_DB_KEEPALIVES_INTERVAL="5",
            DJANGO_DB_KEEPALIVES_COUNT="4",
            DJANGO_DB_TCP_USER_TIMEOUT="2500",
        )
        for option in [
            "'connect_timeout': 2",
            "'options': '-c statement_timeout=4000 -c enable_memoize=off'",
            "'keepalives_idle': 30",
            "'keepalives_interval': 5",
            "'keepalives_count': 4",
            "'tcp_user_timeout': 2500",
            "'answer_timeout': 9.0",
        ]:
            self.assertIn(option, result.stdout)

    def test_no_statement_timeout_means_no_answer_timeout(self):
        result = manage_check(*self.PRINT_OPTIONS, **self.POSTGRES, DJANGO_DB_STATEMENT_TIMEOUT="0")
        self.assertIn("'answer_timeout': None", result.stdout)

    def test_a_nonsense_value_stops_the_process(self):
        result = manage_check(*self.PRINT_OPTIONS, **self.POSTGRES, DJANGO_DB_KEEPALIVES_COUNT="0")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_DB_KEEPALIVES_COUNT='0' must be 1 or more", result.stderr)


class ServiceUrlSettingsTests(TestCase):
    """A wrong DATABASE_URL, REDIS_URL or DJANGO_LOG_LEVEL stops the process, naming the variable."""

    def assertRefused(self, variable, value, says):
        result = manage_check(DJANGO_DEBUG="True", **{variable: value})
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn(says, result.stderr)

    def test_a_database_url_that_is_not_one(self):
        for value in ["garbage", "postgres://u:p@h:notaport/db", "postgres://u:p@h:99999/db", "postgres://"]:
            with self.subTest(value=value):
                self.assertRefused("DATABASE_URL", value, "DATABASE_URL")

    def test_a_redis_url_that_is_not_one(self):
        for value in [
            "garbage",
            "http://127.0.0.1:6379/0",
            "redis://127.0.0.1:port/0",
            "redis://127.0.0.1:6379/abc",
        ]:
            with self.subTest(value=value):
                self.assertRefused("REDIS_URL", value, f"REDIS_URL={value!r} is not a Redis server's URL")
        for value in ["redis://127.0.0.1:6379/9", "redis://:secret@cache.internal/0", "rediss://cache:6380"]:
            with self.subTest(value=value):
                self.assertEqual(manage_check(DJANGO_DEBUG="True", REDIS_URL=value).returncode, 0)

    def test_a_log_level_in_any_case_and_one_that_is_none(self):
        self.assertEqual(manage_check(DJANGO_DEBUG="True", DJANGO_LOG_LEVEL="debug").returncode, 0)
        self.assertRefused("DJANGO_LOG_LEVEL", "LOUD", "DJANGO_LOG_LEVEL='LOUD' is not a level")


class EnvReaderTests(TestCase):
    def test_booleans(self):
        for value, expected in [("True", True), ("false", False), ("1", True), ("OFF", False)]:
            with self.subTest(value), mock.patch.dict(os.environ, {"X": value}):
                self.assertIs(env_bool("X", default=not expected), expected)
        with mock.patch.dict(os.environ, {"X": ""}):
            self.assertIs(env_bool("X", default=True), True)

    def test_numbers(self):
        with mock.patch.dict(os.environ, {"X": "12"}):
            self.assertEqual(env_int("X", default=0), 12)
        with (
            mock.patch.dict(os.environ, {"X": "twelve"}),
            self.assertRaisesRegex(ImproperlyConfigured, "X='twelve'"),
        ):
            env_int("X", default=0)
        with (
            mock.patch.dict(os.environ, {"X": "-1"}),
            self.assertRaisesRegex(ImproperlyConfigured, "0 or more"),
        ):
            env_int("X", default=0)

    def test_lists(self):
        with mock.patch.dict(os.environ, {"X": " a.org , b.org"}):
            self.assertEqual(env_list("X"), ["a.org", "b.org"])
        with (
            mock.patch.dict(os.environ, {"X": "a.org,,b.org"}),
            self.assertRaisesRegex(ImproperlyConfigured, "empty item"),
        ):
            env_list("X")
