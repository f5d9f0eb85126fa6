"""Settings for the test suite: the project's own settings, with what keeps tests fast and hermetic.

The environment still decides the database, so the same suite runs on SQLite (the default) and on
PostgreSQL (with ``DATABASE_URL``).
"""

import os

# Tests run as production does (DEBUG off), whatever the shell says.
os.environ["DJANGO_DEBUG"] = "False"
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-deployment-anywhere-ever")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP; the redirect to HTTPS has tests of its own.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
# Mailed links point where the test client's requests go.
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")
# Many tests sign up from 127.0.0.1 in one run; the limit's own tests set a low one (test_accounts.py).
os.environ.setdefault("DJANGO_SIGN_UPS_PER_HOUR", "100000")

from filmarchive.settings import *  # noqa: F403
from filmarchive.settings import DATABASES, STORAGES

# Each test's rolled-back transaction would leave pages cached under a version number that comes round
# again; the caches' own tests switch them on (tests/filmarchive/test_pagecache.py).
PAGE_CACHE_SECONDS = 0
PARTS_CACHE_SECONDS = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render pages without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A test database of this run's own on a server, so that two runs on one machine never share one.
if DATABASES["default"]["ENGINE"] == "filmarchive.db.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": f"test_filmarchive_{os.getpid()}"}
