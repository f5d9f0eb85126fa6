"""A review site's film page (the Letterboxd layout): file names ``film-….txt``.

The shape, block by block (blocks are separated by blank lines)::

    Title                                          or "Title (1996)"
    1996                                           a year line (optional; also "Year: 1996")
    Original title, in curly single quotes         optional; also "Original title: ..."
    Directed by NAME[, NAME and NAME]              may wrap over several lines; "and", ", and", "&"
    Starring NAME[, NAME ...]                      optional, may wrap too
    Synopsis paragraph(s)
    Add a review / See more films                  page furniture, skipped
    • ★★★★½ review by NAME on SITE                 one header per review; stars optional, "★★★★ ½" too
      Watched 12 Nov 2019 · Reviewed 14 Nov 2019   optional date line(s), before the text
      This review may contain spoilers.            optional spoiler notice: sets the flag, not text
      paragraph ...
    • See all reviews                              the end, on sites that print it

Labels are read in any case ("DIRECTED BY", "REVIEW BY … ON …"), and zero-width spaces and other
invisible format characters are taken out of the title, names and labels (not out of the text).
The reviewer's name ends at the last " on ", so "review by Notes on Film on Letterboxd" is by "Notes on
Film". A date is read as ``text.parse_date`` reads it; a line under the header that looks like a date
written another way ("14/02/2020", day or month first) is reported as such, never guessed. A page that
shows the site's furniture but lacks its closing "See all reviews" was cut short, and is reported.
Anything else is an error that names the line: an archive records all of a document or none of it.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from filmarchive.ingest.errors import IngestError, Problems
from filmarchive.ingest.identity import Film, Identities, Person
from filmarchive.ingest.names import (
    is_all_caps,
    split_names_at,
    titlecase_name,
    without_format_characters,
)
from filmarchive.ingest.records import ReviewRecord
from filmarchive.ingest.shapes.base import Contributions, Document, KnownPerson, Shape
from filmarchive.ingest.text import (
    Block,
    Line,
    NotADate,
    Paragraph,
    UnreadableDate,
    blocks,
    joined,
    parse_date,
)

BULLET = "•"
# Other bullets captures print before a review header ("* ★★★★ review by …", "- See all reviews").
OTHER_BULLETS = ("*", "-", "–", "·", "●", "◦", "‣", "▪")
END_OF_REVIEWS = "See all reviews"
# The site's own furniture: a page that prints it also prints the closing "See all reviews".
SITE_FURNITURE = frozenset({"Add a review", "See more films"})
FURNITURE = SITE_FURNITURE | {END_OF_REVIEWS, "Popular reviews", "Recent reviews"}
_FURNITURE_IN_ANY_CASE = {words.casefold(): words for words in FURNITURE}
DIRECTED_BY = "Directed by"
STARRING = "Starring"
REVIEW_HEADER = re.compile(r"^(?P<stars>.*?)\s*\breview by\s+(?P<rest>.+)$", re.IGNORECASE)
LAST_ON = re.compile(r"^(?P<author>.*) on (?P<site>.*)$", re.IGNORECASE)
# A rating as sites print it: stars (empty ones too, "★★★★☆"), or in figures ("4/5", "3.5 stars",
# "4½"). Only stars are read; any other is found, and reported, rather than taken for words.
_RATING = r"[★☆½⭐](?:[★☆½⭐\s]*[★☆½⭐])?|\d+(?:[.,]\d+)?\s*(?:/\s*\d+|stars?\b|½)|\d+[.,]\d+"
# What may stand before "review by" under a bullet other than "•": a rating or nothing, so that "- a
# review by nobody, on the face of it" stays a sentence.
LEADING_RATING = re.compile(rf"^(?:{_RATING}|\d+)?$", re.IGNORECASE)
# A rating some sites print after the site's name: "review by NAME on Letterboxd ★★★★".
TRAILING_STARS = re.compile(rf"^(?P<site>.*?\S)\s+(?P<stars>{_RATING})$", re.IGNORECASE)
# Any number of stars, so that six are reported as too many rather than as something else.
STARS = re.compile(r"^(?P<full>★*)(?P<half>½?)$")
_YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)"
YEAR_LINE = re.compile(
    rf"^(?:(?:Year|Released|Release year)\s*:?\s*(?:in\s+)?)?\(?{_YEAR}\)?$", re.IGNORECASE
)
TITLE_WITH_YEAR = re.compile(rf"^(?P<title>.*\S)\s+\({_YEAR}\)$")
ORIGINAL_TITLE = re.compile(r"^Original (?:title|name)\s*[:：]?\s*(?P<title>\S.*)$", re.IGNORECASE)
QUOTED_ORIGINAL = re.compile(r"^‘(?P<title>[^‘’]+)’$")
DATE_LABELS = r"watched|reviewed|published|posted|written|added|logged"
DATE_PART = re.compile(
    rf"^(?:(?P<label>{DATE_LABELS})(?:\s+on)?(?:\s*:\s*|\s+))?(?P<date>.+?)\.?$", re.IGNORECASE
)
DATE_SEPARATOR = re.compile(rf"\s*[·|;]\s*|\s*,\s+(?=(?:{DATE_LABELS})\b)", re.IGNORECASE)
SPOILER_NOTICE = re.compile(
    r"^(?:this review (?:may )?contains? spoilers|(?:warning:?\s*)?(?:contains )?spoilers?"
    r"(?:\s+(?:ahead|below|warning|alert))?|spoiler (?:warning|alert))[.!:]*"
    r"(?:\s+I can handle the truth\.?)?$",
    re.IGNORECASE,
)
FIRST_YEAR, LAST_YEAR = 1870, 2100


@dataclass(frozen=True, slots=True)
class Credited:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class ParsedReview:
    author: str
    rating: int | None  # half stars, 1 to 10
    published_in: str
    paragraphs: tuple[Paragraph, ...]
    first_line: int  # the header's line
    last_line: int
    published_on: datetime.date | None = None
    watched_on: datetime.date | None = None
    contains_spoilers: bool = False


@dataclass(frozen=True, slots=True)
class FilmPage:
    title: str
    title_line: int
    directors: tuple[Credited, ...]
    cast: tuple[Credited, ...]
    synopsis: tuple[Paragraph, ...]
    reviews: tuple[ParsedReview, ...]
    last_line: int
    year: int | None = None
    original_title: str = ""
    described_to: int = 0  # the last line of the title block, credits and synopsis


@dataclass(slots=True)
class _Review:
    """A review being read."""

    author: str
    rating: int | None
    published_in: str
    first_line: int
    last_line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    published_on: datetime.date | None = None
    watched_on: datetime.date | None = None
    contains_spoilers: bool = False
    valid: bool = True  # False for a header that could not be read: its text is skipped
    stars: str = ""  # the rating as the header writes it, read or not

    def done(self) -> ParsedReview:
        return ParsedReview(
            self.author,
            self.rating,
            self.published_in,
            tuple(self.paragraphs),
            self.first_line,
            self.last_line,
            self.published_on,
            self.watched_on,
            self.contains_spoilers,
        )


def parse_rating(stars: str, path: object, line: int) -> int | None:
    """'★★★★½' (or '★★★★ ½') -> 9 half stars; '' -> None (a review with no rating)."""
    written = "".join(stars.split())
    if not written:
        return None
    match = STARS.match(written)
    if not match or not (match["full"] or match["half"]):
        raise IngestError(
            path,
            line,
            f"the review header's rating {stars!r} is not written in stars; write it from ½ to ★★★★★, "
            "with ★ and ½ only, or leave it out",
        )
    rating = 2 * len(match["full"]) + (1 if match["half"] else 0)
    if rating > 10:
        raise IngestError(
            path, line, f"the rating {stars!r} is more than five stars; five (★★★★★) is the most"
        )
    return rating


def _furniture(text: str) -> str:
    """The site's furniture as this module spells it, however the page cases it ("SEE ALL REVIEWS")."""
    return _FURNITURE_IN_ANY_CASE.get(text.casefold(), text)


