"""Keeping the database in step with the documents, without undoing an editor's work.

``plan(records, ...)`` compares what a build of the documents says (a ``RecordSet``) with what the
database holds, and ``apply(plan)`` makes it so, in one transaction. For every record a document
states:

- a new one is created; one whose document no longer states it is retired (left out of every public
  page, kept, with the reason, and restored if a document states it again);
- a document-owned field (``SyncedRecord.DOCUMENT_FIELDS``) an editor has not changed takes the
  document's new value; one an editor has changed keeps the editor's value, and if the document
  changed it too, that is a conflict, reported here and shown on the record's admin page;
- what editors own is never touched: moderation, fields documents do not state, records made in the
  admin (no source), mentions an editor added, and records an editor deleted (the admin retires what a
  document states, "deleted by an editor"), which stay retired; a mention the build found and an
  editor deleted is kept as a ``DismissedMention``, and not made again;
- a document whose file was renamed (the same bytes under a new name) keeps its record, which takes
  the new slug, the old one leading to it (``SlugRedirect``), so that all that hangs on it stays.

``apply`` locks each record it updates and compares it with what the plan read, so that an editor's
change saved between the two is kept too, as a conflict.

Every change is kept in the record's history (django-reversion), one revision per document, with the
comment "synced from <file> (<sha256 prefix>)", so that the history always matches the database. Only
loading into an empty archive makes no history: there is nothing to undo, and it is much faster so.

Records are compared by natural key, in the form documents state them: a related record as its natural
key (``["rithy-panh"]``), dates as ISO text, several related records as a sorted list. The parts of an
interview, whose key is a number, are first matched by what they say (``_align_parts``), so that a part
added above others moves them rather than taking over their records.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import reversion
from django.apps import apps
from django.db import connections, models, router, transaction
from django.dispatch import Signal
from django.utils import timezone

from filmarchive.ingest.records import RecordSet
from filmarchive.ingest.serialise import MODELS, model_fields
from filmarchive.models import (
    PROVENANCE_FIELDS,
    DismissedMention,
    Mention,
    SlugRedirect,
    SourceDocument,
    SyncedRecord,
    bring_back_with,
    line_of,
    retired_included,
    take_off_with,
)
from filmarchive.pagecache import archive_changed

BATCH = 1000
CREATE, UPDATE, MOVE, RENAME, RETIRE, RESTORE, KEEP, CONFLICT, UNTOUCHED = (
    "created",
    "updated",
    "moved",
    "renamed",
    "retired",
    "restored",
    "kept because edited",
    "conflict",
    "left alone: made in the admin",
)
ACTIONS = (CREATE, RENAME, UPDATE, MOVE, RESTORE, RETIRE, CONFLICT, KEEP, UNTOUCHED)

# Sent once a sync has changed the database (inside its transaction): {label: set of pks} of what it
# created, updated, retired or restored, for what keeps figures from those records (ratings, caches).
archive_synced = Signal()

LABELS = [label for label, _ in MODELS.values()]


def model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


@dataclass
class Change:
    action: str
    label: str  # the model's label, e.g. "reviews.review"
    key: tuple[Any, ...]
    document: str  # the slug of the document it is about
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name: (before, after)
    new: dict[str, Any] = field(default_factory=dict)  # the document's values (created, updated)
    pk: int | None = None

    def describe(self) -> str:
        name = model_of(self.label)._meta.verbose_name
        key = " / ".join(str(part) for part in self.key)
        if self.action in (UPDATE, MOVE, RENAME, CONFLICT, KEEP) and self.fields:
            details = "; ".join(
                _field_change(name_, *values, self.action) for name_, values in self.fields.items()
            )
            return f"{name} {key}: {details}"
        return f"{name} {key}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def _field_change(name: str, before: Any, after: Any, action: str) -> str:
    if action in (UPDATE, MOVE, RENAME):
        return f"{name} {_short(before)} → {_short(after)}"
    return f"{name}: the record says {_short(before)}, the document {_short(after)}"


@dataclass
class Plan:
    """What a sync would do, document by document; nothing is changed until ``apply``."""

    changes: list[Change] = field(default_factory=list)
    documents: dict[str, SourceDocumentInfo] = field(default_factory=dict)
    empty_archive: bool = False
    # Dismissed mentions whose line moved: {dismissal's pk: the line it now stands on}.
    dismissals_moved: dict[int, int] = field(default_factory=dict)
    # Parts of interviews that take another position: {label: {pk: (position, document)}}.
    positions: dict[str, dict[int, tuple[int, str | None]]] = field(default_factory=dict)
    # What a person should know about a document beyond its changes: {document: [sentence, ...]}.
    notes: dict[str, list[str]] = field(default_factory=dict)

    def by_document(self) -> dict[str, dict[str, list[Change]]]:
        grouped: dict[str, dict[str, list[Change]]] = {}
        for change in self.changes:
            grouped.setdefault(change.document, {}).setdefault(change.action, []).append(change)
        return grouped

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def changes_anything(self) -> bool:
        return any(change.action not in (KEEP, UNTOUCHED) for change in self.changes) or any(
            change.action == CONFLICT for change in self.changes
        )

    def lines(self, verbose: bool = True) -> Iterator[str]:
        """The plan as a person reads it: per document, each kind of change and its records."""
        grouped = self.by_document()
        if not grouped:
            yield "Nothing to change: the database says what the documents say."
            return
        for slug in sorted(grouped):
            info = self.documents.get(slug)
            yield f"{info.filename if info else slug} ({info.checksum[:12] if info else '?'}):"
            for note in self.notes.get(slug, []):
                yield f"  {note}"
            for action in ACTIONS:
                found = grouped[slug].get(action, [])
                if not found:
                    continue
                yield f"  {action}: {len(found)}"
                if verbose or action in (CONFLICT, KEEP):
                    for change in found[:200]:
                        yield f"    {change.describe()}"
                    if len(found) > 200:
                        yield f"    … and {len(found) - 200} more"


@dataclass(frozen=True)
class SourceDocumentInfo:
    slug: str
    filename: str
    checksum: str


# Reading the database in the documents' terms ------------------------------------------------------


def _value_paths(model: type[models.Model]) -> dict[str, str]:
    """{document field: the lookup that reads it in document form}; many-to-many fields are read apart."""
    paths = {}
    for name in model.DOCUMENT_FIELDS:  # type: ignore[attr-defined]
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            continue
        paths[name] = f"{name}__slug" if model_field.many_to_one else name
    return paths


def _document_form(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass
class Existing:
    pk: int
    values: dict[str, Any]  # document form
    source_values: dict[str, Any] | None
    retired: bool
    source: str | None  # the slug of its document, None if made in the admin
    deleted_by_editor: bool = False  # retired by an editor's delete in the admin: their decision


def read_existing(model: type[models.Model], rows: models.QuerySet[Any]) -> dict[tuple[Any, ...], Existing]:
    """The records of ``rows`` by natural key, their document fields in document form, in few queries."""
    key_fields = model.NATURAL_KEY_FIELDS  # type: ignore[attr-defined]
    paths = _value_paths(model)
    found: dict[tuple[Any, ...], Existing] = {}
    own_document = model is SourceDocument  # a document is its own source
    columns = ["pk", *key_fields, *paths.values(), "source_values", "retired_at", "retired_reason"]
    if "source" not in paths and not own_document:
        columns.append("source__slug")
    for row in rows.values(*dict.fromkeys(columns)).iterator(chunk_size=5000):
        values = {}
        for name, path in paths.items():
            value = row[path]
            if model._meta.get_field(name).many_to_one:
                value = [value] if value is not None else None
            values[name] = _document_form(value)
        key = tuple(row[name] for name in key_fields)
        if own_document:
            source = key[0]
        else:
            source = values["source"][0] if values.get("source") else row.get("source__slug")
        retired = row["retired_at"] is not None
        by_editor = retired and row["retired_reason"] == SyncedRecord.DELETED_BY_EDITOR
        found[key] = Existing(row["pk"], values, row["source_values"], retired, source, by_editor)
    many = [name for name in model.DOCUMENT_FIELDS if model._meta.get_field(name).many_to_many]  # type: ignore[attr-defined]
    if many and found:
        by_pk = {existing.pk: existing for existing in found.values()}
        for name in many:
            for existing in by_pk.values():
                existing.values[name] = []
            through = model._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
            own = f"{model._meta.model_name}_id"
            target = model._meta.get_field(name).related_model._meta.model_name  # type: ignore[union-attr]
            pks = list(by_pk)
            for start in range(0, len(pks), BATCH):
                for owner, slug in through.objects.filter(
                    **{f"{own}__in": pks[start : start + BATCH]}
                ).values_list(own, f"{target}__slug"):
                    by_pk[owner].values[name].append([slug])
            for existing in by_pk.values():
                existing.values[name].sort()
    return found


def _new_values(model: type[models.Model], fields: dict[str, Any]) -> dict[str, Any]:
    """The document fields of a serialised record, in document form (related records as keys)."""
    values = {}
    for name in model.DOCUMENT_FIELDS:  # type: ignore[attr-defined]
        value = fields[name]
        if model._meta.get_field(name).many_to_many:
            value = sorted([list(key) for key in value])
        values[name] = value
    return values


# Planning ------------------------------------------------------------------------------------------


def plan(
    records: RecordSet,
    *,
    scope: Iterable[str] | None = None,
    removed: Iterable[str] = (),
    only_documents: Iterable[str] | None = None,
    renamed: dict[str, str] | None = None,
) -> Plan:
    """What applying ``records`` would change.

    ``scope``: the documents the records speak for completely (default: every document among them);
    a record of theirs the records no longer state is retired. ``removed``: documents gone from the
    archive, retired with all their records. ``only_documents``: change only records whose source is
    one of these (importing one document: the people and films it names that exist already are linked
    to, not taken over). ``renamed``: {old slug: new slug} of documents whose file was renamed, built
    under their old slug (``filmarchive.archive.renamed_documents``): their record takes the new one.
    """
    the_plan = Plan()
    the_plan.empty_archive = not SourceDocument.all_objects.exists()
    for document in records.documents:
        the_plan.documents[document.slug] = SourceDocumentInfo(
            document.slug, document.filename, document.checksum
        )
    scope = set(scope) if scope is not None else {document.slug for document in records.documents}
    removed = set(removed)
    for document in SourceDocument.all_objects.filter(slug__in=removed):
        the_plan.documents[document.slug] = SourceDocumentInfo(
            document.slug, document.filename, document.checksum
        )
    only = set(only_documents) if only_documents is not None else None
    renamed = {old: new for old, new in (renamed or {}).items() if old in the_plan.documents}
    for pk, slug in SourceDocument.all_objects.filter(slug__in=renamed).values_list("pk", "slug"):
        key = (slug,)
        the_plan.changes.append(
            Change(RENAME, "filmarchive.sourcedocument", key, slug, {"slug": (slug, renamed[slug])}, pk=pk)
        )

    by_label: dict[str, list[tuple[tuple[Any, ...], dict[str, Any], str]]] = defaultdict(list)
    for record in records:
        label, fields = model_fields(record)
        document = (
            getattr(getattr(record, "provenance", None), "document", None)
            or getattr(record, "document", None)
            or record.key[0]
        )
        by_label[label].append((tuple(record.key), fields, document))

    for label in LABELS:
        model = model_of(label)
        new = by_label.get(label, [])
        if label == "filmarchive.mention":
            texts = {document.slug: document.text for document in records.documents}
            _plan_mentions(the_plan, new, scope | removed, texts)
            continue
        if the_plan.empty_archive:
            for key, fields, document in new:
                the_plan.changes.append(Change(CREATE, label, key, document, new=fields))
            continue
        existing = _existing_for(model, new, scope | removed)
        unmatched: list[tuple[tuple[Any, ...], Existing]] = []
        if model.NATURAL_KEY_FIELDS[-1] == "position":  # type: ignore[attr-defined]
            existing, unmatched = _align_parts(the_plan, model, label, new, existing)
        for key, fields, document in new:
            _plan_record(the_plan, model, label, key, fields, document, existing.pop(key, None), only)
        # What the documents in scope no longer state.
        for key, record in [*existing.items(), *unmatched]:
            if record.source in scope | removed and not record.retired:
                document = record.source
                the_plan.changes.append(Change(RETIRE, label, key, document, pk=record.pk))
    _note_editors_work_left(the_plan)
    return the_plan


def _note_editors_work_left(the_plan: Plan) -> None:
    """A retired document keeps the mentions editors dismissed and added on it: they are not carried to
    a document that takes its place under another name with other text, so the plan says so."""
    retired = {
        change.pk: change.document
        for change in the_plan.changes
        if change.action == RETIRE and change.label == "filmarchive.sourcedocument"
    }
    if not retired:
        return
    dismissed = defaultdict(int)
    for source in DismissedMention.objects.filter(source__in=retired).values_list("source", flat=True):
        dismissed[retired[source]] += 1
    added = defaultdict(int)
    for source in Mention.objects.filter(source__in=retired, from_document=False).values_list(
        "source", flat=True
    ):
        added[retired[source]] += 1
    for document in sorted(set(dismissed) | set(added)):
        counts = [
            f"{count} mention{'s' if count > 1 else ''} editors {what}"
            for count, what in [(dismissed[document], "dismissed"), (added[document], "added")]
            if count
        ]
        the_plan.notes.setdefault(document, []).append(
            f"note: its {' and '.join(counts)} stay with it, retired; a document with other text that "
            "replaces it does not have them: dismiss or add them there again"
        )


def _existing_for(
    model: type[models.Model], new: list[Any], documents: set[str]
) -> dict[tuple[Any, ...], Existing]:
    manager = model.all_objects  # type: ignore[attr-defined]
    if model is SourceDocument:
        rows = manager.filter(models.Q(slug__in=[key[0] for key, _, _ in new]) | models.Q(slug__in=documents))
    elif model.NATURAL_KEY_FIELDS == ("slug",):  # type: ignore[attr-defined]
        rows = manager.filter(
            models.Q(slug__in=[key[0] for key, _, _ in new]) | models.Q(source__slug__in=documents)
        )
    else:
        # Records keyed by a parent's slug: those of the documents, and any other of the same parents.
        parent = model.NATURAL_KEY_FIELDS[0]  # type: ignore[attr-defined]
        rows = manager.filter(
            models.Q(**{f"{parent}__in": sorted({key[0] for key, _, _ in new})})
            | models.Q(source__slug__in=documents)
        )
    return read_existing(model, rows)


def _align_parts(
    the_plan: Plan,
    model: type[models.Model],
    label: str,
    new: list[Any],
    existing: dict[tuple[Any, ...], Existing],
) -> tuple[dict[tuple[Any, ...], Existing], list[tuple[tuple[Any, ...], Existing]]]:
    """The parts of each interview (turns, figures), keyed by the position their document now gives
    them, and those it no longer states.

    A part is known by what its document said of it (kind, speaker, words; not its lines), not by its
    number: a question and answer added above an answer an editor corrected must not give the
    correction to the new answer. The two sequences are matched as a diff matches lines; parts the
    document changed in place are matched by place. Parts an editor added in the admin keep their
    places where the document's parts leave them free, and otherwise follow the last of them; the
    parts the document no longer states come after those.
    """
    content = [name for name in model.DOCUMENT_FIELDS if name not in PROVENANCE_FIELDS]  # type: ignore[attr-defined]

    def said(values: dict[str, Any]) -> str:
        return json.dumps([values.get(name) for name in content], sort_keys=True, default=str)

    news: dict[Any, list[tuple[int, tuple[Any, ...], dict[str, Any]]]] = defaultdict(list)
    documents: dict[Any, str] = {}
    for key, fields, document in new:
        news[key[0]].append((key[1], key, fields))
        documents[key[0]] = document
    olds: dict[Any, list[tuple[int, tuple[Any, ...], Existing]]] = defaultdict(list)
    for key, record in existing.items():
        olds[key[0]].append((key[1], key, record))
    aligned: dict[tuple[Any, ...], Existing] = {}
    unmatched: list[tuple[tuple[Any, ...], Existing]] = []
    moves: dict[int, tuple[int, str | None]] = {}

    def move(record: Existing, key: tuple[Any, ...], position: int, target: int, document: str) -> None:
        moves[record.pk] = (target, document)
        if not record.retired:
            the_plan.changes.append(Change(MOVE, label, key, document, {"position": (position, target)}))

    for parent, old in olds.items():
        now = sorted(news.get(parent, []), key=lambda item: item[0])
        if not now:
            aligned.update({key: record for _, key, record in old})
            continue
        document = documents[parent]
        stated = sorted((item for item in old if item[2].source is not None), key=lambda item: item[0])
        made_here = sorted((item for item in old if item[2].source is None), key=lambda item: item[0])
        taken = {position for position, _, _ in now}
        free = max([*taken, *(position for position, _, _ in made_here if position not in taken)]) + 1
        for position, key, record in made_here:
            unmatched.append((key, record))  # the editor's: neither taken over nor retired
            if position in taken:
                move(record, key, position, free, document)
                free += 1
        before = [
            said(record.source_values if record.source_values is not None else record.values)
            for _, _, record in stated
        ]
        pairs = _pair_parts(before, [said(_new_values(model, fields)) for _, _, fields in now])
        for i, (position, key, record) in enumerate(stated):
            if i in pairs:
                target, key_now = now[pairs[i]][0], now[pairs[i]][1]
                aligned[key_now] = record
            else:
                target, key_now, free = free, key, free + 1
                unmatched.append((key, record))
            if target != position:
                move(record, key_now, position, target, record.source or document)
    if moves:
        the_plan.positions[label] = moves
    return aligned, unmatched


def _pair_parts(before: list[str], after: list[str]) -> dict[int, int]:
    """{index in ``before``: index in ``after``} of the same parts: the runs a diff finds alike, then
    any other part said word for word the same (one the document dropped and now states again), then
    what a diff finds replaced, place by place."""
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    pairs = {}
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal":
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
    paired = set(pairs.values())
    unpaired: dict[str, list[int]] = defaultdict(list)
    for i, said in enumerate(before):
        if i not in pairs:
            unpaired[said].append(i)
    for j, said in enumerate(after):
        if j not in paired and unpaired[said]:
            pairs[unpaired[said].pop(0)] = j
            paired.add(j)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                if i not in pairs and j not in paired:
                    pairs[i] = j
                    paired.add(j)
    return pairs


def _plan_record(
    the_plan: Plan,
    model: type[models.Model],
    label: str,
    key: tuple[Any, ...],
    fields: dict[str, Any],
    document: str,
    existing: Existing | None,
    only: set[str] | None,
) -> None:
    new = _new_values(model, fields)
    if existing is None:
        the_plan.changes.append(Change(CREATE, label, key, document, new=fields))
        return
    if existing.source is None and model is not SourceDocument:
        the_plan.changes.append(Change(UNTOUCHED, label, key, document, pk=existing.pk))
        return
    if only is not None and existing.source not in only and model is not SourceDocument:
        return  # someone another document speaks for: linked to, not taken over
    if existing.deleted_by_editor:
        # An editor deleted it (the admin retires what a document states): it stays off the site.
        kept = {"on the site": (f"no, {SyncedRecord.DELETED_BY_EDITOR}", "yes")}
        the_plan.changes.append(Change(KEEP, label, key, document, kept, fields, existing.pk))
        return
    base = existing.source_values if existing.source_values is not None else existing.values
    updates: dict[str, tuple[Any, Any]] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    kept: dict[str, tuple[Any, Any]] = {}
    for name, value in new.items():
        current = existing.values.get(name)
        old = base.get(name, current)
        if current == value:
            continue
        if current == old:
            updates[name] = (current, value)  # the editor has not touched it
        elif value == old:
            kept[name] = (current, value)  # the editor changed it; the document did not
        else:
            conflicts[name] = (current, value)  # both changed it: the editor's value stays
    # After a sync a record remembers what its document now says, so that a later edit shows up; an
    # empty memory means the record still holds exactly that (as a freshly loaded one does).
    remember = existing.source_values is not None or bool(conflicts or kept)
    if updates or existing.retired or (remember and existing.source_values != new):
        action = RESTORE if existing.retired else UPDATE
        the_plan.changes.append(Change(action, label, key, document, updates, fields, existing.pk))
    if conflicts:
        the_plan.changes.append(Change(CONFLICT, label, key, document, conflicts, fields, existing.pk))
    elif kept:
        the_plan.changes.append(Change(KEEP, label, key, document, kept, fields, existing.pk))


def _plan_mentions(the_plan: Plan, new: list[Any], documents: set[str], texts: dict[str, str]) -> None:
    if the_plan.empty_archive:
        for key, fields, document in new:
            the_plan.changes.append(Change(CREATE, "filmarchive.mention", key, document, new=fields))
        return
    rows = Mention.objects.filter(source__slug__in=documents | {key[0] for key, _, _ in new})
    existing = {
        (row["source__slug"], row["line"], row["text"]): row
        for row in rows.values(
            "pk", "source__slug", "line", "text", "film__slug", "person__slug", "from_document"
        )
    }
    # Dismissals by their words and the whole line they stand on, wherever it has moved; those made
    # before lines were kept, by their place.
    by_line: dict[tuple[str, str, str], tuple[int, int]] = {}
    by_place = set()
    for pk, slug, line, text, line_text in DismissedMention.objects.filter(
        source__slug__in={key[0] for key, _, _ in new}
    ).values_list("pk", "source__slug", "line", "text", "line_text"):
        if line_text:
            by_line[slug, text, line_text] = (pk, line)
        else:
            by_place.add((slug, line, text))
    for key, fields, document in new:
        row = existing.pop(key, None)
        slug, line, text = key
        dismissal = by_line.get((slug, text, line_of(texts.get(slug, ""), line)))
        if row is None and (dismissal or key in by_place):
            # An editor deleted it: their decision stands, on whichever line it now is.
            if dismissal and dismissal[1] != line:
                the_plan.dismissals_moved[dismissal[0]] = line
            continue
        target = (
            fields["film"][0] if fields["film"] else None,
            fields["person"][0] if fields["person"] else None,
        )
        if row is None:
            the_plan.changes.append(Change(CREATE, "filmarchive.mention", key, document, new=fields))
        elif not row["from_document"]:
            the_plan.changes.append(Change(UNTOUCHED, "filmarchive.mention", key, document, pk=row["pk"]))
        elif (row["film__slug"], row["person__slug"]) != target:
            before = row["film__slug"] or row["person__slug"]
            after = target[0] or target[1]
            the_plan.changes.append(
                Change(
                    UPDATE,
                    "filmarchive.mention",
                    key,
                    document,
                    {"names": (before, after)},
                    fields,
                    row["pk"],
                )
            )
    for key, row in existing.items():
        if row["from_document"] and key[0] in documents:
            the_plan.changes.append(Change(RETIRE, "filmarchive.mention", key, key[0], pk=row["pk"]))


# Applying ------------------------------------------------------------------------------------------


class _Keys:
    """Natural key -> primary key of the records relations point at, read once and filled by creates."""

    def __init__(self) -> None:
        self.pks: dict[str, dict[str, int]] = defaultdict(dict)

    def pk(self, model: type[models.Model], slug: str) -> int:
        label = model._meta.label_lower
        known = self.pks[label]
        if slug not in known:
            found = model._base_manager.filter(slug=slug).values_list("pk", flat=True).first()
            if found is None:
                raise LookupError(f"{model._meta.verbose_name} {slug!r} is not in the archive")
            known[slug] = found
        return known[slug]

    def preload(self, model: type[models.Model], slugs: Iterable[str]) -> None:
        label = model._meta.label_lower
        wanted = [slug for slug in set(slugs) if slug not in self.pks[label]]
        for start in range(0, len(wanted), 5000):
            for slug, pk in model._base_manager.filter(slug__in=wanted[start : start + 5000]).values_list(
                "slug", "pk"
            ):
                self.pks[label][slug] = pk


def _assign(
    record: models.Model, fields: dict[str, Any], keys: _Keys, names: Iterable[str]
) -> dict[str, list[int]]:
    """Set the named fields from serialised values; returns many-to-many values to set after saving."""
    many: dict[str, list[int]] = {}
    for name in names:
        model_field = record._meta.get_field(name)
        value = fields[name]
        if model_field.many_to_many:
            target = model_field.related_model
            many[name] = [keys.pk(target, item[0]) for item in value]  # type: ignore[arg-type]
        elif model_field.many_to_one:
            setattr(
                record, model_field.attname, keys.pk(model_field.related_model, value[0]) if value else None
            )  # type: ignore[arg-type,union-attr]
        elif isinstance(model_field, models.DateField) and isinstance(value, str):
            setattr(record, name, datetime.date.fromisoformat(value))
        else:
            setattr(record, name, value)
    return many


def apply(the_plan: Plan, *, user: Any = None) -> dict[str, set[int]]:
    """Make the database say what the plan found, in one transaction; returns what changed."""
    changed: dict[str, set[int]] = defaultdict(set)
    keys = _Keys()
    now = timezone.now()
    with transaction.atomic():
        by_label: dict[str, list[Change]] = defaultdict(list)
        for change in the_plan.changes:
            by_label[change.label].append(change)
        with _revisions(the_plan, user, record=not the_plan.empty_archive) as revision_for:
            for change in the_plan.changes:
                if change.action == RENAME:
                    _rename(change, keys, changed, revision_for)
            for label in LABELS:
                model = model_of(label)
                changes = by_label.get(label, [])
                _preload(model, changes, keys)
                _renumber(model, the_plan.positions.get(label, {}), changed, revision_for)
                _create(model, [c for c in changes if c.action == CREATE], keys, changed, revision_for)
                for change in changes:
                    if change.action in (UPDATE, RESTORE):
                        _update(model, change, the_plan, keys, changed, revision_for)
                    elif change.action == RETIRE:
                        _retire(model, change, now, the_plan, changed, revision_for)
        for pk, line in the_plan.dismissals_moved.items():
            DismissedMention.objects.filter(pk=pk).update(line=line)
        archive_synced.send(sender=apply, changed=changed)
        if changed:
            archive_changed()  # every cached page is rendered afresh
    return changed


def _preload(model: type[models.Model], changes: list[Change], keys: _Keys) -> None:
    """Read the primary keys every relation of these changes points at, a few queries in all."""
    for model_field in model._meta.get_fields():
        if not (model_field.many_to_one or model_field.many_to_many) or model_field.name not in {
            *getattr(model, "DOCUMENT_FIELDS", ()),
            *("film", "person", "author", "interview", "source"),
        }:
            continue
        slugs = []
        for change in changes:
            value = change.new.get(model_field.name)
            if value and model_field.many_to_many:
                slugs += [item[0] for item in value]
            elif value:
                slugs.append(value[0])
        if slugs:
            keys.preload(model_field.related_model, slugs)  # type: ignore[arg-type]


class _RevisionFor:
    """One open reversion revision per document; each changed record joins its document's."""

    def __init__(self, plan_: Plan, user: Any, record: bool) -> None:
        self.plan = plan_
        self.user = user
        self.record = record
        self.pending: dict[str, list[models.Model]] = defaultdict(list)

    def __call__(self, document: str, record: models.Model) -> None:
        if self.record and reversion.is_registered(type(record)):
            self.pending[document].append(record)

    def commit(self) -> None:
        for document, records in self.pending.items():
            info = self.plan.documents.get(document)
            name = info.filename if info else document
            checksum = info.checksum[:12] if info else ""
            with reversion.create_revision(manage_manually=True):
                reversion.set_comment(f"synced from {name} ({checksum})")
                if self.user is not None:
                    reversion.set_user(self.user)
                for record in records:
                    reversion.add_to_revision(record)


