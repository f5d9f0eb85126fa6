"""Site search: the engine, and the registry of what each app makes searchable.

Each app describes its searchable records as ``SearchSource``s and registers them when Django starts
(its ``AppConfig.ready()``); the core registers films and people below, ``reviews`` and ``interviews``
register theirs in their own ``search`` modules. The engine knows nothing of the apps: a new kind of
record becomes searchable by registering a source, with no change here.

Both databases find the same records for the same simple queries, whole words only, stemmed as
PostgreSQL's ``english`` configuration stems them (Snowball), its stop words left out:

- PostgreSQL: each source's model keeps a stored search vector (``search_vector``, see
  ``filmarchive.models.search_vector_field``) under a GIN index. A ``websearch`` query takes at most
  ``CANDIDATES`` matching rows from the index, and only those are ranked (titles and names weigh above
  running text), so a word in half a million reviews costs what a rare one does.
- SQLite: every word of the query must appear, as a word with the same stem, in one of a record's
  fields: a LIKE on each word's stem narrows the rows, and the SQL function ``archive_has_word`` (the
  backend's, see ``filmarchive.words``) keeps those with the whole word, so the CANDIDATES taken are
  real matches however many rows merely contain the letters ("despot" for "pot").

Snippets are cut around the first matching word and mark every word whose stem matches: "Pol Pot"
marks "Pol" and "Pot", never "political". When no title or name matches, "Did you mean" offers the
title or name most like the query by ``pg_trgm``'s word similarity, which measures the query against
the most like part of a name, so "pahn" finds "Rithy Panh". On PostgreSQL the ``%>`` operator under the
GIN trigram indexes picks the rows worth measuring; on SQLite one scan counts the query's trigrams in
each title and name (a LIKE each) and the SUGGESTION_CANDIDATES sharing most are measured in Python.
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity, TrigramWordSimilarity
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, Func, Model, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from filmarchive.ingest.text import UNSHOWABLE
from filmarchive.models import SEARCH_CONFIG, Film, Person, search_vector_expression, select_shown
from filmarchive.text import grapheme_end, grapheme_start
from filmarchive.words import WORD, stem

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# How many results of each kind the results page shows; "More" shows every ranked one of a group.
RESULTS_PER_SOURCE = 10
# How many matching rows of one kind are ranked (on SQLite: rows already matched word by word).
CANDIDATES = 100
# On PostgreSQL, what the planner is told each entry a GIN index finds costs (its own default is 0.005,
# a B-tree's). A GIN scan decodes the whole posting list of every word before the first row comes out,
# so for a word in every few reviews, reading the table until CANDIDATES rows match is many times
# faster than the index; with this cost the planner reads the table for words found in more than
# about 1 % of the rows, and uses the index for rarer ones.
GIN_ENTRY_COST = 0.1
SNIPPET_RADIUS = 110
SPACE = re.compile(r"\s")
# How like the query (pg_trgm's word similarity) a title or name must be to be offered, on both databases.
SIMILARITY_THRESHOLD = 0.3
# On PostgreSQL, tried first: far fewer rows share 60 % of the query's trigrams than share 30 %: at 100,000
# names, 2,300 share half of "Rithy Pahn"'s, and measuring each of them took 20 ms.
STRICT_SIMILARITY_THRESHOLD = 0.6
# "Did you mean" is for a misspelt title or name: a longer query is a sentence, and is not measured.
SUGGESTION_QUERY_LENGTH = 100
# On SQLite, how many titles and how many names (those sharing most trigrams with the query) are measured,
# and at most how many LIKEs each row is scanned with.
SUGGESTION_CANDIDATES = 200
SUGGESTION_LIKES = 16

# PostgreSQL's english.stop: words its "english" configuration leaves out of vectors and queries.
STOP_WORDS = frozenset(
    str.split(
        """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should now
