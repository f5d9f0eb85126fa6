"""Identity: one person, film or interview per thing the documents name, however it is spelt.

``Identities`` is the resolver. It is first told what is already known, then every name a document
states, and is then settled:

1. **Known entities.** ``seed_person`` / ``seed_film`` take people and films known from elsewhere (a
   live database, for importing one document) with their slugs, which never change. The catalogue's
   entries (``catalogue_person`` / ``catalogue_film``) add aliases, years and sort names.
2. **Claims.** ``person(name, where)`` and ``film(title, where, year=, directors=)`` return the entity a
   document names, creating it if it is new. Names are matched by ``identity_key`` (case, accents and
   typographic punctuation folded) and by aliases, so every spelling of one person is one record.
   Films with one key are one film unless their years or directors differ (*Fargo*, 1952 and 1996);
   a claim that could be either of two films is reported, naming both, never merged.
3. **Settling** (``settle``) chooses each entity's display form (the best-written spelling: mixed case
   and accents beat capitals and ASCII; catalogue, then first seen, break ties), its slug and sort name,
   and reports two entities that would share an address, naming the later one's document and line.

Nothing here knows Django's models: ``records`` turns settled entities into plain records.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from filmarchive.ingest.catalogue import Catalogue, CatalogueFilm, CataloguePerson
from filmarchive.ingest.errors import Problems
from filmarchive.ingest.names import identity_key, slugify, sort_name, writing_rank


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a document (or the catalogue) that states something."""

    path: str  # the file as error messages show it
    document: str  # the document's slug; "" for the catalogue or a seed
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


SEEDED = Where("(already in the archive)", "", None)

# Where a spelling comes from, weakest first: it breaks ties between equally well-written spellings.
FROM_REFERENCE = 0  # named in passing (a title quoted in an interview's introduction)
FROM_DOCUMENT = 1  # stated by a document as its own (a page's title, a credit, a byline, a label)
FROM_CATALOGUE = 2  # written by the operators

# How a spelling's letters are cased, worst first.
CAPITALS = 0  # "BONG JOON-HO", or all lower case
DERIVED = 1  # title-cased by the parser from capitals: "Bong Joon-Ho"
WRITTEN = 2  # written in mixed case by a document ("Bong Joon-ho"), or in a script without case


@dataclass(frozen=True, slots=True)
class Spelling:
    text: str
    rank: tuple[int, int, int]  # (casing, accents, source): higher is better
    order: int  # when it was first seen: earlier wins a tie


