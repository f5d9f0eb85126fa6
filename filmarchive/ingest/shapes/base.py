"""What every document shape provides, and what the build gives each shape to work with."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from filmarchive.ingest.errors import Problems
from filmarchive.ingest.identity import Film, Identities, Person, Where
from filmarchive.ingest.records import CreditRecord, Provenance, RecordSet, ReviewRecord
from filmarchive.ingest.text import Paragraph

# Whether the archive knows a person by this name: what a parser may ask before anything is identified.
type KnownPerson = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Document:
    """One source document: its file name, the slug of its SourceDocument, its shape and its text."""

    filename: str
    shown_as: str  # the path as error messages give it
    slug: str
    shape: Shape[Any, Any]
    data: bytes = field(repr=False)
    text: str = field(repr=False)

    def where(self, line: int | None) -> Where:
        return Where(self.shown_as, self.slug, line)

    def provenance(self, first_line: int, last_line: int | None = None) -> Provenance:
        return Provenance(self.slug, first_line, first_line if last_line is None else last_line)

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Contributions:
    """Where shapes put their records; keeps credits and reviews unique across all documents."""

    def __init__(self, records: RecordSet, problems: Problems, identities: Identities) -> None:
        self.records = records
        self.problems = problems
        self.identities = identities
        self._credits: set[tuple[str, str, str]] = set()
        self._orders: dict[tuple[str, str], int] = {}
        self._reviews: dict[tuple[str, str, str], ReviewRecord] = {}
        self._review_where: dict[tuple[str, str, str], Where] = {}

    def has_credit(self, film: Film, person: Person, role: str) -> bool:
        return (film.slug, person.slug, role) in self._credits

    def credit(
        self, film: Film, person: Person, role: str, provenance: Provenance, credited_as: str = ""
    ) -> None:
        """A credit, unless one for this film, person and role exists; numbered within its role."""
        key = (film.slug, person.slug, role)
        if key in self._credits:
            return
        self._credits.add(key)
        order = self._orders.get((film.slug, role), 0)
        self._orders[(film.slug, role)] = order + 1
        self.records.credits.append(
            CreditRecord(film.slug, person.slug, role, credited_as, order, provenance)
        )

    def review(self, review: ReviewRecord, where: Where, author: str, film: str) -> None:
        """A review; a second one by the same author on the same site of the same film is a problem."""
        first = self._review_where.get(review.key)
        if first is not None:
            here, there = self.identities.blame(where, first)
            self.problems.add(
                here.path,
                here.line,
                f"a second review by {author} on {review.published_in} of {film} (the other is at {there}); "
                "keep one of them, or name the site each was first published on",
            )
            return
        self._review_where[review.key] = where
        self.records.reviews.append(review)


class Shape[ParsedT, ClaimsT](ABC):
    """A kind of source document. To add one, write a module like ``film_page`` and list it in SHAPES.

    The build calls, for each document of the shape: ``parse`` (pure text to a parsed document;
    raises ``IngestError``), ``identify`` (tells the resolver every person and film the document
    names; returns the entities it got), and, once every document has been identified and the
    resolver settled, ``contribute`` (puts the document's records into ``Contributions``), ``prose``
    (the running text where mentions are looked for) and ``title`` (its SourceDocument's title).
    """

    kind: ClassVar[str]  # the SourceDocument kind stored in the database: "film_page"
    label: ClassVar[str]  # how people call it: "Film page with reviews"
    prefix: ClassVar[str]  # the file name's start that says a document has this shape: "film-"

    @abstractmethod
    def recognise(self, text: str) -> bool:
        """Whether a text without a known file-name prefix is unmistakably of this shape."""

    @abstractmethod
    def parse(self, text: str, path: str, known_person: KnownPerson | None = None) -> ParsedT:
        """``known_person(name)`` says whether the archive knows someone by that name (the catalogue's
        people, or a live archive's), for a shape that must tell a name from other words."""

    @abstractmethod
    def identify(self, parsed: ParsedT, document: Document, identities: Identities) -> ClaimsT: ...

    @abstractmethod
    def contribute(
        self, parsed: ParsedT, claims: ClaimsT, document: Document, out: Contributions
    ) -> None: ...

    @abstractmethod
    def prose(self, parsed: ParsedT) -> Iterable[Paragraph]: ...

    @abstractmethod
    def title(self, parsed: ParsedT, claims: ClaimsT) -> str: ...

    def __repr__(self) -> str:
        return f"<Shape {self.kind}>"
