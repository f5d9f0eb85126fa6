"""Input an attacker (or an unlucky browser) sends: what tests/site/test_hostile_input.py throws at every
route, form field and query parameter. Every value must get a 2xx, 3xx or 4xx answer, never a 5xx.

Values are text as a view receives it after decoding; ``RAW`` are pieces of a query string or form body
sent as they are, with percent-encoding that decodes to nothing valid.
"""

from django.apps import apps
from django.conf import settings


def _longest_column():
    return max(
        [settings.REVIEW_MAX_LENGTH]
        + [
            field.max_length
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if getattr(field, "max_length", None)
        ]
    )


def long_value():
    """Longer than every column and every length limit the archive has."""
    return "a" * (_longest_column() + 1)


# A well-formed email address longer than an email column (254): the form must refuse it, not the
# database.
LONG_EMAIL = "ada@" + ".".join(["b" * 63] * 4) + ".org"

TEXT_VALUES = [
    "",
    LONG_EMAIL,
    " ",
    # Digits that str.isdigit() accepts and int() does not, and digits int() reads but no year is.
    "²",
    "٣",
    "١٩٩٦",
    "𝟙𝟡𝟡𝟞",
    "½",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    # Characters PostgreSQL refuses in text, and marks that change how text reads.
    "\x00",
    "film\x00",
    "\u202eevil",
    "a\u200bb",
    "\u200f\u200e",
    "\ufeff",
    "\u0301",
    "\r\n",
    "\t",
    # Markup and template syntax, and characters that change under case folding.
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}${7*7}",
    "😀",
    "ﬁ",
    "İ",
    "ß",
]

# Full-text search operators, alone and between words, and SQL's own wildcards and quotes.
SEARCH_SYNTAX = [
    '& | ! <-> :* " ( )',
    "a & b | !c",
    "!",
    ":*",
    "stalker:*",
    "a <-> b",
    "<2>",
    "(((",
    ")",
    "'",
    "''",
    '"',
    "\\",
    "%",
    "_",
    "*",
    "--",
    "; DROP TABLE filmarchive_film; --",
]

# Every value, for the query parameters (search's q among them).
VALUES = TEXT_VALUES + SEARCH_SYNTAX
# For form fields, whose text is kept or compared, never parsed as a search: the operators together,
# and the characters SQL quotes and escapes.
FORM_VALUES = [*TEXT_VALUES, '& | ! <-> :* " ( )', "'", "\\", "%"]

# For a path parameter (a slug, an id) or an admin filter, where search operators and markup mean
# nothing more than any other character: the values that reach a lookup differently.
PATH_VALUES = [
    "²", "٣", "0", "-1", "1.5", "99999999999999999999999999", "\x00", "film\x00", "\u202eevil", "a\u200bb",
    "'", "%", "😀",
]  # fmt: skip
ADMIN_VALUES = ["abc", "²", "٣", "\x00", "-1", "9999", "99999999999999999999", "'\"<>"]

# Query strings and form bodies as sent: broken and overlong percent-encoding, encoded NUL,
# a lone surrogate, an RTL override.
RAW = ["%", "%zz", "%f", "%ff%fe", "%C0%AF", "%ED%A0%80", "%00", "%E2%80%AE", "a%2", "%%%"]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]

# Every query parameter the public views read (``request.GET`` in the views, Django's paginator and
# the login view's ``next``), and the pages that read it, by URL name.
QUERY_PARAMETERS = {
    "sort": ["filmarchive:film-list", "reviews:film-reviews"],
    "year": ["filmarchive:film-list"],
    "person": ["filmarchive:film-list"],
    "page": ["filmarchive:film-list", "filmarchive:person-list", "filmarchive:source-list",
             "interviews:interview-list"],
    "after": ["reviews:film-reviews", "reviews:person-reviews"],
    "before": ["reviews:film-reviews", "reviews:person-reviews"],
    "lines": ["filmarchive:source-detail"],
    "q": ["filmarchive:search"],
    "p": ["sitemap-section"],
    "next": ["login", "sign-up", "logout"],
}  # fmt: skip
