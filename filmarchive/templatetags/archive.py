"""The core's template tags: linked mentions, JSON-LD, durations in words, text cut short."""

import json

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from filmarchive.images import FIGURE, POSTER, sources
from filmarchive.mentions import link_mentions
from filmarchive.text import paragraphs as text_paragraphs
from filmarchive.text import truncate as truncate_text

register = template.Library()

# Inside a <script> element, these must not appear as themselves (they could close the element).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def with_mentions(text, links):
    """A paragraph, escaped, with the films and people it mentions linked, its line breaks kept."""
    return mark_safe(link_mentions(text, links or {}).replace("\n", "<br>\n"))  # noqa: S308 (escaped)


@register.filter
def paragraphs(text):
    """A multi-line text's paragraphs (see filmarchive.text), for a <p> each."""
    return text_paragraphs(text or "")


@register.filter
def truncate(text, length):
    """The text cut to at most ``length`` code points, "…" included, as ``truncatechars`` cuts it, but only
    between characters as a reader sees them (see filmarchive.text): never inside a flag or an emoji
    sequence, nor between a letter and its accent."""
    return truncate_text(str(text or ""), int(length))


@register.simple_tag
def json_ld(data):
    """A schema.org description of the page, for search engines."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Three replace() calls, not str.translate(): translating a page's worth of reviews character by
    # character took longer than the rest of the tag.
    for character, escaped in JSON_SCRIPT_ESCAPES.items():
        text = text.replace(chr(character), escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def duration(delta):
    """A timedelta in words: 15 minutes, 1 hour, 2 hours 30 minutes."""
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@register.simple_tag
def picture(field_file, use, alt, lazy=True):
    """An uploaded image at the sizes the page shows it at (``use``: "poster" or "figure")."""
    attributes = sources(field_file, {"poster": POSTER, "figure": FIGURE}[use])
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
        attributes["src"],
        attributes["srcset"],
        attributes["sizes"],
        attributes["width"],
        attributes["height"],
        alt,
        "lazy" if lazy else "eager",
    )


@register.simple_tag
def people_links(people):
    """People as links to their pages, separated by commas: 'A, B, C'."""
    return format_html_join(", ", '<a href="{}">{}</a>', ((p.get_absolute_url(), p.name) for p in people))


@register.simple_tag
def source_link(record):
    """Where a record came from: its document's page, scrolled to its lines; nothing for a record
    made here."""
    if not record.source_id:
        return ""
    return format_html(
        '<a class="source-link" href="{}">Source: {}'
        '<span class="visually-hidden"> of the document</span></a>',
        record.get_source_url(),
        record.source_lines_label,
    )


@register.simple_tag
def day(value):
    """A day, readable and machine-readable: <time datetime="2024-05-01">1 May 2024</time>."""
    return format_html('<time datetime="{}">{}</time>', date(value, "Y-m-d"), date(value, "j F Y"))


@register.simple_tag
def options(choices, selected):
    """A <select>'s <option>s: ``choices`` as (value, label) pairs, the one whose value is ``selected``
    chosen."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )
