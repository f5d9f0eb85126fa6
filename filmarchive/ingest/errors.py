"""Problems found in the documents or the catalogue, each with where it is and what to write instead.

A build collects every problem of every document before it stops (``Problems``), so that one run shows
all that needs fixing; ``IngestError`` carries them, the first one's place on ``path`` and ``line``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # the file as the message shows it
    line: int | None  # from 1; None when the problem is the file's as a whole
    message: str  # what is wrong, and what to write instead

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class IngestError(ValueError):
    """One or more problems that stop the build; ``str()`` gives one line per problem."""

    problems: tuple[Problem, ...]

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.problems = (Problem(str(path), line, message),)
        super().__init__(str(self))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> IngestError:
        found = tuple(problems)
        if not found:
            raise ValueError("an IngestError needs at least one problem")
        error = cls(found[0].path, found[0].line, found[0].message)
        error.problems = found
        error.args = (str(error),)
        return error

    @property
    def path(self) -> str:
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def message(self) -> str:
        return self.problems[0].message

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class Problems:
    """Collects problems in the order they are found, once each."""

    def __init__(self) -> None:
        self._found: dict[Problem, None] = {}

    def add(self, path: object, line: int | None, message: str) -> None:
        self._found.setdefault(Problem(str(path), line, message), None)

    def extend(self, error: IngestError) -> None:
        for problem in error.problems:
            self._found.setdefault(problem, None)

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._found)

    def raise_if_any(self) -> None:
        if self._found:
            raise IngestError.of(self._found)
