"""The names members show with their reviews: never one that belongs to someone else.

A member's display name is compared with everyone the archive knows by the key the document build
uses for identity (``filmarchive.ingest.names.identity_key``: case, accents, typographic quotes and
dashes, and spacing folded), so that "Rithy PANH" or "Rithy  Panh" cannot pass for Rithy Panh. The
names documents state, the catalogue's aliases and other members' names all count.

Two more tricks are closed. Characters that show nothing or control the text around them (Unicode
categories Cf, Cc, Co and Cs: zero-width spaces, soft hyphens, direction marks), and noncharacters, are
refused outright.
And names are compared by a skeleton of that key: every character but letters and digits dropped
("Dragon knight", "Dragon-knight" and "Dragonknight." are "dragonknight"), and, in a name that mixes
scripts, Cyrillic and Greek letters that look like Latin ones read as those (``LOOK_ALIKES``), so
that "Dragonkn\u0456ght" with a Cyrillic i is "dragonknight" too. A name written in one script is
compared as written: "Сергей" meets other Cyrillic names, letter for letter.
"""

import unicodedata

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q

from filmarchive.archive import catalogue
from filmarchive.ingest import IngestError
from filmarchive.ingest.names import identity_key, slugify
from filmarchive.ingest.text import UNSHOWABLE
from filmarchive.models import Person, SlugRedirect

# Closed accounts' reviews that their members chose to keep are moved to this one person.
FORMER_MEMBER_NAME = "Former member"
FORMER_MEMBER_SLUG = "former-member"

IN_THE_ARCHIVE = "That name belongs to someone in the archive; choose another."
ANOTHER_MEMBER = "Another member goes by that name; choose another."
INVISIBLE = "Names cannot contain invisible or control characters."

# Categories of characters a name may not hold: format (zero-width spaces and joiners, soft hyphens,
# direction marks), control, private use and surrogates. None of them shows as a letter.
HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs"})

# Lower-case Cyrillic and Greek letters drawn like a Latin letter in common fonts (after case folding,
# so capitals are covered too). Kept to the clear cases; Unicode's full confusables list (UTS #39)
# is far larger and mostly about symbols no name needs.
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "х": "x",
        "у": "y",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "к": "k",
        "м": "m",
        "н": "h",
        "т": "t",
        "ԛ": "q",
        "ԝ": "w",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "η": "n",
    }
)


def has_hidden_characters(name: str) -> bool:
    """Invisible or control characters, and noncharacters (which no page or feed can show)."""
    return any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in name) or bool(
        UNSHOWABLE.search(name)
    )


def _script(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name ("LATIN", "CYRILLIC")."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


class Skeleton:
    """What a name is compared by: its identity key with only letters and digits kept, and, for a
    name that mixes scripts, that key with look-alike letters read as Latin."""

    def __init__(self, name: str):
        kept = "".join(
            # Marks stay: a vowel sign in Devanagari or Thai makes another name.
            char
            for char in identity_key(name)
            if char.isalnum() or unicodedata.category(char).startswith("M")
        )
        # A name of punctuation alone keeps its key, so that "..." is not every such name.
        self.as_written = kept or identity_key(name)
        self.mixed = len({_script(char) for char in kept if char.isalpha()}) > 1
        self.read_as_latin = self.as_written.translate(LOOK_ALIKES)

    def matches(self, other: "Skeleton") -> bool:
        if self.as_written == other.as_written:
            return True
        # A name mixing scripts is read for look-alikes against every name: "Сергей" with its first
        # letter a Latin C is the Cyrillic name, as "Dragonkn\u0456ght" is "Dragonknight".
        return (self.mixed or other.mixed) and self.read_as_latin == other.read_as_latin


def catalogue_names() -> list[str]:
    """The catalogue's people's names and aliases (none when it cannot be read)."""
    try:
        found = catalogue(settings.ARCHIVE_SOURCES_DIR)
    except (IngestError, OSError):
        # A broken catalogue stops the build and the sync, which say why; the names in the
        # database are still checked.
        return []
    return [name for person in found.people for name in (person.name, *person.aliases)]


def name_taken(name: str, *, person: Person | None = None) -> str | None:
    """Why a member may not show this name (the error to show), or None when it is free.

    ``person`` is the member's own Person, when they are renaming: their own name is theirs.
    Every person's name is read (names only): identity is a key computed in Python, which no index
    serves, and members choose names rarely.
    """
    if has_hidden_characters(name):
        return INVISIBLE
    skeleton = Skeleton(name)
    if skeleton.matches(Skeleton(FORMER_MEMBER_NAME)) or slugify(name) == FORMER_MEMBER_SLUG:
        return IN_THE_ARCHIVE  # closed accounts' kept reviews are shown as by them
    people = Person.all_objects.all()
    if person is not None:
        people = people.exclude(pk=person.pk)
    for name_, stated, is_member in people.values_list(
        "name", "source_values__name", ExpressionWrapper(Q(member__isnull=False), BooleanField())
    ).iterator(chunk_size=2000):
        if skeleton.matches(Skeleton(name_)) or (
            isinstance(stated, str) and skeleton.matches(Skeleton(stated))
        ):
            return ANOTHER_MEMBER if is_member else IN_THE_ARCHIVE
    if any(skeleton.matches(Skeleton(known)) for known in catalogue_names()):
        return IN_THE_ARCHIVE
    return None


def free_person_slug(name: str) -> str:
    """A slug for a member's person: from the name, numbered when taken, never a former address.

    A slug that once named another record still leads to it (``SlugRedirect``), and the
    former members' person keeps its own.
    """
    # As long as the column allows, number included: a name of a hundred characters may make a slug
    # many times as long (a ligature or a square symbol folds into several letters).
    longest = Person._meta.get_field("slug").max_length or 200
    base = slugify(name) or "member"
    slug, number = base[:longest].rstrip("-"), 1
    while (
        slug == FORMER_MEMBER_SLUG
        or Person.all_objects.filter(slug=slug).exists()
        or SlugRedirect.objects.filter(model=Person._meta.label_lower, old_slug=slug).exists()
    ):
        number += 1
        suffix = f"-{number}"
        slug = base[: longest - len(suffix)].rstrip("-") + suffix
    return slug
