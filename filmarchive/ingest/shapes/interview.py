"""A magazine interview article: file names ``interview-….txt``.

The shape, block by block (blocks are separated by blank lines), in any order a magazine prints it::

    Headline                                  optional: one short line opening the article, not
                                              ending with a full stop; it becomes the title
    Interview by NAME [and NAME] [for MAG]    optional byline: names the interviewer(s); also "By ...",
    [, DATE]                                  "Published in MAG, DATE" on a line of its own
    Caption                                   a figure: the caption, then its alt text (the capture
    Alt text                                  prints both, often the same words), then optionally
    Photo: CREDIT                             a credit line ("Photo: …", "Photograph by …", "© …")
    Introduction paragraph(s)
    NAME: the first question                  speaker labels: a full name in any case ("BONG JOON-HO",
    NAME: the first answer                    "Ana de la Cruz"), later a surname or initials ("Bong",
    Answer paragraph(s)                       "BJH"), or Q:/A: with the people named by the byline
    A question?                               or introduction ("director NAME", "an interview with
    Answer paragraph(s)                       NAME", "we met NAME", "NAME talks about", "NAME spoke
                                              with NAME")

"Q:"/"A:" may be written as other magazines print them: "Q :"/"R :", "Question :"/"Réponse :",
"Frage:"/"Antwort:", "F:"/"A:", "P:"/"R:", "D:"/"R:", in any case; the byline too ("Entretien par",
"Propos recueillis par", "Interview von"). A label in bold, as Markdown exports print it
("**Name:** words"), is a label. A label alone on its line ("JOHN WOO:") names the speaker of the
paragraph under it; with no paragraph under it, it is reported. Zero-width spaces and other invisible
format characters are taken out of labels, bylines and the headline (not out of the words spoken).

Who speaks: the byline's people are the interviewers (without a byline, the first person labelled);
everyone else labelled is a subject. "A:" is the subject the headline or introduction names with a cue
like those above, else the one other person they name at all: someone the catalogue knows, or a
capitalised name of two or more words ("Rithy Panh, again"). A question is whatever an interviewer
says, with or without "?". Unlabelled paragraphs continue the turn above them; in an article that does
not label every turn, an unlabelled paragraph that ends with "?" after an answer opens the next
question, and one after a question is the answer (a "?" inside an answer's paragraph stays in the
answer).

The film discussed is chosen from titles quoted or italicised in the headline, captions and
introduction: the first one the archive knows, else the one the headline names ("NAME on TITLE"), else
the first quoted words that are written as a title; "!" and "?" stay part of a title ("Lumière!").
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from filmarchive.ingest.errors import IngestError, Problems
from filmarchive.ingest.identity import FROM_REFERENCE, Film, Identities, Interview, Person
from filmarchive.ingest.names import (
    PARTICLES,
    identity_key,
    is_all_caps,
    split_names,
    titlecase_name,
    without_format_characters,
)
from filmarchive.ingest.records import FigureRecord, InterviewRecord, TurnRecord
from filmarchive.ingest.shapes.base import Contributions, Document, KnownPerson, Shape
from filmarchive.ingest.text import Block, Line, NotADate, Paragraph, blocks, joined, parse_date

# "Sheerly Avni: How did ..." -- a label of up to 50 characters, a colon, the words spoken.
LABEL = re.compile(r"^(?P<label>[^\s:：][^:：?!\"“”]{0,49}?)\s*[:：]\s*(?P<words>\S.*)?$", re.DOTALL)
# "**Sheerly Avni:** How did ..." or "**Sheerly Avni**: How did ...", as Markdown exports print a label.
BOLD_LABEL = re.compile(
    r"^\*\*(?P<label>[^*:：]{1,50}?)\s*(?:[:：]\s*\*\*|\*\*\s*[:：])(?P<words>.*)$", re.DOTALL
)
# "Q:"/"A:" and what other languages print for them (French "Q :"/"R :", German "F:"/"A:" and
# "Frage:"/"Antwort:", Spanish "P:"/"R:", Italian "D:"/"R:"), by identity key: in any case.
QUESTION_LABELS = frozenset({"q", "question", "f", "frage", "p", "pregunta", "d", "domanda"})
ABBREVIATIONS = frozenset({"Jr.", "Sr.", "Dr.", "St.", "Mr.", "Ms.", "Mrs."})
ANSWER_LABELS = frozenset({"a", "answer", "r", "reponse", "antwort", "respuesta", "risposta"})
# Labels that are not people: "Note: this interview has been edited."
NOT_SPEAKERS = frozenset(
    {
        *("note", "notes", "editor's note", "update", "correction", "warning", "spoilers", "synopsis"),
        *("photo", "photograph", "image", "credit", "source", "director", "cast", "starring"),
    }
)
QUOTED = re.compile(
    r"[\"“](?P<a>[^\"“”\n]+?)[\"”]|‘(?P<b>[^‘’\n]+?)’|«\s*(?P<c>[^«»\n]+?)\s*»"
    r"|(?<![\w*])\*(?P<d>[^*\n]+?)\*(?![\w*])|(?<![\w_])_(?P<e>[^_\n]+?)_(?![\w_])"
)
YEAR_AFTER = re.compile(r"^\s*\((?P<year>1[89]\d\d|20\d\d)\)")
CREDIT_LINE = re.compile(
    r"^(?:(?:Photo(?:graph)?s?|Image|Still|Picture|Illustration|Photo credit|Credit)\s*(?:by\s+|[:：]\s*)"
    r"|©\s*|Courtesy(?:\s+of)?\s+)\S",
    re.IGNORECASE,
)
INLINE_CREDIT = re.compile(
    r"^(?P<caption>.*\S)\s+\(?(?P<credit>(?:Photo(?:graph)?|Image|Still|Credit)\s*(?:by\s+|:\s*)[^()]+?"
    r"|©\s*[^()]+?)\)?$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:(?:Interview(?:ed)?|Conversation|Questions|Words|Text|Interview and photos?)\s+by|By"
    r"|Entretien(?:\s+réalisé)?\s+par|Propos\s+recueillis\s+par|Interview\s+von|Gespräch(?:\s+geführt)?\s+von)"
    r"\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
PUBLISHED = re.compile(
    r"^(?:First\s+)?(?:Published|Appeared|Originally published)\b\s*(?P<rest>.*)$", re.IGNORECASE
)
SUBJECT_CUE = re.compile(
    r"\b(?:interview(?:ed|s)?|conversations?|talk(?:ed|s|ing)?|spoke|speaks|spoken|sat down|sits down"
    r"|chat(?:ted|s)?|met|meets?|meeting|caught up|catch(?:es)? up|visit(?:ed|s)?)\s+(?:with|to)\s+",
    re.IGNORECASE,
)
# "We met Agnès Varda on the beach": the cue's object is the subject (a full name: "we met Tuesday").
SUBJECT_OBJECT_CUE = re.compile(
    r"\b(?:met|meets?|meeting|interview(?:ed|s|ing)?|visit(?:ed|s|ing)?|joined|joins|asked|asks|ask)\s+",
    re.IGNORECASE,
)
# "Rithy Panh talks about clay": the name before the cue is the subject, unless the cue goes on to
# name someone else ("Lena Park talked to Rithy Panh": then that one is).
SUBJECT_BEFORE_CUE = re.compile(
    r"\s+(?:talk(?:s|ed)|speaks|spoke|reflects|reflected|looks back|looked back|discusses|discussed"
    r"|explains|explained|opens up|opened up|remembers|remembered|recalls|recalled|tells|told)\b"
    r"(?P<to>\s+(?:with|to)\s+)?",
    re.IGNORECASE,
)
ROLE_CUE = re.compile(
    r"\b(?:film-?maker|director|writer-director|documentarian|documentary-maker|actor|actress|auteur"
    r"|screenwriter|cinematographer|producer|composer|animator|artist|photographer)\s+",
    re.IGNORECASE,
)
INTERVIEWER_CUE = re.compile(r"\s+(?:spoke|talked|sat down|talks|speaks)\s+(?:with|to)\s+")
# Capitalised words that open a sentence before a name rather than belong to it, and words that make a
# run of capitalised words a place or an institution rather than a person ("Cannes Film Festival");
# after "in", "at" or "the" such a run is a place or a thing too ("in Phnom Penh", "the Golden Bear").
NOT_NAME_OPENERS = frozenset(
    {
        *("yesterday", "today", "tonight", "last", "this", "that", "when", "after", "before", "since"),
        *("in", "on", "at", "for", "with", "from", "as", "here", "there", "then", "now", "we", "i", "our"),
        *("my", "his", "her", "their", "the", "a", "an", "it", "but", "and", "so", "while", "during"),
        *("although", "though", "once", "if", "every", "meet", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may"),
        *("june", "july", "august", "september", "october", "november", "december"),
    }
)
NOT_NAME_WORDS = frozenset(
    {
        *("festival", "film", "films", "cinema", "cinémathèque", "museum", "university", "institute"),
        *("school", "theatre", "theater", "studio", "studios", "pictures", "award", "awards", "prize"),
        *("academy", "review", "magazine", "times", "street", "city", "hotel", "bear", "lion", "palme"),
        *("centre", "center", "society", "foundation", "gallery", "club", "company", "records", "press"),
    }
)
PLACE_BEFORE = frozenset({"in", "at", "from", "near", "across", "around", "outside", "inside", "into", "the"})
HEADLINE_ON = re.compile(r"^(?P<name>.+?)\s+on\s+(?P<title>.+)$")
SMALL_WORDS = frozenset(
    {
        *("a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with"),
        *("from", "as", "into", "over", "under", "about", "de", "la", "le", "les", "du", "des", "del"),
        *("di", "da", "und", "der", "die", "das"),
    }
)
MAX_HEADLINE = 120
MAX_CAPTION = 300


@dataclass(frozen=True, slots=True)
class ParsedFigure:
    caption: str
    alt_text: str
    first_line: int
    last_line: int
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person the article names: a label, a byline, or the introduction's "director NAME"."""

    name: str
    line: int
    derived: bool = False  # title-cased from a label in capitals


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    kind: str  # "question" or "answer"
    speaker: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def first_line(self) -> int:
        return self.paragraphs[0].first_line

    @property
    def last_line(self) -> int:
        return self.paragraphs[-1].last_line


