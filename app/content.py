"""Case studies: loaded from content/case-studies/*.toml once at start-up into frozen objects."""

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .crisis import Crisis, load_crisis
from .fields import Fields
from .illustration import IllustrationError, inline_svg
from .problems import ContentError, Problems
from .vocabulary import FACETS, Vocabulary, load_vocabulary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Turn:
    speaker: str
    line: str


@dataclass(frozen=True)
class Solution:
    text: str
    link: str
    link_text: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    checked: datetime.date


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(frozen=True)
class PlainVersion:
    steps: tuple[str, ...]
    paragraphs: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]


@dataclass(frozen=True)
class CaseStudy:
    slug: str
    kind: str
    title: str
    summary: str
    published: datetime.date
    updated: datetime.date
    illustration_svg: str
    illustration_alt: str
    tags: dict[str, tuple[str, ...]]  # vocabulary table -> keys, for each facet
    takeaway_lead: str
    takeaway_points: tuple[str, ...]
    what_happened: tuple[str, ...]
    bigger_picture: tuple[str, ...]
    went_right: tuple[str, ...]
    right_move: tuple[str, ...]
    dialogue: tuple[Turn, ...]
    solutions: tuple[Solution, ...]
    sources: tuple[Source, ...]
    plain: PlainVersion

    def matches(self, chosen: dict[str, set[str]]) -> bool:
        """True when the case carries one of the chosen tags of every facet with a choice."""
        return all(not keys or keys & set(self.tags[table]) for table, keys in chosen.items())


@dataclass(frozen=True)
class Library:
    vocabulary: Vocabulary
    case_studies: tuple[CaseStudy, ...]  # newest first
    crisis: Crisis

    def get(self, slug: str) -> CaseStudy | None:
        return next((case for case in self.case_studies if case.slug == slug), None)


def _tags(fields: Fields, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    relevant = fields.table("relevant_to")
    tags = {}
    for table, _ in FACETS:
        keys = relevant.text_list(table)
        for key in keys:
            if key not in vocabulary.tables.get(table, {}):
                relevant.problem(table, f"unknown tag {key!r}: add it to vocabulary.toml first")
        tags[table] = keys
    relevant.check_no_unknown()
    return tags


def _illustration(path: Path, fields: Fields) -> tuple[str, str]:
    table = fields.table("illustration")
    alt = table.text("alt")
    table.check_no_unknown()
    svg_path = path.with_suffix(".svg")
    try:
        return inline_svg(svg_path.read_text(encoding="utf-8")), alt
    except FileNotFoundError:
        table.problem(None, f"missing drawing: expected {svg_path.name} beside the case study")
    except (OSError, UnicodeDecodeError, IllustrationError) as error:
        table.problem(None, f"{svg_path.name} {error}")
    return "", alt


def _dialogue(table: Fields, vocabulary: Vocabulary) -> tuple[Turn, ...]:
    turns = []
    for turn in table.tables("dialogue"):
        speaker, line = turn.text("speaker"), turn.text("line")
        if speaker and speaker not in vocabulary.tables.get("speakers", {}):
            turn.problem(
                "speaker", f"unknown speaker {speaker!r}: see [speakers] in vocabulary.toml"
            )
        turn.check_no_unknown()
        turns.append(Turn(speaker, line))
    return tuple(turns)


def _solutions(fields: Fields) -> tuple[Solution, ...]:
    solutions = []
    for step in fields.tables("solutions"):
        text, link = step.text("text"), step.url("link", required=False)
        link_text = step.text("link_text", required=bool(link))
        step.check_no_unknown()
        solutions.append(Solution(text, link, link_text))
    return tuple(solutions)


def _sources(fields: Fields) -> tuple[Source, ...]:
    sources = []
    for source in fields.tables("sources"):
        sources.append(
            Source(
                source.text("title"),
                source.text("publisher"),
                source.url("url"),
                source.date("checked"),
            )
        )
        source.check_no_unknown()
    return tuple(sources)


def _plain(fields: Fields) -> PlainVersion:
    plain = fields.table("plain")
    glossary = []
    for entry in plain.tables("glossary", required=False):
        glossary.append(GlossaryEntry(entry.text("term"), entry.text("meaning")))
        entry.check_no_unknown()
    version = PlainVersion(plain.text_list("steps"), plain.paragraphs("text"), tuple(glossary))
    plain.check_no_unknown()
    return version


def _check_citations(case: CaseStudy, fields: Fields) -> None:
    texts = [
        case.takeaway_lead,
        *case.takeaway_points,
        *case.what_happened,
        *case.bigger_picture,
        *case.went_right,
        *case.right_move,
        *(s.text for s in case.solutions),
        *case.plain.steps,
        *case.plain.paragraphs,
    ]
    for text in texts:
        for number in CITATION.findall(text):
            if not 1 <= int(number) <= len(case.sources):
                fields.problem(
                    None,
                    f"cites source [{number}] but there are "
                    f"{len(case.sources)} sources: {text[:60]!r}",
                )
    if not any(CITATION.search(text) for text in case.what_happened):
        fields.problem("what_happened", "no fact carries its source: cite one like [1]")


def parse_case_study(path: Path, vocabulary: Vocabulary, problems: Problems) -> CaseStudy | None:
    """Parse and check one file; return None when it has problems (they are recorded)."""
    found_before = len(problems)
    if not SLUG.match(path.stem):
        problems.add(path, None, "bad file name: use lowercase letters, digits and hyphens")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.add(path, None, f"cannot be read: {error}")
        return None
    fields = Fields(data, path, problems)
    kind = fields.text("kind")
    if kind and kind not in vocabulary.tables.get("kinds", {}):
        fields.problem("kind", f"unknown kind {kind!r}: see [kinds] in vocabulary.toml")
    svg, alt = _illustration(path, fields)
    takeaway = fields.table("takeaway")
    what = fields.table("what_happened")
    bigger = fields.table("bigger_picture")
    right_move = fields.table("right_move")
    case = CaseStudy(
        slug=path.stem,
        kind=kind,
        title=fields.text("title"),
        summary=fields.text("summary"),
        published=fields.date("published"),
        updated=fields.date("updated"),
        illustration_svg=svg,
        illustration_alt=alt,
        tags=_tags(fields, vocabulary),
        takeaway_lead=takeaway.text("lead"),
        takeaway_points=takeaway.text_list("points"),
        what_happened=what.paragraphs("text"),
        bigger_picture=bigger.paragraphs("text"),
        went_right=bigger.text_list("went_right"),
        right_move=right_move.paragraphs("text"),
        dialogue=_dialogue(right_move, vocabulary),
        solutions=_solutions(fields),
        sources=_sources(fields),
        plain=_plain(fields),
    )
    if case.published and case.updated and case.updated < case.published:
        fields.problem("updated", f"bad date: updated {case.updated} is before published")
    for table in (takeaway, what, bigger, right_move):
        table.check_no_unknown()
    fields.check_no_unknown()
    _check_citations(case, fields)
    return case if len(problems) == found_before else None


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
    crisis = load_crisis(content_dir / "crisis", problems)
    if problems:
        return problems, None
    newest_first = sorted(case_studies, key=lambda case: (case.updated, case.slug), reverse=True)
    return problems, Library(vocabulary, tuple(newest_first), crisis)


def load_library(content_dir: Path) -> Library:
    """Load the library or raise ContentError naming every problem."""
    problems, library = find_problems(content_dir)
    if library is None:
        raise ContentError(problems)
    return library
