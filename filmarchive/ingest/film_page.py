"""The parser for a review site's film page (the Letterboxd layout).

The shape, block by block (blocks are separated by blank lines)::

    Title
    Directed by NAME[, NAME and NAME]
    Starring NAME[, NAME ...]                      (optional)
    Synopsis paragraph(s)
    Add a review / See more films                  (page furniture, skipped)
    • ★★★★½ review by NAME on SITE                 (one header per review; the stars are optional)
        paragraph
        paragraph ...
    • See all reviews

Anything else is an error that names the line: an archive records all of a document or none of it.
"""

import re
from dataclasses import dataclass

from filmarchive.ingest.errors import IngestError
from filmarchive.ingest.names import split_names
from filmarchive.ingest.text import Block, Line, blocks

BULLET = "•"
FURNITURE = frozenset({"Add a review", "See more films", "See all reviews"})
END_OF_REVIEWS = "See all reviews"
REVIEW_HEADER = re.compile(r"^(?P<stars>.*?)\s*review by (?P<author>.+?) on (?P<site>.+)$")
STARS = re.compile(r"^(?P<full>★{0,5})(?P<half>½?)$")


@dataclass(frozen=True, slots=True)
class Credited:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class ParsedReview:
    author: str
    rating: int | None  # half stars, 1 to 10
    published_in: str
    paragraphs: tuple[Paragraph, ...]
    first_line: int  # the header's line
    last_line: int


@dataclass(frozen=True, slots=True)
class FilmPage:
    title: str
    title_line: int
    directors: tuple[Credited, ...]
    cast: tuple[Credited, ...]
    synopsis: tuple[Paragraph, ...]
    reviews: tuple[ParsedReview, ...]
    last_line: int


def parse_rating(stars: str, path, line: int) -> int | None:
    """'★★★★½' -> 9 half stars; '' -> None (a review with no rating)."""
    if not stars:
        return None
    match = STARS.match(stars)
    if not match or not (match["full"] or match["half"]):
        raise IngestError(
            path,
            line,
            f"the review header's rating {stars!r} is not written in stars "
            "(from ½ to ★★★★★, with ★ and ½ only)",
        )
    rating = 2 * len(match["full"]) + (1 if match["half"] else 0)
    if rating > 10:
        raise IngestError(path, line, f"the rating {stars!r} is more than five stars")
    return rating


def _bullet_text(line: Line) -> str | None:
    if line.text.startswith(BULLET):
        return line.text[len(BULLET) :].strip()
    return None


def _is_heading(text: str) -> bool:
    return text.startswith(("Directed by", "Starring")) or text in FURNITURE


def parse_film_page(text: str, path) -> FilmPage:
    parts = blocks(text)
    first = parts[0]
    if _is_heading(first.text) or _bullet_text(first.lines[0]) is not None:
        raise IngestError(path, first.first_line, f"the film page has no title: it opens with {first.text!r}")
    if len(first.lines) > 1:
        raise IngestError(
            path,
            first.first_line,
            "the title should stand alone on its line, followed by a blank line",
        )

    directors, cast, synopsis, reviews = [], [], [], []
    current = None  # the review whose paragraphs are being read
    ended = False
    for block in parts[1:]:
        head = block.lines[0]
        bullet = _bullet_text(head)
        if ended:
            raise IngestError(path, head.number, f"unexpected text after 'See all reviews': {head.text!r}")
        if bullet is not None:
            if len(block.lines) > 1:
                raise IngestError(
                    path,
                    block.lines[1].number,
                    "a review header should be followed by a blank line",
                )
            if current is not None:
                reviews.append(current)
                current = None
            if bullet == END_OF_REVIEWS:
                ended = True
                continue
            header = REVIEW_HEADER.match(bullet)
            if header is None:
                raise IngestError(
                    path,
                    head.number,
                    f"a bullet that is neither a review header ('★★★★ review by NAME on SITE') "
                    f"nor 'See all reviews': {bullet!r}",
                )
            current = ParsedReview(
                author=header["author"].strip(),
                rating=parse_rating(header["stars"].strip(), path, head.number),
                published_in=header["site"].strip(),
                paragraphs=(),
                first_line=head.number,
                last_line=head.number,
            )
        elif current is not None:
            paragraph = _paragraph(block)
            current = ParsedReview(
                author=current.author,
                rating=current.rating,
                published_in=current.published_in,
                paragraphs=(*current.paragraphs, paragraph),
                first_line=current.first_line,
                last_line=paragraph.last_line,
            )
        elif block.text in FURNITURE:
            continue
        elif head.text.startswith("Directed by"):
            directors += _credited(head, "Directed by", path)
        elif head.text.startswith("Starring"):
            cast += _credited(head, "Starring", path)
        elif reviews:
            raise IngestError(path, head.number, f"text between reviews: {head.text!r}")
        else:
            synopsis.append(_paragraph(block))
    if current is not None:
        reviews.append(current)
    if not directors:
        raise IngestError(path, first.first_line, "the film page has no 'Directed by' line")
    return FilmPage(
        title=first.text,
        title_line=first.first_line,
        directors=tuple(directors),
        cast=tuple(cast),
        synopsis=tuple(synopsis),
        reviews=tuple(reviews),
        last_line=parts[-1].last_line,
    )


def _paragraph(block: Block) -> Paragraph:
    return Paragraph(block.text, block.first_line, block.last_line)


def _credited(line: Line, label: str, path) -> list[Credited]:
    names = split_names(line.text.removeprefix(label))
    if not names:
        raise IngestError(path, line.number, f"{label!r} names nobody")
    return [Credited(name, line.number) for name in names]
