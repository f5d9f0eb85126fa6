"""Pages go out compressed to visitors, and never to signed-in members (BREACH)."""

import gzip

from django.conf import settings
from django.core.cache import caches
from django.test import TestCase, override_settings

from filmarchive.models import Film


class CompressionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Film.objects.create(title="A film with a synopsis", slug="a-film", synopsis="Words. " * 200)

    def test_a_visitors_page_is_compressed(self):
        response = self.client.get("/films/a-film/", headers={"accept-encoding": "gzip"})
        self.assertEqual(response["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", response["Vary"])
        self.assertIn(b"A film with a synopsis", gzip.decompress(response.content))

    def test_not_when_the_client_does_not_ask(self):
        response = self.client.get("/films/a-film/")
        self.assertFalse(response.has_header("Content-Encoding"))

    def test_a_member_with_a_session_gets_it_uncompressed(self):
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
        response = self.client.get("/films/a-film/", headers={"accept-encoding": "gzip"})
        self.assertFalse(response.has_header("Content-Encoding"))
        self.assertContains(response, "A film with a synopsis")

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_the_same_page_compressed_anew_keeps_its_etag(self):
        # Two processes, or the cache emptied: the page is compressed again, differently each time
        # (gzip's random bytes against BREACH), and its ETag is the same.
        cache = caches[settings.PAGE_CACHE_ALIAS]
        gzipped = {"accept-encoding": "gzip"}
        cache.clear()
        first = self.client.get("/films/a-film/", headers=gzipped)
        cache.clear()
        second = self.client.get("/films/a-film/", headers=gzipped)
        self.assertNotEqual(first.content, second.content)
        self.assertEqual(first["ETag"], second["ETag"])
        self.assertTrue(first["ETag"].startswith('W/"'))
        cache.clear()
        again = self.client.get("/films/a-film/", headers={**gzipped, "if-none-match": first["ETag"]})
        self.assertEqual(again.status_code, 304)