def _bullet_text(line: Line) -> str | None:
    """The words after the line's bullet: any bullet before a review header or 'See all reviews'."""
    if line.text.startswith(BULLET):
        return _furniture(line.text[len(BULLET) :].strip())
    for bullet in OTHER_BULLETS:
        if line.text.startswith(bullet):
            words = _furniture(line.text[len(bullet) :].strip())
            header = REVIEW_HEADER.match(words)
            if words == END_OF_REVIEWS or (
                header and LEADING_RATING.match(header["stars"].strip()) and " on " in header["rest"].lower()
            ):
                return words
    return None


def _unescaped(text: str) -> str:
    """A name as the page shows it: HTML entities a capture left in ('&amp;', '&#8217;') read, and
    invisible format characters (a zero-width space) taken out."""
    return without_format_characters(html.unescape(text))


def _year(text: str) -> int | None:
    match = YEAR_LINE.match(text)
    if match and FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return int(match["year"])
    return None


def _opens_with(text: str, label: str) -> bool:
    """Whether the line opens with the label, in any case: "Directed by", "DIRECTED BY"."""
    return text[: len(label)].casefold() == label.casefold()


def _field_start(text: str) -> str | None:
    """Which line of the title block or credits this line opens, if any."""
    text = without_format_characters(text)
    if _opens_with(text, DIRECTED_BY):
        return "directors"
    if _opens_with(text, STARRING):
        return "cast"
    if ORIGINAL_TITLE.match(text) or QUOTED_ORIGINAL.match(text):
        return "original_title"
    if _year(text) is not None:
        return "year"
    return None


