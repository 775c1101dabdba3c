"""Collecting what is wrong with content files, so an editor sees every problem at once."""

from dataclasses import dataclass, field
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    path: Path
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.message}"


@dataclass
class Problems:
    """Problems found so far; loaders add to it instead of stopping at the first."""

    found: list[Problem] = field(default_factory=list)

    def add(self, path: Path, field_name: str | None, message: str) -> None:
        self.found.append(Problem(path, field_name, message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def __len__(self) -> int:
        return len(self.found)


class ContentError(click.ClickException):
    """Raised when content cannot be served; carries every problem found.

    A ClickException so that `flask run` prints the list and exits, without a stack trace.
    """

    def __init__(self, problems: Problems):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems.found)
        super().__init__(f"{len(problems)} problem(s) in the content:\n{lines}")
