"""The neutral product of a build: plain records, with natural keys and provenance, in load order.

A record holds what its document states (and nothing an editor owns: a person's biography, a film's
poster, a review's moderation status), identifies what it points at by natural key (slugs, never
numeric ids), and says which document and lines it came from. Only ``serialise`` knows the Django
model labels and field names; a database sync can read the same records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Provenance:
    document: str  # the source document's slug
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class SourceDocumentRecord:
    slug: str
    title: str
    kind: str  # the shape's kind: "film_page", "interview", ...
    filename: str
    origin: str
    text: str
    checksum: str  # SHA-256 of the file's bytes, hex

    @property
    def key(self) -> tuple[str, ...]:
        return (self.slug,)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    slug: str
    name: str
    sort_name: str
    provenance: Provenance

    @property
    def key(self) -> tuple[str, ...]:
        return (self.slug,)


@dataclass(frozen=True, slots=True)
class FilmRecord:
    slug: str
    title: str
    original_title: str
    year: int | None
    synopsis: str
    provenance: Provenance

    @property
    def key(self) -> tuple[str, ...]:
        return (self.slug,)


@dataclass(frozen=True, slots=True)
class CreditRecord:
    film: str
    person: str
    role: str
    credited_as: str
    order: int  # position within the film's list for this role, from 0
    provenance: Provenance

    @property
    def key(self) -> tuple[str, ...]:
        return (self.film, self.person, self.role)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    film: str
    author: str
    published_in: str  # the site or publication it first appeared in
    rating: int | None  # half stars, 1 to 10
    body: str
    published_on: datetime.date | None
    watched_on: datetime.date | None
    contains_spoilers: bool
    provenance: Provenance

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.film, self.author, self.published_in)


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    slug: str
    title: str
    title_is_editorial: bool
    interviewers: tuple[str, ...]
    subjects: tuple[str, ...]
    films: tuple[str, ...]
    introduction: str
    published_in: str
    published_on: datetime.date | None
    provenance: Provenance

    @property
    def key(self) -> tuple[str, ...]:
        return (self.slug,)


@dataclass(frozen=True, slots=True)
class TurnRecord:
    interview: str
    position: int  # from 1; turns and figures are each numbered on their own
    kind: str  # "question" or "answer"
    speaker: str
    body: str
    provenance: Provenance

    @property
    def key(self) -> tuple[str, int]:
        return (self.interview, self.position)


@dataclass(frozen=True, slots=True)
class FigureRecord:
    interview: str
    position: int
    caption: str
    alt_text: str
    credit: str  # the credit line as printed ("Photo: ..."), or ""
    provenance: Provenance

    @property
    def key(self) -> tuple[str, int]:
        return (self.interview, self.position)


@dataclass(frozen=True, slots=True)
class MentionRecord:
    document: str
    line: int
    text: str  # the words as the document writes them
    film: str | None
    person: str | None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.document, self.line, self.text)


Record = (
    SourceDocumentRecord
    | PersonRecord
    | FilmRecord
    | CreditRecord
    | ReviewRecord
    | InterviewRecord
    | TurnRecord
    | FigureRecord
    | MentionRecord
)


# The longest text each field of a record may be: what the database's columns hold (a test holds the
# models to it). A build reports a longer one at its line, rather than PostgreSQL refusing the row in
# the middle of a load or a sync, and SQLite keeping what no form could then save.
MAX_LENGTHS: dict[type, dict[str, int]] = {
    SourceDocumentRecord: {"title": 300, "origin": 500, "filename": 255, "slug": 200},
    PersonRecord: {"name": 200, "sort_name": 200, "slug": 200},
    FilmRecord: {"title": 300, "original_title": 300, "slug": 200},
    CreditRecord: {"credited_as": 200},
    ReviewRecord: {"published_in": 200},
    InterviewRecord: {"title": 300, "published_in": 200, "slug": 200},
    FigureRecord: {"caption": 500, "alt_text": 500, "credit": 300},
    MentionRecord: {"text": 300},
}


@dataclass(slots=True)
class RecordSet:
    """Every record of a build, each kind in the order it was made (the same documents, the same order)."""

    documents: list[SourceDocumentRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    films: list[FilmRecord] = field(default_factory=list)
    credits: list[CreditRecord] = field(default_factory=list)
    reviews: list[ReviewRecord] = field(default_factory=list)
    interviews: list[InterviewRecord] = field(default_factory=list)
    turns: list[TurnRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)

    def __iter__(self) -> Iterator[Record]:
        """In an order a loader can follow: what is pointed at before what points at it."""
        yield from self.documents
        yield from self.people
        yield from self.films
        yield from self.credits
        yield from self.reviews
        yield from self.interviews
        yield from self.turns
        yield from self.figures
        yield from self.mentions

    def __len__(self) -> int:
        return sum(1 for _ in self)