def _dates(text: str) -> list[tuple[str, datetime.date]] | None:
    """'Watched 12 Nov 2019 · Reviewed 14 Nov 2019' -> [('watched', ...), ('published', ...)].

    None if the line is text; ``NotADate`` for "31 Feb 2020", and ``UnreadableDate`` for a line of
    dates one of which is written in a way the reader does not read ("Reviewed 14/11/2019").
    """
    found = []
    unreadable: UnreadableDate | None = None
    for part in DATE_SEPARATOR.split(text.strip()):
        match = DATE_PART.match(part.strip())
        if match is None:
            return None
        try:
            date = parse_date(match["date"])  # raises NotADate for "31 Feb 2020"
        except UnreadableDate as error:
            unreadable = unreadable or error
            continue
        if date is None:
            return None
        label = (match["label"] or "").lower()
        found.append(("watched" if label in {"watched", "logged"} else "published", date))
    if unreadable is not None:
        raise unreadable
    return found


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.parts = blocks(text)
        self.problems = Problems()
        self.fields: dict[str, list[Line]] = {"directors": [], "cast": []}
        self.directors: list[Credited] = []
        self.cast: list[Credited] = []
        self.year: int | None = None
        self.original_title = ""
        self.described_to = 0
        self.synopsis: list[Paragraph] = []
        self.reviews: list[ParsedReview] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def parse(self) -> FilmPage:
        first = self.parts[0]
        title_line = first.lines[0]
        if (
            _field_start(title_line.text) in {"directors", "cast"}
            or _furniture(title_line.text) in FURNITURE
            or (_bullet_text(title_line) is not None)
        ):
            raise IngestError(
                self.path,
                first.first_line,
                f"the film page has no title: it opens with {first.text!r}; put the film's title on the "
                "first line, then a blank line",
            )
        title = without_format_characters(title_line.text).strip()
        if (match := TITLE_WITH_YEAR.match(title)) and FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
            title, self.year = match["title"], int(match["year"])
        self.described_to = first.first_line
        if len(first.lines) > 1:
            if _field_start(first.lines[1].text) is None:
                self.problem(
                    first.lines[1].number,
                    "the title should stand alone on its line, followed by a blank line (or by its year, "
                    "original title or 'Directed by' line)",
                )
            else:
                self._head(first.lines[1:])

        current: _Review | None = None
        body_started = False
        ended = False
        furnished = False
        for block in self.parts[1:]:
            head = block.lines[0]
            bullet = _bullet_text(head)
            if ended:
                self.problem(
                    head.number,
                    f"unexpected text after 'See all reviews': {head.text!r}; the page ends there, so "
                    "remove it or move it above",
                )
                break
            furniture = _furniture(block.text)
            if bullet == END_OF_REVIEWS or (furniture == END_OF_REVIEWS and current is not None):
                self._close(current)
                current = None
                ended = True
                continue
            if bullet is not None:
                self._close(current)
                current = self._review_header(bullet, block)
                body_started = False
                continue
            if current is not None:
                if not body_started and self._review_meta(current, block.lines):
                    current.last_line = block.last_line
                    continue
                body_started = True
                paragraph = Paragraph.of(block.lines)
                current.paragraphs.append(paragraph)
                current.last_line = paragraph.last_line
            elif furniture in FURNITURE:
                furnished = furnished or furniture in SITE_FURNITURE
            elif _field_start(head.text) is not None:
                self._head(block.lines)
            elif self.reviews:
                self.problem(
                    head.number,
                    f"text between reviews: {head.text!r}; a review opens with '• … review by NAME on SITE'",
                )
            else:
                self.synopsis.append(Paragraph.of(block.lines))
                self.described_to = max(self.described_to, block.last_line)
        if current is not None:
            self._close(current)
            if furnished and current.valid:
                self.problem(
                    self.parts[-1].last_line,
                    f"the page ends inside the review by {current.author} (from line {current.first_line}) "
                    f"without the closing '{BULLET} {END_OF_REVIEWS}' this site prints: the capture looks "
                    f"cut short; add the rest of the review and the closing '{BULLET} {END_OF_REVIEWS}' line",
                )
        self._credits()
        if not self.fields["directors"]:
            self.problem(
                first.first_line,
                "the film page has no 'Directed by' line; add one under the title, e.g. 'Directed by NAME'",
            )
        self.problems.raise_if_any()
        return FilmPage(
            title=title,
            title_line=first.first_line,
            directors=tuple(self.directors),
            cast=tuple(self.cast),
            synopsis=tuple(self.synopsis),
            reviews=tuple(self.reviews),
            last_line=self.parts[-1].last_line,
            year=self.year,
            original_title=self.original_title,
            described_to=self.described_to,
        )

    def _head(self, lines: Iterable[Line]) -> None:
        """Lines of the title block or credits: each opens a field or continues the credits above it."""
        current: str | None = None
        for line in lines:
            kind = _field_start(line.text)
            text = without_format_characters(line.text).strip()
            if kind == "year":
                self.year = _year(text)
                current = None
            elif kind == "original_title":
                match = ORIGINAL_TITLE.match(text) or QUOTED_ORIGINAL.match(text)
                self.original_title = match["title"].strip() if match else ""
                current = None
            elif kind in {"directors", "cast"}:
                current = kind
                label = DIRECTED_BY if kind == "directors" else STARRING
                words = text[len(label) :].lstrip()
                self.fields[kind].append(Line(line.number, words.removeprefix(":").removeprefix("：")))
            elif current is not None:
                self.fields[current].append(line)
            else:
                self.problem(
                    line.number,
                    f"{line.text!r} is not a year, an original title or a credit; give it a blank line of "
                    "its own if it is part of the synopsis",
                )
            self.described_to = max(self.described_to, line.number)

    def _credits(self) -> None:
        for kind, label, found in (("directors", DIRECTED_BY, self.directors), ("cast", STARRING, self.cast)):
            lines = self.fields[kind]
            if not lines:
                continue
            found.extend(_names(lines))
            if not found:
                self.problem(lines[0].number, f"{label!r} names nobody; write the names after it")

    def _close(self, review: _Review | None) -> None:
        if review is None or not review.valid:
            return
        if not review.stars and not review.paragraphs:
            self.problem(
                review.first_line,
                f"the review by {review.author} has neither a rating nor any text: its page would show "
                "nothing; add its stars to the header ('★★★★ review by NAME on SITE') or its text under "
                "it, after a blank line, or remove the header",
            )
            return
        self.reviews.append(review.done())

    def _review_header(self, bullet: str, block: Block) -> _Review:
        head = block.lines[0]
        # Spacing folded, so that "review by\u00a0NAME on\u00a0SITE" reads like the rest.
        header = REVIEW_HEADER.match(" ".join(_unescaped(bullet).split()))
        # The name ends at the last " on ", in any case: "REVIEW BY JANE ROE ON LETTERBOXD".
        by = LAST_ON.match(header["rest"]) if header else None
        author, site = (by["author"], by["site"]) if by else ("", "")
        stars = header["stars"].strip() if header else ""
        if not stars and (trailing := TRAILING_STARS.match(site)):
            site, stars = trailing["site"], trailing["stars"]
        if header is None or not author.strip() or not site.strip():
            self.problem(
                head.number,
                f"a bullet that is neither a review header ('★★★★ review by NAME on SITE') "
                f"nor 'See all reviews': {bullet!r}",
            )
            return _Review("", None, "", head.number, block.last_line, valid=False)
        try:
            rating = parse_rating(stars, self.path, head.number)
        except IngestError as error:
            self.problems.extend(error)
            rating = None
        review = _Review(author.strip(), rating, site.strip(), head.number, head.number, stars=stars)
        for line in block.lines[1:]:
            if not self._review_meta(review, (line,)):
                self.problem(
                    line.number,
                    "a review header should be followed by a blank line (only its date or a spoiler "
                    "notice may stand directly under it)",
                )
                break
        review.last_line = block.last_line
        return review

    def _review_meta(self, review: _Review, lines: Iterable[Line]) -> bool:
        """Date lines and a spoiler notice before a review's text; False if these lines are text.

        A date the reader does not read ("14/02/2020") is refused, not taken for the review's text,
        unless other lines with it are text.
        """
        readings: list[tuple[Line, list[tuple[str, datetime.date]] | None]] = []
        unreadable: tuple[Line, UnreadableDate] | None = None
        for line in lines:
            if SPOILER_NOTICE.match(line.text):
                readings.append((line, None))
                continue
            try:
                dates = _dates(line.text)
            except UnreadableDate as error:
                unreadable = unreadable or (line, error)
                continue
            except NotADate as error:
                self.problem(line.number, f"{error}; write a date such as '14 Feb 2020'")
                return True
            if dates is None:
                return False
            readings.append((line, dates))
        if unreadable is not None:
            where, refused = unreadable
            self.problem(where.number, f"{refused}; write it as '14 Feb 2020' or '2020-02-14'")
            return True
        for _, dates in readings:
            if dates is None:
                review.contains_spoilers = True
                continue
            for label, date in dates:
                if label == "watched":
                    review.watched_on = date
                else:
                    review.published_on = date
        return True


