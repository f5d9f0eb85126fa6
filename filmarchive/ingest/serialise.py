"""Records to a Django fixture: the one place that knows the models' labels and field names.

``fixture_objects`` gives one ``{"model": ..., "fields": ...}`` per record (natural keys only, no
numeric primary keys); editor-owned fields a fixture must still give (a biography, a poster, a review's
moderation status) are written empty or with their defaults. ``fixture_json`` writes them as the
committed ``fixtures/archive.json`` is written: two-space indents, UTF-8, a final newline.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring as _quote  # what json.dumps(ensure_ascii=False) quotes with
from typing import Any

from filmarchive.ingest.batch import collector_paused
from filmarchive.ingest.records import (
    CreditRecord,
    FigureRecord,
    FilmRecord,
    InterviewRecord,
    MentionRecord,
    PersonRecord,
    Provenance,
    Record,
    RecordSet,
    ReviewRecord,
    SourceDocumentRecord,
    TurnRecord,
)

Fields = dict[str, Any]
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _provenance(provenance: Provenance) -> Fields:
    return {
        "source": [provenance.document],
        "source_first_line": provenance.first_line,
        "source_last_line": provenance.last_line,
    }


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _document(r: SourceDocumentRecord) -> Fields:
    return {
        "slug": r.slug,
        "title": r.title,
        "kind": r.kind,
        "filename": r.filename,
        "origin": r.origin,
        "text": r.text,
        "checksum": r.checksum,
    }


def _person(r: PersonRecord) -> Fields:
    return {
        "name": r.name,
        "slug": r.slug,
        "sort_name": r.sort_name,
        "biography": "",
        **_provenance(r.provenance),
    }


def _film(r: FilmRecord) -> Fields:
    return {
        "title": r.title,
        "slug": r.slug,
        "original_title": r.original_title,
        "year": r.year,
        "synopsis": r.synopsis,
        "runtime_minutes": None,
        "countries": "",
        "languages": "",
        "poster": "",
        "poster_alt": "",
        "poster_caption": "",
        **_provenance(r.provenance),
    }


def _credit(r: CreditRecord) -> Fields:
    return {
        "film": [r.film],
        "person": [r.person],
        "role": r.role,
        "credited_as": r.credited_as,
        "order": r.order,
        **_provenance(r.provenance),
    }


def _review(r: ReviewRecord) -> Fields:
    return {
        "film": [r.film],
        "author": [r.author],
        "rating": r.rating,
        "body": r.body,
        "published_on": _date(r.published_on),
        "watched_on": _date(r.watched_on),
        "first_published_in": r.published_in,
        "contains_spoilers": r.contains_spoilers,
        "status": "published",
        "member": None,
        **_provenance(r.provenance),
    }


def _interview(r: InterviewRecord) -> Fields:
    return {
        "title": r.title,
        "title_is_editorial": r.title_is_editorial,
        "slug": r.slug,
        "interviewers": [[slug] for slug in r.interviewers],
        "subjects": [[slug] for slug in r.subjects],
        "films": [[slug] for slug in r.films],
        "introduction": r.introduction,
        "published_in": r.published_in,
        "published_on": _date(r.published_on),
        **_provenance(r.provenance),
    }


def _turn(r: TurnRecord) -> Fields:
    return {
        "interview": [r.interview],
        "position": r.position,
        "kind": r.kind,
        "speaker": [r.speaker],
        "body": r.body,
        **_provenance(r.provenance),
    }


def _figure(r: FigureRecord) -> Fields:
    return {
        "interview": [r.interview],
        "position": r.position,
        "caption": r.caption,
        "alt_text": r.alt_text,
        "credit": r.credit,
        "image": "",
        **_provenance(r.provenance),
    }


def _mention(r: MentionRecord) -> Fields:
    return {
        "source": [r.document],
        "line": r.line,
        "text": r.text,
        "film": [r.film] if r.film else None,
        "person": [r.person] if r.person else None,
    }


MODELS: dict[type, tuple[str, Callable[[Any], Fields]]] = {
    SourceDocumentRecord: ("filmarchive.sourcedocument", _document),
    PersonRecord: ("filmarchive.person", _person),
    FilmRecord: ("filmarchive.film", _film),
    CreditRecord: ("filmarchive.credit", _credit),
    ReviewRecord: ("reviews.review", _review),
    InterviewRecord: ("interviews.interview", _interview),
    TurnRecord: ("interviews.turn", _turn),
    FigureRecord: ("interviews.figure", _figure),
    MentionRecord: ("filmarchive.mention", _mention),
}


def model_fields(record: Record) -> tuple[str, Fields]:
    """The model label and the fields (natural keys for relations) of one record."""
    label, fields = MODELS[type(record)]
    return label, fields(record)


def fixture_objects(records: RecordSet) -> list[dict[str, Any]]:
    objects = []
    for record in records:
        label, fields = model_fields(record)
        objects.append({"model": label, "fields": fields})
    return objects


def documents_in_fixture(text: str) -> dict[str, str]:
    """{slug: checksum} of the source documents a fixture was built from; {} if it is not one."""
    try:
        objects = json.loads(text)
    except ValueError:
        return {}
    found: dict[str, str] = {}
    if isinstance(objects, list):
        for obj in objects:
            if isinstance(obj, dict) and obj.get("model") == MODELS[SourceDocumentRecord][0]:
                fields = obj.get("fields", {})
                if isinstance(fields, dict) and isinstance(fields.get("slug"), str):
                    found[fields["slug"]] = str(fields.get("checksum", ""))
    return found


def fixture_json(records: RecordSet | Iterable[dict[str, Any]]) -> str:
    """The fixture file's text: ``json.dumps(objects, indent=2, ensure_ascii=False)`` and a newline.

    Written out by hand for speed (the standard library indents in pure Python, slowly): strings are
    quoted by ``json``'s own C function, so the bytes are those ``json.dumps`` would give.
    """
    with collector_paused():
        objects = fixture_objects(records) if isinstance(records, RecordSet) else list(records)
        return _value(objects, 0) + "\n"


_INDENTS = ["\n" + "  " * depth for depth in range(32)]


def _value(value: Any, depth: int) -> str:
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = _INDENTS[depth + 1]
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ",".join(
            f"{inner}{_quote(str(key))}: {_value(item, depth + 1)}" for key, item in value.items()
        )
        return f"{{{items}{_INDENTS[depth]}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = ",".join(inner + _value(item, depth + 1) for item in value)
        return f"[{items}{_INDENTS[depth]}]"
    return _encode(value)  # floats and anything else, as json writes them
