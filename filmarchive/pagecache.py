"""Whole pages cached for visitors who are not signed in, and made fresh by every write to the archive.

How it stays correct:

- Every write to an archive record (a model of ``filmarchive``, ``reviews`` or ``interviews``, users
  aside) bumps ``ArchiveVersion`` in the same transaction: ``post_save`` (loaddata's raw saves and
  django-reversion's restores included), ``post_delete`` and ``m2m_changed``, connected in
  ``FilmArchiveConfig.ready()``. Code that writes around the signals (``QuerySet.update()``,
  ``bulk_create()``) calls ``archive_changed()`` itself, as ``reviews.models.ReviewQuerySet`` does.
- A cached page is filed under the version it was rendered at. Each request reads the version (one small
  query), so the first request after a write misses the cache and renders the page afresh, in every
  process and on every machine, whatever the cache backend.
- Only anonymous requests are served from the cache or stored in it: a request carrying a session or a
  messages cookie, or an Authorization header, passes straight through. A response is stored only when
  it is a plain 200 that sets no cookie, used no CSRF token, and says nothing against caching.

Cached responses carry an ``ETag`` (of the page before it is compressed, the same in every process)
and a ``Last-Modified`` (the second after the archive last changed, once it is over: ``last_modified``),
so ``ConditionalGetMiddleware``, just above this one, answers a browser's revalidation with a 304.
"""

import hashlib
import logging
import math
import time
from contextvars import ContextVar

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

ARCHIVE_APPS = {"filmarchive", "reviews", "interviews"}
# What a shared page may vary on besides the cookies that make a request private.
SAFE_VARY = {"cookie", "accept-encoding"}
PRIVATE_COOKIES = ("messages",)
logger = logging.getLogger(__name__)
# The archive's version as this request first read it (``request_version``): a dict while a request is
# answered (``AnonymousPageCacheMiddleware`` opens it), None outside requests, which read it every time.
_seen: ContextVar[dict | None] = ContextVar("archive_version_seen", default=None)


def archive_changed(using: str | None = None) -> None:
    """Record that the archive changed: every page is rendered afresh from now on."""
    from filmarchive.models import ArchiveVersion

    if (seen := _seen.get()) is not None:
        seen.clear()  # what this request read before its own write is no longer the version
    now = timezone.now()
    rows = ArchiveVersion.objects.using(using) if using else ArchiveVersion.objects
    if not rows.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        rows.bulk_create([ArchiveVersion(pk=1, version=1, changed_at=now)], ignore_conflicts=True)


def remembered(key, compute):
    """``compute()``, kept in the page cache until the archive next changes (one small query to know).

    For a part of a page that takes many queries but changes only when the archive does (a film's
    "Mentioned in"), so that signed-in members, whose pages are never cached whole, are spared it too.
    The value must pickle. Whole pages may be cached or not: this is ``PARTS_CACHE_SECONDS``'s to say
    (0 computes it every time).
    """
    seconds = settings.PARTS_CACHE_SECONDS
    if not seconds:
        return compute()
    version, _ = request_version()
    full_key = f"remembered:{version}:{key}"
    value = cache_get(full_key)
    if value is None:
        value = compute()
        cache_set(full_key, value, seconds)
    return value


def cache_get(key):
    """The page cache's entry, or None when there is none or the cache cannot be reached: a cache
    server that is down (Redis) makes pages slower, never unavailable."""
    try:
        return caches[settings.PAGE_CACHE_ALIAS].get(key)
    except Exception as error:  # whatever the backend's client raises
        logger.warning("The page cache could not be read: %r", error)
        return None


def cache_set(key, value, seconds):
    """Keep an entry in the page cache if it can be reached (see ``cache_get``)."""
    try:
        caches[settings.PAGE_CACHE_ALIAS].set(key, value, seconds)
    except Exception as error:
        logger.warning("The page cache could not be written: %r", error)


def current_version():
    """(version, changed_at) as this request's transaction sees them; (0, None) before any write."""
    from filmarchive.models import ArchiveVersion

    row = ArchiveVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row or (0, None)


def last_modified(changed_at):
    """The ``Last-Modified`` of a page rendered after the archive's change at ``changed_at``: the whole
    second after it, once that second is over; until then, None (the ETag alone answers revalidation).

    HTTP dates count whole seconds, and a client that revalidates with ``If-Modified-Since`` alone is
    told 304 when the page's date is no later than its own. The change's own second would give a later
    change in that second the same date, and a stale page would stand; the second after it, given only
    once it has passed, is earlier than any later change.
    """
    second_after = math.floor(changed_at.timestamp()) + 1
    return second_after if second_after <= time.time() else None


def request_version():
    """``current_version()``, read once a request: the page cache and every part the page remembers
    file themselves under the same version, for one query. A write the request makes forgets it."""
    seen = _seen.get()
    if seen is None:
        return current_version()
    if "version" not in seen:
        seen["version"] = current_version()
    return seen["version"]


def _is_archive_record(sender):
    meta = sender._meta
    return (
        # Not a migration's historical model: its table may be from before ArchiveVersion's.
        meta.apps is global_apps
        and meta.app_label in ARCHIVE_APPS
        # Not a member's account, nor the bookkeeping of versions and of hourly limits.
        and meta.model_name not in ("user", "archiveversion", "requestcount")
    )


def _on_write(sender, using=None, **kwargs):
    if _is_archive_record(sender):
        archive_changed(using)


def _on_m2m(sender, action, using=None, **kwargs):
    if action.startswith("post_") and _is_archive_record(kwargs["instance"].__class__):
        archive_changed(using)


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")


def _private(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or any(name in cookies for name in PRIVATE_COOKIES)
        or "HTTP_AUTHORIZATION" in request.META
    )


def _storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= SAFE_VARY


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET and HEAD requests from the cache, filed under the archive's version.

    ``PAGE_CACHE_SECONDS`` (0 switches it off) bounds how long an entry lives; freshness never depends
    on it, since any write moves every page to a new key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _seen.set({})
        try:
            return self.answer(request)
        finally:
            _seen.reset(token)

    def answer(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or _private(request)
            or request.path_info in settings.PAGE_CACHE_EXEMPT_PATHS
        ):
            return self.get_response(request)
        try:
            version, changed_at = request_version()
        except DatabaseError:
            # The database is not answering: nothing can be known fresh, so nothing is served from
            # the cache; the view answers for itself (a 503 page, filmarchive.site.views.server_error).
            return self.get_response(request)
        key = self.key(request, version)
        response = cache_get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return self.dated(response, changed_at)
        response = self.get_response(request)
        if _storable(request, response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            # Browsers and proxies keep it but ask again each time: a 304 costs next to nothing.
            patch_cache_control(response, no_cache=True)
            cache_set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
            return self.dated(response, changed_at)
        return response

    @staticmethod
    def dated(response, changed_at):
        """The page with its ``Last-Modified`` as of this request (``last_modified``): a page kept from
        the second of the change is dated once that second is over."""
        if changed_at is not None and (modified := last_modified(changed_at)) is not None:
            response["Last-Modified"] = http_date(modified)
        return response

    @staticmethod
    def key(request, version):
        address = "|".join(
            [
                str(version),
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.headers.get("Accept-Encoding", ""),
            ]
        )
        return f"page:{hashlib.sha256(address.encode()).hexdigest()}"