def _names(lines: list[Line]) -> Iterator[Credited]:
    """The names of a credits field, each with the line it starts on, however the field wraps."""
    text = ""
    starts: list[tuple[int, int]] = []  # (offset in text, line number)
    for line in lines:
        if text:
            text += " "
        starts.append((len(text), line.number))
        text += _unescaped(line.text.strip())
    for part in split_names_at(text.strip(" ,")):
        offset = part.start + (len(text) - len(text.lstrip(" ,")))
        number = next(n for start, n in reversed(starts) if start <= offset)
        yield Credited(part.name, number)


def parse_film_page(text: str, path: object) -> FilmPage:
    """The film page in ``text``; ``IngestError`` with every problem found if it cannot be read."""
    return _Parser(text, str(path)).parse()


@dataclass(slots=True)
class FilmPageClaims:
    film: Film | None
    directors: list[tuple[Person, Credited]]
    cast: list[tuple[Person, Credited]]
    authors: list[Person]
    described: bool


class FilmPageShape(Shape[FilmPage, FilmPageClaims]):
    kind = "film_page"
    label = "Film page with reviews"
    prefix = "film-"

    def recognise(self, text: str) -> bool:
        lines = [line.strip() for line in text.splitlines()]
        return any(_opens_with(line, DIRECTED_BY) for line in lines) and any(
            line.startswith(BULLET) and REVIEW_HEADER.match(line[1:].strip()) for line in lines
        )

    def parse(self, text: str, path: str, known_person: KnownPerson | None = None) -> FilmPage:
        return parse_film_page(text, path)

    def identify(self, parsed: FilmPage, document: Document, identities: Identities) -> FilmPageClaims:
        def named(name: str, line: int) -> Person:
            # A name printed in capitals ("ANDREI TARKOVSKY") is written as a name, a spelling any
            # document that writes it in mixed case overrides.
            if is_all_caps(name) and len(name.split()) > 1:
                return identities.person(titlecase_name(name), document.where(line), derived=True)
            return identities.person(name, document.where(line))

        directors = [(named(c.name, c.line), c) for c in parsed.directors]
        cast = [(named(c.name, c.line), c) for c in parsed.cast]
        film = identities.film(
            parsed.title,
            document.where(parsed.title_line),
            year=parsed.year,
            directors=[person for person, _ in directors],
        )
        described = False
        if film is not None:
            for person, _ in directors + cast:
                identities.credit(film, person)
            described = identities.describe(
                film,
                document.where(parsed.title_line),
                described_to=parsed.described_to,
                synopsis=joined(parsed.synopsis),
                original_title=parsed.original_title,
            )
        authors = [named(r.author, r.first_line) for r in parsed.reviews]
        return FilmPageClaims(film, directors, cast, authors, described)

    def contribute(
        self, parsed: FilmPage, claims: FilmPageClaims, document: Document, out: Contributions
    ) -> None:
        film = claims.film
        if film is None:
            return
        for role, people in (("director", claims.directors), ("cast", claims.cast)):
            for person, credited in people:
                out.credit(film, person, role, document.provenance(credited.line))
        for review, author in zip(parsed.reviews, claims.authors, strict=True):
            out.review(
                ReviewRecord(
                    film=film.slug,
                    author=author.slug,
                    published_in=review.published_in,
                    rating=review.rating,
                    body=joined(review.paragraphs),
                    published_on=review.published_on,
                    watched_on=review.watched_on,
                    contains_spoilers=review.contains_spoilers,
                    provenance=document.provenance(review.first_line, review.last_line),
                ),
                document.where(review.first_line),
                author.name,
                film.name,
            )

    def prose(self, parsed: FilmPage) -> Iterator[Paragraph]:
        yield from parsed.synopsis
        for review in parsed.reviews:
            yield from review.paragraphs

    def title(self, parsed: FilmPage, claims: FilmPageClaims) -> str:
        return f"{claims.film.name if claims.film else parsed.title}: film page with reviews"


FILM_PAGE = FilmPageShape()
