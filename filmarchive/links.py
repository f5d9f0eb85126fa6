"""Records' URLs without a full ``reverse()`` each time: pages list dozens of records.

``reverse()`` walks the URL resolver on every call (about 10 µs); a film page built 75 URLs that way.
A record's URL differs from another's of the same kind only in its one argument, so each URL name is
reversed once (per URLconf and script prefix) with a placeholder, and the argument is put in its
place, quoted as ``reverse()`` quotes it.
"""

from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "9081726354"  # digits, so that int and slug converters both accept it
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted (RFC 3986 sub-delims, "/~:@")
_patterns: dict[tuple[str, str | None, str], list[str]] = {}


def record_url(name: str, value: object) -> str:
    """``reverse(name, args=[value])`` for a URL with one argument."""
    key = (name, get_urlconf(), get_script_prefix())
    parts = _patterns.get(key)
    if parts is None:
        parts = _patterns[key] = reverse(name, args=[PLACEHOLDER]).rsplit(PLACEHOLDER, 1)
    before, after = parts
    return f"{before}{quote(str(value), safe=_SAFE)}{after}"
