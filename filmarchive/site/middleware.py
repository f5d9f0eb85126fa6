"""The site's own middleware: no NUL character for any view, and compressed pages without giving
BREACH anything to guess.

Compressed pages:

BREACH recovers a secret from a compressed page that also reflects what an attacker sends. The
secrets in the archive's pages are the CSRF token, which Django masks afresh on every response, and
whatever a signed-in member's pages show of their account. So pages are compressed for visitors
who are not signed in (no session cookie), and never for members; static files are compressed ahead
of time by whitenoise.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import set_response_etag


class AnonymousGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        # The ETag of the page as written, before compressing it: gzip here adds random bytes against
        # BREACH, so an ETag of the compressed bytes would differ from one process (or cache entry) to
        # the next for the same page, and a browser's revalidation would rarely get its 304. Compressing
        # makes it weak ("W/..."): the same page, whatever its encoding.
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
        ):
            set_response_etag(response)
        return super().process_response(request, response)


class NulCharactersMiddleware:
    """No NUL character (``%00``) reaches a view: PostgreSQL refuses NUL in text, so a slug or a filter
    holding one failed in the database, a 500.

    In the path, where no address has one, it is a 400 saying so. In the query it is taken out, as
    search already took it out of a query: what is left is what the visitor meant, if anything. Form
    fields refuse it themselves, with an error by the field (Django's forms.CharField).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no address here has.\n",
                content_type="text/plain; charset=utf-8",
            )
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
