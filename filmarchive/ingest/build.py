"""Building the archive's records from its documents and catalogue.

``build_archive(sources_dir, roles)`` reads every ``*.txt`` document in the folder and its
``catalogue.toml``, and returns a ``RecordSet``; ``serialise.fixture_json`` writes it as a fixture.
``build_document(document, identities, roles)`` builds one document against a resolver seeded with the
people and films already known (a live database), by the same rules.

The build runs in phases, each over every document, so that one run reports every problem:

1. read: decode each file and find its shape (``shapes.shape_for``);
2. parse: each shape's parser, pure text to a parsed document;
3. identify: each document tells the resolver (``identity.Identities``) whom and what it names;
4. mentions: the running text is searched for every known name (``mentions.MentionIndex``); catalogue
   entries no document states are built from their first mention;
5. settle: display names, slugs and sort names are chosen, conflicts reported;
6. records: each shape contributes its records, then the catalogue's credits and the mentions.

Nothing is written here: if anything is wrong, ``IngestError`` carries every problem found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmarchive.ingest.batch import collector_paused
from filmarchive.ingest.catalogue import CATALOGUE_NAME, Catalogue, load_catalogue
from filmarchive.ingest.errors import IngestError, Problem, Problems
from filmarchive.ingest.identity import Entity, Film, Identities, Person, Where
from filmarchive.ingest.mentions import MentionIndex
from filmarchive.ingest.names import slugify
from filmarchive.ingest.records import (
    MAX_LENGTHS,
    FilmRecord,
    MentionRecord,
    PersonRecord,
    Provenance,
    RecordSet,
    SourceDocumentRecord,
)
from filmarchive.ingest.shapes import SHAPES, Contributions, Document, shape_for
from filmarchive.ingest.text import decode


def document_from_bytes(filename: str, data: bytes, shown_as: str | None = None) -> Document:
    """A document from a file's name and bytes (its shape from the name, or else from its text)."""
    shown = shown_as or filename
    text = decode(data, shown)
    shape = shape_for(filename, text, shown)
    return Document(filename, shown, slugify(Path(filename).stem), shape, data, text)


def _shown(path: Path, shown_from: Path | None) -> str:
    if shown_from is not None and path.is_relative_to(shown_from):
        return str(path.relative_to(shown_from))
    return str(path)


def read_documents(sources_dir: Path, problems: Problems, shown_from: Path | None = None) -> list[Document]:
    """Every ``*.txt`` document in the folder, in build order (shape by shape, then by file name)."""
    documents: list[Document] = []
    paths = sorted(sources_dir.glob("*.txt"))
    if not paths:
        problems.add(_shown(sources_dir, shown_from), None, "no documents (*.txt) to build from; add one")
    for path in paths:
        try:
            documents.append(document_from_bytes(path.name, path.read_bytes(), _shown(path, shown_from)))
        except IngestError as error:
            problems.extend(error)
    seen: dict[str, Document] = {}
    unique = []
    for document in documents:
        other = seen.setdefault(document.slug, document)
        if other is not document:
            problems.add(
                document.shown_as,
                None,
                f"another document's name gives the same slug ({other.shown_as}); rename one of them",
            )
        else:
            unique.append(document)
    return sorted(unique, key=building_order)


def building_order(document: Document) -> tuple[int, str]:
    """Where a document comes in a build: by its shape (film pages before interviews), then by file
    name. Where two documents give the same fact (two pages describing one film), the first gives it;
    every build of the same documents, from the repository or from the admin, takes them in this order."""
    return ([shape.kind for shape in SHAPES].index(document.shape.kind), document.filename)


@dataclass(slots=True)
class _Built:
    document: Document
    parsed: Any
    claims: Any