class _revisions:
    def __init__(self, plan_: Plan, user: Any, record: bool) -> None:
        self.revision_for = _RevisionFor(plan_, user, record)

    def __enter__(self) -> _RevisionFor:
        return self.revision_for

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self.revision_for.commit()


def _create(
    model: type[models.Model],
    changes: list[Change],
    keys: _Keys,
    changed: dict[str, set[int]],
    revision_for: _RevisionFor,
) -> None:
    """Write the new records in bulk: their ids taken ahead, then rows written the database's fastest
    way (COPY on PostgreSQL), relations to other records by the ids already known."""
    if not changes:
        return
    label = model._meta.label_lower
    connection = connections[router.db_for_write(model)]
    ids = _new_ids(connection, model, len(changes))
    columns = [f for f in model._meta.concrete_fields if not f.generated]
    many_fields = [f for f in model._meta.many_to_many if f.name in changes[0].new]
    rows = []
    through_rows: dict[models.Field[Any, Any], list[tuple[int, int]]] = defaultdict(list)
    for change, pk in zip(changes, ids, strict=True):
        values = change.new
        row = []
        for column in columns:
            if column.primary_key:
                row.append(pk)
            elif column.name in values:
                row.append(_column_value(column, values[column.name], keys, connection))
            elif isinstance(column, models.BooleanField) and column.name == "from_document":
                row.append(True)
            else:
                row.append(column.get_db_prep_save(column.get_default(), connection))
        rows.append(row)
        change.pk = pk
        if "slug" in values:
            keys.pks[label][values["slug"]] = pk
        for column in many_fields:
            target = column.related_model
            for key in values[column.name]:
                through_rows[column].append((pk, keys.pk(target, key[0])))  # type: ignore[arg-type]
    _write_rows(connection, model._meta.db_table, [c.column for c in columns], rows)
    for column, pairs in through_rows.items():
        through = column.remote_field.through  # type: ignore[union-attr]
        own = through._meta.get_field(column.m2m_field_name()).column  # type: ignore[attr-defined]
        other = through._meta.get_field(column.m2m_reverse_field_name()).column  # type: ignore[attr-defined]
        _write_rows(connection, through._meta.db_table, [own, other], pairs)
    changed[label].update(ids)
    if revision_for.record:
        for record in model._base_manager.filter(pk__in=ids):
            revision_for(next(c.document for c in changes if c.pk == record.pk), record)


