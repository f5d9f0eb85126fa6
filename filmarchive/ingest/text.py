"""Reading documents and cutting them into blocks of consecutive non-blank lines."""

from dataclasses import dataclass
from pathlib import Path

from filmarchive.ingest.errors import IngestError


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # from 1, as an editor counts them
    text: str  # with surrounding white space removed


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive non-blank lines: a paragraph, a heading, a caption pair, a bullet."""

    lines: tuple[Line, ...]

    @property
    def first_line(self):
        return self.lines[0].number

    @property
    def last_line(self):
        return self.lines[-1].number

    @property
    def text(self):
        return " ".join(line.text for line in self.lines)


def decode(data: bytes, path) -> str:
    """The document's text; an empty or non-UTF-8 file is an error naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise IngestError(path, 1, "the file is empty")
    return text


def read_document(path: Path) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    return data, decode(data, path)


def blocks(text: str) -> list[Block]:
    found, current = [], []
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