@dataclass(frozen=True, slots=True)
class TitleCandidate:
    """Words that may be the title of the film discussed."""

    title: str  # as written, inside the quotes
    line: int
    where: str  # "headline", "caption" or "introduction"
    year: int | None = None
    quoted: bool = True

    @property
    def trimmed(self) -> str:
        """Without the full stop or comma American style puts inside quotes; "!" and "?" stay."""
        title = without_format_characters(self.title).strip()
        return title.rstrip(",.;:").strip() or title


@dataclass(frozen=True, slots=True)
class InterviewArticle:
    interviewers: tuple[Speaker, ...]
    subjects: tuple[Speaker, ...]
    titles: tuple[TitleCandidate, ...]  # the film's candidates, in the order they are weighed
    introduction: tuple[Paragraph, ...]
    figures: tuple[ParsedFigure, ...]
    turns: tuple[ParsedTurn, ...]
    last_line: int
    headline: str | None = None
    headline_line: int | None = None
    published_in: str = ""
    published_on: datetime.date | None = None

    @property
    def interviewer(self) -> str:
        return self.interviewers[0].name


# Reading names in running text -------------------------------------------------------------------


def _strip_word(word: str) -> tuple[str, bool]:
    """A word without trailing punctuation or a possessive; True if something ended the name there."""
    core = word
    for ending in ("’s", "'s", "’", "'"):
        if core.endswith(ending) and len(core) > len(ending):
            return core[: -len(ending)], True
    stripped = core.rstrip(',.;:!?)]"”')
    return stripped, stripped != core