class Entity:
    """What people and films share: spellings, aliases, a first claim, and once settled a slug."""

    noun = "entity"

    def __init__(self, key: str) -> None:
        self.key = key
        self.spellings: dict[str, Spelling] = {}
        self.aliases: list[str] = []  # as written, for mentions
        self.fixed_name: str | None = None  # a seeded entity keeps its name and slug
        self.fixed_slug: str | None = None
        self.first: Where | None = None  # the first document claim: the record's provenance
        self.claim_order: int | None = None
        self.catalogued_at: Where | None = None
        self.name = ""
        self.slug = ""

    @property
    def claimed(self) -> bool:
        return self.first is not None

    def spell(self, text: str, source: int, order: int, *, derived: bool = False) -> None:
        mixed, accents = writing_rank(text)
        level = DERIVED if derived else (WRITTEN if mixed else CAPITALS)
        spelling = Spelling(text, (level, accents, source), order)
        known = self.spellings.get(text)
        if known is None or spelling.rank > known.rank:
            self.spellings[text] = spelling if known is None else Spelling(text, spelling.rank, known.order)

    def best_spelling(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        best = max(self.spellings.values(), key=lambda s: (s.rank, -s.order))
        return best.text

    def forms(self) -> Iterator[str]:
        """Every way of writing it: display name, spellings, aliases (for mentions)."""
        yield from dict.fromkeys([*([self.fixed_name] if self.fixed_name else []), *self.spellings])
        yield from self.aliases

    def __repr__(self) -> str:
        shown = self.best_spelling() if self.spellings or self.fixed_name else self.key
        return f"<{type(self).__name__} {shown}>"


class Person(Entity):
    noun = "person"

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.given_sort_name: str | None = None
        self.sort_name = ""


class Film(Entity):
    noun = "film"

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.year: int | None = None
        self.catalogue_year: int | None = None
        self.directors: list[Person] = []
        self.people: list[Person] = []  # everyone a page credits: tells two films of one title apart
        self.needs_quotes = False
        # What the film's own page says, from the first page that describes it.
        self.described_at: Where | None = None
        self.described_to: int | None = None
        self.synopsis = ""
        self.original_title = ""

    def label(self) -> str:
        title = self.best_spelling()
        return f"{title} ({self.year})" if self.year else title


class Interview:
    """An interview article: its title and slug are settled once its people and film are."""

    def __init__(
        self,
        where: Where,
        *,
        headline: str | None,
        interviewers: Sequence[Person],
        subjects: Sequence[Person],
        film: Film | None,
        published_in: str,
    ) -> None:
        self.where = where
        self.headline = headline
        self.interviewers = list(interviewers)
        self.subjects = list(subjects)
        self.film = film
        self.published_in = published_in
        self.title = ""
        self.title_is_editorial = headline is None
        self.slug = ""


class Identities:
    """The resolver: see the module's docstring. Problems found go to ``problems``."""

    def __init__(self, fresh: Iterable[str] | None = None) -> None:
        self.problems = Problems()
        # The documents added or changed since the last build (their slugs), when that is known: a
        # conflict between one of them and an older document is reported in the new one.
        self.fresh = frozenset(fresh) if fresh is not None else None
        self._people: list[Person] = []
        self._person_keys: dict[str, Person] = {}  # keys and alias keys
        self._films: list[Film] = []
        self._film_keys: dict[str, list[Film]] = {}  # keys and alias keys: one title, several films
        self._interviews: list[Interview] = []
        self._seeded_interview_slugs: set[str] = set()
        # Interviews an editor renamed: {(their document's slug, the address it gives): the new one}.
        self._renamed_interviews: dict[tuple[str, str], str] = {}
        self._reserved_person_slugs: set[str] = set()
        self._catalogued: list[Entity] = []  # in the catalogue's order
        self._spellings = itertools.count()
        self._claims = itertools.count()

    # Known entities -------------------------------------------------------------------------------

    def seed_person(
        self, name: str, slug: str, *, aliases: Iterable[str] = (), sort_name: str | None = None
    ) -> Person:
        """A person already in the archive (with this slug): documents that name them link to them."""
        person = self._person_keys.get(identity_key(name)) or self._new_person(identity_key(name))
        person.fixed_name, person.fixed_slug = name, slug
        person.spell(name, FROM_CATALOGUE, next(self._spellings))
        person.given_sort_name = sort_name or person.given_sort_name
        for alias in aliases:
            self._alias(person, alias, SEEDED)
        return person

    def seed_film(
        self,
        title: str,
        slug: str,
        *,
        year: int | None = None,
        directors: Iterable[Person] = (),
        aliases: Iterable[str] = (),
    ) -> Film:
        """A film already in the archive (with this slug, year and directors)."""
        film = self._new_film(identity_key(title))
        film.fixed_name, film.fixed_slug, film.year = title, slug, year
        film.directors = list(directors)
        film.people = list(film.directors)
        film.spell(title, FROM_CATALOGUE, next(self._spellings))
        for alias in aliases:
            self._alias(film, alias, SEEDED)
        return film

    def seed_interview_slug(self, slug: str) -> None:
        self._seeded_interview_slugs.add(slug)

    def seed_interview_rename(self, document: str, old: str, new: str) -> None:
        """An interview of ``document`` an editor renamed from ``old`` to ``new``: it keeps ``new``."""
        self._renamed_interviews[(document, old)] = new

    def reserve_person_slugs(self, slugs: Iterable[str]) -> None:
        """Addresses taken by people the documents do not speak for (members): new people go elsewhere."""
        self._reserved_person_slugs.update(slugs)

    def add_catalogue(self, catalogue: Catalogue) -> None:
        for entry in catalogue.people:
            self.catalogue_person(entry, catalogue.shown_as)
        for film_entry in catalogue.films:
            self.catalogue_film(film_entry, catalogue.shown_as)

    def catalogue_person(self, entry: CataloguePerson, shown_as: str) -> Person:
        where = Where(shown_as, "", entry.line)
        key = identity_key(entry.name)
        person = self._person_keys.get(key)
        if person is not None and person.catalogued_at is not None:
            self._problem(
                where,
                f"{entry.name!r} is listed a second time (first at line {person.catalogued_at.line}); "
                "keep one [[people]] entry",
            )
            return person
        if person is None:
            person = self._new_person(key)
        person.catalogued_at = where
        person.spell(entry.name, FROM_CATALOGUE, next(self._spellings))
        person.given_sort_name = entry.sort_name or person.given_sort_name
        for alias in entry.aliases:
            self._alias(person, alias, where)
        self._catalogued.append(person)
        return person

    def catalogue_film(self, entry: CatalogueFilm, shown_as: str) -> Film:
        where = Where(shown_as, "", entry.line)
        key = identity_key(entry.title)
        for known in self._film_keys.get(key, []):
            years = {known.catalogue_year, entry.year}
            if known.catalogued_at is not None and (None in years or len(years) == 1):
                self._problem(
                    where,
                    f"{entry.title!r} is listed a second time (first at line {known.catalogued_at.line}); "
                    "keep one [[films]] entry, or give each its year",
                )
                return known
        # A film the archive has already (seeded from the database) is the entry's film, not a second one.
        seeded = [
            known
            for known in self._film_keys.get(key, [])
            if known.fixed_slug and known.catalogued_at is None and entry.year in (None, known.year)
        ]
        film = seeded[0] if len(seeded) == 1 else self._new_film(key)
        film.catalogued_at = where
        film.catalogue_year = entry.year
        if entry.year is not None:
            film.year = entry.year
        film.needs_quotes = entry.needs_quotes
        film.spell(entry.title, FROM_CATALOGUE, next(self._spellings))
        for alias in entry.aliases:
            self._alias(film, alias, where)
        self._catalogued.append(film)
        return film

    def _alias(self, entity: Entity, alias: str, where: Where) -> None:
        key = identity_key(alias)
        if isinstance(entity, Person):
            other = self._person_keys.get(key)
            if other is not None and other is not entity:
                self._problem(
                    where,
                    f"the alias {alias!r} already names {other.best_spelling()!r}; "
                    "an alias names one person only: remove it from one of them",
                )
                return
            self._person_keys[key] = entity
        elif isinstance(entity, Film):
            films = self._film_keys.setdefault(key, [])
            if entity not in films:
                films.append(entity)
        entity.aliases.append(alias)

    def _new_person(self, key: str) -> Person:
        person = Person(key)
        self._people.append(person)
        self._person_keys.setdefault(key, person)
        return person

    def _new_film(self, key: str) -> Film:
        film = Film(key)
        self._films.append(film)
        self._film_keys.setdefault(key, []).append(film)
        return film

    def _problem(self, where: Where, message: str) -> None:
        self.problems.add(where.path, where.line, message)

    def blame(self, later: Where, earlier: Where) -> tuple[Where, Where]:
        """(where to report a conflict, the other place): the new document, else the later one."""
        if self.fresh is not None and earlier.document in self.fresh and later.document not in self.fresh:
            return earlier, later
        return later, earlier

    def _claim(self, entity: Entity, where: Where) -> None:
        if entity.first is None:
            entity.first = where
            entity.claim_order = next(self._claims)

    # Claims ---------------------------------------------------------------------------------------

    def person(self, name: str, where: Where, *, derived: bool = False) -> Person:
        """The person a document names here (by name, any spelling, or alias)."""
        name = " ".join(name.split())
        key = identity_key(name)
        person = self._person_keys.get(key) or self._new_person(key)
        if key == person.key:
            person.spell(name, FROM_DOCUMENT, next(self._spellings), derived=derived)
        self._claim(person, where)
        return person

    def lookup_person(self, name: str) -> Person | None:
        return self._person_keys.get(identity_key(name))

    def lookup_films(self, title: str) -> list[Film]:
        return list(self._film_keys.get(identity_key(title), []))

    def film(
        self,
        title: str,
        where: Where,
        *,
        year: int | None = None,
        directors: Sequence[Person] = (),
        people: Sequence[Person] = (),
        source: int = FROM_DOCUMENT,
    ) -> Film | None:
        """The film a document names here; None (and a problem) if it could be either of two films.

        ``year`` and ``directors`` are what the document states; ``people`` (an interview's subjects)
        only help to choose between two films that share a title.
        """
        title = " ".join(title.split())
        key = identity_key(title)
        candidates = self._film_keys.get(key, [])
        compatible = [
            film
            for film in candidates
            if (year is None or film.year is None or film.year == year)
            and (not directors or not film.directors or set(directors) & set(film.directors))
        ]
        if len(compatible) > 1 and year is not None:
            compatible = [film for film in compatible if film.year == year] or compatible
        if len(compatible) > 1 and directors:
            compatible = [f for f in compatible if set(directors) & set(f.directors)] or compatible
        if len(compatible) > 1 and people:
            compatible = [f for f in compatible if set(people) & set(f.people)] or compatible
        if len(compatible) > 1:
            either = " or ".join(f"{film.label()} ({film.described_at or film.first})" for film in compatible)
            advice = (
                f"write its year after the title, e.g. '{title} ({compatible[-1].year or 'YEAR'})', so the "
                "archive can tell which"
            )
            newest = [f.described_at or f.first for f in compatible]
            new = [w for w in newest if w is not None and self.blame(where, w)[0] is w]
            if new:
                self._problem(
                    new[0],
                    f"this page makes {title!r} at {where} ambiguous: it could be either of "
                    f"{len(compatible)} films, {either}; there, {advice}",
                )
            else:
                self._problem(
                    where, f"{title!r} could be either of {len(compatible)} films: {either}; {advice}"
                )
            return None
        film = compatible[0] if compatible else self._new_film(key)
        if year is not None and film.year is None:
            film.year = year
        for director in directors:
            if director not in film.directors:
                film.directors.append(director)
        if key == film.key:
            film.spell(title, source, next(self._spellings))
        self._claim(film, where)
        return film

    def credit(self, film: Film, person: Person) -> None:
        """Someone a page credits on the film: a later page's *Fargo* is told apart by them."""
        if person not in film.people:
            film.people.append(person)

    def describe(
        self, film: Film, where: Where, *, described_to: int, synopsis: str, original_title: str
    ) -> bool:
        """The film's own page describes it; the first page to do so gives its provenance and facts."""
        if film.described_at is not None:
            return False
        film.described_at = where
        film.described_to = described_to
        film.synopsis = synopsis
        film.original_title = original_title
        return True

    def interview(
        self,
        where: Where,
        *,
        headline: str | None,
        interviewers: Sequence[Person],
        subjects: Sequence[Person],
        film: Film | None,
        published_in: str,
    ) -> Interview:
        interview = Interview(
            where,
            headline=headline,
            interviewers=interviewers,
            subjects=subjects,
            film=film,
            published_in=published_in,
        )
        self._interviews.append(interview)
        return interview

    def claim_by_mention(self, entity: Entity, where: Where) -> None:
        """A catalogue entry that no document states is built from where a text first names it."""
        self._claim(entity, where)

    # What is known ---------------------------------------------------------------------------------

    def catalogued(self) -> list[Entity]:
        return list(self._catalogued)

    def all_entities(self) -> Iterator[Entity]:
        yield from self._people
        yield from self._films

    def people(self) -> list[Person]:
        """The people the documents name, in the order they were first named."""
        return sorted((p for p in self._people if p.claimed), key=lambda p: p.claim_order or 0)

    def films(self) -> list[Film]:
        return sorted((f for f in self._films if f.claimed), key=lambda f: f.claim_order or 0)

    def interviews(self) -> list[Interview]:
        return list(self._interviews)

    # Settling -------------------------------------------------------------------------------------

    def settle(self) -> None:
        """Display names, slugs and sort names; problems for addresses two entities would share."""
        taken: dict[str, Entity] = {}
        for person in self._people:
            if person.fixed_slug:
                person.name, person.slug = person.best_spelling(), person.fixed_slug
                taken[person.fixed_slug] = person
        for person in self.people():
            person.name = person.best_spelling()
            person.sort_name = person.given_sort_name or sort_name(person.name)
            if not person.fixed_slug:
                slug = base = slugify(person.name)
                # A member's address is theirs: a new person of the same name gets the next free one.
                number = 1
                while slug in self._reserved_person_slugs:
                    number += 1
                    slug = f"{base}-{number}"
                self._place(person, slug, taken)

        taken = {}
        groups: dict[str, list[Film]] = {}
        for film in self._films:
            if film.fixed_slug:
                film.name, film.slug = film.best_spelling(), film.fixed_slug
                taken[film.fixed_slug] = film
                groups.setdefault(slugify(film.name), []).append(film)
        for film in self.films():
            film.name = film.best_spelling()
            if not film.fixed_slug:
                groups.setdefault(slugify(film.name), []).append(film)
        self._check_catalogue_years()
        for base, group in groups.items():
            for film in group:
                if film.fixed_slug:
                    continue
                if len(group) == 1 or not base:
                    self._place(film, base, taken)
                    continue
                suffix = str(film.year) if film.year else (film.directors[0].slug if film.directors else "")
                if not suffix:
                    self._problem(
                        film.described_at or film.first or SEEDED,
                        f"{len(group)} films are called {film.name!r} and this one has no year: give it a "
                        "year line on its page (or year = ... in its catalogue entry) so that each has "
                        "its own address",
                    )
                self._place(film, f"{base}-{suffix}" if suffix else base, taken)

        taken_interviews: dict[str, Interview] = {}
        interview_groups: dict[str, list[Interview]] = {}
        for interview in self._interviews:
            if interview.headline:
                interview.title = interview.headline
            else:
                names = " and ".join(subject.name for subject in interview.subjects)
                interview.title = (
                    f"{names} on {interview.film.name}" if interview.film else f"An interview with {names}"
                )
            interview_groups.setdefault(slugify(interview.title) or "interview", []).append(interview)
        renamed_in = {new: document for (document, _), new in self._renamed_interviews.items()}
        for base, interviews in interview_groups.items():
            for interview in interviews:
                slug, here = base, interview.where.document
                if len(interviews) > 1 or base in self._seeded_interview_slugs:
                    by = slugify(interview.published_in) or "-".join(p.slug for p in interview.interviewers)
                    slug = f"{base}-{by or interview.where.document}"
                # Another document's interview, renamed, has that address.
                taken_by_a_rename = renamed_in.get(slug, here) != here
                if slug in taken_interviews or slug in self._seeded_interview_slugs or taken_by_a_rename:
                    slug = f"{slug}-{interview.where.document}"
                taken_interviews[slug] = interview
                interview.slug = self._renamed_interviews.get((here, slug), slug)

    def _place(self, entity: Entity, slug: str, taken: dict[str, Entity]) -> None:
        where = (entity.described_at if isinstance(entity, Film) else None) or entity.first or SEEDED
        if not slug:
            self._problem(
                where,
                f"the {'name' if isinstance(entity, Person) else 'title'} {entity.name!r} has no letters "
                "or digits to make its address from; write it with at least one",
            )
            slug = f"{entity.noun}-{entity.claim_order}"
        other = taken.get(slug)
        if other is not None and other is not entity:
            other_where = (other.described_at if isinstance(other, Film) else None) or other.first or SEEDED
            here, there = self.blame(where, other_where)
            this, that = (entity, other) if here is where else (other, entity)
            self._problem(
                here,
                f"{this.name!r} and {that.name!r} ({there}) would share the address "
                f"/{'people' if isinstance(entity, Person) else 'films'}/{slug}/; if they are one "
                f"{entity.noun}, write the name the same way or make one an alias of the other in "
                "catalogue.toml",
            )
            slug = f"{slug}-{entity.claim_order}"
        entity.slug = slug
        taken[slug] = entity

    def _check_catalogue_years(self) -> None:
        """A catalogue entry with no year that now shares its title with another film is ambiguous."""
        for film in self._films:
            if film.catalogued_at is None or film.catalogue_year is not None:
                continue
            others = [
                f for f in self._film_keys.get(film.key, []) if f is not film and (f.claimed or f.fixed_slug)
            ]
            if others:
                labels = ", ".join(other.label() for other in [film, *others])
                self._problem(
                    film.catalogued_at,
                    f"{film.best_spelling()!r} names more than one film ({labels}); add year = ... to "
                    "this entry to say which",
                )
