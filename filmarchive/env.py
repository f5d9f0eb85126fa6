"""Strict readers for settings that come from the environment.

Each reader refuses a value it cannot understand instead of guessing: ``DJANGO_DEBUG=yes please`` stops
the process with a message that names the variable, where ``bool(os.environ.get(...))`` would quietly
turn ``"False"`` into ``True``.
"""

import os
from typing import overload
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value with surrounding spaces removed; an empty value counts as unset."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, *, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use True or False (or 1/0, yes/no, on/off)."
    )


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be {minimum} or more.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blank items are an error rather than silently dropped."""
    value = env_str(name)
    if value is None:
        return list(default or [])
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item; separate values with commas.")
    return items


def media_storage_from_url(url: str) -> tuple[dict[str, object], list[str]]:
    """Django's STORAGES entry for uploads kept in an S3-compatible object store, and the origins
    the images are served from (for the Content Security Policy).

    ``s3://BUCKET[/PREFIX]?endpoint_url=...&region_name=...&custom_domain=...`` — the endpoint for a
    store other than Amazon's, the region, a domain (a CDN) that serves the bucket's files. The keys
    come from the usual ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``. Files are served by their
    plain URLs, so the bucket (or the CDN) must let anyone read them.
    """
    parsed = urlsplit(url)
    if parsed.scheme != "s3" or not parsed.hostname:
        raise ImproperlyConfigured(
            f"DJANGO_MEDIA_STORAGE_URL={url!r} is not understood: write s3://BUCKET[/PREFIX][?endpoint_url=...]"
        )
    known = {"endpoint_url", "region_name", "custom_domain"}
    query = dict(parse_qsl(parsed.query, keep_blank_values=True))
    if unknown := set(query) - known:
        raise ImproperlyConfigured(
            f"DJANGO_MEDIA_STORAGE_URL: unknown option(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(known))})"
        )
    options: dict[str, object] = {
        "bucket_name": parsed.hostname,
        "location": parsed.path.strip("/"),
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
        **query,
    }
    if query.get("custom_domain"):
        origins = [f"https://{query['custom_domain']}"]
    elif query.get("endpoint_url"):
        endpoint = urlsplit(query["endpoint_url"])
        origins = [f"{endpoint.scheme}://{endpoint.netloc}"]
        options["addressing_style"] = "path"
    else:
        origins = [f"https://{parsed.hostname}.s3.amazonaws.com"]
        if query.get("region_name"):
            origins.append(f"https://{parsed.hostname}.s3.{query['region_name']}.amazonaws.com")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origins


def site_url_from_env(name: str, *, allowed_hosts: list[str], debug: bool) -> str:
    """The site's own address, ``scheme://host[:port]`` with no slash at the end, for links in emails.

    Unset: in development ``http://localhost:8000`` (runserver's), in production ``https://`` and the
    first of ``allowed_hosts``, which must then name one host (not a wildcard or ``.domain``).
    """
    value = env_str(name)
    if value is None:
        if debug:
            return "http://localhost:8000"
        host = allowed_hosts[0] if allowed_hosts else ""
        if not host or host == "*" or host.startswith("."):
            raise ImproperlyConfigured(
                f"{name} is not set, and the first of DJANGO_ALLOWED_HOSTS ({host!r}) names no one host. "
                f"Set {name} to the site's address, e.g. https://films.example.org."
            )
        return f"https://{host}"
    problem = ""
    try:
        parsed = urlsplit(value)
        parsed.port  # noqa: B018 (raises ValueError for a port that is not a number in range)
    except ValueError:
        problem = "its host or port is not understood"
    else:
        if parsed.scheme not in ("http", "https"):
            problem = "it must start with http:// or https://"
        elif not parsed.hostname:
            problem = "it names no host"
        elif parsed.username is not None or parsed.password is not None:
            problem = "it must not carry a user name or password"
        elif parsed.path not in ("", "/") or parsed.query or parsed.fragment or value.endswith(("?", "#")):
            problem = "it must have no path, query or fragment"
    if problem:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not the site's address: {problem}. Write e.g. https://films.example.org"
        )
    return f"{parsed.scheme}://{parsed.netloc}"