def _is_name_word(word: str) -> bool:
    if not word:
        return False
    first = word[0]
    if first.isupper():
        return all(c.isalpha() or c in "-'’." for c in word) and any(c.isalpha() for c in word)
    return all(c.isalpha() for c in word) and first.lower() == first.upper()  # a script without case


def take_name(text: str, *, at_least: int = 1) -> str | None:
    """The name that opens ``text``: capitalised words and particles ("Ana de la Cruz"), or None."""
    taken: list[str] = []
    for index, raw in enumerate(text.split()[:7]):
        if raw.startswith(("(", "[")):
            break  # "Bong Joon-ho (봉준호)": what the brackets give is another name
        word, ends = _strip_word(raw.lstrip('"“‘') if index == 0 else raw)
        if word.lower() in PARTICLES and taken and not ends:
            taken.append(word.lower() if word.islower() else word)
            continue
        if not _is_name_word(word):
            break
        taken.append(word)
        if ends or len(taken) == 5:
            break
    while taken and taken[-1].lower() in PARTICLES:
        taken.pop()
    significant = [w for w in taken if w.lower() not in PARTICLES]
    if not significant:
        return None
    if len(significant) < at_least and all(w[0].isupper() for w in significant):
        return None
    return " ".join(taken)


def _unbolded(text: str) -> str:
    """A line opening with a bold label ("**Name:** words") as a plain one ("Name: words")."""
    bold = BOLD_LABEL.match(text)
    return f"{bold['label']}:{bold['words']}" if bold else text


def _asks(label: str) -> bool:
    return identity_key(label) in QUESTION_LABELS


def _answers(label: str) -> bool:
    return identity_key(label) in ANSWER_LABELS


def _label_like(label: str) -> bool:
    """Whether the words before a colon could be a speaker's name, surname or initials."""
    if _asks(label) or _answers(label):
        return True
    words = label.split()
    if not 1 <= len(words) <= 5 or {identity_key(label), identity_key(words[-1])} & NOT_SPEAKERS:
        return False
    significant = 0
    for word in words:
        if word.lower() in PARTICLES:
            continue
        if not _is_name_word(word):
            return False
        if word.endswith(".") and len(word.rstrip(".")) > 2 and word not in ABBREVIATIONS:
            return False  # a sentence ends here ("Rithy Panh. Photo: ..."): not a name
        significant += 1
    return significant > 0


def _initials(name: str) -> set[str]:
    words = name.split()
    by_space = "".join(w[0] for w in words if w.lower() not in PARTICLES)
    by_part = "".join(p[0] for p in re.split(r"[\s-]+", name) if p and p.lower() not in PARTICLES)
    return {identity_key(by_space), identity_key(by_part)} - {""}


def _short_forms(name: str) -> set[str]:
    """How an article may label someone after naming them in full: surname, given name, initials."""
    words = name.split()
    forms = {identity_key(words[-1]), identity_key(words[0])}
    for index, word in enumerate(words[1:], start=1):
        if word.lower() in PARTICLES:
            forms.add(identity_key(" ".join(words[index:])))
            break
    if len(words) > 1:
        forms |= _initials(name)
    return forms


def _title_like(title: str) -> bool:
    """Words written as a title: the first capitalised, and every other word but small ones too."""
    words = [w.strip("\"“”‘’'.,;:()") for w in title.split()]
    words = [w for w in words if w]
    if not words or not (words[0][0].isupper() or words[0][0].isdigit() or not words[0][0].isalpha()):
        return False
    return all(
        w.lower() in SMALL_WORDS or not w[0].isalpha() or w[0].isupper() or w[0].lower() == w[0].upper()
        for w in words[1:]
    )


def _candidates(text: str, line: int, where: str) -> Iterator[TitleCandidate]:
    for match in QUOTED.finditer(text):
        title = next(group for group in match.groups() if group is not None)
        after = YEAR_AFTER.match(text[match.end() :])
        yield TitleCandidate(title.strip(), line, where, int(after["year"]) if after else None)


# The parser -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One block, classified."""

    block: Block
    kind: str  # "figure", "headline", "byline", "published", "text"
    figure: ParsedFigure | None = None
    label: str | None = None  # the words before the colon, if they could be a speaker
    words: tuple[Line, ...] = ()  # the block's lines with the label taken off
    speaker: Speaker | None = None  # whom the label names, once resolved
    role: str = ""  # "question" or "answer" for a labelled turn


