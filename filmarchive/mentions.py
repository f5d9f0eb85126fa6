"""Linking the films and people a text mentions to their pages.

A ``Mention`` records the words as a document writes them and the line they stand on. A record built
from lines first..last of a document links every mention in that range, wherever the words occur in
its paragraphs.
"""

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.apps import apps
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from filmarchive.models import Film, Mention, Person, select_shown
from filmarchive.text import grapheme_start


class Link(NamedTuple):
    """A mention as a link or a reference needs it: the line and the words, and the film or person
    they name (its id, its title or name, its address)."""

    line: int
    text: str
    film_id: int | None
    person_id: int | None
    name: str
    url: str


def mentions_by_source(source_ids):
    """Every mention in these documents, in one query: {source id: [Link, ...]}."""
    found = defaultdict(list)
    ids = {source_id for source_id in source_ids if source_id}
    if ids:
        rows = Mention.objects.filter(source_id__in=ids).naming_records_in_force().values_list(
            "source_id", "line", "text", "film_id", "person_id", "film__title", "film__slug", "person__name",
            "person__slug",
        )  # fmt: skip
        for source_id, line, text, film_id, person_id, title, film_slug, name, person_slug in rows:
            if film_id:
                link = Link(line, text, film_id, None, title, Film.url_for(film_slug))
            else:
                link = Link(line, text, None, person_id, name, Person.url_for(person_slug))
            found[source_id].append(link)
    return found


def links_for(record, mentions):
    """{words: url} for the mentions within the record's lines."""
    if record.source_id is None:
        return {}
    return {
        link.text: link.url
        for link in mentions.get(record.source_id, ())
        if record.source_first_line <= link.line <= record.source_last_line
    }


def attach_links(records, mentions=None):
    """Give each record a ``mention_links`` attribute for the ``with_mentions`` filter."""
    records = list(records)
    if mentions is None:
        mentions = mentions_by_source(record.source_id for record in records)
    for record in records:
        record.mention_links = links_for(record, mentions)
    return records


@lru_cache(maxsize=1024)
def _mentions_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words as a whole, the longest first (a full name before its surname)."""
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in longest_first) + r")(?!\w)")


def link_mentions(text, links):
    """The text, escaped, with each mentioned name made a link to its page."""
    if not links:
        return escape(text)
    pieces = []
    position = 0
    for match in _mentions_pattern(tuple(links)).finditer(text):
        words = match[0]
        pieces.append(html.escape(text[position : match.start()]))
        pieces.append(f'<a href="{html.escape(links[words])}">{html.escape(words)}</a>')
        position = match.end()
    pieces.append(html.escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)


# "Mentioned in": where a film or person is named, as a reader would cite it --------------------------

MENTIONED_IN_SHOWN = 20
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+")


@dataclass
class Context:
    """One place that names a record: the passage's label and address, and the sentence quoted."""

    label: str
    url: str
    quote: str


def sentence_with(text, words):
    """The sentence of ``text`` that contains ``words`` (the first such), or the text's start."""
    for sentence in SENTENCE_END.split(text.replace("\n", " ")):
        if words in sentence:
            return sentence.strip()
    return text[: grapheme_start(text, 200)]


def context_models():
    """The kinds of record whose text can name a film or a person: each has ``mention_context()``, and
    may narrow what is cited with a classmethod ``mention_context_records()``."""
    return [model for model in apps.get_models() if hasattr(model, "mention_context")]


def mentioned_in(mentions, leave_out=lambda record: False, limit=MENTIONED_IN_SHOWN):
    """The passages these mentions stand in, each once, in the mentions' order, at most ``limit``.

    One query per kind of record that can hold a mention, whatever the number of mentions. A mention
    stands in the narrowest record around its line whose text holds its words and for which
    ``leave_out(record)`` is false (a film's own synopsis, say, is never where the film is mentioned).
    """
    mentions = list(mentions)
    if not mentions:
        return []
    by_place = defaultdict(list)
    for mention in mentions:
        by_place[mention.source_id].append(mention)
    found = {}
    for model in context_models():
        around = Q()
        for source_id, places in by_place.items():
            lines = [mention.line for mention in places]
            first, last = min(lines), max(lines)
            around |= Q(source_id=source_id, source_first_line__lte=last, source_last_line__gte=first)
        # Only what visitors may read (published reviews, say) is cited.
        public = getattr(model, "mention_context_records", model._default_manager.all)
        records = public().filter(around)
        if related := getattr(model, "MENTION_CONTEXT_RELATED", ()):
            records = select_shown(records, *related)
        for record in records:
            if leave_out(record):
                continue
            context = None
            for mention in by_place[record.source_id]:
                if record.source_first_line <= mention.line <= record.source_last_line:
                    context = context or record.mention_context()
                    # Only a record whose text holds the words can quote them: a catalogue film made
                    # from the line that names it spans that line too, but its synopsis is empty.
                    if mention.text not in context[2]:
                        continue
                    span = record.source_last_line - record.source_first_line
                    # The narrowest record around a mention is the passage (a turn, not its interview).
                    if mention.pk not in found or span < found[mention.pk][0]:
                        found[mention.pk] = (span, context)
    contexts = {}
    for mention in mentions:
        if mention.pk not in found:
            continue
        label, url, text = found[mention.pk][1]
        quote = sentence_with(text, mention.text)
        contexts.setdefault((label, quote), Context(label, url, quote))
    return list(contexts.values())[:limit]
