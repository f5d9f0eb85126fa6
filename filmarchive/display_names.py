"""The names members show with their reviews: never one that belongs to someone else.

A member's display name is compared with everyone the archive knows by the key the document build
uses for identity (``filmarchive.ingest.names.identity_key``: case, accents, typographic quotes and
dashes, and spacing folded), so that "Rithy PANH" or "Rithy  Panh" cannot pass for Rithy Panh. The
names documents state, the catalogue's aliases and other members' names all count.
"""

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q

from filmarchive.archive import catalogue
from filmarchive.ingest import IngestError
from filmarchive.ingest.names import identity_key, slugify
from filmarchive.models import Person, SlugRedirect

# Closed accounts' reviews that their members chose to keep are moved to this one person.
FORMER_MEMBER_NAME = "Former member"
FORMER_MEMBER_SLUG = "former-member"

IN_THE_ARCHIVE = "That name belongs to someone in the archive; choose another."
ANOTHER_MEMBER = "Another member goes by that name; choose another."


def catalogue_keys() -> set[str]:
    """The keys of the catalogue's people: their names and aliases (none when it cannot be read)."""
    try:
        found = catalogue(settings.ARCHIVE_SOURCES_DIR)
    except (IngestError, OSError):
        # A broken catalogue stops the build and the sync, which say why; the names in the
        # database are still checked.
        return set()
    return {identity_key(name) for person in found.people for name in (person.name, *person.aliases)}


def name_taken(name: str, *, person: Person | None = None) -> str | None:
    """Why a member may not show this name (the error to show), or None when it is free.

    ``person`` is the member's own Person, when they are renaming: their own name is theirs.
    Every person's name is read (names only): identity is a key computed in Python, which no index
    serves, and members choose names rarely.
    """
    key = identity_key(name)
    if key == identity_key(FORMER_MEMBER_NAME) or slugify(name) == FORMER_MEMBER_SLUG:
        return IN_THE_ARCHIVE  # closed accounts' kept reviews are shown as by them
    people = Person.all_objects.all()
    if person is not None:
        people = people.exclude(pk=person.pk)
    for name_, stated, is_member in people.values_list(
        "name", "source_values__name", ExpressionWrapper(Q(member__isnull=False), BooleanField())
    ).iterator(chunk_size=2000):
        if identity_key(name_) == key or (isinstance(stated, str) and identity_key(stated) == key):
            return ANOTHER_MEMBER if is_member else IN_THE_ARCHIVE
    if key in catalogue_keys():
        return IN_THE_ARCHIVE
    return None


def free_person_slug(name: str) -> str:
    """A slug for a member's person: from the name, numbered when taken, never a former address.

    A slug that once named another record still leads to it (``SlugRedirect``), and the
    former members' person keeps its own.
    """
    base = slugify(name) or "member"
    slug, number = base, 1
    while (
        slug == FORMER_MEMBER_SLUG
        or Person.all_objects.filter(slug=slug).exists()
        or SlugRedirect.objects.filter(model=Person._meta.label_lower, old_slug=slug).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    return slug