def _column_value(column: Any, value: Any, keys: _Keys, connection: Any) -> Any:
    if column.many_to_one:
        return keys.pk(column.related_model, value[0]) if value else None
    if isinstance(column, models.DateField) and isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if isinstance(column, models.DateField | models.JSONField):
        return column.get_db_prep_save(value, connection)
    return value


def _new_ids(connection: Any, model: type[models.Model], count: int) -> list[int]:
    """Primary keys for ``count`` new rows, taken from the table's own sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted, pk = connection.ops.quote_name(table), connection.ops.quote_name(model._meta.pk.column)
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quoted}")  # noqa: S608 (a table's name)
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _write_rows(connection: Any, table: str, columns: list[str], rows: list[Any]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _update(
    model: type[models.Model],
    change: Change,
    the_plan: Plan,
    keys: _Keys,
    changed: dict[str, set[int]],
    revision_for: _RevisionFor,
) -> None:
    # Locked, and compared with what the plan read: an editor's change saved since then is kept.
    record = model._base_manager.select_for_update().get(pk=change.pk)
    if isinstance(record, Mention):
        _assign(record, change.new, keys, ["film", "person"])
        record.save()
    else:
        if change.action == RESTORE and record.deleted_by_editor:  # type: ignore[attr-defined]
            return  # deleted by an editor since the plan: their decision stands
        edited = {
            name: (record.document_value(name), after)  # type: ignore[attr-defined]
            for name, (before, after) in change.fields.items()
            if record.document_value(name) != before  # type: ignore[attr-defined]
        }
        if edited:
            for name in edited:
                del change.fields[name]
            the_plan.changes.append(
                Change(CONFLICT, change.label, change.key, change.document, edited, change.new, change.pk)
            )
        many = _assign(record, change.new, keys, change.fields)
        record.source_values = _new_values(model, change.new)  # type: ignore[attr-defined]
        retired_at = record.retired_at  # type: ignore[attr-defined]
        if change.action == RESTORE:
            record.retired_at, record.retired_reason = None, ""  # type: ignore[attr-defined]
        record.save()
        if change.action == RESTORE:
            _with(bring_back_with(record, retired_at), change.document, changed, revision_for)
        for name, pks in many.items():
            with retired_included():  # a retired one the document no longer names goes too
                getattr(record, name).set(pks)
    changed[model._meta.label_lower].add(record.pk)
    revision_for(change.document, record)


def _rename(change: Change, keys: _Keys, changed: dict[str, set[int]], revision_for: _RevisionFor) -> None:
    """A document whose file was renamed takes its new slug; its old address leads to the new one. The
    plan's other changes still name it by its old slug."""
    old, new = change.fields["slug"]
    SourceDocument.all_objects.filter(pk=change.pk).update(slug=new)
    SlugRedirect.lead(SourceDocument, old, new)
    keys.pks[change.label][old] = change.pk  # type: ignore[assignment]
    changed[change.label].add(change.pk)  # type: ignore[arg-type]
    revision_for(change.document, SourceDocument.all_objects.get(pk=change.pk))


