"""Names and titles: the key that identifies them, their slugs, sort names and written forms.

Pure Python (the parsers must not import Django). The rules, for a newcomer:

- ``identity_key``: two spellings are one name when their keys are equal. Case, accents on Latin
  letters, typographic apostrophes, quotes, dashes and ellipses, and runs of white space are folded:
  "Théo Lefèvre" = "THEO LEFEVRE", "Mike D'Angelo" = "Mike D\u2019Angelo", "Time… in" = "Time... in".
  Marks on other scripts are kept (Japanese ガ is not カ, Russian й is not и).
- ``slugify``: Latin letters are folded to ASCII ("theo-lefevre", so addresses stay plain); letters of
  other scripts are kept, lower-cased where the script has case ("봉준호", "андрей-тарковский").
- ``sort_name``: "Surname, Given names" for names written given-name first; names written family-name
  first (Chinese, Japanese, Korean script, or romanised as "Bong Joon-ho") and pen names ("Notes on
  Film") sort as written. The catalogue can state any sort name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Typographic characters and Latin letters that do not decompose, folded for keys and slugs.
_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
        "―": "-",
        "…": "...",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "\u00a0": " ",
    }
)

# Scripts written without spaces between words (or with particles joined to names): a name in them
# is matched inside longer runs of text, and it is written family name first.
CJK_RANGES = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f"
)
_CJK = re.compile(f"[{CJK_RANGES}]")

# Lower-case words that belong to a surname: "Ana de la Cruz", "Ludwig van Beethoven".
PARTICLES = frozenset(
    {
        *("de", "la", "le", "les", "del", "della", "di", "da", "das", "dos", "du", "van", "von", "der"),
        *("den", "ter", "ten", "zu", "y", "e", "bin", "ibn", "al", "el"),
    }
)
# Words after a comma that are not another name: "Sammy Davis, Jr."
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _is_latin(char: str) -> bool:
    return char <= "\u024f" or "\u1e00" <= char <= "\u1eff"


def _fold_marks(text: str) -> str:
    """Accents off Latin letters (and compatibility forms undone); marks on other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    kept: list[str] = []
    latin_base = False
    for char in decomposed:
        if unicodedata.combining(char):
            if latin_base:
                continue
        else:
            latin_base = _is_latin(char)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def identity_key(text: str) -> str:
    """The key two spellings of one name share (see the module's docstring)."""
    if text.isascii():
        return " ".join(text.replace("`", "'").casefold().split())
    return " ".join(_fold_marks(text).casefold().split())


def slugify(value: str) -> str:
    """Lower case, words joined by hyphens; Latin letters in ASCII: "Mike D'Angelo" -> "mike-dangelo"."""
    text = _fold_marks(value).lower().replace("'", "")
    pieces: list[str] = []
    for char in text:
        if char.isalnum():
            pieces.append(char)
        elif unicodedata.category(char).startswith("M"):
            continue  # a vowel sign or other mark the slug pattern does not take
        else:
            pieces.append("-")
    return re.sub(r"-{2,}", "-", "".join(pieces)).strip("-")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def has_latin_letter(text: str) -> bool:
    return any(char.isalpha() and _is_latin(char) for char in text)


# A romanised given name of two syllables joined by a hyphen, the second in lower case ("Joon-ho",
# "Kar-wai"): the name is written family name first.
_FAMILY_FIRST_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


def sort_name(name: str) -> str:
    """A first guess at how a name sorts: "Rithy Panh" -> "Panh, Rithy". Editors correct it."""
    words = name.split()
    if len(words) < 2:
        return name
    if has_cjk(name) and not has_latin_letter(name):
        return name
    if len(words) == 2 and _FAMILY_FIRST_GIVEN.match(words[1]):
        return name
    if any(word[:1].islower() and word not in PARTICLES for word in words):
        return name  # a pen name or a title, not given names and a surname: "Notes on Film"
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"


@dataclass(frozen=True, slots=True)
class NamePart:
    name: str
    start: int  # offset in the text it was split from


_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s*&\s*|\s+and\s+")


def split_names_at(value: str) -> Iterator[NamePart]:
    """'A, B and C' -> A, B, C with where each starts; also 'A & B', 'A, B, and C', 'Davis, Jr.'."""
    parts: list[NamePart] = []
    position = 0
    for separator in [*_SEPARATOR.finditer(value), None]:
        end = separator.start() if separator else len(value)
        piece = value[position:end]
        stripped = piece.strip()
        if stripped:
            start = position + (len(piece) - len(piece.lstrip()))
            if stripped.lower() in NAME_SUFFIXES and parts:
                parts[-1] = NamePart(f"{parts[-1].name}, {stripped}", parts[-1].start)
            else:
                parts.append(NamePart(stripped, start))
        if separator is not None:
            position = separator.end()
    return iter(parts)


def split_names(value: str) -> list[str]:
    """'A, B and C' -> ['A', 'B', 'C']."""
    return [part.name for part in split_names_at(value)]


def _capitalised(word: str) -> str:
    pieces = re.split(r"([-'’])", word.lower())
    out = "".join(
        piece[:1].upper() + piece[1:] if index % 2 == 0 else piece for index, piece in enumerate(pieces)
    )
    if re.match(r"^Mc[a-z]", out):
        out = "Mc" + out[2].upper() + out[3:]
    return out


def titlecase_name(name: str) -> str:
    """A name printed in capitals, written as a name: "ANA DE LA CRUZ" -> "Ana de la Cruz"."""
    words = name.split()
    return " ".join(
        word.lower() if index and word.lower() in PARTICLES else _capitalised(word)
        for index, word in enumerate(words)
    )


def is_all_caps(text: str) -> bool:
    cased = [char for char in text if char.isalpha() and char.lower() != char.upper()]
    return bool(cased) and all(char.isupper() for char in cased)


def writing_rank(text: str) -> tuple[int, int]:
    """How well a spelling is written: mixed case beats capitals (or lower case), accents beat ASCII."""
    cased = [char for char in text if char.isalpha() and char.lower() != char.upper()]
    mixed = not cased or (any(c.isupper() for c in cased) and any(c.islower() for c in cased))
    accents = 0
    latin_base = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            accents += latin_base
        else:
            latin_base = _is_latin(char)
            accents += char.isalpha() and latin_base and not char.isascii()
    return (1 if mixed else 0, accents)
