"""A database that stops answering: the site says so quickly, and serves again once it answers.

The database is reached through a relay (tests/relay.py) that can black-hole the connection: it stays
open and nothing gets through, nothing is refused or closed. The site runs in a server thread that, like
a gunicorn thread, keeps its connection between requests and goes through Django's request signals.
"""

import time
import urllib.error
import urllib.request
from threading import Thread
from unittest import skipUnless
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.utils import load_backend
from django.test import TestCase, override_settings

from tests.relay import Relay

ON_POSTGRESQL = connection.vendor == "postgresql"


def through(relay, **options):
    """The test database's settings, reached through the relay."""
    settings_dict = connection.settings_dict
    return {
        **settings_dict,
        "HOST": "127.0.0.1",
        "PORT": relay.port,
        "OPTIONS": {**settings_dict["OPTIONS"], **options},
    }


def database_relay():
    settings_dict = connection.settings_dict
    return Relay(settings_dict["HOST"] or "localhost", int(settings_dict["PORT"] or 5432))


def relayed_connection(settings_dict):
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class SiteThread:
    """The site served from one thread, whose database connection goes through the relay."""

    def __init__(self, settings_dict):
        self.settings_dict = settings_dict
        self.server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_QuietHandler)
        self.thread = Thread(target=self._serve, daemon=True)

    def _serve(self):
        relayed = relayed_connection(self.settings_dict)
        connections[DEFAULT_DB_ALIAS] = relayed  # this thread's only
        try:
            self.server.serve_forever(poll_interval=0.05)
        finally:
            relayed.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.thread.join(10)
        self.server.server_close()

    def get(self, path):
        """(status, body, seconds taken)."""
        started = time.monotonic()
        request = urllib.request.Request(f"http://127.0.0.1:{self.server.server_port}{path}")
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (http only)
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return status, body.decode(), time.monotonic() - started

    def wait_for(self, path, status, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.get(path)[0] == status:
                return True
            time.sleep(0.2)
        return False


@skipUnless(ON_POSTGRESQL, "the relay stands in front of a database server")
@override_settings(PAGE_CACHE_SECONDS=600)  # as in production: every page reads the archive's version
class SilentDatabaseTests(TestCase):
    def setUp(self):
        caches[settings.PAGE_CACHE_ALIAS].clear()
        self.relay = self.enterContext(database_relay())
        self.site = self.enterContext(SiteThread(through(self.relay)))
        # First: whatever still waits on the relay then fails, so that the site thread can stop.
        self.addCleanup(self.relay.cut)

    def test_pages_and_the_health_check_answer_503_quickly_then_200_again(self):
        self.assertEqual(self.site.get("/healthz")[0], 200)
        self.assertEqual(self.site.get("/films/")[0], 200)  # the thread keeps this connection

        self.relay.black_hole()
        status, body, seconds = self.site.get("/films/")
        self.assertEqual(status, 503)
        self.assertIn("Temporarily unavailable", body)
        self.assertLess(seconds, 5)

        status, body, seconds = self.site.get("/")
        self.assertEqual(status, 503)
        self.assertLess(seconds, 5)

        status, body, seconds = self.site.get("/healthz")
        self.assertEqual(status, 503)
        self.assertEqual(body, "database unavailable\n")
        self.assertLess(seconds, 2)

        self.relay.forward()
        self.assertTrue(self.site.wait_for("/healthz", 200, seconds=15))
        status, body, _ = self.site.get("/films/")
        self.assertEqual(status, 200)
        self.assertIn("Films", body)

    def test_new_connections_into_the_silence_fail_quickly_too(self):
        self.relay.black_hole()
        status, body, seconds = self.site.get("/healthz")
        self.assertEqual(status, 503)
        self.assertLess(seconds, 2)

        status, body, seconds = self.site.get("/films/")
        self.assertEqual(status, 503)
        self.assertIn("Temporarily unavailable", body)
        self.assertLess(seconds, 5)


@skipUnless(ON_POSTGRESQL, "the relay stands in front of a database server")
class AnswerDeadlineTests(TestCase):
    """A statement the database never answers fails after the connection's answer timeout."""

    def setUp(self):
        self.relay = self.enterContext(database_relay())
        settings_dict = through(self.relay, answer_timeout=1)
        self.relayed = relayed_connection(settings_dict)
        self.addCleanup(self.relayed.close)

    def test_a_query_in_flight_when_the_database_falls_silent(self):
        with self.relayed.cursor() as cursor:
            cursor.execute("SELECT 1")
            self.relay.black_hole()
            started = time.monotonic()
            with self.assertRaisesMessage(OperationalError, "the database did not answer within 1 s"):
                cursor.execute("SELECT 1")
        self.assertLess(time.monotonic() - started, 3)


@skipUnless(ON_POSTGRESQL, "keepalives and the TCP user timeout are libpq's")
class ConnectionOptionsTests(TestCase):
    def test_the_connection_has_keepalives_and_a_tcp_user_timeout(self):
        connection.ensure_connection()
        parameters = connection.connection.info.get_parameters()
        self.assertEqual(parameters.get("keepalives"), "1")
        self.assertEqual(parameters.get("keepalives_idle"), "10")
        self.assertEqual(parameters.get("keepalives_interval"), "3")
        self.assertEqual(parameters.get("keepalives_count"), "3")
        self.assertEqual(parameters.get("tcp_user_timeout"), "5000")
        self.assertEqual(parameters.get("connect_timeout"), "3")