def _renumber(
    model: type[models.Model],
    positions: dict[int, tuple[int, str | None]],
    changed: dict[str, set[int]],
    revision_for: _RevisionFor,
) -> None:
    """Give parts their new positions, before new parts take the places they leave: first all of them
    past every position in use, then each to its own, so that no two parts ever share one."""
    if not positions:
        return
    rows = model._base_manager.filter(pk__in=positions)
    highest = max(
        rows.aggregate(models.Max("position"))["position__max"] or 0,
        max(position for position, _ in positions.values()),
    )
    rows.update(position=models.F("position") + highest + 1)
    moved = list(rows)
    for record in moved:
        record.position = positions[record.pk][0]  # type: ignore[attr-defined]
    model._base_manager.bulk_update(moved, ["position"])
    changed[model._meta.label_lower].update(positions)
    for record in moved:
        revision_for(positions[record.pk][1] or "", record)


def _retire(
    model: type[models.Model],
    change: Change,
    now: datetime.datetime,
    the_plan: Plan,
    changed: dict[str, set[int]],
    revision_for: _RevisionFor,
) -> None:
    if model is Mention:
        model._base_manager.filter(pk=change.pk).delete()
        changed["filmarchive.mention"].add(change.pk)  # type: ignore[arg-type]
        return
    record = model._base_manager.get(pk=change.pk)
    info = the_plan.documents.get(change.document)
    if model is SourceDocument:
        reason = "its file is no longer among the archive's documents"
    else:
        reason = f"no longer in {info.filename if info else change.document}"
        if info:
            reason += f" ({info.checksum[:12]})"
    record.retired_at, record.retired_reason = now, reason  # type: ignore[attr-defined]
    record.save()
    changed[model._meta.label_lower].add(record.pk)
    revision_for(change.document, record)
    _with(take_off_with(record), change.document, changed, revision_for)


def _with(
    followers: list[SyncedRecord], document: str, changed: dict[str, set[int]], revision_for: _RevisionFor
) -> None:
    """Records that left the site with a record, or came back with it: changed, in the sync's history."""
    for follower in followers:
        changed[follower._meta.label_lower].add(follower.pk)
        revision_for(document, follower)


def is_synced_model(model: type[models.Model]) -> bool:
    return issubclass(model, SyncedRecord)