@dataclass(slots=True)
class _People:
    """The people an article names, by key, for telling who a label means."""

    named: list[Speaker] = field(default_factory=list)

    def add(self, speaker: Speaker) -> Speaker:
        known = self.by_key(identity_key(speaker.name))
        if known is not None:
            return known
        self.named.append(speaker)
        return speaker

    def by_key(self, key: str) -> Speaker | None:
        return next((s for s in self.named if identity_key(s.name) == key), None)


class _Parser:
    def __init__(self, text: str, path: str, known_person: Callable[[str], bool] | None = None) -> None:
        self.text = text
        self.path = path
        self.known_person = known_person or (lambda name: False)
        self.opening: list[tuple[int, str]] = []  # the headline's and introduction's text, by line
        self.parts = blocks(text)
        self.problems = Problems()
        self.people = _People()
        self.interviewers: list[Speaker] = []
        self.headline: _Item | None = None
        self.published_in = ""
        self.published_on: datetime.date | None = None
        self.conversation_started = False

    def problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def parse(self) -> InterviewArticle:
        items = self._bare_labels([self._classify(index, block) for index, block in enumerate(self.parts)])
        first_label = next((i for i, item in enumerate(items) if item.label is not None), len(items))
        before = [item for item in items[:first_label] if item.kind == "text"]
        subjects = self._people_named(items, before)
        self._resolve_labels(items, subjects)

        labelled = [item for item in items if item.speaker is not None]
        if not labelled:
            self.problems.raise_if_any()  # a label that could not be resolved says why better
            raise IngestError(
                self.path,
                self.parts[0].first_line,
                "no paragraph opens with a speaker label ('Name: ...', or 'Q:' and 'A:', 'Q :' and 'R :', "
                "'Frage:' and 'Antwort:'), so the interviewer, the subject and the questions cannot be "
                "told apart; the first question and the first answer should open with the speaker's name "
                "and a colon",
            )
        speakers = [item.speaker for item in labelled if item.speaker is not None]
        if not self.interviewers:
            self.interviewers.append(speakers[0])
        interviewer_keys = {identity_key(s.name) for s in self.interviewers}
        for item, speaker in zip(labelled, speakers, strict=True):
            if not item.role:
                item.role = "question" if identity_key(speaker.name) in interviewer_keys else "answer"
        if self._headline_with_a_colon(items, labelled[0]):
            labelled = labelled[1:]

        questions = sum(1 for item in labelled if item.role == "question")
        answers = len(labelled) - questions
        qa_style = any(_asks(item.label) or _answers(item.label) for item in labelled if item.label)
        every_turn_labelled = qa_style or (questions >= 3 and answers >= 3)
        figures, introduction, turns = self._conversation(items, every_turn_labelled, subjects)

        speaking = [t.speaker for t in turns if t.kind == "answer"]
        answered = list(dict.fromkeys(speaking))
        if not answered:
            self.problems.raise_if_any()  # e.g. "A:" with nobody named to answer: that says what to write
            first = turns[0] if turns else None
            raise IngestError(
                self.path,
                first.first_line if first else self.parts[0].first_line,
                f"only {self.interviewers[0].name} speaks: no answer opens with a speaker label; open the "
                "first answer with the subject's name and a colon",
            )
        by_name = {s.name: s for s in self.people.named}
        self.problems.raise_if_any()
        return InterviewArticle(
            interviewers=tuple(self.interviewers),
            subjects=tuple(by_name[name] for name in answered),
            titles=tuple(self._titles(items, figures, introduction)),
            introduction=tuple(introduction),
            figures=tuple(figures),
            turns=tuple(turns),
            last_line=self.parts[-1].last_line,
            headline=without_format_characters(self.headline.block.text) if self.headline else None,
            headline_line=self.headline.block.first_line if self.headline else None,
            published_in=self.published_in,
            published_on=self.published_on,
        )

    # Classifying blocks --------------------------------------------------------------------------

    def _classify(self, index: int, block: Block) -> _Item:
        if self._byline(block) or self._published(block):
            return _Item(block, "byline")
        first, *others = block.lines
        if len(others) == 1 and others[0].text == first.text:
            # A caption and its alt text, the same words twice as captures print them: a figure even
            # when it opens with a name and a colon ("Agnès Varda: a portrait"), never a speaker's turn.
            return _Item(block, "figure", figure=_figure(block))
        label = LABEL.match(_unbolded(block.lines[0].text))
        if label and _label_like(name := _unescaped(label["label"])):
            words = label["words"] or ""
            lines = ((Line(block.first_line, words),) if words else ()) + block.lines[1:]
            self.conversation_started = True
            if lines:
                return _Item(block, "text", label=name, words=lines)
            return _Item(block, "bare label", label=name)
        figure = _figure(block)
        if figure is not None:
            return _Item(block, "figure", figure=figure)
        if self.headline is None and self._could_be_headline(index, block):
            self.headline = _Item(block, "headline")
            return self.headline
        return _Item(block, "text", words=block.lines)

    def _bare_labels(self, items: list[_Item]) -> list[_Item]:
        """A label alone on its line ("JOHN WOO:") names who speaks the paragraph under it."""
        kept: list[_Item] = []
        for index, item in enumerate(items):
            if item.kind != "bare label":
                kept.append(item)
                continue
            following = items[index + 1] if index + 1 < len(items) else None
            if following is not None and following.kind == "text" and following.label is None:
                following.label = item.label
                continue
            self.problem(
                item.block.first_line,
                f"the label '{item.label}:' has no words after it; write what {item.label} says after "
                "the colon, or in the paragraph directly under the label",
            )
        return kept

    def _headline_with_a_colon(self, items: list[_Item], first: _Item) -> bool:
        """ "Rithy Panh: the missing picture" opening the article, before any question, is its headline.

        Only when a byline names the interviewers can the build tell: the words are then an "answer"
        nobody asked for.
        """
        opening = next((item for item in items if item.kind != "figure"), None)
        text = first.block.text
        if (
            first is not opening
            or self.headline is not None
            or first.role != "answer"
            or len(first.block.lines) != 1
            or len(text) > MAX_HEADLINE
            or text.endswith((".", ":", ",", ";", "…"))
        ):
            return False
        first.kind, first.label, first.speaker, first.role = "headline", None, None, ""
        self.headline = first
        return True

    def _could_be_headline(self, index: int, block: Block) -> bool:
        earlier = self.parts[:index]
        if any(_figure(b) is None and not self._is_meta(b) for b in earlier):
            return False  # the headline opens the article
        text = block.text
        return (
            len(block.lines) == 1
            and index < len(self.parts) - 1
            and len(text) <= MAX_HEADLINE
            and not text.endswith((".", ":", ",", ";", "…"))
            and any(c.isalpha() for c in text)
        )

    def _is_meta(self, block: Block) -> bool:
        return BYLINE.match(block.text) is not None or PUBLISHED.match(block.text) is not None

    def _byline(self, block: Block) -> bool:
        if len(block.lines) > 2:
            return False
        match = BYLINE.match(block.lines[0].text)
        if match is None:
            return False
        rest = _unescaped(match["rest"]).rstrip(".")
        # "Interview by A and B · Sight and Sound", "... — 12 March 2020", "... by A. Published in ..."
        # (a full stop after a word, not after an initial, ends the names).
        pieces = re.split(r"\s*[·|]\s*|\s+[—–]\s+|(?<=[^\W\d]{2})\.\s+", rest)
        head, tail = pieces[0], pieces[1:] + [line.text for line in block.lines[1:]]
        found = re.match(r"^(?P<names>.+?)\s+(?:for|in)\s+(?P<pub>\S.*)$", head)
        if found:
            head, tail = found["names"], [found["pub"], *tail]
        names: list[str] = []
        date: datetime.date | None = None
        for part in split_names(head):
            try:
                as_date = parse_date(part)
            except NotADate:
                return False
            if as_date is not None:
                date = as_date
            elif take_name(part) == part:
                names.append(part)
            else:
                return False
        if not names:
            return False
        publication = ""
        for piece in tail:
            place, when = _publication(piece)
            publication = publication or place
            date = date or when
        for name in names:
            speaker = self.people.add(Speaker(name, block.first_line))
            if speaker not in self.interviewers:
                self.interviewers.append(speaker)
        self.published_in = self.published_in or publication
        self.published_on = self.published_on or date
        return True

    def _published(self, block: Block) -> bool:
        if len(block.lines) != 1:
            return False
        text = _unescaped(block.text)
        match = PUBLISHED.match(text)
        rest = match["rest"] if match else None
        if rest is None:
            if self.conversation_started:
                return False  # a date on its own line dates the article only above the conversation
            try:
                date = parse_date(text.rstrip("."))
            except NotADate:
                return False
            if date is None:
                return False
            self.published_on = self.published_on or date
            return True
        rest = re.sub(r"^(?:in|on)\s+", "", rest.strip()) if rest.strip().lower().startswith("in ") else rest
        place, when = _publication(rest.strip().removeprefix("on ").strip())
        if not place and not when:
            return False
        self.published_in = self.published_in or place
        self.published_on = self.published_on or when
        return True

    # Who is named, and who speaks --------------------------------------------------------------

    def _people_named(self, items: list[_Item], before: list[_Item]) -> list[Speaker]:
        """Subjects the headline and introduction name; interviewers they name ("NAME spoke with")."""
        subjects: list[Speaker] = []
        texts: list[tuple[int, str]] = []
        if self.headline is not None:
            headline = self.headline.block.text
            match = HEADLINE_ON.match(headline)
            if match and take_name(match["name"]) == match["name"]:
                subjects.append(self.people.add(Speaker(match["name"], self.headline.block.first_line)))
            texts.append((self.headline.block.first_line, headline))
        texts += [(item.block.first_line, item.block.text) for item in before]
        self.opening = texts
        for line, text in texts:
            for cue in INTERVIEWER_CUE.finditer(text):
                asker = _name_before(text[: cue.start()])
                subject = take_name(text[cue.end() :], at_least=2)
                if asker and subject:
                    speaker = self.people.add(Speaker(asker, line))
                    if not self.interviewers:
                        self.interviewers.append(speaker)
            named: list[str | None] = []
            for pattern, at_least in ((SUBJECT_CUE, 1), (SUBJECT_OBJECT_CUE, 2), (ROLE_CUE, 2)):
                named += [take_name(text[cue.end() :], at_least=at_least) for cue in pattern.finditer(text)]
            for cue in SUBJECT_BEFORE_CUE.finditer(text):
                if not (cue["to"] and take_name(text[cue.end() :])):  # "... spoke with Bong": the asker
                    named.append(_name_before(text[: cue.start()]))
            for name in named:
                if name and identity_key(name) not in {identity_key(s.name) for s in self.interviewers}:
                    speaker = self.people.add(self._prose_name(name, line))
                    if speaker not in subjects:
                        subjects.append(speaker)
        subjects.sort(key=lambda s: s.line)
        return subjects

    def _prose_name(self, name: str, line: int) -> Speaker:
        """A name the running text gives, written as a name if the text has it in capitals."""
        spelled, derived = self._spelled(name)
        return Speaker(spelled, line, derived)

    def _named_in_passing(self) -> list[Speaker]:
        """Everyone but the interviewers whom the headline and introduction name, with or without a cue.

        A name is someone the catalogue knows, or two or more capitalised words; quoted and italicised
        words are titles, not names.
        """
        asking = {identity_key(s.name) for s in self.interviewers}
        not_people = asking | {identity_key(self.published_in)}
        found: dict[str, Speaker] = {}
        for line, text in self.opening:
            for name in _names_in(QUOTED.sub(" | ", text), self.known_person):
                if identity_key(name) not in not_people:
                    found.setdefault(identity_key(name), self._prose_name(name, line))
        return list(found.values())

    def _answerer(self, subjects: list[Speaker], line: int, label: str) -> Speaker | None:
        """Who answers under "A:": the subject named with a cue, else the one person named at all."""
        keys = {identity_key(s.name) for s in self.interviewers}
        subject = next((s for s in subjects if identity_key(s.name) not in keys), None)
        if subject is not None:
            return subject
        named = self._named_in_passing()
        if len(named) == 1:
            subject = self.people.add(named[0])
            subjects.append(subject)
            return subject
        if named:
            names = " and ".join(s.name for s in named)
            self.problem(
                line,
                f"answers are labelled '{label}:' but the headline and introduction name {names}, and do not "
                "say which of them answers; write 'an interview with NAME' in the introduction, or label "
                "the first answer with the subject's name ('NAME: ...')",
            )
            return None
        self.problem(
            line,
            f"answers are labelled '{label}:' but neither the headline nor the introduction names who "
            "answers; name them there ('an interview with NAME', 'we met NAME', 'director NAME'), or label "
            "the first answer with the subject's name ('NAME: ...')",
        )
        return None

    def _resolve_labels(self, items: list[_Item], subjects: list[Speaker]) -> None:
        answerer: Speaker | None = None
        nobody_asks = nobody_answers = False
        for item in items:
            if item.label is None:
                continue
            line = item.block.first_line
            if _asks(item.label):
                if not self.interviewers:
                    if not nobody_asks:  # reported once, at the first "Q:"
                        self.problem(
                            line,
                            f"questions are labelled '{item.label}:' but the article does not say who asks: "
                            "add the byline as the magazine prints it ('Interview by NAME'), or label the "
                            "questions with the interviewer's name",
                        )
                    nobody_asks = True
                    item.label = None
                    continue
                item.speaker, item.role = self.interviewers[0], "question"
                continue
            if _answers(item.label):
                if answerer is None and not nobody_answers:
                    answerer = self._answerer(subjects, line, item.label)
                    nobody_answers = answerer is None  # reported once, at the first "A:"
                if answerer is None:
                    item.label = None
                    continue
                item.speaker, item.role = answerer, "answer"
                continue
            speaker = self._speaker(item.label, line)
            if speaker is None:
                item.label = None
                item.words = item.block.lines
            else:
                item.speaker = speaker

    def _speaker(self, label: str, line: int) -> Speaker | None:
        key = identity_key(label)
        known = self.people.by_key(key)
        if known is not None:
            return known
        compact = identity_key(re.sub(r"[\s.]", "", label))
        matches = [
            s for s in self.people.named if key in _short_forms(s.name) or compact in _initials(s.name)
        ]
        if len(matches) > 1:
            names = " or ".join(s.name for s in matches)
            self.problem(line, f"the label '{label}:' could be {names}; write the full name in this label")
            return matches[0]
        if matches:
            return matches[0]
        words = label.split()
        if len(words) < 2:
            if len(label.replace(".", "")) <= 3 and is_all_caps(label):
                self.problem(
                    line,
                    f"the label '{label}:' looks like initials, but nobody named earlier has them; write "
                    "the speaker's full name the first time they speak",
                )
            return None
        name, derived = self._spelled(label)
        return self.people.add(Speaker(name, line, derived))

    def _spelled(self, label: str) -> tuple[str, bool]:
        """A label as a name: as the article writes it elsewhere in mixed case, else title-cased."""
        if not is_all_caps(label):
            return label, False
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(re.escape(word) for word in label.split()) + r"(?!\w)", re.IGNORECASE
        )
        for match in pattern.finditer(self.text):
            if not is_all_caps(match[0]):
                return " ".join(match[0].split()), False
        return titlecase_name(label), True

    # The conversation ------------------------------------------------------------------------------

    def _conversation(
        self, items: list[_Item], every_turn_labelled: bool, subjects: list[Speaker]
    ) -> tuple[list[ParsedFigure], list[Paragraph], list[ParsedTurn]]:
        figures: list[ParsedFigure] = []
        introduction: list[Paragraph] = []
        turns: list[tuple[str, Speaker, list[Paragraph]]] = []
        for item in items:
            if item.kind == "figure" and item.figure is not None:
                figures.append(item.figure)
                continue
            if item.kind != "text":
                continue
            paragraph = Paragraph.of(item.words)
            if item.speaker is not None:
                turns.append((item.role, item.speaker, [paragraph]))
            elif not turns:
                introduction.append(paragraph)
            elif every_turn_labelled:
                turns[-1][2].append(paragraph)
            elif turns[-1][0] == "answer" and paragraph.text.endswith("?"):
                asker = next(
                    (s for kind, s, _ in reversed(turns) if kind == "question"), self.interviewers[0]
                )
                turns.append(("question", asker, [paragraph]))
            elif turns[-1][0] == "question":
                answerer = next((s for kind, s, _ in reversed(turns) if kind == "answer"), None)
                if answerer is None:
                    keys = {identity_key(s.name) for s in self.interviewers}
                    answerer = next((s for s in subjects if identity_key(s.name) not in keys), None)
                if answerer is None:
                    self.problem(
                        paragraph.first_line,
                        "an answer before any subject has been named: the first answer should open "
                        "with the subject's name and a colon ('Name: ...')",
                    )
                    continue
                turns.append(("answer", answerer, [paragraph]))
            else:
                turns[-1][2].append(paragraph)
        return (
            figures,
            introduction,
            [ParsedTurn(kind, speaker.name, tuple(paragraphs)) for kind, speaker, paragraphs in turns],
        )

    def _titles(
        self, items: list[_Item], figures: list[ParsedFigure], introduction: list[Paragraph]
    ) -> list[TitleCandidate]:
        found: list[TitleCandidate] = []
        if self.headline is not None:
            line, text = self.headline.block.first_line, self.headline.block.text
            found += _candidates(text, line, "headline")
            match = HEADLINE_ON.match(text)
            if match and take_name(match["name"]) == match["name"]:
                title = match["title"].strip()
                quoted = QUOTED.fullmatch(title)
                if quoted is None:
                    found.append(TitleCandidate(title, line, "headline", quoted=False))
            found.append(TitleCandidate(text, line, "headline", quoted=False))
        texts = [(f.first_line, "caption", f.caption) for f in figures]
        texts += [(p.first_line, "introduction", p.text) for p in introduction]
        for line, where, text in sorted(texts):
            found += _candidates(text, line, where)
        return found


