"""Compressed pages, without giving BREACH anything to guess.

BREACH recovers a secret from a compressed page that also reflects what an attacker sends. The
secrets in the archive's pages are the CSRF token, which Django masks afresh on every response, and
whatever a signed-in member's pages show of their account. So pages are compressed for visitors
who are not signed in (no session cookie), and never for members; static files are compressed ahead
of time by whitenoise.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class AnonymousGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)
