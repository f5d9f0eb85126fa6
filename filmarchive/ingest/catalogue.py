"""The operators' catalogue (``fixtures/sources/catalogue.toml``): see the comments at its top."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from filmarchive.ingest.errors import IngestError

CATALOGUE_NAME = "catalogue.toml"


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    aliases: tuple[str, ...] = ()
    sort_name: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogueCredit:
    film: str
    person: str
    role: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    origins: dict[str, str] = field(default_factory=dict)
    films: tuple[Entry, ...] = ()
    people: tuple[Entry, ...] = ()
    credits: tuple[CatalogueCredit, ...] = ()


TABLES = {
    "films": ({"title"}, {"aliases"}),
    "people": ({"name"}, {"aliases", "sort_name"}),
    "credits": ({"film", "person", "role", "evidence"}, set()),
}


def load_catalogue(path: Path, shown_as: str) -> Catalogue:
    if not path.exists():
        return Catalogue()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise IngestError(shown_as, None, f"not a readable TOML file: {error}") from None

    unknown = set(data) - {"documents", *TABLES}
    if unknown:
        raise IngestError(shown_as, None, f"unknown section(s): {', '.join(sorted(unknown))}")
    origins = {}
    for name, table in data.get("documents", {}).items():
        if set(table) != {"origin"} or not isinstance(table["origin"], str):
            raise IngestError(shown_as, None, f"[documents.{name!r}] takes one key, origin, a string")
        origins[name] = table["origin"]

    entries = {}
    for section, (required, optional) in TABLES.items():
        items = data.get(section, [])
        if not isinstance(items, list):
            raise IngestError(shown_as, None, f"{section} must be written [[{section}]]")
        for number, item in enumerate(items, start=1):
            where = f"[[{section}]] number {number}"
            keys = set(item)
            if missing := required - keys:
                raise IngestError(shown_as, None, f"{where} lacks {', '.join(sorted(missing))}")
            if extra := keys - required - optional:
                raise IngestError(shown_as, None, f"{where} has unknown key(s) {', '.join(sorted(extra))}")
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
                raise IngestError(shown_as, None, f"{where}: aliases must be a list of non-empty strings")
            if not all(isinstance(item[key], str) and item[key].strip() for key in required):
                raise IngestError(shown_as, None, f"{where}: {', '.join(sorted(required))} must be text")
        entries[section] = items

    return Catalogue(
        origins=origins,
        films=tuple(Entry(i["title"], tuple(i.get("aliases", ()))) for i in entries["films"]),
        people=tuple(
            Entry(i["name"], tuple(i.get("aliases", ())), i.get("sort_name")) for i in entries["people"]
        ),
        credits=tuple(
            CatalogueCredit(i["film"], i["person"], i["role"], i["evidence"]) for i in entries["credits"]
        ),
    )
