"""The operators' catalogue (``fixtures/sources/catalogue.toml``): see the comments at its top.

Every entry keeps the line it starts on, so that a problem with it is reported as ``catalogue.toml:LINE``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filmarchive.ingest.errors import Problems

CATALOGUE_NAME = "catalogue.toml"


@dataclass(frozen=True, slots=True)
class Origin:
    origin: str
    line: int | None


@dataclass(frozen=True, slots=True)
class CatalogueFilm:
    title: str
    line: int | None
    aliases: tuple[str, ...] = ()
    year: int | None = None
    needs_quotes: bool = False  # link the title only where a text quotes or italicises it


@dataclass(frozen=True, slots=True)
class CataloguePerson:
    name: str
    line: int | None
    aliases: tuple[str, ...] = ()
    sort_name: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogueCredit:
    film: str
    person: str
    role: str
    evidence: str
    line: int | None
    film_year: int | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    shown_as: str = CATALOGUE_NAME
    origins: dict[str, Origin] = field(default_factory=dict)
    films: tuple[CatalogueFilm, ...] = ()
    people: tuple[CataloguePerson, ...] = ()
    credits: tuple[CatalogueCredit, ...] = ()


# section: (required keys, optional keys)
TABLES = {
    "films": ({"title"}, {"aliases", "year", "needs_quotes"}),
    "people": ({"name"}, {"aliases", "sort_name"}),
    "credits": ({"film", "person", "role", "evidence"}, {"film_year"}),
}


class _Lines:
    """Where each table and key of the TOML text starts (tomllib does not say)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []  # (line number, header text)
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                self.headers.append((number, stripped))

    def array_item(self, section: str, index: int) -> int | None:
        pattern = re.compile(rf"^\[\[\s*{re.escape(section)}\s*\]\]")
        found = [number for number, header in self.headers if pattern.match(header)]
        return found[index] if index < len(found) else None

    def document(self, name: str) -> int | None:
        for number, header in self.headers:
            if header.startswith("[documents.") and name in header:
                return number
        return None

    def key(self, table_line: int | None, key: str) -> int | None:
        if table_line is None:
            return None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(table_line + 1, len(self.lines) + 1):
            text = self.lines[number - 1].strip()
            if text.startswith("["):
                break
            if pattern.match(text):
                return number
        return table_line


def _toml_error_line(error: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"at line (\d+)", str(error))
    return int(match[1]) if match else None


def load_catalogue(path: Path, shown_as: str, problems: Problems) -> Catalogue:
    """The catalogue at ``path`` (an empty one if there is none); problems go to ``problems``."""
    if not path.exists():
        return Catalogue(shown_as=shown_as)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(shown_as, None, "not UTF-8 text; save the catalogue as UTF-8")
        return Catalogue(shown_as=shown_as)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(
            shown_as,
            _toml_error_line(error),
            f"not a readable TOML file: {error}; see the comments at the top of the catalogue",
        )
        return Catalogue(shown_as=shown_as)
    return _Reader(shown_as, _Lines(text), problems).read(data)