"""
    )
)


def search_terms(query: str) -> list[str]:
    """The words of a query that search looks for: no stop words, at most MAX_WORDS."""
    return [word for word in WORD.findall(query) if word.lower() not in STOP_WORDS][:MAX_WORDS]


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
        return select_shown(queryset, *self.related)


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
    """The query as searched (and shown back): no control characters (PostgreSQL refuses NUL), nor any
    other code point no page can show; at most so long, cut between whole characters."""
    query = re.sub(r"[\x00-\x1f\x7f]+", " ", UNSHOWABLE.sub(" ", query)).strip()
    return query[: grapheme_start(query, MAX_QUERY_LENGTH)] if len(query) > MAX_QUERY_LENGTH else query


def words_of(query: str) -> list[str]:
    return search_terms(query)


def _postgres(source: SearchSource, query: str, limit: int) -> list[Model]:
    """Rank at most CANDIDATES of the records the GIN index finds: the ``limit`` best."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    candidates = source.restrict(source.model._default_manager.all()).filter(search_vector=search_query)
    return list(
        source.queryset()
        .filter(pk__in=candidates.order_by().values("pk")[:CANDIDATES])
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "pk")[:limit]
    )


def _like_pattern(word: str) -> str:
    """What a LIKE can look for that every word with this word's stem contains: 'happy' -> 'happ'."""
    lowered, stemmed = word.lower(), stem(word)
    length = 0
    while length < min(len(lowered), len(stemmed)) and lowered[length] == stemmed[length]:
        length += 1
    return lowered[:length] if length >= 2 else lowered


class HasWord(Func):
    """SQLite's ``archive_has_word(field, part, stem)``: the field has a word of that stem."""

    function = "archive_has_word"
    output_field = BooleanField()


def _sqlite(source: SearchSource, words: Sequence[str], limit: int) -> list[Model]:
    """Records with every word (as a whole word, by stem) in one of their fields, best first."""
    fields = source.main_fields + source.text_fields
    condition = Q()
    for word in words:
        pattern, wanted_stem = _like_pattern(word), stem(word)
        # The LIKE, in C, passes few rows to the Python function that checks the whole word.
        condition &= Q(
            *[
                Q(**{f"{name}__icontains": pattern}) & Q(HasWord(F(name), Value(pattern), Value(wanted_stem)))
                for name in fields
            ],
            _connector=Q.OR,
        )
    wanted = [stem(word) for word in words]
    found = []
    for record in source.queryset().filter(condition)[:CANDIDATES]:
        main = [stem(t) for name in source.main_fields for t in WORD.findall(str(getattr(record, name)))]
        text = [stem(t) for name in source.text_fields for t in WORD.findall(str(getattr(record, name)))]
        # Title and name words count double, as PostgreSQL weighs them above running text.
        found.append((-sum(2 * main.count(w) + text.count(w) for w in wanted), record.pk, record))
    return [record for *_, record in sorted(found, key=lambda item: item[:2])][:limit]


