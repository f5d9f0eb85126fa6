"""Multi-line text as the archive keeps it: ``\\n`` line endings, paragraphs between blank lines.

Browsers send a textarea's line breaks as ``\\r\\n``; documents may come with either. Every multi-line
field is stored with ``\\n`` only (see ``normalise_text_fields``, run before every save of the
archive's records), and pages split paragraphs on any blank line, so a record saved unchanged from
the admin keeps its paragraphs exactly. Documents themselves (``SourceDocument.text``) are verbatim
and never touched.

Text shown cut short (a search result's passage, a page's description) is cut only between characters
as a reader sees them, grapheme clusters: never between a letter and its accents, inside an emoji
sequence, or between the two halves of a flag (see ``is_grapheme_boundary``).
"""

import re

import regex
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from filmarchive.ingest.text import UNSHOWABLE, code_point

BLANK_LINE = re.compile(r"\n[ \t]*\n")


def normalise_newlines(text: str) -> str:
    """The text with every line ending, ``\\r\\n`` or a lone ``\\r``, made ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def validate_showable(value: object) -> None:
    """Refuses text holding a code point no page or feed can show (a control character, a
    noncharacter: ``UNSHOWABLE``), saying which and where."""
    if isinstance(value, str) and (found := UNSHOWABLE.search(value)):
        raise ValidationError(
            "This holds %(character)s at character %(position)s, which no page or feed can show; remove it.",
            code="unshowable",
            params={"character": code_point(found[0]), "position": found.start() + 1},
        )


def without_unshowable(text: str) -> str:
    """The text without any code point no page or feed can show."""
    return UNSHOWABLE.sub("", text)


class MultilineField(forms.CharField):
    """A textarea's text with ``\n`` line endings before its length is counted: a browser counts a line
    break as one character towards the textarea's ``maxlength`` and sends it as two (``\r\n``), so a
    text at the limit would otherwise be refused, though it is stored within it."""

    default_validators = [validate_showable]

    def to_python(self, value: object) -> str | None:
        text = super().to_python(value)
        return normalise_newlines(text) if text else text


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: runs of lines between blank lines, without the blank lines."""
    parts = BLANK_LINE.split(normalise_newlines(text).strip("\n"))
    return [part.strip("\n") for part in parts if part.strip()]


def normalise_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    """A ``pre_save`` receiver: every TextField of the record with ``\\n`` line endings.

    A model lists the fields it keeps byte for byte, whatever their line endings, in
    ``VERBATIM_FIELDS``.
    """
    verbatim = getattr(sender, "VERBATIM_FIELDS", ())
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.TextField) and field.name not in verbatim:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, normalise_newlines(value))


# Characters as a reader sees them: extended grapheme clusters (Unicode's UAX #29) ---------------------

GRAPHEME = regex.compile(r"\X")


def _boundaries(text: str, index: int) -> list[int]:
    """The grapheme cluster boundaries from the start of ``index``'s line to the first past ``index``.

    A cluster never spans a line break (a cluster ends after one), so only the line is read: a search
    passage in a review of ten thousand characters looks at one paragraph.
    """
    found = [line_start := text.rfind("\n", 0, index) + 1]
    for cluster in GRAPHEME.finditer(text, line_start):
        found.append(cluster.end())
        if cluster.end() > index:
            break
    return found


def is_grapheme_boundary(text: str, index: int) -> bool:
    """Whether a reader sees ``text[:index]`` and ``text[index:]`` as whole characters: never between a
    letter and its accents, a character and its variation selector or skin tone, inside an emoji
    sequence joined by zero-width joiners, between the two halves of a country's flag (paired from the
    start of their run), inside a Hangul syllable, or between CR and LF."""
    if index <= 0 or index >= len(text):
        return True
    return index in _boundaries(text, index)


def grapheme_start(text: str, index: int) -> int:
    """The boundary at or before ``index``: where the character a reader sees at ``index`` begins."""
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    return max(boundary for boundary in _boundaries(text, index) if boundary <= index)


def grapheme_end(text: str, index: int) -> int:
    """The boundary at or after ``index``: where the character a reader sees at ``index - 1`` ends."""
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    return min(boundary for boundary in _boundaries(text, index) if boundary >= index)


def truncate(text: str, length: int) -> str:
    """The text, or as much of it as fits in ``length`` code points with "…" after it, cut between
    whole characters (Django's ``truncatechars`` can cut a flag or an emoji sequence in two)."""
    if len(text) <= length:
        return text
    return text[: grapheme_start(text, max(0, length - 1))] + "…"