class ArchiveBuild:
    """One build: documents and catalogue in, records out (see the module's docstring).

    ``complete`` is True when the documents are the whole archive: then every catalogue entry must be
    named by some document and every catalogue credit's evidence found. Importing one document against
    a seeded resolver passes False, and catalogue entries it does not concern are left alone.

    A document that is there but could not be read (``build``'s ``unread``) or parsed has problems of
    its own; until they are fixed, what it names is unknown, so no catalogue entry is reported as named
    by no document, nor a credit as lacking its film, person or evidence.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        roles: Iterable[str],
        identities: Identities | None = None,
        *,
        complete: bool = True,
    ) -> None:
        self.catalogue = catalogue
        self.roles = set(roles)
        self.identities = identities or Identities()
        self.complete = complete
        self.problems = Problems()

    def build(self, documents: Sequence[Document], unread: Iterable[str] = ()) -> RecordSet:
        """The records of the documents; ``unread`` names the files of documents that are there but could
        not be read (``read_documents`` reported why)."""
        identities = self.identities
        identities.add_catalogue(self.catalogue)
        not_read = set(unread)
        if self.complete:
            names = {document.filename for document in documents} | not_read
            for name, origin in self.catalogue.origins.items():
                if name not in names:
                    self.problems.add(
                        self.catalogue.shown_as,
                        origin.line,
                        f"[documents.{name!r}]: there is no such document; remove the entry or add the file",
                    )

        def known_person(name: str) -> bool:
            return identities.lookup_person(name) is not None

        parsed: list[tuple[Document, Any]] = []
        for document in documents:
            try:
                parsed.append(
                    (document, document.shape.parse(document.text, document.shown_as, known_person))
                )
            except IngestError as error:
                self.problems.extend(error)
                not_read.add(document.filename)
        built = [_Built(d, p, d.shape.identify(p, d, identities)) for d, p in parsed]
        # Only when every document's text was read is it known what no document names.
        every_text = not not_read

        found = self._mentions(built)
        first_mention: dict[Entity, Where] = {}
        for where, _, entity in found:
            first_mention.setdefault(entity, where)
        for entity in identities.catalogued():
            if entity.claimed:
                continue
            first = first_mention.get(entity)
            if first is not None:
                # Seeded or not: a catalogue entry is built from its first mention.
                identities.claim_by_mention(entity, first)
            elif self.complete and every_text and entity.catalogued_at is not None and not entity.fixed_slug:
                self.problems.add(
                    self.catalogue.shown_as,
                    entity.catalogued_at.line,
                    f"no document mentions {entity.best_spelling()!r}: nothing to build it from; remove the "
                    "entry, or check its spelling against the documents",
                )
        identities.settle()

        records = RecordSet()
        records.people = [self._person(person) for person in identities.people()]
        records.films = [self._film(film) for film in identities.films()]
        out = Contributions(records, self.problems, identities)
        for item in built:
            item.document.shape.contribute(item.parsed, item.claims, item.document, out)
        self._catalogue_credits(out, documents, every_text)
        records.mentions = self._mention_records(found)
        origins = self.catalogue.origins
        records.documents = sorted(
            (
                SourceDocumentRecord(
                    slug=item.document.slug,
                    title=item.document.shape.title(item.parsed, item.claims),
                    kind=item.document.shape.kind,
                    filename=item.document.filename,
                    origin=origins[item.document.filename].origin
                    if item.document.filename in origins
                    else "",
                    text=item.document.text,
                    checksum=item.document.checksum,
                )
                for item in built
            ),
            key=lambda record: record.slug,
        )

        for problem in identities.problems:
            self.problems.add(problem.path, problem.line, problem.message)
        self._check_lengths(records, {item.document.slug: item.document.shown_as for item in built})
        if self.problems:
            raise IngestError.of(sorted(self.problems, key=_problem_order))
        return records

    def _check_lengths(self, records: RecordSet, shown_as: Mapping[str, str]) -> None:
        """A text longer than the archive keeps (``MAX_LENGTHS``), once a record, at the line stating it.

        A document's title is made from its film's or interview's: it is reported only when they are not.
        """
        reported: set[str] = set()
        others = [record for record in records if not isinstance(record, SourceDocumentRecord)]
        for record in [*others, *records.documents]:
            if isinstance(record, SourceDocumentRecord):
                document, line = record.slug, None
            elif isinstance(record, MentionRecord):
                document, line = record.document, record.line
            else:
                document, line = record.provenance.document, record.provenance.first_line
            too_long = [
                (name, most)
                for name, most in MAX_LENGTHS.get(type(record), {}).items()
                if len(getattr(record, name)) > most
            ]
            if not too_long or (isinstance(record, SourceDocumentRecord) and document in reported):
                continue
            reported.add(document)
            name, most = too_long[0]
            value = getattr(record, name)
            what = type(record).__name__.removesuffix("Record").replace("SourceDocument", "Document").lower()
            self.problems.add(
                shown_as.get(document, document or self.catalogue.shown_as),
                line,
                f"the {what}'s {_FIELD_WORDS.get(name, name)} is {len(value)} characters long, more than "
                f"the {most} the archive keeps ({value[:40]!r}…); shorten it",
            )

    # Mentions ---------------------------------------------------------------------------------------

    def _mentions(self, built: list[_Built]) -> list[tuple[Where, str, Entity]]:
        """Every place a text names a known film or person: (where, the words, the entity)."""
        index = MentionIndex(self.identities.all_entities())
        found = []
        for item in built:
            for paragraph in item.document.shape.prose(item.parsed):
                for mention in index.find(paragraph):
                    found.append((item.document.where(mention.line), mention.text, mention.entity))
        return found

    def _mention_records(self, found: list[tuple[Where, str, Entity]]) -> list[MentionRecord]:
        mentions: dict[tuple[str, int, str], MentionRecord] = {}
        for where, text, entity in found:
            if not entity.slug or where.line is None:
                continue
            key = (where.document, where.line, text)
            mentions.setdefault(
                key,
                MentionRecord(
                    document=where.document,
                    line=where.line,
                    text=text,
                    film=entity.slug if isinstance(entity, Film) else None,
                    person=entity.slug if isinstance(entity, Person) else None,
                ),
            )
        return [mentions[key] for key in sorted(mentions)]

    # People and films -------------------------------------------------------------------------------

    @staticmethod
    def _provenance(where: Where | None, last: int | None = None) -> Provenance:
        # Every claimed entity was claimed at a line of a document.
        line = where.line if where is not None and where.line is not None else 1
        return Provenance(where.document if where else "", line, last if last is not None else line)

    def _person(self, person: Person) -> PersonRecord:
        return PersonRecord(person.slug, person.name, person.sort_name, self._provenance(person.first))

    def _film(self, film: Film) -> FilmRecord:
        if film.described_at is not None:
            provenance = self._provenance(film.described_at, film.described_to)
        else:
            provenance = self._provenance(film.first)
        return FilmRecord(film.slug, film.name, film.original_title, film.year, film.synopsis, provenance)

    # The catalogue's credits ----------------------------------------------------------------------

    def _catalogue_credits(self, out: Contributions, documents: Sequence[Document], every_text: bool) -> None:
        """The catalogue's credits. While a document's text is unread (``every_text`` False), a film, person
        or evidence not found may be in it: that is not reported."""
        shown_as = self.catalogue.shown_as
        for stated in self.catalogue.credits:
            where = f"the credit of {stated.person} as {stated.role} of {stated.film}"
            films = [f for f in self.identities.lookup_films(stated.film) if f.slug]
            if stated.film_year is not None:
                films = [f for f in films if f.year == stated.film_year]
            person = self.identities.lookup_person(stated.person)
            evidence = self._evidence(stated.evidence, documents)
            if not self.complete and (
                len(films) != 1 or person is None or not person.slug or evidence is None
            ):
                continue
            problems_before = len(self.problems)
            if every_text and not films:
                self.problems.add(
                    shown_as,
                    stated.line,
                    f"{where}: no film is called {stated.film!r}; write the title as a document does",
                )
            elif len(films) > 1:
                self.problems.add(
                    shown_as,
                    stated.line,
                    f"{where}: {len(films)} films are called {stated.film!r}; "
                    "add film_year = ... to say which",
                )
            if every_text and (person is None or not person.slug):
                self.problems.add(
                    shown_as,
                    stated.line,
                    f"{where}: nobody is called {stated.person!r}; write the name as a document does",
                )
            if stated.role not in self.roles:
                roles = ", ".join(sorted(self.roles))
                self.problems.add(shown_as, stated.line, f"{where}: {stated.role!r} is not a role ({roles})")
            if every_text and evidence is None:
                self.problems.add(
                    shown_as,
                    stated.line,
                    f"{where}: no document contains its evidence {stated.evidence!r}; quote the words "
                    "that state the credit exactly as a document writes them",
                )
            if (
                len(self.problems) != problems_before
                or len(films) != 1
                or person is None
                or not person.slug
                or evidence is None
            ):
                continue
            film = films[0]
            if out.has_credit(film, person, stated.role):
                self.problems.add(
                    shown_as, stated.line, f"{where}: a document states it already; remove the entry"
                )
                continue
            document, line = evidence
            out.credit(film, person, stated.role, document.provenance(line))

    @staticmethod
    def _evidence(quote: str, documents: Sequence[Document]) -> tuple[Document, int] | None:
        for document in documents:
            if quote not in document.text:
                continue
            for number, line in enumerate(document.text.splitlines(), start=1):
                if quote in line:
                    return document, number
        return None


# How problems name a record's fields.
_FIELD_WORDS = {
    "slug": "address",
    "sort_name": "sort name",
    "original_title": "original title",
    "credited_as": "credited name",
    "published_in": "site or publication",
    "alt_text": "alt text",
    "text": "words",
}


def _problem_order(problem: Problem) -> tuple[str, int]:
    return (problem.path, problem.line or 0)


def build_archive(
    sources_dir: Path,
    roles: Iterable[str],
    shown_from: Path | None = None,
    identities: Identities | None = None,
    previous: Mapping[str, str] | None = None,
) -> RecordSet:
    """The records of every document in ``sources_dir`` and its catalogue; raises ``IngestError``.

    ``previous`` maps the slugs of the documents the last build was made from to their checksums
    (``serialise.documents_in_fixture``). It changes no record; it only says which documents are new
    or changed, so that a conflict between a new document and an older one is reported in the new one.
    """
    problems = Problems()
    catalogue_path = sources_dir / CATALOGUE_NAME
    catalogue = load_catalogue(catalogue_path, _shown(catalogue_path, shown_from), problems)
    documents = read_documents(sources_dir, problems, shown_from)
    unread = unread_files(sources_dir, documents)
    if identities is None:
        fresh = None
        if previous:
            fresh = [d.slug for d in documents if previous.get(d.slug) != d.checksum]
        identities = Identities(fresh)
    build = ArchiveBuild(catalogue, roles, identities)
    for problem in problems:
        build.problems.add(problem.path, problem.line, problem.message)
    with collector_paused():
        return build.build(documents, unread)


def build_document(
    document: Document,
    identities: Identities,
    roles: Iterable[str],
    catalogue: Catalogue | None = None,
) -> RecordSet:
    """The records of one document, its people and films resolved against ``identities``.

    Seed ``identities`` with the people and films already known (``seed_person``, ``seed_film``): the
    document's names link to them by the same rules as a whole build, and new ones get new slugs.
    """
    return ArchiveBuild(catalogue or Catalogue(), roles, identities, complete=False).build([document])


def unread_files(sources_dir: Path, documents: Sequence[Document]) -> set[str]:
    """The files in the folder that are there but were not read: not UTF-8, empty, of no known shape,
    or a slug another file took (``read_documents`` reported why)."""
    return {path.name for path in sources_dir.glob("*.txt")} - {document.filename for document in documents}


def build_skipping_broken(
    catalogue: Catalogue,
    documents: Sequence[Document],
    roles: Iterable[str],
    make_identities: Callable[[Sequence[Document]], Identities],
    unread: Iterable[str] = (),
) -> tuple[RecordSet, dict[str, list[Problem]]]:
    """Build what can be built: documents with problems are left out, and listed with them.

    ``unread`` names the files that could not be read at all. Like the documents left out, what they
    name is unknown, so the catalogue is not held to it (``ArchiveBuild``).

    Raises ``IngestError`` when a problem belongs to no document (the catalogue's), or nothing is left.
    """
    skipped: dict[str, list[Problem]] = {}
    documents = list(documents)
    roles = list(roles)
    left_out = set(unread)
    while True:
        try:
            with collector_paused():
                build = ArchiveBuild(catalogue, roles, make_identities(documents))
                return build.build(documents, left_out), skipped
        except IngestError as error:
            broken = {problem.path for problem in error.problems} & {d.shown_as for d in documents}
            if not broken or len(broken) == len(documents):
                raise
            for problem in error.problems:
                skipped.setdefault(problem.path, []).append(problem)
            for document in documents:
                if document.shown_as in broken:
                    catalogue.origins.pop(document.filename, None)
                    left_out.add(document.filename)
            documents = [document for document in documents if document.shown_as not in broken]