def snippet(text: str, words: Sequence[str]) -> SafeString | str:
    """A passage of the text centred on the first matching word, escaped, each matching word marked.

    A word matches when its stem is a query word's stem, so "Pol Pot" marks "Pol" and "Pot" but not
    "political", and "figures" marks "figure". The passage is cut at white space where it can be, and
    always between characters as a reader sees them (``filmarchive.text.is_grapheme_boundary``): a flag,
    an emoji sequence or a letter with its accents is shown whole or not at all, in the passage and in
    each mark.
    """
    if not text:
        return ""
    wanted = {stem(word) for word in words}
    # Words are stemmed only up to the passage's end, not through the whole of a long text.
    words_like = _words_like(tuple(words)).finditer(text)
    first = next((m for m in words_like if stem(m[0]) in wanted), None)
    marks = [_whole_characters(text, first)] if first else []
    if first:
        centre = (first.start() + first.end()) // 2
        start = max(0, centre - SNIPPET_RADIUS)
        end = min(len(text), start + 2 * SNIPPET_RADIUS)
        start = max(0, end - 2 * SNIPPET_RADIUS)  # near the end, the passage reaches back further
    else:
        start, end = 0, min(len(text), 2 * SNIPPET_RADIUS)
    # Whole words at both ends, and whole characters where there is no white space to cut at (text
    # without spaces, a run of emoji): the first mark begins and ends between characters, so the
    # passage still holds it.
    if start > 0:
        space = _first_space(text, start, marks[0][0] if marks else end)
        start = grapheme_end(text, space + 1 if space != -1 else start)
    if end < len(text):
        space = _last_space(text, marks[0][1] if marks else start, end)
        end = grapheme_start(text, space if space != -1 else end)
    for match in words_like:
        if match.start() >= end:
            break
        if stem(match[0]) in wanted:
            marks.append(_whole_characters(text, match))
    pieces, position = [], start
    for mark_start, mark_end in marks:
        # Two matches in one character (words joined by a zero-width joiner) are marked once.
        if mark_start < position or mark_end > end:
            continue
        pieces += [escape(text[position:mark_start]), f"<mark>{escape(text[mark_start:mark_end])}</mark>"]
        position = mark_end
    pieces.append(escape(text[position:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces).strip() + suffix)  # noqa: S308 (escaped piece by piece)


def _whole_characters(text: str, match: re.Match[str]) -> tuple[int, int]:
    """Where a matching word begins and ends with its characters whole: "café" spelt with a combining
    accent matches as "cafe", and is marked with its accent."""
    return grapheme_start(text, match.start()), grapheme_end(text, match.end())


def _first_space(text: str, start: int, end: int) -> int:
    """Where the first white space of ``text[start:end]`` is, or -1."""
    found = SPACE.search(text, start, end)
    return found.start() if found else -1


def _last_space(text: str, start: int, end: int) -> int:
    """Where the last white space of ``text[start:end]`` is, or -1."""
    return next((i for i in range(end - 1, start - 1, -1) if text[i].isspace()), -1)


@lru_cache(maxsize=256)
def _words_like(words: tuple[str, ...]) -> re.Pattern[str]:
    """The whole words of a text that contain what every word with a query word's stem contains (its
    LIKE pattern): only those are worth stemming, not every word of a long review."""
    parts = sorted({_like_pattern(word) for word in words}, key=len, reverse=True)
    return re.compile(r"\w*(?:" + "|".join(re.escape(part) for part in parts) + r")\w*", re.IGNORECASE)


def _trigrams_in_order(text: str) -> list[str]:
    """The trigrams pg_trgm makes of a text, in order: each word lowercased, two spaces before, one after."""
    found = []
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        found += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return found


def trigrams(text: str) -> set[str]:
    """The set of pg_trgm's trigrams of a text."""
    return set(_trigrams_in_order(text))


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity()``: shared trigrams over all trigrams of both."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second) if first and second else 0.0


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's ``word_similarity(query, text)``: the query against the run of the text that is most
    like it, so that a surname alone is like a full name ("pahn" is 0.4 like "Rithy Panh", where
    ``similarity()`` gives 0.14).

    A run is a stretch of the text's trigrams in order; its likeness is their shared trigrams over all
    trigrams of the query and the run. Only runs that begin and end on a shared trigram can be best.
    (PostgreSQL finds the best run greedily; this looks at every run, which gives the same value for
    names and titles.)
    """
    wanted = trigrams(query)
    ordered = _trigrams_in_order(text)
    shared_at = [i for i, trigram in enumerate(ordered) if trigram in wanted]
    best = 0.0
    for start in shared_at:
        seen: set[str] = set()
        shared = 0
        for trigram in ordered[start : shared_at[-1] + 1]:
            if trigram not in seen:
                seen.add(trigram)
                if trigram in wanted:
                    shared += 1
                    best = max(best, shared / (len(wanted) + len(seen) - shared))
    return best


def _postgres_suggestions(query: str) -> list[str]:
    """The best of each kind by word similarity, then the better of the two.

    pg_trgm's ``%>`` picks the rows worth measuring from the GIN trigram indexes: those sharing at
    least ``pg_trgm.word_similarity_threshold`` of the query's trigrams. A strict threshold first keeps
    that set small for most misspellings; only when nothing reaches it is the loose one tried (the best
    title or name is the same either way).
    """

    def most_like(model: type[Model], field_name: str) -> QuerySet:
        return (
            model._default_manager.filter(**{f"{field_name}__trigram_word_similar": query})
            .annotate(
                word_similarity=TrigramWordSimilarity(query, field_name),
                similarity=TrigramSimilarity(field_name, query),
            )
            .order_by("-word_similarity", "-similarity", field_name)
            .values_list(field_name, "word_similarity", "similarity")[:1]
        )

    films, people = most_like(Film, "title"), most_like(Person, "name")
    best = films.union(people, all=True).order_by("-word_similarity", "-similarity", "title")[:1]
    with transaction.atomic(), connection.cursor() as cursor:
        for threshold in (STRICT_SIMILARITY_THRESHOLD, SIMILARITY_THRESHOLD):
            # For this transaction only (the setting is 0.6 unless set).
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(threshold)]
            )
            if names := [name for name, *_ in best.all()]:
                return names
    return []


def _like_pieces(query: str) -> list[str]:
    """The letters of the query's trigrams that a LIKE can look for, each once: at most SUGGESTION_LIKES,
    spread over the whole query. A single letter ("  p") is in too many names to tell them apart."""
    pieces = [
        piece for piece in dict.fromkeys(t.strip() for t in _trigrams_in_order(query)) if len(piece) > 1
    ]
    return pieces[:: math.ceil(len(pieces) / SUGGESTION_LIKES)] if pieces else []


def _sqlite_suggestions(query: str) -> list[str]:
    """The titles and names sharing most of the query's trigrams (one scan, a LIKE per trigram), at
    most SUGGESTION_CANDIDATES of each kind, shortest first, measured in Python."""
    wanted, pieces = trigrams(query), _like_pieces(query)
    if not pieces:
        return []
    # A run reaches the threshold only if it shares that share of the query's trigrams; those whose
    # letters are not looked for may each be among them.
    needed = math.ceil(SIMILARITY_THRESHOLD * len(wanted) - 1e-9) - (len(wanted) - len(pieces))
    candidates = []
    for model, field_name in ((Film, "title"), (Person, "name")):
        shared = sum(
            (Case(When(**{f"{field_name}__icontains": piece}, then=1), default=0) for piece in pieces),
            start=Value(0),
        )
        candidates += (
            model._default_manager.annotate(shared=shared)
            .filter(shared__gte=max(1, needed))
            # Of names sharing as much, the shorter are the more like the query.
            .order_by("-shared", Length(field_name), field_name)
            .values_list(field_name, flat=True)
            .distinct()[:SUGGESTION_CANDIDATES]
        )
    scored = sorted((-word_similarity(query, name), -similarity(name, query), name) for name in candidates)
    return [name for unlikeness, _, name in scored if -unlikeness >= SIMILARITY_THRESHOLD]


def suggestion(query: str) -> str:
    """The title or name most like the query, for "Did you mean"; "" when none is like enough.

    Likeness is pg_trgm's word similarity (the query against the most like part of a title or name, so
    a surname alone finds the full name), then plain similarity between names equally like it.
    """
    query = query.strip()
    if len(query) > SUGGESTION_QUERY_LENGTH:
        return ""
    names = _postgres_suggestions(query) if connection.vendor == "postgresql" else _sqlite_suggestions(query)
    if names and names[0].casefold() != query.casefold():
        return names[0]
    return ""


@dataclass
class Group:
    """The results of one group ("Films", "Reviews"...), best first within each source; ``more`` when
    the group has more than it shows."""

    label: str
    hits: list[Hit]
    more: bool = False

    @property
    def key(self) -> str:
        """The group as the results page's address names it: ?in=reviews."""
        return self.label.lower()


