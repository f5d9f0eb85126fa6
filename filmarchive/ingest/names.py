"""Names and titles: the key that identifies them, their slugs, sort names and written forms.

Pure Python (the parsers must not import Django). The rules, for a newcomer:

- ``identity_key``: two spellings are one name when their keys are equal. Case, accents on Latin
  letters, typographic apostrophes, quotes, dashes and ellipses, and runs of white space are folded:
  "Théo Lefèvre" = "THEO LEFEVRE", "Mike D'Angelo" = "Mike D\u2019Angelo", "Time… in" = "Time... in".
  Marks on other scripts are kept (Japanese ガ is not カ, Russian й is not и).
- ``slugify``: Latin letters are folded to ASCII ("theo-lefevre", so addresses stay plain); letters of
  other scripts are kept, lower-cased where the script has case ("봉준호", "андрей-тарковский").
- ``sort_name``: "Surname, Given names" for names written given-name first, a suffix kept last
  ("Davis, Sammy, Jr."); names written family name first and pen names ("Notes on Film") sort as
  written. A name is taken as family name first when it is written in a script with no Latin letters
  ("봉준호") or opens with a common East Asian family name ("Zhang Yimou", "Bong Joon-ho"); a hyphen
  alone says nothing ("Hirokazu Kore-eda" sorts as "Kore-eda, Hirokazu"). Emoji and other symbols
  are left out ("🎬 Film Bro 🍿" sorts as "Bro, Film"). The catalogue can state any sort name.
- ``without_format_characters``: zero-width spaces, byte-order marks and direction marks are taken
  out of names, titles and labels, which would otherwise differ from the same words without them.
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


# Common East Asian family names, romanised: a name that opens with one is written family name first
# ("Zhang Yimou", "Park Chan-wook", "Kurosawa Akira"). Not every such name, only a first guess that the
# catalogue's sort_name corrects; written in the key's form (lower case).
FAMILY_NAMES = frozenset(
    {
        # Korean
        *("park", "choi", "jung", "jeong", "kang", "cho", "yoon", "jang", "seo", "shin", "kwon", "hwang"),
        *("ahn", "yoo", "hong", "bong", "ryu", "yeon", "jeon", "baek", "heo", "im", "na", "yang"),
        # Chinese (Mandarin, Cantonese and Taiwanese spellings)
        *("zhang", "wang", "li", "liu", "chen", "huang", "zhao", "zhou", "xu", "wu", "zhu", "hu", "guo"),
        *("luo", "gao", "zheng", "liang", "xie", "feng", "deng", "cao", "peng", "xiao", "tian", "yuan"),
        *("cai", "jiang", "cheng", "wei", "lou", "bi", "diao", "jia", "hou", "tsai", "wong", "cheung"),
        *("leung", "lau", "ng", "chow", "tsui", "kwan", "fung", "yip", "tsang", "yuen", "kwok"),
        # Japanese
        *("kurosawa", "ozu", "mizoguchi", "naruse", "kore-eda", "miyazaki", "takahata", "kitano"),
        *("oshima", "imamura", "kobayashi", "hamaguchi", "miike", "kawase", "suzuki", "tanaka", "yamada"),
    }
)
# Family names that are also given names elsewhere ("Kim Novak", "Lee Marvin"): family name first
# only before a hyphenated given name ("Kim Ki-duk", "Lee Chang-dong").
SHARED_FAMILY_NAMES = frozenset({"kim", "lee", "lim", "han", "song", "moon", "ma", "chan", "lam", "sun"})
_HYPHENATED = re.compile(r"^[^\W\d_]+-[^\W\d_]+$")


def family_name_first(name: str) -> bool:
    """Whether a name is written family name first: "Zhang Yimou", "BONG JOON-HO", "黒澤明"."""
    words = name.split()
    if not words:
        return False
    if has_cjk(name) and not has_latin_letter(name):
        return True
    first = identity_key(words[0]).rstrip(",")
    if first in FAMILY_NAMES:
        return len(words) > 1
    return first in SHARED_FAMILY_NAMES and len(words) == 2 and _HYPHENATED.match(words[1]) is not None


def _suffix(words: list[str]) -> tuple[list[str], str]:
    """The name's words without a closing "Jr." or "III", and that suffix: "Sammy Davis, Jr."."""
    if len(words) > 2 and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        return [*words[:-2], words[-2].rstrip(",")], words[-1].rstrip(",")
    return words, ""


_JOINERS = "\u200c\u200d"
# A joiner with nothing visible on one side joins nothing.
_LOOSE_JOINER = re.compile(rf"(?<!\S)[{_JOINERS}]+|[{_JOINERS}]+(?!\S)")


def _without_symbols(word: str) -> str:
    """A word without emoji and other symbols, or the invisible characters that shape them."""
    return "".join(
        char
        for char in word
        if not unicodedata.category(char).startswith(("S", "Cf")) and not "\ufe00" <= char <= "\ufe0f"
    )


def without_format_characters(text: str) -> str:
    """Invisible format characters (zero-width spaces, byte-order marks, direction marks) taken out.

    The joiners that shape a script or an emoji (U+200C, U+200D) stay between visible characters.
    """
    kept = "".join(char for char in text if unicodedata.category(char) != "Cf" or char in _JOINERS)
    return _LOOSE_JOINER.sub("", kept)


def sort_name(name: str) -> str:
    """A first guess at how a name sorts: "Rithy Panh" -> "Panh, Rithy". Editors correct it.

    Emoji and other symbols are left out of the choice ("🎬 Film Bro 🍿" sorts as "Bro, Film").
    """
    name = " ".join(filter(None, map(_without_symbols, name.split()))) or name
    words, suffix = _suffix(name.split())
    if len(words) < 2 or family_name_first(name):
        return name
    if any(word[:1].islower() and word not in PARTICLES for word in words):
        return name  # a pen name or a title, not given names and a surname: "Notes on Film"
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    inverted = f"{' '.join(words[start:])}, {' '.join(words[:start])}"
    return f"{inverted}, {suffix}" if suffix else inverted


@dataclass(frozen=True, slots=True)
class NamePart:
    name: str
    start: int  # offset in the text it was split from


# "and" in any case: credits printed in capitals write "AND".
_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s*&\s*|\s+and\s+", re.IGNORECASE)


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
    """A name printed in capitals, written as a name: "ANA DE LA CRUZ" -> "Ana de la Cruz".

    The hyphenated given name of a name written family name first is one name, not two: "BONG JOON-HO"
    -> "Bong Joon-ho".
    """
    words = name.split()
    one_given_name = family_name_first(name)
    written = []
    for index, word in enumerate(words):
        if index and word.lower() in PARTICLES:
            written.append(word.lower())
        elif index and one_given_name:
            written.append(word[:1].upper() + word[1:].lower())
        else:
            written.append(_capitalised(word))
    return " ".join(written)


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