def _name_before(text: str) -> str | None:
    """The name that ends ``text`` ("... Sheerly Avni"), or None."""
    words = text.split()[-5:]
    for start in range(len(words)):
        candidate = " ".join(words[start:])
        if take_name(candidate, at_least=2) == candidate:
            return candidate
    return None


def _names_in(text: str, known_person: Callable[[str], bool]) -> Iterator[str]:
    """The people running text names: runs of name words that the catalogue knows (or that end in a
    name it knows), or of two or more capitalised words that read as a person's name."""
    words = text.split()
    index = 0
    while index < len(words):
        name = take_name(" ".join(words[index : index + 7]))
        if name is None:
            index += 1
            continue
        parts = name.split()
        before = _strip_word(words[index - 1])[0].lower() if index else ""
        index += len(parts)
        while parts and parts[0].lower() in NOT_NAME_OPENERS:
            parts = parts[1:]  # "Yesterday Agnès Varda", "On Tuesday ..."
        endings = [" ".join(parts[start:]) for start in range(len(parts))]
        known = next((ending for ending in endings if known_person(ending)), None)
        if known is not None:
            yield known
        elif (
            sum(1 for w in parts if w.lower() not in PARTICLES and w[:1].isupper()) >= 2
            and before not in PLACE_BEFORE
            and not {_strip_word(w)[0].lower() for w in parts} & NOT_NAME_WORDS
        ):
            yield " ".join(parts)


