"""Assembling the archive's fixture objects from the source documents and the catalogue.

``build_archive(sources_dir, roles)`` reads every ``*.txt`` document in the folder, parses it, and returns
the objects of one Django fixture: natural keys only, no numeric primary keys, in an order that
``loaddata`` can follow, and the same for the same documents on every run. ``fixture_json`` writes them.
Nothing is written here: a document that cannot be read raises ``IngestError`` before anything is.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from filmarchive.ingest.catalogue import CATALOGUE_NAME, Catalogue, load_catalogue
from filmarchive.ingest.errors import IngestError
from filmarchive.ingest.film_page import REVIEW_HEADER, FilmPage, Paragraph, parse_film_page
from filmarchive.ingest.interview import SPEAKER_LABEL, InterviewArticle, parse_interview
from filmarchive.ingest.names import slugify, sort_name
from filmarchive.ingest.text import blocks, decode

FILM_PAGE = "film_page"
INTERVIEW = "interview"
# A document's file name says what it is; one without a known prefix is recognised by its shape.
PREFIXES = {"film-": FILM_PAGE, "interview-": INTERVIEW}
PARSE_ORDER = {FILM_PAGE: 0, INTERVIEW: 1}  # films are described before interviews refer to them


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    shown_as: str  # the path as error messages give it
    slug: str
    kind: str
    data: bytes
    text: str


def detect_kind(name: str, text: str, shown_as: str) -> str:
    for prefix, kind in PREFIXES.items():
        if name.startswith(prefix):
            return kind
    lines = [line.strip() for line in text.splitlines()]
    if any(line.startswith("Directed by ") for line in lines) or any(
        line.startswith("•") and REVIEW_HEADER.match(line[1:].strip()) for line in lines
    ):
        return FILM_PAGE
    if any(SPEAKER_LABEL.match(block.text) for block in blocks(text)):
        return INTERVIEW
    raise IngestError(
        shown_as,
        1,
        "a document of unknown shape: neither a film page (no 'Directed by' line, no review header) "
        "nor an interview (no paragraph opens with 'Name: '). Name the file film-….txt or "
        "interview-….txt to say which it is.",
    )


def read_documents(sources_dir: Path, shown_from: Path | None = None) -> list[Document]:
    documents = []
    for path in sorted(sources_dir.glob("*.txt")):
        shown_as = _shown(path, shown_from)
        data = path.read_bytes()
        text = decode(data, shown_as)
        kind = detect_kind(path.name, text, shown_as)
        documents.append(Document(path, shown_as, slugify(path.stem), kind, data, text))
    if not documents:
        raise IngestError(_shown(sources_dir, shown_from), None, "no documents (*.txt) to build from")
    slugs = [document.slug for document in documents]
    for document in documents:
        if slugs.count(document.slug) > 1:
            raise IngestError(document.shown_as, None, "another document's name gives the same slug")
    return sorted(documents, key=lambda document: (PARSE_ORDER[document.kind], document.path.name))


def _shown(path: Path, shown_from: Path | None) -> str:
    if shown_from is not None and path.is_relative_to(shown_from):
        return str(path.relative_to(shown_from))
    return str(path)


def _provenance(document: Document, first: int, last: int) -> dict:
    return {"source": [document.slug], "source_first_line": first, "source_last_line": last}


def _joined(paragraphs) -> str:
    return "\n\n".join(paragraph.text for paragraph in paragraphs)


class ArchiveBuilder:
    def __init__(self, catalogue: Catalogue, roles, catalogue_shown_as: str):
        self.catalogue = catalogue
        self.roles = set(roles)
        self.catalogue_shown_as = catalogue_shown_as
        self.documents: list[Document] = []
        self.people: dict[str, dict] = {}
        self.films: dict[str, dict] = {}
        self.credits: dict[tuple, dict] = {}
        self.reviews: dict[tuple, dict] = {}
        self.interviews: dict[str, dict] = {}
        self.turns: list[dict] = []
        self.figures: list[dict] = []
        self.mentions: dict[tuple, dict] = {}
        self.document_titles: dict[str, str] = {}
        # Lines of running text (reviews, synopses, introductions, turns, captions) where mentions
        # of films and people are looked for: (document, line number, text).
        self.prose: list[tuple[Document, int, str]] = []

    # Records ----------------------------------------------------------------------------------

    def person(self, name: str, document: Document, line: int) -> str:
        slug = slugify(name)
        if not slug:
            raise IngestError(document.shown_as, line, f"the name {name!r} has no letters or digits")
        known = self.people.get(slug)
        if known is None:
            self.people[slug] = {
                "name": name,
                "slug": slug,
                "sort_name": sort_name(name),
                "biography": "",
                **_provenance(document, line, line),
            }
        elif known["name"] != name:
            raise IngestError(
                document.shown_as,
                line,
                f"{name!r} and {known['name']!r} would share the address /people/{slug}/",
            )
        return slug

    def film(self, title: str, document: Document, first: int, last: int, synopsis="") -> str:
        slug = slugify(title)
        if not slug:
            raise IngestError(document.shown_as, first, f"the title {title!r} has no letters or digits")
        known = self.films.get(slug)
        if known is None:
            self.films[slug] = {
                "title": title,
                "slug": slug,
                "original_title": "",
                "year": None,
                "synopsis": synopsis,
                "runtime_minutes": None,
                "countries": "",
                "languages": "",
                "poster": "",
                "poster_alt": "",
                "poster_caption": "",
                **_provenance(document, first, last),
            }
        elif known["title"].casefold() != title.casefold():
            raise IngestError(
                document.shown_as,
                first,
                f"{title!r} and {known['title']!r} would share the address /films/{slug}/",
            )
        elif synopsis and not known["synopsis"]:
            # A film first met in an interview, now described by its own page.
            known.update(title=title, synopsis=synopsis, **_provenance(document, first, last))
        return slug

    def credit(self, film: str, person: str, role: str, document: Document, line: int):
        key = (film, person, role)
        if key in self.credits:
            return
        order = sum(1 for (f, _, r) in self.credits if f == film and r == role)
        self.credits[key] = {
            "film": [film],
            "person": [person],
            "role": role,
            "credited_as": "",
            "order": order,
            **_provenance(document, line, line),
        }

    # Documents --------------------------------------------------------------------------------

    def add(self, document: Document):
        self.documents.append(document)
        if document.kind == FILM_PAGE:
            self.add_film_page(document, parse_film_page(document.text, document.shown_as))
        else:
            self.add_interview(document, parse_interview(document.text, document.shown_as))

    def add_film_page(self, document: Document, page: FilmPage):
        described_to = max(
            [page.title_line]
            + [c.line for c in page.directors + page.cast]
            + [p.last_line for p in page.synopsis]
        )
        film = self.film(page.title, document, page.title_line, described_to, synopsis=_joined(page.synopsis))
        self.document_titles[document.slug] = f"{page.title}: film page with reviews"
        for role, people in (("director", page.directors), ("cast", page.cast)):
            for credited in people:
                person = self.person(credited.name, document, credited.line)
                self.credit(film, person, role, document, credited.line)
        for paragraph in page.synopsis:
            self._add_prose(document, paragraph)

        for review in page.reviews:
            author = self.person(review.author, document, review.first_line)
            key = (film, author, review.published_in)
            if key in self.reviews:
                raise IngestError(
                    document.shown_as,
                    review.first_line,
                    f"a second review by {review.author} on {review.published_in} of {page.title}",
                )
            self.reviews[key] = {
                "film": [film],
                "author": [author],
                "rating": review.rating,
                "body": _joined(review.paragraphs),
                "published_on": None,
                "watched_on": None,
                "first_published_in": review.published_in,
                "contains_spoilers": False,
                "status": "published",
                "member": None,
                **_provenance(document, review.first_line, review.last_line),
            }
            for paragraph in review.paragraphs:
                self._add_prose(document, paragraph)

    def add_interview(self, document: Document, article: InterviewArticle):
        interviewer = self.person(article.interviewer, document, article.turns[0].first_line)
        subjects = []
        for name in article.subjects:
            first_turn = next(turn for turn in article.turns if turn.speaker == name)
            subjects.append(self.person(name, document, first_turn.first_line))
        films = [self.film(title, document, line, line) for title, line in article.films]

        names = " and ".join(article.subjects)
        title = f"{names} on {article.films[0][0]}" if article.films else f"An interview with {names}"
        slug = slugify(title)
        if slug in self.interviews:
            raise IngestError(document.shown_as, 1, f"another interview already has the title {title!r}")
        self.document_titles[document.slug] = f"{title}: interview"
        self.interviews[slug] = {
            "title": title,
            "title_is_editorial": True,
            "slug": slug,
            "interviewers": [[interviewer]],
            "subjects": [[subject] for subject in subjects],
            "films": [[film] for film in films],
            "introduction": _joined(article.introduction),
            "published_in": "",
            "published_on": None,
            **_provenance(document, 1, article.last_line),
        }
        for paragraph in article.introduction:
            self._add_prose(document, paragraph)
        for position, figure in enumerate(article.figures, start=1):
            self.figures.append(
                {
                    "interview": [slug],
                    "position": position,
                    "caption": figure.caption,
                    "alt_text": figure.alt_text,
                    "credit": "",
                    "image": "",
                    **_provenance(document, figure.first_line, figure.last_line),
                }
            )
            self._add_prose(document, Paragraph(figure.caption, figure.first_line, figure.first_line))
        for position, turn in enumerate(article.turns, start=1):
            speaker = self.person(turn.speaker, document, turn.first_line)
            self.turns.append(
                {
                    "interview": [slug],
                    "position": position,
                    "kind": turn.kind,
                    "speaker": [speaker],
                    "body": _joined(turn.paragraphs),
                    **_provenance(document, turn.first_line, turn.last_line),
                }
            )
            for paragraph in turn.paragraphs:
                self._add_prose(document, paragraph)

    def _add_prose(self, document: Document, paragraph):
        # The paragraph as kept (a speaker's label removed); a paragraph wrapped over several lines
        # is cited by its first line.
        self.prose.append((document, paragraph.first_line, paragraph.text))

    # The catalogue and mentions ---------------------------------------------------------------

    def _catalogue_error(self, message):
        return IngestError(self.catalogue_shown_as, None, message)

    def apply_catalogue(self):
        """Link every mention, make records of catalogued names, and add catalogued credits."""
        names = {}  # casefolded words -> ("film" | "person", slug, display name)

        def name(words, kind, slug):
            key = words.casefold()
            if names.get(key, (kind, slug))[:2] != (kind, slug):
                raise self._catalogue_error(f"{words!r} would name two records")
            names[key] = (kind, slug, words)

        for slug, person in self.people.items():
            name(person["name"], "person", slug)
        for slug, film in self.films.items():
            name(film["title"], "film", slug)
        for entry in self.catalogue.people:
            name(entry.name, "person", slugify(entry.name))
            for alias in entry.aliases:
                name(alias, "person", slugify(entry.name))
        for entry in self.catalogue.films:
            name(entry.name, "film", slugify(entry.name))
            for alias in entry.aliases:
                name(alias, "film", slugify(entry.name))

        # Longest first, so that "Joshua Oppenheimer" is one mention rather than "Oppenheimer".
        words = sorted(names, key=lambda key: (-len(key), key))
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
        )
        first_mention = {}
        for document, number, text in self.prose:
            for match in pattern.finditer(text):
                kind, slug, _ = names[match[0].casefold()]
                key = (document.slug, number, match[0])
                self.mentions[key] = {
                    "source": [document.slug],
                    "line": number,
                    "text": match[0],
                    "film": [slug] if kind == "film" else None,
                    "person": [slug] if kind == "person" else None,
                }
                first_mention.setdefault((kind, slug), (document, number))

        for entry in self.catalogue.people:
            slug = slugify(entry.name)
            if slug not in self.people:
                document, number = self._mentioned(first_mention, "person", slug, entry.name)
                self.person(entry.name, document, number)
            if entry.sort_name:
                self.people[slug]["sort_name"] = entry.sort_name
        for entry in self.catalogue.films:
            slug = slugify(entry.name)
            if slug not in self.films:
                document, number = self._mentioned(first_mention, "film", slug, entry.name)
                self.film(entry.name, document, number, number)

        for stated in self.catalogue.credits:
            where = f"the credit of {stated.person} as {stated.role} of {stated.film}"
            film, person = slugify(stated.film), slugify(stated.person)
            if film not in self.films:
                raise self._catalogue_error(f"{where}: no film is called {stated.film!r}")
            if person not in self.people:
                raise self._catalogue_error(f"{where}: nobody is called {stated.person!r}")
            if stated.role not in self.roles:
                roles = ", ".join(sorted(self.roles))
                raise self._catalogue_error(f"{where}: {stated.role!r} is not a role ({roles})")
            if (film, person, stated.role) in self.credits:
                raise self._catalogue_error(f"{where}: a document states it already")
            document, number = self._evidence(stated.evidence, where)
            self.credit(film, person, stated.role, document, number)

    def _mentioned(self, first_mention, kind, slug, name):
        if (kind, slug) not in first_mention:
            raise self._catalogue_error(f"no document mentions {name!r}: nothing to build it from")
        return first_mention[(kind, slug)]

    def _evidence(self, quote, where):
        for document in self.documents:
            for number, line in enumerate(document.text.splitlines(), start=1):
                if quote in line:
                    return document, number
        raise self._catalogue_error(f"{where}: no document contains its evidence {quote!r}")

    # Output -----------------------------------------------------------------------------------

    def objects(self) -> list[dict]:
        def fixture(model, records):
            return [{"model": model, "fields": fields} for fields in records]

        documents = [
            {
                "slug": document.slug,
                "title": self.document_titles[document.slug],
                "kind": document.kind,
                "filename": document.path.name,
                "origin": self.catalogue.origins.get(document.path.name, ""),
                "text": document.text,
                "checksum": hashlib.sha256(document.data).hexdigest(),
            }
            for document in sorted(self.documents, key=lambda document: document.slug)
        ]
        return [
            *fixture("filmarchive.sourcedocument", documents),
            *fixture("filmarchive.person", self.people.values()),
            *fixture("filmarchive.film", self.films.values()),
            *fixture("filmarchive.credit", self.credits.values()),
            *fixture("reviews.review", self.reviews.values()),
            *fixture("interviews.interview", self.interviews.values()),
            *fixture("interviews.turn", self.turns),
            *fixture("interviews.figure", self.figures),
            *fixture("filmarchive.mention", (self.mentions[key] for key in sorted(self.mentions))),
        ]


def build_archive(sources_dir: Path, roles, shown_from: Path | None = None) -> list[dict]:
    """The fixture objects for every document in ``sources_dir``; raises ``IngestError``."""
    catalogue_path = sources_dir / CATALOGUE_NAME
    catalogue_shown_as = _shown(catalogue_path, shown_from)
    catalogue = load_catalogue(catalogue_path, catalogue_shown_as)
    builder = ArchiveBuilder(catalogue, roles, catalogue_shown_as)
    documents = read_documents(sources_dir, shown_from)
    for name in sorted(set(catalogue.origins) - {document.path.name for document in documents}):
        raise IngestError(catalogue_shown_as, None, f"[documents.{name!r}]: there is no such document")
    for document in documents:
        builder.add(document)
    builder.apply_catalogue()
    return builder.objects()


def fixture_json(objects: list[dict]) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
