"""Sign-in throttling behind the proxies the operator declares, and the warnings when they contradict it.

An attacker tries passwords for the member "ada" from 198.51.100.7; ada signs in from 192.0.2.10. The
proxy, when there is one, is 10.0.0.2 and appends the address it saw to X-Forwarded-For.
"""

from pathlib import Path

import yaml
from django.core import checks
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from filmarchive import signin
from tests import factories as make

ATTACKER, VICTIM, PROXY = "198.51.100.7", "192.0.2.10", "10.0.0.2"
PROJECT = Path(__file__).resolve().parents[2]


def compose_web_environment():
    compose = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
    return compose["services"]["web"]["environment"]


def sign_in(password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(reverse("login"), {"username": "ada", "password": password}, **headers)


class ThrottlingBehindProxiesTests(TestCase):
    def setUp(self):
        make.member("ada")
        signin.warned.clear()
        self.addCleanup(signin.warned.clear)

    def warnings_logged(self, attempt):
        """What ``attempt()`` logged about the proxy count."""
        with self.assertLogs("filmarchive.signin", "WARNING") as logs:
            attempt()
            signin.logger.warning("end of attempt")
        return [line for line in logs.output if "end of attempt" not in line]

    def test_no_proxy_forged_addresses_are_ignored(self):
        def attack():
            for n in range(30):
                sign_in("a wrong guess", remote=ATTACKER, forwarded=f"203.0.113.{n}")

        logged = self.warnings_logged(attack)
        # Forging a new X-Forwarded-For each time does not dodge the lockout of the attacker's address...
        self.assertEqual(sign_in(make.PASSWORD, remote=ATTACKER, forwarded="203.0.113.200").status_code, 429)
        # ... and thirty failures from one address do not lock ada out from hers.
        self.assertEqual(sign_in(make.PASSWORD, remote=VICTIM).status_code, 302)
        # The operator hears, once, that X-Forwarded-For arrives while no proxy is declared.
        self.assertEqual(len(logged), 1, logged)
        self.assertIn("X-Forwarded-For but DJANGO_TRUSTED_PROXY_COUNT is 0", logged[0])

    def test_behind_the_shipped_proxy_the_address_it_saw_counts(self):
        def attack():
            for n in range(30):
                sign_in("a wrong guess", remote=PROXY, forwarded=f"203.0.113.{n}, {ATTACKER}")

        with (
            override_settings(
                TRUSTED_PROXY_COUNT=int(compose_web_environment()["DJANGO_TRUSTED_PROXY_COUNT"])
            ),
            self.assertNoLogs("filmarchive.signin", "WARNING"),
        ):
            attack()
            locked = sign_in(make.PASSWORD, remote=PROXY, forwarded=f"203.0.113.200, {ATTACKER}")
            self.assertContains(locked, "from here failed too many times", status_code=429)
            # Everyone shares the proxy's connection, yet ada, elsewhere, is not locked out.
            self.assertEqual(sign_in(make.PASSWORD, remote=PROXY, forwarded=VICTIM).status_code, 302)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_one_proxy_a_request_that_bypassed_it_is_judged_by_its_connection(self):
        logged = self.warnings_logged(lambda: [sign_in("a wrong guess", remote=ATTACKER) for _ in range(5)])
        self.assertEqual(sign_in(make.PASSWORD, remote=ATTACKER).status_code, 429)
        self.assertEqual(sign_in(make.PASSWORD, remote=PROXY, forwarded=VICTIM).status_code, 302)
        self.assertEqual(len(logged), 1, logged)
        self.assertIn("0 address(es) in X-Forwarded-For but DJANGO_TRUSTED_PROXY_COUNT is 1", logged[0])

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_many_addresses_cannot_guess_one_password_fast(self):
        # The site reachable directly: each forged address is a new one to axes' per-address limit, so
        # the username's own limit, across addresses, is what stops the guessing.
        for n in range(19):
            sign_in("a wrong guess", remote=ATTACKER, forwarded=f"203.0.113.{n}")
        self.assertEqual(sign_in(make.PASSWORD, remote=PROXY, forwarded=VICTIM).status_code, 302)
        for n in range(20):
            sign_in("a wrong guess", remote=ATTACKER, forwarded=f"203.0.113.{n}")
        paused = sign_in(make.PASSWORD, remote=PROXY, forwarded=VICTIM)
        self.assertContains(paused, "failed too many times from many places", status_code=429)
        self.assertContains(paused, "Try again in 15 minutes", status_code=429)
        self.assertEqual(sign_in(make.PASSWORD, remote=PROXY, forwarded="192.0.2.99").status_code, 429)

    def test_any_page_reports_forwarding_without_a_declared_proxy_once(self):
        logged = self.warnings_logged(
            lambda: [Client().get("/robots.txt", HTTP_X_FORWARDED_FOR=ATTACKER) for _ in range(3)]
        )
        self.assertEqual(len(logged), 1, logged)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_health_checks_come_straight_to_the_site_and_are_no_sign_of_a_wrong_count(self):
        with self.assertNoLogs("filmarchive.signin", "WARNING"):
            Client().get("/healthz")
        logged = self.warnings_logged(lambda: Client().get("/robots.txt"))
        self.assertEqual(len(logged), 1, logged)


class ProxyCountCheckTests(TestCase):
    def deploy_warnings(self):
        return [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "filmarchive.W001"]

    def test_a_proxy_for_https_must_be_declared_for_addresses_too(self):
        https_proxy = ("HTTP_X_FORWARDED_PROTO", "https")
        with override_settings(SECURE_PROXY_SSL_HEADER=https_proxy, TRUSTED_PROXY_COUNT=0):
            [warning] = self.deploy_warnings()
        self.assertIn("DJANGO_TRUSTED_PROXY_COUNT is 0", warning.msg)
        with override_settings(SECURE_PROXY_SSL_HEADER=https_proxy, TRUSTED_PROXY_COUNT=1):
            self.assertEqual(self.deploy_warnings(), [])

    def test_the_compose_file_declares_its_proxy_and_lets_only_it_in(self):
        compose = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
        web = compose["services"]["web"]
        self.assertEqual(web["environment"]["DJANGO_SECURE_PROXY_SSL_HEADER"], "True")
        self.assertEqual(web["environment"]["DJANGO_TRUSTED_PROXY_COUNT"], "1")
        self.assertTrue(all(port.startswith("127.0.0.1:") for port in web["ports"]), web["ports"])