def group_labels() -> dict[str, str]:
    """{key: label} of every group, in the order results list them."""
    return {label.lower(): label for label in dict.fromkeys(source.group for source in sources())}


def search(query: str, group: str | None = None) -> list[Group]:
    """The groups with results, in order. Each source shows its RESULTS_PER_SOURCE best; with ``group``
    (a label), only that group's sources are searched and every ranked candidate is shown."""
    words = search_terms(query)
    if not words:
        return []
    chosen = [source for source in sources() if group in (None, source.group)]
    # One more than is shown tells whether there are more.
    limit = CANDIDATES if group else RESULTS_PER_SOURCE + 1
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # For this transaction only.
            cursor.execute("SELECT set_config('cpu_index_tuple_cost', %s, true)", [str(GIN_ENTRY_COST)])
            found = [(source, _postgres(source, query, limit)) for source in chosen]
    else:
        found = [(source, _sqlite(source, words, limit)) for source in chosen]
    groups: dict[str, Group] = {}
    for source, records in found:
        if not records:
            continue
        shown = records if group else records[:RESULTS_PER_SOURCE]
        found_group = groups.setdefault(source.group, Group(source.group, []))
        found_group.hits.extend(source.hit(record, words) for record in shown)
        found_group.more |= len(records) > len(shown)
    return list(groups.values())


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


def wants_suggestion(groups: list[Group]) -> bool:
    """No title and no name matched: the query may be a misspelt one."""
    found = {group.label for group in groups}
    return FILMS.group not in found and PEOPLE.group not in found
