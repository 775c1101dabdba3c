"""Editing a copy of the content as a careless or hostile contributor would, and what the check
then finds."""

from pathlib import Path

from app.content import find_problems


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}: the test needs updating"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(content_dir: Path) -> list[str]:
    problems, library = find_problems(content_dir)
    assert library is None, "a broken file must not produce a library"
    return [str(problem) for problem in problems.found]
