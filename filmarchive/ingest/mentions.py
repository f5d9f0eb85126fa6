"""Finding the films and people a text names: a dictionary lookup over its words, in linear time.

The text is cut into tokens: words, single characters of scripts written without spaces (Chinese,
Japanese, Korean), and punctuation marks. Each name or title is cut the same way and filed in a trie of
token keys; at each token the longest name that starts there and matches wins, and the scan moves past
it. So the cost is a few dictionary lookups per token, whatever the number of names, and
a Korean or Japanese name is found inside a longer run ("봉준호의", "黒澤明監督") without word
boundaries, while "Bong" is never found inside "Bongo".

A match must also be *written as a name*:

- every word that the name capitalises is capitalised in the text (or the text is in capitals), so
  "us", "a parasite" and "the missing picture" name nothing;
- a title of one word ("Us", "Her", "Parasite") at the start of a sentence, or in capitals when it is
  that short ("US"), counts only when it is quoted or italic-marked (``*Her*``, ``_Her_``);
- a title the catalogue marks ``needs_quotes`` counts only when quoted or italic-marked;
- words that name two records (two films called *Fargo*, or a person and a film) are linked only where
  a year in brackets follows and picks one; otherwise they are not linked at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from filmarchive.ingest.identity import Entity, Film
from filmarchive.ingest.names import CJK_RANGES, identity_key
from filmarchive.ingest.text import Paragraph

TOKEN = re.compile(rf"\.\.\.|[{CJK_RANGES}]|[^\W_{CJK_RANGES}]+|\S")
OPENING = frozenset("“\"‘'«*_")
CLOSING = frozenset("”\"’'»*_")
SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
TRAILING = frozenset(".,;:!?")
YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class _Name:
    keys: tuple[str, ...]  # the folded tokens
    capitals: tuple[bool, ...]  # which tokens the name writes with a capital
    short_caps: tuple[bool, ...]  # which are words of three letters or fewer (capitals prove nothing)
    one_word: bool
    targets: tuple[Entity, ...]  # more than one: the words are ambiguous
    needs_quotes: bool


class _Node:
    __slots__ = ("children", "name")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.name: _Name | None = None


@dataclass(frozen=True, slots=True)
class Found:
    line: int
    text: str  # as the document writes it
    entity: Entity


_key_cache: dict[str, str] = {}


def _key(token: str) -> str:
    key = _key_cache.get(token)
    if key is None:
        key = identity_key(token) or token
        if len(_key_cache) < 200_000:
            _key_cache[token] = key
    return key


def _cased(token: str) -> bool:
    return token[:1].lower() != token[:1].upper()


class MentionIndex:
    """The names and titles to look for, filed by their first token."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        grouped: dict[tuple[str, ...], tuple[list[str], list[Entity], bool]] = {}
        for entity in entities:
            for form in entity.forms():
                tokens = TOKEN.findall(form)
                keys = tuple(_key(token) for token in tokens)
                if not keys or not any(any(c.isalnum() for c in token) for token in tokens):
                    continue
                forms, targets, needs_quotes = grouped.setdefault(keys, ([], [], False))
                forms.append(form)
                if entity not in targets:
                    targets.append(entity)
                if isinstance(entity, Film) and entity.needs_quotes:
                    grouped[keys] = (forms, targets, True)
        # A trie over tokens: from each position the walk goes only as deep as a name matches, so
        # its cost does not grow with the number of names that start alike ("The ...").
        self._root = _Node()
        for keys, (forms, targets, needs_quotes) in grouped.items():
            token_lists = [TOKEN.findall(form) for form in forms]
            # A word must be capitalised where every way of writing the name capitalises it.
            capitals = tuple(
                all(_cased(tokens[i]) and tokens[i][:1].isupper() for tokens in token_lists)
                for i in range(len(keys))
            )
            words = [i for i, token in enumerate(token_lists[0]) if any(c.isalnum() for c in token)]
            short_caps = tuple(len(token) <= 3 and not token.isupper() for token in token_lists[0])
            node = self._root
            for key in keys:
                node = node.children.setdefault(key, _Node())
            node.name = _Name(keys, capitals, short_caps, len(words) == 1, tuple(targets), needs_quotes)

    def find(self, paragraph: Paragraph) -> Iterator[Found]:
        """Every name the paragraph's text names, left to right, each with the line it stands on."""
        text = paragraph.text
        starts: list[int] = []
        position = 0
        for line in paragraph.lines:
            starts.append(position)
            position += len(line.text) + 1
        matches = list(TOKEN.finditer(text))
        tokens = [match[0] for match in matches]
        keys = [_key(token) for token in tokens]
        root = self._root.children
        i = 0
        count = len(tokens)
        while i < count:
            node = root.get(keys[i])
            if node is None:
                i += 1
                continue
            # Every name that starts here, longest last.
            names = []
            j = i + 1
            while True:
                if node.name is not None:
                    names.append(node.name)
                if j >= count:
                    break
                child = node.children.get(keys[j])
                if child is None:
                    break
                node, j = child, j + 1
            for name in reversed(names):
                n = len(name.keys)
                entity = self._accept(name, tokens, keys, i, n)
                if entity is None:
                    continue
                start, end = matches[i].start(), matches[i + n - 1].end()
                number = paragraph.lines[bisect.bisect_right(starts, start) - 1].number
                yield Found(number, text[start:end], entity)
                i += n
                break
            else:
                i += 1

    def _accept(self, name: _Name, tokens: list[str], keys: list[str], i: int, n: int) -> Entity | None:
        written = tokens[i : i + n]
        in_capitals = all(not _cased(t) or t.isupper() for t in written)
        for token, capital in zip(written, name.capitals, strict=True):
            if capital and not token[:1].isupper():
                return None
        before = tokens[i - 1] if i > 0 else None
        j = i + n
        after = tokens[j] if j < len(tokens) else None
        if after in TRAILING and j + 1 < len(tokens) and tokens[j + 1] in CLOSING:
            after = tokens[j + 1]  # American punctuation: “Parasite,”
        quoted = before is not None and before in OPENING and after is not None and after in CLOSING
        film = any(isinstance(target, Film) for target in name.targets)
        if film and not quoted:
            if name.needs_quotes:
                return None
            if name.one_word:
                if before is None or before in SENTENCE_END:
                    return None
                if in_capitals and any(
                    short and _cased(token) for token, short in zip(written, name.short_caps, strict=True)
                ):
                    return None
        if len(name.targets) == 1:
            return name.targets[0]
        # Ambiguous words: a year in brackets after them may say which film they mean.
        j = i + n
        if j + 2 < len(tokens) and tokens[j] == "(" and YEAR.match(tokens[j + 1]) and tokens[j + 2] == ")":
            year = int(tokens[j + 1])
            chosen = [t for t in name.targets if isinstance(t, Film) and t.year == year]
            if len(chosen) == 1:
                return chosen[0]
        return None
