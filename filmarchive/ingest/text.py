"""Reading documents, cutting them into blocks of consecutive non-blank lines, and reading dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from filmarchive.ingest.errors import IngestError


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # from 1, as an editor counts them
    text: str  # with surrounding white space removed


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive non-blank lines: a paragraph, a heading, a caption, a bullet."""

    lines: tuple[Line, ...]

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def last_line(self) -> int:
        return self.lines[-1].number

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text as the archive keeps it: its lines joined by spaces, with the lines it came from.

    ``lines`` keep each line's own words (a speaker's label already taken off the first), so that a
    mention can be cited by the line it stands on even when the paragraph is wrapped.
    """

    lines: tuple[Line, ...]

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Paragraph:
        return cls(tuple(lines))

    @classmethod
    def single(cls, number: int, text: str) -> Paragraph:
        return cls((Line(number, text),))

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def last_line(self) -> int:
        return self.lines[-1].number


def joined(paragraphs: Iterable[Paragraph]) -> str:
    """Paragraphs as one text field stores them: separated by a blank line."""
    return "\n\n".join(paragraph.text for paragraph in paragraphs)


def decode(data: bytes, path: object) -> str:
    """The document's text; an empty or non-UTF-8 file is an error naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            path,
            line,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise IngestError(path, 1, "the file is empty; a document needs its text")
    return text


def read_document(path: Path) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    return data, decode(data, path)


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    current: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped:
            current.append(Line(number, stripped))
        elif current:
            found.append(Block(tuple(current)))
            current = []
    if current:
        found.append(Block(tuple(current)))
    return found


# Dates as English-language sites print them: "14 Feb 2020", "14th February 2020", "Feb 14, 2020",
# "February 14 2020", "2020-02-14".
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE_PATTERN = (
    rf"(?:(?P<d1>{_DAY})\s+(?P<m1>[A-Za-z]{{3,9}})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>[A-Za-z]{{3,9}})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
DATE = re.compile(rf"^{DATE_PATTERN}$")


class NotADate(ValueError):
    """Words written as a date that name no day of the calendar ("31 February 2020")."""


def parse_date(text: str) -> datetime.date | None:
    """The date the words give, None if they are not written as a date; ``NotADate`` if impossible."""
    match = DATE.match(text.strip())
    if match is None:
        return None
    if match["y3"]:
        year, month, day = int(match["y3"]), int(match["m3"]), int(match["d3"])
    else:
        month_name = (match["m1"] or match["m2"]).lower()
        if month_name not in MONTHS:
            return None
        year, month = int(match["y1"] or match["y2"]), MONTHS[month_name]
        day = int(re.sub(r"\D", "", match["d1"] or match["d2"]))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise NotADate(f"{text.strip()!r} is not a day of the calendar") from None
