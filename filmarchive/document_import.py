"""Editors add a document, or replace a document's text, from the admin: plan first, then confirm.

The editor uploads a ``.txt`` file or pastes the text, says what kind of document it is (or lets the
archive tell), and sees what importing it would do: the records it would create, update and retire,
linked to the people and films the archive has by the same rules as the build (``archive.build_one``),
or every problem with its line, shown against the text. Nothing changes until they confirm, and then
in one transaction (``sync.apply``). The document is kept verbatim: the bytes uploaded are the bytes
stored and checksummed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

from filmarchive import sync
from filmarchive.archive import build_one
from filmarchive.ingest import IngestError
from filmarchive.ingest.build import document_from_bytes
from filmarchive.ingest.names import slugify
from filmarchive.ingest.shapes import SHAPES
from filmarchive.models import SourceDocument
from filmarchive.text import validate_showable

MAX_BYTES = 2 * 1024 * 1024
DETECT = ""


class DocumentForm(forms.Form):
    """A document to import: a file or pasted text, its kind, and where it came from."""

    file = forms.FileField(required=False, label="A .txt file", help_text="UTF-8 text, kept byte for byte.")
    text = forms.CharField(
        required=False,
        strip=False,  # the document as it is, to its last line break
        label="Or paste the text",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100, "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[(DETECT, "Tell from the text"), *[(shape.kind, shape.label) for shape in SHAPES]],
        label="Kind of document",
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label="File name",
        help_text="e.g. interview-wong-kar-wai.txt; from the uploaded file if empty.",
    )
    origin = forms.CharField(
        required=False, max_length=500, label="Where it came from", validators=[validate_showable]
    )
    captured_on = forms.DateField(required=False, label="Captured on", help_text="YYYY-MM-DD")
    # Set once a plan has been shown: exactly the bytes that were planned, to import on confirming.
    data = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, replacing: SourceDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.replacing = replacing
        if replacing is not None:
            for name in ("kind", "name"):
                del self.fields[name]
            self.fields["origin"].initial = replacing.origin
            self.fields["captured_on"].initial = replacing.captured_on

    def clean(self):
        cleaned = super().clean()
        data = self._bytes(cleaned)
        if len(data) > MAX_BYTES:
            raise ValidationError(f"The document is {len(data):,} bytes; the most is {MAX_BYTES:,}.")
        cleaned["bytes"] = data
        cleaned["filename"] = self._filename(cleaned)
        return cleaned

    def _bytes(self, cleaned) -> bytes:
        if cleaned.get("data"):
            try:
                return base64.b64decode(cleaned["data"], validate=True)
            except (binascii.Error, ValueError):
                raise ValidationError(
                    "The planned text was damaged on its way back; show the plan again."
                ) from None
        upload = cleaned.get("file")
        if upload is not None:
            if not upload.name.lower().endswith(".txt"):
                raise ValidationError({"file": "Upload a .txt file (plain text)."})
            return upload.read()
        text = cleaned.get("text", "")
        if not text.strip():
            raise ValidationError("Upload a .txt file or paste the document's text.")
        # A browser sends a text box's line breaks as CRLF; a pasted document's own are LF.
        return text.replace("\r\n", "\n").encode("utf-8")

    def _filename(self, cleaned) -> str:
        if self.replacing is not None:
            return self.replacing.filename
        upload = cleaned.get("file")
        name = (cleaned.get("name") or (upload.name if upload is not None else "")).strip()
        stem = slugify(PurePath(name).stem) if name else ""
        if not stem:
            raise ValidationError({"name": "Give the document a file name, e.g. interview-agnes-varda.txt."})
        kind = cleaned.get("kind") or DETECT
        prefixes = {shape.kind: shape.prefix for shape in SHAPES}
        if kind != DETECT and not stem.startswith(prefixes[kind]):
            stem = prefixes[kind] + stem
        filename = f"{stem}.txt"
        if SourceDocument.all_objects.filter(slug=slugify(stem)).exists():
            raise ValidationError(
                {"name": f"The archive has a document called {filename} already; choose another name."}
            )
        return filename


@dataclass
class Outcome:
    """What importing would do: a plan, or the problems, each with its line (and the lines shown)."""

    filename: str
    data: bytes
    plan: sync.Plan | None = None
    problems: list[tuple[int | None, str]] | None = None

    @property
    def encoded(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def lines(self):
        """The document's lines, numbered, each with the problems found on it."""
        on = {}
        for line, message in self.problems or []:
            on.setdefault(line, []).append(message)
        text = self.data.decode("utf-8", errors="replace")
        return [
            {"number": number, "text": line, "problems": on.get(number, [])}
            for number, line in enumerate(text.splitlines(), start=1)
        ]


def prepare(
    filename: str, data: bytes, *, origin: str = "", replacing: SourceDocument | None = None
) -> Outcome:
    """Build the document against the archive and plan its import; nothing is written."""
    outcome = Outcome(filename, data)
    try:
        document = document_from_bytes(filename, data, filename)
        records = build_one(document, origins={filename: origin})
    except IngestError as error:
        outcome.problems = [(problem.line, problem.message) for problem in error.problems]
        return outcome
    outcome.plan = sync.plan(records, scope={document.slug}, only_documents={document.slug})
    return outcome


def confirm(outcome: Outcome, *, user, origin: str, captured_on) -> SourceDocument:
    """Apply a planned import, in one transaction; the document is the editor's, with its origin."""
    sync.apply(outcome.plan, user=user)
    slug = slugify(PurePath(outcome.filename).stem)
    document = SourceDocument.all_objects.get(slug=slug)
    document.added_by = document.added_by or user
    document.origin = origin
    document.captured_on = captured_on
    document.save(update_fields=["added_by", "origin", "captured_on"])
    return document
