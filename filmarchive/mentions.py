"""Linking the films and people a text mentions to their pages.

A ``Mention`` records the words as a document writes them and the line they stand on. A record built
from lines first..last of a document links every mention in that range, wherever the words occur in
its paragraphs.
"""

import re
from collections import defaultdict

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from filmarchive.models import Mention


def mentions_by_source(source_ids):
    """Every mention in these documents, in one query: {source id: [mention, ...]}."""
    found = defaultdict(list)
    ids = {source_id for source_id in source_ids if source_id}
    if ids:
        for mention in Mention.objects.filter(source_id__in=ids).select_related("film", "person"):
            found[mention.source_id].append(mention)
    return found


def links_for(record, mentions):
    """{words: url} for the mentions within the record's lines."""
    if record.source_id is None:
        return {}
    return {
        mention.text: mention.target.get_absolute_url()
        for mention in mentions.get(record.source_id, ())
        if record.source_first_line <= mention.line <= record.source_last_line
    }


def attach_links(records, mentions=None):
    """Give each record a ``mention_links`` attribute for the ``with_mentions`` filter."""
    records = list(records)
    if mentions is None:
        mentions = mentions_by_source(record.source_id for record in records)
    for record in records:
        record.mention_links = links_for(record, mentions)
    return records


def link_mentions(text, links):
    """The text, escaped, with each mentioned name made a link to its page."""
    if not links:
        return escape(text)
    words = sorted(links, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html('<a href="{}">{}</a>', links[match[0]], match[0]))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped or built by format_html)


def grouped_by_document(mentions):
    """[(document, [mention, ...]), ...], documents in order, for a "Mentioned in" list."""
    grouped = {}
    for mention in mentions:
        grouped.setdefault(mention.source_id, (mention.source, []))[1].append(mention)
    return list(grouped.values())
