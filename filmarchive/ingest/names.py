"""Slugs and sort names, without Django (the parsers must not import it)."""

import re
import unicodedata


def slugify(value: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Mike D'Angelo" -> "mike-dangelo"."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def sort_name(name: str) -> str:
    """A first guess at how a name sorts: "Rithy Panh" -> "Panh, Rithy". Editors correct it."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[-1]}, {' '.join(words[:-1])}"


def split_names(value: str) -> list[str]:
    """'A, B and C' -> ['A', 'B', 'C']."""
    parts = re.split(r",\s*|\s+(?:and|&)\s+", value)
    return [part.strip() for part in parts if part.strip()]
