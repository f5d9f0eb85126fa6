"""The parser for a magazine interview article.

The shape, block by block (blocks are separated by blank lines)::

    Caption                                   a figure: the caption line, then its alt text
    Caption                                   (the capture prints both, normally the same words)
    Introduction paragraph(s), with more figures between them
    Interviewer Name: the first question      the first two speaker labels name the interviewer and
    Subject Name: the first answer            the subject
    Answer paragraph(s)                       unlabelled paragraphs continue the answer ...
    A question?                               ... until one that ends with a question mark, which
    Answer paragraph(s)                       opens the interviewer's next question

The film discussed is the first title in quotation marks in the captions and introduction.
"""

import re
from dataclasses import dataclass

from filmarchive.ingest.errors import IngestError
from filmarchive.ingest.film_page import Paragraph
from filmarchive.ingest.text import Block, blocks

# "Sheerly Avni: How did ..." -- a name of two to four capitalised words, a colon, the words spoken.
SPEAKER_LABEL = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}):\s+(?P<words>\S.*)$", re.DOTALL
)
QUOTED_TITLE = re.compile(r"[\"“](?P<title>[^\"“”]+?)[\"”]")


@dataclass(frozen=True, slots=True)
class ParsedFigure:
    caption: str
    alt_text: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    kind: str  # "question" or "answer"
    speaker: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def first_line(self):
        return self.paragraphs[0].first_line

    @property
    def last_line(self):
        return self.paragraphs[-1].last_line


@dataclass(frozen=True, slots=True)
class InterviewArticle:
    interviewer: str
    subjects: tuple[str, ...]
    films: tuple[tuple[str, int], ...]  # (title, line)
    introduction: tuple[Paragraph, ...]
    figures: tuple[ParsedFigure, ...]
    turns: tuple[ParsedTurn, ...]
    last_line: int


def _figure(block: Block) -> ParsedFigure | None:
    """A caption printed twice on consecutive lines (caption, then alt text) is a figure."""
    if len(block.lines) == 2 and block.lines[0].text == block.lines[1].text:
        return ParsedFigure(block.lines[0].text, block.lines[1].text, block.first_line, block.last_line)
    return None


def _title_in(text: str) -> str | None:
    match = QUOTED_TITLE.search(text)
    if match is None:
        return None
    return match["title"].strip().rstrip(",.;:!?").strip() or None


def parse_interview(text: str, path) -> InterviewArticle:
    parts = blocks(text)
    figures, introduction, speakers, turns = [], [], [], []
    interviewer = None

    for block in parts:
        figure = _figure(block)
        if figure is not None:
            figures.append(figure)
            continue
        label = SPEAKER_LABEL.match(block.text)
        name, words = (label["name"], label["words"]) if label else (None, block.text)
        paragraph = Paragraph(words, block.first_line, block.last_line)

        if name is not None:
            if name not in speakers:
                speakers.append(name)
            if interviewer is None:
                interviewer = name
            kind = "question" if name == interviewer else "answer"
            turns.append(ParsedTurn(kind, name, (paragraph,)))
        elif interviewer is None:
            introduction.append(paragraph)
        elif turns[-1].kind == "answer" and words.endswith("?"):
            turns.append(ParsedTurn("question", interviewer, (paragraph,)))
        elif turns[-1].kind == "question":
            answerer = _last_answerer(turns) or _first_subject(speakers, interviewer)
            if answerer is None:
                raise IngestError(
                    path,
                    block.first_line,
                    "an answer before any subject has been named: the first answer should open "
                    "with the subject's name and a colon ('Name: ...')",
                )
            turns.append(ParsedTurn("answer", answerer, (paragraph,)))
        else:
            last = turns[-1]
            turns[-1] = ParsedTurn(last.kind, last.speaker, (*last.paragraphs, paragraph))

    if interviewer is None:
        raise IngestError(
            path,
            parts[0].first_line,
            "no paragraph opens with a speaker label ('Name: ...'), so the interviewer, the subject "
            "and the questions cannot be told apart",
        )
    subjects = tuple(name for name in speakers if name != interviewer)
    if not subjects:
        raise IngestError(
            path,
            turns[0].first_line,
            f"only {interviewer} speaks: no answer opens with a speaker label",
        )

    # The film discussed: the first quoted title, reading captions and introduction in page order.
    films = []
    texts = [(f.first_line, f.caption) for f in figures] + [(p.first_line, p.text) for p in introduction]
    for line, text_ in sorted(texts):
        title = _title_in(text_)
        if title:
            films.append((title, line))
            break

    return InterviewArticle(
        interviewer=interviewer,
        subjects=subjects,
        films=tuple(films),
        introduction=tuple(introduction),
        figures=tuple(figures),
        turns=tuple(turns),
        last_line=parts[-1].last_line,
    )


def _last_answerer(turns):
    for turn in reversed(turns):
        if turn.kind == "answer":
            return turn.speaker
    return None


def _first_subject(speakers, interviewer):
    return next((name for name in speakers if name != interviewer), None)
