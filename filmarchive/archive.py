"""The archive's documents, wherever they are kept, built against what the database already knows.

The documents are the files in ``fixtures/sources/`` (the repository's) and those editors added in
the admin (kept in the database, each verbatim). ``build_all`` builds every one of them, the people
and films the database knows seeded into the resolver, so that names keep their addresses and link to
existing records by the same rules as the fixture build; ``build_one`` builds a single document the
same way, for an editor's import. Both raise ``IngestError`` with every problem found;
``build_all(skip_broken=True)`` builds the documents that can be built and says which could not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.apps import apps
from django.conf import settings

from filmarchive.ingest import IngestError
from filmarchive.ingest.build import (
    ArchiveBuild,
    build_skipping_broken,
    building_order,
    document_from_bytes,
    read_documents,
    unread_files,
)
from filmarchive.ingest.catalogue import CATALOGUE_NAME, Catalogue, Origin, load_catalogue
from filmarchive.ingest.errors import Problems
from filmarchive.ingest.identity import Identities
from filmarchive.ingest.records import RecordSet
from filmarchive.ingest.shapes import Document
from filmarchive.models import Credit, CreditRole, Film, Person, SlugRedirect, SourceDocument


@dataclass
class Built:
    records: RecordSet
    documents: list[Document]
    skipped: dict[str, list[str]] = field(default_factory=dict)  # shown_as -> its problems
    renamed: dict[str, str] = field(default_factory=dict)  # a renamed file's old slug -> its new one


def roles() -> list[str]:
    return list(CreditRole.values)


def catalogue(sources_dir: Path, shown_from: Path | None = None) -> Catalogue:
    problems = Problems()
    path = sources_dir / CATALOGUE_NAME
    shown = str(path.relative_to(shown_from)) if shown_from and path.is_relative_to(shown_from) else str(path)
    found = load_catalogue(path, shown, problems)
    problems.raise_if_any()
    return found


def admin_documents() -> tuple[list[Document], dict[str, Origin]]:
    """The documents editors added (or replaced) in the admin, and where each came from.

    An editor's text wins over the repository's file of the same name: it is the newer capture, until
    ``export_documents`` writes it back to the repository.
    """
    found, origins = [], {}
    for document in SourceDocument.objects.filter(added_by__isnull=False):
        shown = f"{document.filename} (added in the admin)"
        found.append(document_from_bytes(document.filename, document.data, shown))
        origins[document.filename] = Origin(document.origin, None)
    return found, origins


def seeded_identities(*, rebuilt: set[str] = frozenset(), fresh: set[str] | None = None) -> Identities:
    """A resolver that knows every person and film in the database, by what their documents call them.

    People with a member account are not linked to by documents: their addresses are only reserved.
    ``rebuilt``: the documents being built, whose interviews may keep their own slugs.
    """
    interviews = apps.get_model("interviews", "Interview")  # an app above this layer, through the registry
    identities = Identities(fresh)
    people = {}
    members = set(Person.objects.filter(member__isnull=False).values_list("pk", flat=True))
    for person in Person.all_objects.only("pk", "name", "slug", "sort_name", "source_values").iterator():
        if person.pk in members:
            continue
        said = person.source_values or {}
        people[person.pk] = identities.seed_person(
            said.get("name", person.name), person.slug, sort_name=said.get("sort_name", person.sort_name)
        )
    identities.reserve_person_slugs(Person.objects.filter(pk__in=members).values_list("slug", flat=True))
    directors = defaultdict(list)
    for film_id, person_id in Credit.all_objects.filter(role=CreditRole.DIRECTOR).values_list(
        "film_id", "person_id"
    ):
        if person_id in people:
            directors[film_id].append(people[person_id])
    for film in Film.all_objects.only("pk", "title", "slug", "year", "source_values").iterator():
        said = film.source_values or {}
        identities.seed_film(
            said.get("title", film.title),
            film.slug,
            year=said.get("year", film.year),
            directors=directors[film.pk],
        )
    for slug in interviews.all_objects.exclude(source__slug__in=rebuilt).values_list("slug", flat=True):
        identities.seed_interview_slug(slug)
    # An interview an editor renamed keeps its new address: its document still gives the old one.
    renamed = SlugRedirect.objects.filter(model=interviews._meta.label_lower)
    documents = dict(
        interviews.all_objects.filter(slug__in=renamed.values("new_slug")).values_list("slug", "source__slug")
    )
    for old, new in renamed.values_list("old_slug", "new_slug"):
        if documents.get(new):
            identities.seed_interview_rename(documents[new], old, new)
    return identities


def renamed_documents(documents: Sequence[Document], present: set[str]) -> dict[str, str]:
    """{old slug: new slug} of the repository's documents whose file was renamed: a document new to the
    archive whose bytes are exactly those of one whose file is gone is that one. Only one of each: two
    files of the same bytes are not guessed at. A renamed file whose text changed too is not known for
    the same document; the sync retires the old one and says what editors' work stays with it."""
    known = set(SourceDocument.all_objects.values_list("slug", flat=True))
    gone: dict[str, list[str]] = defaultdict(list)
    for slug, checksum in (
        SourceDocument.objects.filter(added_by__isnull=True)
        .exclude(filename__in=present)
        .values_list("slug", "checksum")
    ):
        gone[checksum].append(slug)
    new: dict[str, list[str]] = defaultdict(list)
    for document in documents:
        if document.slug not in known:
            new[document.checksum].append(document.slug)
    return {
        gone[checksum][0]: slugs[0]
        for checksum, slugs in new.items()
        if len(slugs) == 1 and len(gone.get(checksum, [])) == 1
    }


