"""The library: every content file loaded and checked once at start-up into frozen objects.

No Flask and no database here: editors' files in, a frozen library (or every problem) out.
"""

from dataclasses import dataclass
from pathlib import Path

from .case_study import CaseStudy, parse_case_study
from .checklists import Checklists, load_checklists
from .crisis import Crisis, load_crisis
from .problems import ContentError, Problems
from .vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Library:
    vocabulary: Vocabulary
    case_studies: tuple[CaseStudy, ...]  # library order (in_library_order)
    crisis: Crisis
    checklists: Checklists  # Start here's, by situation and age

    def get(self, slug: str) -> CaseStudy | None:
        return next((case for case in self.case_studies if case.slug == slug), None)


def find_problems(content_dir: Path) -> tuple[Problems, Library | None]:
    """Check every content file (case studies, vocabulary, crisis data).

    Returns every problem found, and the library when there are none."""
    problems = Problems()
    try:
        vocabulary = load_vocabulary(content_dir / "vocabulary.toml", problems)
    except ContentError:
        return problems, None
    case_dir = content_dir / "case-studies"
    files = sorted(case_dir.rglob("*.toml"))
    if not files:
        problems.add(case_dir, None, "no case studies found (*.toml)")
    seen: dict[str, Path] = {}
    case_studies = []
    for path in files:
        if path.stem in seen:
            problems.add(path, None, f"duplicate slug {path.stem!r}: also {seen[path.stem]}")
            continue
        seen[path.stem] = path
        case = parse_case_study(path, vocabulary, problems)
        if case:
            case_studies.append(case)
    for svg in sorted(case_dir.rglob("*.svg")):
        if not svg.with_suffix(".toml").exists():
            problems.add(svg, None, "drawing without a case study of the same name")
    _check_orders(case_studies, seen, problems)
    crisis = load_crisis(content_dir / "crisis", problems)
    checklists = load_checklists(content_dir / "start" / "checklists.toml", set(seen), problems)
    if crisis:
        _check_countries_named(case_studies, seen, crisis, problems)
    if problems:
        return problems, None
    return problems, Library(vocabulary, in_library_order(case_studies), crisis, checklists)


def in_library_order(case_studies: list[CaseStudy]) -> tuple[CaseStudy, ...]:
    """The cards a parent needs in the first hour lead, by their `order`; the rest follow,
    newest first: a family in crisis reads the first card, not the fifteenth."""
    leading = sorted((case for case in case_studies if case.order), key=lambda c: c.order)
    rest = sorted(
        (case for case in case_studies if not case.order),
        key=lambda case: (case.updated, case.slug),
        reverse=True,
    )
    return tuple(leading + rest)


def _check_countries_named(
    case_studies: list[CaseStudy], paths: dict[str, Path], crisis: Crisis, problems: Problems
) -> None:
    """A guide's steps name services of countries the crisis contacts list."""
    for case in case_studies:
        for code in case.elsewhere.steps_name if case.elsewhere else ():
            if code not in crisis.countries:
                problems.add(
                    paths[case.slug],
                    "for_other_countries.steps_name",
                    f"{code!r} is not a country of crisis/contacts.toml",
                )


def _check_orders(
    case_studies: list[CaseStudy], paths: dict[str, Path], problems: Problems
) -> None:
    """Two cards in one place would leave their order to chance."""
    holder: dict[int, str] = {}
    for case in case_studies:
        if case.order is None:
            continue
        if case.order in holder:
            problems.add(
                paths[case.slug],
                "order",
                f"position {case.order} is also {holder[case.order]}.toml's: give each its own",
            )
        holder.setdefault(case.order, case.slug)


def load_library(content_dir: Path) -> Library:
    """Load the library or raise ContentError naming every problem."""
    problems, library = find_problems(content_dir)
    if library is None:
        raise ContentError(problems)
    return library
