"""Production behaviour that the test client can see: health check, HTTPS, security headers."""

import sys
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings
from django.urls import reverse


class HealthCheckTests(TestCase):
    def test_healthy(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok\n")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_database_down_is_503_without_details(self):
        with (
            mock.patch(
                "django.db.backends.utils.CursorWrapper.execute",
                side_effect=OperationalError("connection refused: secret details"),
            ),
            self.assertLogs("filmarchive.site.views", "ERROR"),
        ):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"database unavailable\n")

    def test_only_safe_methods(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class SecurityTests(TestCase):
    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_redirected_to_https_but_not_the_health_check(self):
        response = self.client.get(reverse("filmarchive:film-list"))
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_headers(self):
        response = self.client.get(reverse("filmarchive:home"), secure=True)
        csp = response["Content-Security-Policy"]
        for directive in (
            "default-src 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        ):
            self.assertIn(directive, csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertEqual(
            response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains; preload"
        )
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_cookies_are_host_only_and_secure(self):
        response = self.client.get("/admin/login/", secure=True)
        cookie = response.cookies["__Host-csrftoken"]
        self.assertTrue(cookie["secure"])
        self.assertEqual(cookie["path"], "/")
        self.assertFalse(cookie["domain"])


class OneLineLogTests(TestCase):
    def test_a_traceback_stays_on_one_line(self):
        import logging

        from filmarchive.logging import OneLineFormatter

        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
        line = OneLineFormatter("%(levelname)s %(message)s").format(record)
        self.assertNotIn("\n", line)
        self.assertTrue(line.startswith("ERROR failed | Traceback"))
        self.assertIn("ValueError: boom", line)
