"""Where a request comes from, and how often signing in as one member may fail.

**The client's address.** Behind ``DJANGO_TRUSTED_PROXY_COUNT`` proxies, each appending the address it
saw to ``X-Forwarded-For``, the client's address is the one the outermost of them wrote: the N-th from
the end. What stands before it was written by the client and is never believed. Both ways of getting
the count wrong hurt sign-in throttling, so the site says so in its log, once per process:

- count 0 behind a proxy: every visitor shares the proxy's address, and a few wrong passwords lock a
  member out for everyone. A request that arrives with ``X-Forwarded-For`` shows it (and the deploy
  check warns when ``DJANGO_SECURE_PROXY_SSL_HEADER`` says a proxy is there but the count is 0).
- count N while clients can reach the site directly: a request with fewer than N forwarded addresses
  did not pass through every proxy; its header is not believed (the connection's address is used).

**Throttling** (django-axes, with this module's handler): ``AXES_FAILURE_LIMIT`` failures lock a
username out from one address; ``SIGNIN_USERNAME_FAILURE_LIMIT`` failures from all addresses together
lock it out everywhere, so that many addresses cannot guess one password quickly. Each address counts
for at most ``AXES_FAILURE_LIMIT`` of those, so that one address alone can never lock a member out
everywhere, however long it keeps trying.

**The form** (``SignInForm``) holds a username to what every column keeping one can hold: Django's
form only tells the browser, and a longer one went on to authenticate(), where axes writes each
failure's username to a column of 255 characters that PostgreSQL refuses to overflow (a 500).
"""

import ipaddress
import logging
import re
import threading

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core import checks
from django.db.models import Sum

from filmarchive.models import User

logger = logging.getLogger(__name__)

# The proxy-count warnings already logged by this process (each is logged once).
warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_once(key: str, message: str, *args: object) -> None:
    with _warned_lock:
        if key in warned:
            return
        warned.add(key)
    logger.warning(message, *args)


def client_ip(request) -> str:
    """The client's address: the connection's, or, behind trusted proxies, the one they saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    if not proxies:
        if forwarded:
            warn_once(
                "forwarded-but-no-proxies",
                "A request arrived with X-Forwarded-For but DJANGO_TRUSTED_PROXY_COUNT is 0: behind a proxy "
                "every visitor has the proxy's address, and a few wrong passwords lock a member out for "
                "everyone. Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in front of the site.",
            )
        return request.META.get("REMOTE_ADDR", "")
    if len(forwarded) < proxies:
        warn_once(
            "fewer-forwarded-than-proxies",
            "A request arrived with %d address(es) in X-Forwarded-For but DJANGO_TRUSTED_PROXY_COUNT is %d: "
            "it reached the site without passing through every proxy, so its own address is used. A "
            "client that can reach the site directly can write any address there: let only the proxy "
            "reach the site, or lower DJANGO_TRUSTED_PROXY_COUNT.",
            len(forwarded),
            proxies,
        )
        return request.META.get("REMOTE_ADDR", "")
    address = forwarded[-proxies]
    try:
        ipaddress.ip_address(address)
    except ValueError:
        # Not what a proxy writes: a client reaching the site directly wrote it. axes keeps the address
        # in an address column, which refuses it (a 500); the connection's address is the one to use.
        warn_once(
            "forwarded-not-an-address",
            "A request arrived with %r where DJANGO_TRUSTED_PROXY_COUNT says a proxy wrote an address: "
            "its own address is used. Let only the proxy reach the site.",
            address[:100],
        )
        return request.META.get("REMOTE_ADDR", "")
    return address


class ProxyCountMiddleware:
    """Looks at every request's forwarding until both warnings are logged, not only at sign-ins.

    Health checks (``SECURE_REDIRECT_EXEMPT``: the container's own and the load balancer's) come
    straight to gunicorn, not through the proxy, and are no sign of a wrong count.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.direct = [re.compile(pattern) for pattern in settings.SECURE_REDIRECT_EXEMPT]

    def __call__(self, request):
        path = request.path_info.lstrip("/")
        if len(warned) < 2 and not any(pattern.search(path) for pattern in self.direct):
            client_ip(request)
        return self.get_response(request)


def check_proxy_count(app_configs, **kwargs):
    """Deploy check: a proxy is declared for X-Forwarded-Proto, yet none for X-Forwarded-For."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [
            checks.Warning(
                "DJANGO_SECURE_PROXY_SSL_HEADER says a proxy is in front of the site, but "
                "DJANGO_TRUSTED_PROXY_COUNT is 0: every visitor would have the proxy's address, and a few "
                "wrong passwords would lock a member out for everyone.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in front of the site "
                "(1 for one TLS-terminating proxy).",
                id="filmarchive.W001",
            )
        ]
    return []


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler, with a second, higher limit for a username from every address at once."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return failures
        per_address_limit = get_failure_limit(request, credentials)
        per_address = (
            AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
            .values("ip_address")
            .annotate(failures=Sum("failures_since_start"))
            .values_list("failures", flat=True)
        )
        everywhere = sum(min(count, per_address_limit) for count in per_address)
        if everywhere >= settings.SIGNIN_USERNAME_FAILURE_LIMIT:
            # The lockout page says the pause is for every address, not only this one.
            request.signin_paused_everywhere = True
            return max(failures, per_address_limit)
        return failures


def username_max_length() -> int:
    """The longest username that every column keeping one can hold."""
    models = (User, AccessAttempt, AccessLog, AccessFailureLog)
    return min(model._meta.get_field("username").max_length for model in models)


class SignInForm(AuthenticationForm):
    username = UsernameField(
        max_length=username_max_length(), widget=forms.TextInput(attrs={"autofocus": True})
    )
