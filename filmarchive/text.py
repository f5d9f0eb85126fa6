"""Multi-line text as the archive keeps it: ``\\n`` line endings, paragraphs between blank lines.

Browsers send a textarea's line breaks as ``\\r\\n``; documents may come with either. Every multi-line
field is stored with ``\\n`` only (see ``normalise_text_fields``, run before every save of the
archive's records), and pages split paragraphs on any blank line, so a record saved unchanged from
the admin keeps its paragraphs exactly. Documents themselves (``SourceDocument.text``) are verbatim
and never touched.
"""

import re

from django import forms
from django.db import models

BLANK_LINE = re.compile(r"\n[ \t]*\n")


def normalise_newlines(text: str) -> str:
    """The text with every line ending, ``\\r\\n`` or a lone ``\\r``, made ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class MultilineField(forms.CharField):
    """A textarea's text with ``\n`` line endings before its length is counted: a browser counts a line
    break as one character towards the textarea's ``maxlength`` and sends it as two (``\r\n``), so a
    text at the limit would otherwise be refused, though it is stored within it."""

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
