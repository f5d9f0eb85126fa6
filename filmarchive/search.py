"""Search across films, people, interviews and reviews.

On PostgreSQL: full-text search (``websearch`` queries, English stemming), each kind's text indexed
with a GIN index on exactly the vector used here (migration filmarchive 0003 and its siblings), ranked
with titles and names above running text. On SQLite: every word of the query must appear in one of a
record's fields, ranked the same way (title words count more). Both find the same records for the
same simple queries. Snippets with the matching words marked are made in Python, for both.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from filmarchive.models import Film, Person
from interviews.models import Interview, Turn
from reviews.models import Review

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
RESULTS_PER_KIND = 20
SNIPPET_RADIUS = 110
CONFIG = "english"


@dataclass(frozen=True)
class Kind:
    """One kind of record: its fields, main ones first (weight A), then running text (weight B)."""

    key: str
    label: str
    model: type
    main_fields: tuple[str, ...]
    text_fields: tuple[str, ...]
    related: tuple[str, ...] = ()

    group: str = ""  # the kind whose results these join, if not its own

    def vector(self):
        """The search vector; the GIN index of the kind's table is built on exactly this."""
        text = SearchVector(*self.text_fields, weight="B", config=CONFIG)
        if not self.main_fields:
            return text
        return SearchVector(*self.main_fields, weight="A", config=CONFIG) + text


KINDS = (
    Kind("films", "Films", Film, ("title", "original_title"), ("synopsis",)),
    Kind("people", "People", Person, ("name",), ("biography",)),
    Kind("interviews", "Interviews", Interview, ("title",), ("introduction",), ("interviewer",)),
    Kind("turns", "Interviews", Turn, (), ("body",), ("interview", "speaker"), group="interviews"),
    Kind("reviews", "Reviews", Review, (), ("body",), ("film", "author")),
)


def clean(query):
    """The query as searched: no control characters (PostgreSQL refuses NUL), at most so long."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", query).strip()[:MAX_QUERY_LENGTH]


def words_of(query):
    return re.findall(r"\w+", query)[:MAX_WORDS]


def _queryset(kind):
    queryset = kind.model.objects.all()
    if kind.model is Review:
        queryset = queryset.published()
    if kind.related:
        queryset = queryset.select_related(*kind.related)
    return queryset


def _postgres(kind, query):
    vector = kind.vector()
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return list(
        _queryset(kind)
        .annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .order_by("-rank", "pk")[:RESULTS_PER_KIND]
    )


def _sqlite(kind, words):
    fields = kind.main_fields + kind.text_fields
    condition = Q()
    for word in words:
        condition &= Q(*[Q(**{f"{field}__icontains": word}) for field in fields], _connector=Q.OR)
    found = list(_queryset(kind).filter(condition)[: RESULTS_PER_KIND * 10])

    def rank(record):
        main = " ".join(str(getattr(record, f)) for f in kind.main_fields).lower()
        text = " ".join(str(getattr(record, f)) for f in kind.text_fields).lower()
        return -sum(2 * main.count(w.lower()) + text.count(w.lower()) for w in words)

    return sorted(found, key=lambda record: (rank(record), record.pk))[:RESULTS_PER_KIND]


def snippet(text, words):
    """A passage of the text around the first matching word, escaped, the matches in <mark>."""
    if not text:
        return ""
    # Match a word's stem too, as PostgreSQL's stemming does ("figures" finds "figure").
    stems = sorted({w.lower()[: max(4, len(w) - 2)] if len(w) > 4 else w.lower() for w in words}, key=len)
    pattern = re.compile(r"\w*(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_RADIUS) if first else 0
    end = min(len(text), (first.end() if first else 0) + SNIPPET_RADIUS)
    # Whole words at both ends.
    if start > 0 and (space := text.find(" ", start, first.start() if first else end)) != -1:
        start = space + 1
    if end < len(text) and (space := text.rfind(" ", first.end() if first else start, end)) != -1:
        end = space
    passage = text[start:end]
    pieces, position = [], 0
    for match in pattern.finditer(passage):
        pieces += [escape(passage[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    pieces.append(escape(passage[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (escaped piece by piece)


@dataclass
class Hit:
    title: str
    url: str
    snippet: str
    detail: str = ""
    rating: float | None = None  # out of five, for reviews


def _hit(kind, record, words):
    if kind.key == "films":
        return Hit(record.title, record.get_absolute_url(), snippet(record.synopsis or record.title, words))
    if kind.key == "people":
        return Hit(record.name, record.get_absolute_url(), snippet(record.biography or record.name, words))
    if kind.key == "interviews":
        by = f"by {record.interviewer.name}" if record.interviewer else ""
        return Hit(record.title, record.get_absolute_url(), snippet(record.introduction, words), by)
    if kind.key == "turns":
        return Hit(
            record.interview.title,
            record.get_absolute_url(),
            snippet(record.body, words),
            f"{record.get_kind_display()} by {record.speaker.name}",
        )
    return Hit(
        f"{record.author.name} on {record.film.title}",
        record.get_absolute_url(),
        snippet(record.body, words),
        rating=record.rating_out_of_five,
    )


def search(query):
    """[(label, [Hit, ...]), ...] for the kinds with results, best first within each."""
    words = words_of(query)
    if not words:
        return []
    groups = {}
    for kind in KINDS:
        records = _postgres(kind, query) if connection.vendor == "postgresql" else _sqlite(kind, words)
        if records:
            group = groups.setdefault(kind.group or kind.key, (kind.label, []))
            group[1].extend(_hit(kind, record, words) for record in records)
    return list(groups.values())
