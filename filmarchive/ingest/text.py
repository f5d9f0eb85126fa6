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


# Code points no page or feed can hold (HTML and XML 1.0 forbid them): C0 controls but tab, line feed
# and carriage return; DEL and the C1 controls; noncharacters (U+FDD0 to U+FDEF, and the last two code
# points of every plane); lone surrogates.
UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF))
    + "]"
)


def code_point(character: str) -> str:
    """'U+000B (a control character)', as an error names what it found."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a surrogate pair"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    else:
        kind = "a noncharacter"
    return f"U+{code:04X} ({kind})"


def decode(data: bytes, path: object) -> str:
    """The document's text; an empty or non-UTF-8 file, or one holding a character no page can show,
    is an error naming the line."""
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
    if found := UNSHOWABLE.search(text):
        before = text[: found.start()]
        line = len(f"{before}.".splitlines())  # as ``blocks`` counts lines
        column = len(f"{before}.".splitlines()[-1])
        raise IngestError(
            path,
            line,
            f"{code_point(found[0])} at column {column}: no page or feed can show it; remove it",
        )
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
# "February 14 2020", "2020-02-14" (also "2020-2-14"), any of them after a weekday ("Fri 14 Feb 2020",
# "Friday, February 14, 2020"), which must be the date's.
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
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE_PATTERN = (
    rf"(?:(?P<d1>{_DAY})\s+(?P<m1>[A-Za-z]{{3,9}})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>[A-Za-z]{{3,9}})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2}))"
)
DATE = re.compile(rf"^{DATE_PATTERN}$")
WEEKDAY = re.compile(r"^(?P<weekday>[A-Za-z]{3,9})\.?,?\s+(?P<rest>\S.*)$")

# Dates written in ways the reader does not read, so that they are refused as dates rather than taken
# for text: numbers alone, which could be day first or month first ("14/02/2020", "02/14/2020",
# "14.02.2020", "2020/02/14"); a year of two digits ("14 Feb '20"); a day or a year missing ("14 Feb",
# "February 2020"); another language's month, in lower case or after a day with a full stop ("14 février
# 2020", "14 de febrero de 2020", "14. März 2020"); the CJK form ("2020年2月14日"); a time counted back
# from the day of the capture ("5 days ago"). A word before a day and a year is taken for a month only
# if it is an English one, so that "Top 10 2019" or "3 Women 1977" stay text.
_YEAR = r"(?:\d{4}|['’]\d{2})"
NUMERIC_DATE = re.compile(
    r"^(?:\d{1,2}(?P<sep>[./-])\d{1,2}(?P=sep)\d{2}(?:\d{2})?"
    r"|\d{4}(?P<year_first>[./])\d{1,2}(?P=year_first)\d{1,2})$"
)
DAY_MONTH_YEAR = re.compile(
    rf"^(?P<day>{_DAY})(?P<dot>\.)?\s*(?:de\s+)?(?P<month>[^\W\d_]+)\.?,?"
    rf"(?:\s+(?:de\s+)?(?P<year>{_YEAR}))?$"
)
MONTH_DAY_YEAR = re.compile(rf"^(?P<month>[^\W\d_]+)\.?\s+(?:{_DAY}(?:,?\s+{_YEAR})?|{_YEAR})$")
CJK_DATE = re.compile(r"^\d{2,4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?$")
TIME_AGO = re.compile(
    r"^(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.IGNORECASE
)


class NotADate(ValueError):
    """Words written as a date that name no day of the calendar ("31 February 2020")."""


class UnreadableDate(NotADate):
    """Words that look like a date, written in a way ``parse_date`` does not read ("14/02/2020")."""


def _weekday(text: str) -> tuple[int | None, str]:
    """'Fri 14 Feb 2020' -> (4, '14 Feb 2020'); words without a weekday before them -> (None, words)."""
    match = WEEKDAY.match(text)
    if match is not None and match["weekday"].lower() in WEEKDAYS:
        return WEEKDAYS[match["weekday"].lower()], match["rest"]
    return None, text


def looks_like_date(text: str) -> bool:
    """Whether the words look like a date, whether or not ``parse_date`` reads them."""
    _, written = _weekday(text.strip().removesuffix("."))
    if NUMERIC_DATE.match(written) or CJK_DATE.match(written) or TIME_AGO.match(written):
        return True
    if match := MONTH_DAY_YEAR.match(written):
        return match["month"].lower() in MONTHS
    if match := DAY_MONTH_YEAR.match(written):
        month = match["month"]
        if month.lower() in MONTHS:
            return True
        # Another language's month: with a day and a year, and written as no English word would be.
        return bool(match["year"]) and (month.islower() or bool(match["dot"]))
    return False


def parse_date(text: str) -> datetime.date | None:
    """The date the words give, None if they are not written as a date; ``NotADate`` if impossible,
    ``UnreadableDate`` if they look like a date written some other way ("14/02/2020")."""
    written = text.strip()
    weekday, words = _weekday(written)
    match = DATE.match(words)
    if match is not None and match["y3"]:
        year, month, day = int(match["y3"]), int(match["m3"]), int(match["d3"])
    elif match is not None and (match["m1"] or match["m2"]).lower() in MONTHS:
        year, month = int(match["y1"] or match["y2"]), MONTHS[(match["m1"] or match["m2"]).lower()]
        day = int(re.sub(r"\D", "", match["d1"] or match["d2"]))
    elif looks_like_date(written):
        raise UnreadableDate(f"{written!r} is not a date this reader understands")
    else:
        return None
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise NotADate(f"{written!r} is not a day of the calendar") from None
    if weekday is not None and date.weekday() != weekday:
        raise NotADate(
            f"{written!r} is not a day of the calendar: {words} is a {WEEKDAY_NAMES[date.weekday()]}"
        )
    return date