def _publication(text: str) -> tuple[str, datetime.date | None]:
    """'Sight and Sound, 12 March 2020' -> ('Sight and Sound', date); a bare date -> ('', date)."""
    text = re.sub(
        r"^(?:(?:First|Originally)\s+)?(?:Published|Appeared)(?:\s+(?:in|on))?\s+",
        "",
        text.strip(),
        flags=re.I,
    ).rstrip(".")
    try:
        date = parse_date(text)
    except NotADate:
        date = None
    if date is not None:
        return "", date
    for separator in (",", " on ", " · "):
        place, found, when = text.rpartition(separator)
        if found:
            try:
                date = parse_date(when)
            except NotADate:
                date = None
            if date is not None:
                return place.strip(), date
    return text, None


def _unescaped(text: str) -> str:
    """A speaker's label, a byline or a dateline as the page shows it: HTML entities a capture left
    in ("&amp;", "&#8217;") read and invisible format characters taken out. The words spoken stay as
    the document has them."""
    return without_format_characters(html.unescape(text)).strip()


def _figure(block: Block) -> ParsedFigure | None:
    """A caption with its alt text and credit line, or None if the block is running text."""
    lines = [line.text for line in block.lines]
    if len(lines) == 2 and lines[0] == lines[1]:
        return ParsedFigure(lines[0], lines[1], block.first_line, block.last_line)
    if any(len(text) > MAX_CAPTION for text in lines):
        return None
    label = LABEL.match(_unbolded(lines[0]))
    if label and _label_like(_unescaped(label["label"])) and not CREDIT_LINE.match(lines[0]):
        return None  # a labelled turn, not a caption
    credit = ""
    if len(lines) >= 2 and CREDIT_LINE.match(lines[-1]):
        credit, lines = lines[-1], lines[:-1]
    elif inline := INLINE_CREDIT.match(lines[-1]):
        # "... beside him. (Photo: Working Title Films)": the credit closes the caption's last line.
        credit, lines = inline["credit"], [*lines[:-1], inline["caption"]]
    if len(lines) == 1:
        return ParsedFigure(lines[0], lines[0], block.first_line, block.last_line, credit) if credit else None
    if len(lines) != 2:
        return None
    caption, alt_text = lines
    # Two different lines are a caption and its alt text unless they read as one wrapped sentence.
    if caption != alt_text and (caption.endswith((",", ";", ":", "-", "–", "—")) or alt_text[:1].islower()):
        return None
    return ParsedFigure(caption, alt_text, block.first_line, block.last_line, credit)


