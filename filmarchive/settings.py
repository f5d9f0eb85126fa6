"""Settings for the film archive, read from the environment.

Safe by default: ``DJANGO_DEBUG`` is off unless asked for, and with it off the process refuses to start
without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``. Without ``DATABASE_URL`` the database is a
SQLite file beside ``manage.py``, so a fresh checkout runs with no server.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from filmarchive.env import env_bool, env_int, env_list, env_str, media_storage_from_url, site_url_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, or set DJANGO_DEBUG=True "
            "for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # Django's deploy check (security.W009) only warns; a guessable key forges sessions and reset links.
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak ({len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} different): "
        f"production needs at least {SECRET_KEY_MIN_LENGTH} characters, at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, not starting {SECRET_KEY_INSECURE_PREFIX!r}. "
        "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. Set it to the site's host names, separated by commas "
            "(e.g. films.example.org), or set DJANGO_DEBUG=True for local development."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

# Where mailed links (password resets, address confirmations) point, whatever Host a request came with.
SITE_URL = site_url_from_env("DJANGO_SITE_URL", allowed_hosts=ALLOWED_HOSTS, debug=DEBUG)

INSTALLED_APPS = [
    # The project's apps first, so that their templates (registration/, 404.html) win over contrib's.
    "filmarchive.site",
    "filmarchive",
    "reviews",
    "interviews",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "reversion",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # No NUL character, which PostgreSQL refuses in text, for any view: a 400 in the path, taken out
    # of the query.
    "filmarchive.site.middleware.NulCharactersMiddleware",
    # Logs, once, a DJANGO_TRUSTED_PROXY_COUNT that the requests contradict (filmarchive.signin).
    "filmarchive.signin.ProxyCountMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # 304s for pages whose ETag or Last-Modified the browser already has, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous pages from the cache, before sessions and users are looked at (filmarchive.pagecache).
    "filmarchive.pagecache.AnonymousPageCacheMiddleware",
    # Compresses pages on their way out, after everything below has written them; below the page
    # cache, so that a cached page is compressed once, not on every hit.
    "filmarchive.site.middleware.AnonymousGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "filmarchive.site.urls"
WSGI_APPLICATION = "filmarchive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Persistent connections, each checked before a request reuses it, so that a database that went away
# and came back is reconnected to without restarting the server.
database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            database_url, conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=60), conn_health_checks=True
        )
    }
except ValueError as error:  # dj-database-url's ParseError and UnknownSchemeError are ValueErrors
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database's URL ({error}); e.g. postgres://user:password@host:5432/name"
    ) from None
if not DATABASES["default"].get("NAME"):
    raise ImproperlyConfigured("DATABASE_URL names no database; e.g. postgres://user:password@host:5432/name")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, leaving out PostgreSQL's search columns and indexes (see the module).
    DATABASES["default"]["ENGINE"] = "filmarchive.db.sqlite3"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a deadline on every wait for the database, even one that never answers at all.
    DATABASES["default"]["ENGINE"] = "filmarchive.db.postgresql"
    # No query may hold a worker longer than this (milliseconds; 0: no limit).
    statement_timeout = env_int("DJANGO_DB_STATEMENT_TIMEOUT", default=15000)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Seconds; short enough that a page fails within 5 s when the database is unreachable.
        connect_timeout=env_int("DJANGO_DB_CONNECT_TIMEOUT", default=3, minimum=1),
        # Memoize (a cache of inner rows in a nested loop) sizes its table by the rows the planner
        # expects the loop to see: for a page of 20 reviews joined to their films and authors, a million,
        # and setting that up took longer than the rest of the query (2 ms of 4 for the home page's).
        # Every page reads a few rows through such loops, where it can save nothing.
        options=f"-c statement_timeout={statement_timeout} -c enable_memoize=off",
        # A connection whose packets are being dropped is given up: an idle one after the keepalive
        # probes go unanswered (seconds), a busy one when what it sent is not acknowledged in time
        # (milliseconds).
        keepalives=1,
        keepalives_idle=env_int("DJANGO_DB_KEEPALIVES_IDLE", default=10, minimum=1),
        keepalives_interval=env_int("DJANGO_DB_KEEPALIVES_INTERVAL", default=3, minimum=1),
        keepalives_count=env_int("DJANGO_DB_KEEPALIVES_COUNT", default=3, minimum=1),
        tcp_user_timeout=env_int("DJANGO_DB_TCP_USER_TIMEOUT", default=5000),
        # Seconds any call on an open connection waits for an answer: past the statement timeout, the
        # server has cancelled the query, so silence means it is not there (filmarchive.db.postgresql).
        answer_timeout=statement_timeout / 1000 + 5 if statement_timeout else None,
    )
    # A statement a connection has run this many times (every page runs the same few, with new values)
    # is prepared on the server, which parses it once, not at every request, and plans it once where
    # one plan suits every value (PostgreSQL's own choice); 0 prepares nothing, as a pooler in
    # transaction mode without prepared statements needs. Preparing needs the values sent apart from
    # the SQL (server-side binding).
    if prepare_threshold := env_int("DJANGO_DB_PREPARE_THRESHOLD", default=5, minimum=0):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=prepare_threshold)

# The cache: local memory in each process by default; Redis, shared by every process and machine, when
# REDIS_URL is set (e.g. redis://127.0.0.1:6379/0).
redis_url = env_str("REDIS_URL")
if redis_url:
    parts = urlsplit(redis_url)
    try:
        port, database = parts.port, parts.path.strip("/")
    except ValueError:
        port, database = None, "not a port"
    if (
        parts.scheme not in ("redis", "rediss", "unix")
        or (parts.scheme != "unix" and not parts.hostname)
        or (parts.scheme != "unix" and port is None and parts.netloc.rpartition("@")[2].count(":"))
        or (parts.scheme != "unix" and database and not database.isdigit())
    ):
        raise ImproperlyConfigured(
            f"REDIS_URL={redis_url!r} is not a Redis server's URL; e.g. redis://127.0.0.1:6379/0"
        )
CACHES = {
    alias: (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": alias,
            # A Redis that does not answer costs a page half a second, not the worker's whole timeout:
            # pages are then rendered uncached (filmarchive.pagecache.cache_get).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if redis_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": alias,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
    # Whole pages (and parts of them) apart from anything else cached: anyone can have pages stored,
    # one per address asked for, and a full cache drops its oldest entries.
    for alias in ("default", "pages")
}
# Whole pages for visitors who are not signed in (filmarchive.pagecache): how long an entry may live,
# in seconds; 0 switches page caching off. Writes make pages fresh at once whatever this says.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", default=600, minimum=0)
PAGE_CACHE_ALIAS = "pages"
# Parts of pages that take many queries but change only when the archive does (a film's "Mentioned
# in", filmarchive.pagecache.remembered), for every visitor, members included: how long they may stay
# cached, in seconds; 0 computes them on every request. Writes make them fresh at once, like pages.
PARTS_CACHE_SECONDS = env_int("DJANGO_PARTS_CACHE_SECONDS", default=3600, minimum=0)
# Never looked up in the page cache, so that nothing reads the archive's version before them: the
# health check answers within 2 s whatever the database does.
PAGE_CACHE_EXEMPT_PATHS = ["/healthz"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "filmarchive.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in from a username and address that failed too often, before checking it.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "filmarchive:home"
LOGOUT_REDIRECT_URL = "filmarchive:home"

# Sign-in throttling (filmarchive.signin): five failures lock that username out from that address for
# a quarter of an hour; other usernames, and the same username from elsewhere, are not affected. Twenty
# failures from all addresses together (each counting for at most five) lock it out everywhere.
AXES_FAILURE_LIMIT = env_int("DJANGO_SIGNIN_FAILURE_LIMIT", default=5, minimum=1)
SIGNIN_USERNAME_FAILURE_LIMIT = env_int("DJANGO_SIGNIN_USERNAME_FAILURE_LIMIT", default=20, minimum=1)
AXES_COOLOFF_TIME = env_int("DJANGO_SIGNIN_LOCKOUT_MINUTES", default=15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "filmarchive.signin.SignInHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "filmarchive.signin.client_ip"
# How many proxies in front of the site append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Password resets asked for in an hour, per client address and per email address; verification links a
# member may ask for in an hour (filmarchive.email_addresses).
PASSWORD_RESETS_PER_CLIENT_PER_HOUR = env_int(
    "DJANGO_PASSWORD_RESETS_PER_CLIENT_PER_HOUR", default=10, minimum=1
)
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env_int(
    "DJANGO_PASSWORD_RESETS_PER_EMAIL_PER_HOUR", default=3, minimum=1
)
EMAIL_VERIFICATIONS_PER_HOUR = 3
# Sign-ups in an hour from one client address (filmarchive.accounts); each mails a link to an address.
SIGN_UPS_PER_HOUR = env_int("DJANGO_SIGN_UPS_PER_HOUR", default=5, minimum=1)

# Members' reviews: how many saves (new reviews and edits) a member may make in an hour.
REVIEW_SAVES_PER_HOUR = env_int("DJANGO_REVIEW_SAVES_PER_HOUR", default=20, minimum=1)
REVIEW_MAX_LENGTH = 10_000
# How many reviews a member may report in an hour.
REVIEW_REPORTS_PER_HOUR = env_int("DJANGO_REVIEW_REPORTS_PER_HOUR", default=10, minimum=1)

# Email (password resets). SMTP to DJANGO_EMAIL_HOST; without it, in development, emails are printed
# to the console, and in production they go to a relay on localhost:25, as Django has always assumed.
email_host = env_str("DJANGO_EMAIL_HOST")
MAILERS: dict[str, dict[str, Any]]
if email_host is None and DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host or "localhost",
                "port": env_int("DJANGO_EMAIL_PORT", default=587 if email_host else 25, minimum=1),
                "username": env_str("DJANGO_EMAIL_HOST_USER", ""),
                "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=bool(email_host)),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Film archive <noreply@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads (posters, figures): in MEDIA_ROOT, served by the site itself (filmarchive.site.views.media),
# or, for several web machines, in an S3-compatible object store that serves them.
MEDIA_STORAGE_URL = env_str("DJANGO_MEDIA_STORAGE_URL")
media_storage, MEDIA_ORIGINS = (
    media_storage_from_url(MEDIA_STORAGE_URL)
    if MEDIA_STORAGE_URL
    else ({"BACKEND": "django.core.files.storage.FileSystemStorage"}, [])
)
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where the archive's documents live, and where the fixtures built from them are written.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
ARCHIVE_SOURCES_DIR = BASE_DIR / "fixtures" / "sources"
ARCHIVE_FIXTURE = BASE_DIR / "fixtures" / "archive.json"

# Security. The site is served over HTTPS only; a TLS-terminating proxy in front of it says so with
# X-Forwarded-Proto, which is trusted only when the operator says the proxy sets it.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check speaks plain HTTP to the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    # __Host- cookies are sent only over HTTPS, only to this host, for the whole site.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Content Security Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL={LOG_LEVEL!r} is not a level; use DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": "filmarchive.logging.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "one_line"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
