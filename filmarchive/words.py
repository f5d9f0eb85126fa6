"""Words as site search compares them: found by ``\\w+``, lowercased, and stemmed as PostgreSQL's
``english`` configuration stems them (Snowball).

Pure Python and free of Django, so that the SQLite backend (``filmarchive.db.sqlite3``) can call
``has_word`` from SQL: search on SQLite then keeps only whole-word matches before it takes its first
rows, as PostgreSQL's index does.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A word as PostgreSQL's english configuration stems it: 'Pictures' -> 'pictur'."""
    return _stemmer.stemWord(word.lower())


@lru_cache(maxsize=64)
def _words_containing(part: str) -> re.Pattern[str]:
    return re.compile(rf"\w*{re.escape(part)}\w*")


def has_word(text: str | None, part: str, wanted: str) -> bool:
    """Whether ``text`` has a word whose stem is ``wanted``.

    ``part`` is lowercase text that every word with that stem contains (search's LIKE pattern): only the
    words containing it are stemmed, so "despot, a potato" costs two stems, not one per word.
    """
    if not text:
        return False
    lowered = text.lower()
    if part not in lowered:
        return False
    return any(stem(match[0]) == wanted for match in _words_containing(part).finditer(lowered))
