"""Site search: the engine, and the registry of what each app makes searchable.

Each app describes its searchable records as ``SearchSource``s and registers them when Django starts
(its ``AppConfig.ready()``); the core registers films and people below, ``reviews`` and ``interviews``
register theirs in their own ``search`` modules. The engine knows nothing of the apps: a new kind of
record becomes searchable by registering a source, with no change here.

On PostgreSQL, each source's model keeps a stored search vector (``search_vector``, see
``filmarchive.models.search_vector_field``) under a GIN index; queries are ``websearch`` queries with
English stemming, ranked with titles and names above running text. On SQLite, every word of the query
must appear in one of a record's fields, ranked the same way (title words count more). Both find the
same records for the same simple queries. Snippets with the matching words marked are made in Python.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from filmarchive.models import SEARCH_CONFIG, Film, Person, search_vector_expression

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
RESULTS_PER_SOURCE = 20
SNIPPET_RADIUS = 110


@dataclass
class Hit:
    """One search result as the results page shows it."""

    title: str
    url: str
    snippet: str
    detail: str = ""
    rating: float | None = None  # out of five, for reviews


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable record.

    ``main_fields`` (titles, names) and ``text_fields`` (running text) must be the fields the model's
    ``search_vector`` is built from: ``register()`` checks it. Results of sources with the same
    ``group`` are listed together, groups in ``order``.
    """

    key: str
    group: str
    order: int
    model: type[Model]
    hit: Callable[[Any, Sequence[str]], Hit]
    main_fields: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # Narrows what may be found (e.g. published reviews only).
    restrict: Callable[[QuerySet], QuerySet] = field(default=lambda queryset: queryset)

    def queryset(self) -> QuerySet:
        queryset = self.restrict(self.model._default_manager.all())
        return queryset.select_related(*self.related) if self.related else queryset


_sources: dict[str, SearchSource] = {}


def register(source: SearchSource) -> None:
    """Make a kind of record searchable. Called from an app's ``ready()``; idempotent."""
    vector = source.model._meta.get_field("search_vector")
    expected = search_vector_expression(source.main_fields, source.text_fields)
    if vector.expression != expected:
        raise ImproperlyConfigured(
            f"The search source {source.key!r} lists fields that {source.model._meta.label}'s "
            "search_vector is not built from."
        )
    _sources[source.key] = source


def sources() -> list[SearchSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def clean(query: str) -> str:
    """The query as searched: no control characters (PostgreSQL refuses NUL), at most so long."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", query).strip()[:MAX_QUERY_LENGTH]


def words_of(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:MAX_WORDS]


def _postgres(source: SearchSource, query: str) -> list[Model]:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return list(
        source.queryset()
        .filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "pk")[:RESULTS_PER_SOURCE]
    )


def _sqlite(source: SearchSource, words: Sequence[str]) -> list[Model]:
    fields = source.main_fields + source.text_fields
    condition = Q()
    for word in words:
        condition &= Q(*[Q(**{f"{name}__icontains": word}) for name in fields], _connector=Q.OR)
    found = list(source.queryset().filter(condition)[: RESULTS_PER_SOURCE * 10])

    def rank(record: Model) -> int:
        main = " ".join(str(getattr(record, name)) for name in source.main_fields).lower()
        text = " ".join(str(getattr(record, name)) for name in source.text_fields).lower()
        return -sum(2 * main.count(w.lower()) + text.count(w.lower()) for w in words)

    return sorted(found, key=lambda record: (rank(record), record.pk))[:RESULTS_PER_SOURCE]


def snippet(text: str, words: Sequence[str]) -> SafeString | str:
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


def search(query: str) -> list[tuple[str, list[Hit]]]:
    """[(group, [Hit, ...]), ...] for the groups with results, best first within each source."""
    words = words_of(query)
    if not words:
        return []
    groups: dict[str, list[Hit]] = {}
    for source in sources():
        records = _postgres(source, query) if connection.vendor == "postgresql" else _sqlite(source, words)
        if records:
            groups.setdefault(source.group, []).extend(source.hit(record, words) for record in records)
    return list(groups.items())


# The core's own sources ------------------------------------------------------------------------


def _film_hit(film: Film, words: Sequence[str]) -> Hit:
    return Hit(film.title, film.get_absolute_url(), snippet(film.synopsis or film.title, words))


def _person_hit(person: Person, words: Sequence[str]) -> Hit:
    return Hit(person.name, person.get_absolute_url(), snippet(person.biography or person.name, words))


FILMS = SearchSource(
    key="films",
    group="Films",
    order=10,
    model=Film,
    hit=_film_hit,
    main_fields=("title", "original_title"),
    text_fields=("synopsis",),
)
PEOPLE = SearchSource(
    key="people",
    group="People",
    order=20,
    model=Person,
    hit=_person_hit,
    main_fields=("name",),
    text_fields=("biography",),
)