def parse_interview(
    text: str, path: object, known_person: Callable[[str], bool] | None = None
) -> InterviewArticle:
    """The interview in ``text``; ``IngestError`` with every problem found if it cannot be read.

    ``known_person`` says whether a name is someone the archive knows (the catalogue's people), so
    that a headline or introduction naming them tells who answers under "A:".
    """
    return _Parser(text, str(path), known_person).parse()


# The shape ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class InterviewClaims:
    interview: Interview
    speakers: dict[str, Person]
    film: Film | None


class InterviewShape(Shape[InterviewArticle, InterviewClaims]):
    kind = "interview"
    label = "Interview article"
    prefix = "interview-"

    def recognise(self, text: str) -> bool:
        labelled = 0
        for block in blocks(text):
            label = LABEL.match(_unbolded(block.lines[0].text))
            if label and label["words"] and _label_like(_unescaped(label["label"])):
                labelled += 1
        return labelled >= 2

    def parse(self, text: str, path: str, known_person: KnownPerson | None = None) -> InterviewArticle:
        return parse_interview(text, path, known_person)

    def identify(
        self, parsed: InterviewArticle, document: Document, identities: Identities
    ) -> InterviewClaims:
        speakers: dict[str, Person] = {}

        def person(speaker: Speaker) -> Person:
            if speaker.name not in speakers:
                speakers[speaker.name] = identities.person(
                    speaker.name, document.where(speaker.line), derived=speaker.derived
                )
            return speakers[speaker.name]

        interviewers = [person(s) for s in parsed.interviewers]
        subjects = [person(s) for s in parsed.subjects]
        film = self._film(parsed, document, identities, subjects)
        interview = identities.interview(
            document.where(1),
            headline=parsed.headline,
            interviewers=interviewers,
            subjects=subjects,
            film=film,
            published_in=parsed.published_in,
        )
        return InterviewClaims(interview, speakers, film)

    def _film(
        self, parsed: InterviewArticle, document: Document, identities: Identities, subjects: list[Person]
    ) -> Film | None:
        def claim(candidate: TitleCandidate, title: str) -> Film | None:
            return identities.film(
                title,
                document.where(candidate.line),
                year=candidate.year,
                people=subjects,
                source=FROM_REFERENCE,
            )

        for candidate in parsed.titles:
            written = without_format_characters(candidate.title).strip()
            for title in dict.fromkeys([written, candidate.trimmed]):
                known = identities.lookup_films(title)
                if candidate.year is not None:
                    known = [f for f in known if f.year in {None, candidate.year}]
                if known:
                    return claim(candidate, title)
        for candidate in parsed.titles:
            if (
                candidate.where == "headline"
                and (candidate.quoted or candidate.title != parsed.headline)
                and _title_like(candidate.trimmed)
            ):
                return claim(candidate, candidate.trimmed)
        for candidate in parsed.titles:
            if candidate.where != "headline" and _title_like(candidate.trimmed):
                return claim(candidate, candidate.trimmed)
        return None

    def contribute(
        self, parsed: InterviewArticle, claims: InterviewClaims, document: Document, out: Contributions
    ) -> None:
        interview = claims.interview
        out.records.interviews.append(
            InterviewRecord(
                slug=interview.slug,
                title=interview.title,
                title_is_editorial=interview.title_is_editorial,
                interviewers=tuple(p.slug for p in interview.interviewers),
                subjects=tuple(p.slug for p in interview.subjects),
                films=(claims.film.slug,) if claims.film else (),
                introduction=joined(parsed.introduction),
                published_in=parsed.published_in,
                published_on=parsed.published_on,
                provenance=document.provenance(1, parsed.last_line),
            )
        )
        for position, figure in enumerate(parsed.figures, start=1):
            out.records.figures.append(
                FigureRecord(
                    interview=interview.slug,
                    position=position,
                    caption=figure.caption,
                    alt_text=figure.alt_text,
                    credit=figure.credit,
                    provenance=document.provenance(figure.first_line, figure.last_line),
                )
            )
        for position, turn in enumerate(parsed.turns, start=1):
            out.records.turns.append(
                TurnRecord(
                    interview=interview.slug,
                    position=position,
                    kind=turn.kind,
                    speaker=claims.speakers[turn.speaker].slug,
                    body=joined(turn.paragraphs),
                    provenance=document.provenance(turn.first_line, turn.last_line),
                )
            )

    def prose(self, parsed: InterviewArticle) -> Iterator[Paragraph]:
        if parsed.headline and parsed.headline_line:
            yield Paragraph.single(parsed.headline_line, parsed.headline)
        yield from parsed.introduction
        for figure in parsed.figures:
            yield Paragraph.single(figure.first_line, figure.caption)
        for turn in parsed.turns:
            yield from turn.paragraphs

    def title(self, parsed: InterviewArticle, claims: InterviewClaims) -> str:
        return f"{claims.interview.title}: interview"


INTERVIEW = InterviewShape()
