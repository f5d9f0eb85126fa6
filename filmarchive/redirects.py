"""Where to send a visitor next, when the address comes from the request (``?next=``, a form field).

Every view that redirects to an address the client supplied goes through ``safe_next()``: only a page
of this site, on the scheme the request came in on, is followed; anything else (another host, a
protocol-relative ``//host``, an encoded ``/%2F%2Fhost``, ``javascript:``, a bare word that names no
page) falls back to a page the view chooses, so a link to the archive can never lead off it.
"""

from urllib.parse import unquote

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_target(request, url):
    """Whether ``url`` is a page of this site: a path from the root, or an address on this host."""
    if not url or not isinstance(url, str):
        return False
    if not url.startswith("/") and not url.lower().startswith(("http://", "https://")):
        return False  # a relative word ("foo") or another scheme
    allowed = {request.get_host()}
    secure = request.is_secure()
    # The decoded form too: "/%2F%2Fhost" is a path here, but "//host" to anything that decodes it.
    return all(
        url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed, require_https=secure)
        for candidate in (url, unquote(url))
    )


def safe_next(request, fallback, url=None):
    """The address to redirect to: ``url`` (by default ``?next=``) if it is safe, else ``fallback``.

    ``fallback`` is anything ``redirect()`` takes: a URL, a view name or a model with an absolute URL.
    """
    if url is None:
        url = request.GET.get("next", "")
    return url if is_safe_target(request, url) else resolve_url(fallback)