class _Reader:
    def __init__(self, shown_as: str, lines: _Lines, problems: Problems) -> None:
        self.shown_as = shown_as
        self.lines = lines
        self.problems = problems

    def problem(self, line: int | None, message: str) -> None:
        self.problems.add(self.shown_as, line, message)

    def read(self, data: dict[str, Any]) -> Catalogue:
        for section in sorted(set(data) - {"documents", *TABLES}):
            line = next((n for n, h in self.lines.headers if section in h), None)
            self.problem(
                line, f"unknown section {section!r}; the sections are documents, films, people and credits"
            )
        origins: dict[str, Origin] = {}
        documents = data.get("documents", {})
        if isinstance(documents, dict):
            for name, table in documents.items():
                line = self.lines.document(name)
                if (
                    not isinstance(table, dict)
                    or set(table) != {"origin"}
                    or not isinstance(table["origin"], str)
                ):
                    self.problem(
                        line, f'[documents.{name!r}] takes one key, origin, a string: origin = "..."'
                    )
                    continue
                origins[name] = Origin(table["origin"], line)
        return Catalogue(
            shown_as=self.shown_as,
            origins=origins,
            films=tuple(self._films(self._checked(data, "films"))),
            people=tuple(self._people(self._checked(data, "people"))),
            credits=tuple(self._credits(self._checked(data, "credits"))),
        )

    # The entries of one array of tables, checked for their keys, each with its line.
    def _checked(self, data: dict[str, Any], section: str) -> list[tuple[int | None, dict[str, Any]]]:
        required, optional = TABLES[section]
        items = data.get(section, [])
        if not isinstance(items, list):
            self.problem(
                next((n for n, h in self.lines.headers if section in h), None),
                f"{section} must be written [[{section}]], one table per entry",
            )
            return []
        good = []
        for index, item in enumerate(items):
            line = self.lines.array_item(section, index)
            where = f"[[{section}]] number {index + 1}"
            if not isinstance(item, dict):
                self.problem(line, f"{section} must be written [[{section}]], one table per entry")
                continue
            keys = set(item)
            ok = True
            if missing := required - keys:
                self.problem(line, f"{where} lacks {', '.join(sorted(missing))}; add it")
                ok = False
            if extra := keys - required - optional:
                self.problem(
                    self.lines.key(line, sorted(extra)[0]),
                    f"{where} has unknown key(s) {', '.join(sorted(extra))}; "
                    f"the keys are {', '.join(sorted(required | optional))}",
                )
                ok = False
            for key in sorted(required & keys):
                if not isinstance(item[key], str) or not item[key].strip():
                    self.problem(self.lines.key(line, key), f"{where}: {key} must be text")
                    ok = False
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                self.problem(
                    self.lines.key(line, "aliases"),
                    f'{where}: aliases must be a list of non-empty strings, e.g. aliases = ["AoK"]',
                )
                ok = False
            for key in ("year", "film_year"):
                if key in item and (not isinstance(item[key], int) or not 1870 <= item[key] <= 2100):
                    self.problem(
                        self.lines.key(line, key), f"{where}: {key} must be a year, e.g. {key} = 1996"
                    )
                    ok = False
            if "needs_quotes" in item and not isinstance(item["needs_quotes"], bool):
                self.problem(self.lines.key(line, "needs_quotes"), f"{where}: needs_quotes is true or false")
                ok = False
            if "sort_name" in item and (
                not isinstance(item["sort_name"], str) or not item["sort_name"].strip()
            ):
                self.problem(self.lines.key(line, "sort_name"), f"{where}: sort_name must be text")
                ok = False
            if ok:
                good.append((line, item))
        return good

    def _films(self, items: list[tuple[int | None, dict[str, Any]]]) -> list[CatalogueFilm]:
        return [
            CatalogueFilm(
                title=item["title"].strip(),
                line=line,
                aliases=tuple(alias.strip() for alias in item.get("aliases", [])),
                year=item.get("year"),
                needs_quotes=item.get("needs_quotes", False),
            )
            for line, item in items
        ]

    def _people(self, items: list[tuple[int | None, dict[str, Any]]]) -> list[CataloguePerson]:
        return [
            CataloguePerson(
                name=item["name"].strip(),
                line=line,
                aliases=tuple(alias.strip() for alias in item.get("aliases", [])),
                sort_name=item.get("sort_name"),
            )
            for line, item in items
        ]

    def _credits(self, items: list[tuple[int | None, dict[str, Any]]]) -> list[CatalogueCredit]:
        return [
            CatalogueCredit(
                film=item["film"].strip(),
                person=item["person"].strip(),
                role=item["role"].strip(),
                evidence=item["evidence"],
                line=line,
                film_year=item.get("film_year"),
            )
            for line, item in items
        ]
