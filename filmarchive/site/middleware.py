"""The site's own middleware: addresses no view should see, and compressed pages without giving BREACH
anything to guess.

Compressed pages:

BREACH recovers a secret from a compressed page that also reflects what an attacker sends. The
secrets in the archive's pages are the CSRF token, which Django masks afresh on every response, and
whatever a signed-in member's pages show of their account. So pages are compressed for visitors
who are not signed in (no session cookie), and never for members; static files are compressed ahead
of time by whitenoise.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware


class AnonymousGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)


class RefuseNulCharactersMiddleware:
    """A 400 for an address holding a NUL character (``%00``), before any view sees it.

    No page's address or query has one, and PostgreSQL refuses NUL in text: a slug or a filter holding
    one would fail in the database, a 500, where the answer is that the address is wrong. Form fields
    refuse it themselves, with an error by the field (Django's forms.CharField).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.lists()
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in query
        ):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no address here has.\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