def build_all(
    sources_dir: Path | None = None, *, skip_broken: bool = False, shown_from: Path | None = None
) -> Built:
    """Every document of the archive, built together."""
    sources_dir = sources_dir or settings.ARCHIVE_SOURCES_DIR
    the_catalogue = catalogue(sources_dir, shown_from)
    problems = Problems()
    added, origins = admin_documents()
    the_catalogue.origins.update(origins)
    replaced = {document.slug for document in added}
    documents = sorted(
        [d for d in read_documents(sources_dir, problems, shown_from) if d.slug not in replaced] + added,
        key=building_order,
    )
    if problems and not skip_broken:
        raise IngestError.of(problems)
    # A renamed file is built as the document it was, so that everything hanging on its record (an
    # interview's address, mentions editors dismissed or added) stays; the sync gives it its new slug.
    renamed = renamed_documents(documents, {path.name for path in sources_dir.glob("*.txt")})
    old_slugs = {new: old for old, new in renamed.items()}
    documents = [replace(d, slug=old_slugs[d.slug]) if d.slug in old_slugs else d for d in documents]
    skipped: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        skipped[problem.path].append(str(problem))
    previous = dict(SourceDocument.all_objects.values_list("slug", "checksum"))

    def identities_for(documents: Sequence[Document]) -> Identities:
        fresh = {document.slug for document in documents if previous.get(document.slug) != document.checksum}
        return seeded_identities(rebuilt={document.slug for document in documents}, fresh=fresh)

    if not skip_broken:
        records = ArchiveBuild(the_catalogue, roles(), identities_for(documents)).build(documents)
        return Built(records, documents, {}, renamed)
    unread = unread_files(sources_dir, documents)
    records, left_out = build_skipping_broken(the_catalogue, documents, roles(), identities_for, unread)
    for path, found in left_out.items():
        skipped[path] += [str(problem) for problem in found]
    built_slugs = {document.slug for document in records.documents}
    return Built(records, [d for d in documents if d.slug in built_slugs], dict(skipped), renamed)


def build_one(
    document: Document, sources_dir: Path | None = None, origins: dict[str, str] | None = None
) -> RecordSet:
    """One document, its names linked to the people and films the database knows."""
    the_catalogue = catalogue(sources_dir or settings.ARCHIVE_SOURCES_DIR)
    the_catalogue.origins.update({name: Origin(origin, None) for name, origin in (origins or {}).items()})
    identities = seeded_identities(rebuilt={document.slug})
    return ArchiveBuild(the_catalogue, roles(), identities, complete=False).build([document])
