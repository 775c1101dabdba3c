"""A case study: one editor's TOML file, parsed and checked into a frozen object."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .crisis import KINDS
from .fields import Fields
from .files import read_text, read_toml
from .illustration import MAX_BYTES as MAX_SVG_BYTES
from .illustration import IllustrationError, inline_svg
from .problems import Problems
from .vocabulary import FACETS, Vocabulary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[(\d+)\]")

# (field name, text) -> the text to keep: how every text of a case is visited
ChangeText = Callable[[str, str], str]


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
class ElsewhereServices:
    """The steps name one country's services (the US's CyberTipline, the UK's CEOP): a family
    in another country is shown its own services of the same kinds beside them."""

    steps_name: tuple[str, ...]  # the countries whose services the steps name
    kinds: tuple[str, ...]  # the kinds of service they are (crisis/contacts.toml KINDS)


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
    order: int | None  # a place among the cards leading the library, or None: after them
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
    elsewhere: ElsewhereServices | None
    sources: tuple[Source, ...]
    plain: PlainVersion


def map_texts(case: CaseStudy, change: ChangeText) -> CaseStudy:
    """The case with every text shown on a page passed through `change(field, text)`.

    The one list of a case study's texts: translation, the citation check and reading
    levels all go through it. Field names are stable: they are the translators' contexts."""

    def one(field: str, text: str) -> str:
        return change(field, text)

    def each(field: str, texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(one(f"{field}.{n}", text) for n, text in enumerate(texts, 1))

    def each_item(items: tuple, field: str, *names: str) -> tuple:
        return tuple(
            replace(
                item, **{name: one(f"{field}.{n}.{name}", getattr(item, name)) for name in names}
            )
            for n, item in enumerate(items, 1)
        )

    return replace(
        case,
        title=one("title", case.title),
        summary=one("summary", case.summary),
        illustration_alt=one("illustration.alt", case.illustration_alt),
        takeaway_lead=one("takeaway.lead", case.takeaway_lead),
        takeaway_points=each("takeaway.points", case.takeaway_points),
        what_happened=each("what_happened.text", case.what_happened),
        bigger_picture=each("bigger_picture.text", case.bigger_picture),
        went_right=each("bigger_picture.went_right", case.went_right),
        right_move=each("right_move.text", case.right_move),
        dialogue=tuple(
            replace(turn, line=one(f"right_move.dialogue.{n}", turn.line))
            for n, turn in enumerate(case.dialogue, 1)
        ),
        solutions=each_item(case.solutions, "solutions", "text", "link_text"),
        plain=replace(
            case.plain,
            steps=each("plain.steps", case.plain.steps),
            paragraphs=each("plain.text", case.plain.paragraphs),
            glossary=each_item(case.plain.glossary, "plain.glossary", "term", "meaning"),
        ),
    )


def recorded(visit: Callable[[ChangeText], object]) -> list[tuple[str, str]]:
    """Every non-empty (name, text) that `visit` passes through the function it is given."""
    found: list[tuple[str, str]] = []

    def record(name: str, text: str) -> str:
        if text:
            found.append((name, text))
        return text

    visit(record)
    return found


def texts(case: CaseStudy) -> list[tuple[str, str]]:
    """Every (field, text) of the case that a page shows, in page order."""
    return recorded(lambda record: map_texts(case, record))


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
    if not svg_path.exists() and not svg_path.is_symlink():
        table.problem(None, f"missing drawing: expected {svg_path.name} beside the case study")
        return "", alt
    # Read as every editor's file is (a regular file, a size limit, UTF-8), problems named.
    markup = read_text(svg_path, table.problems, max_bytes=MAX_SVG_BYTES)
    if markup is None:
        return "", alt
    try:
        return inline_svg(markup), alt
    except IllustrationError as error:
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


def _elsewhere(fields: Fields) -> ElsewhereServices | None:
    if "for_other_countries" not in fields.data:
        return None
    table = fields.table("for_other_countries")
    # The countries are checked against crisis/contacts.toml with it (library.py).
    named, kinds = table.text_list("steps_name"), table.text_list("kinds")
    for index, kind in enumerate(kinds, 1):
        if kind not in KINDS:
            table.problem(f"kinds[{index}]", f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    table.check_no_unknown()
    return ElsewhereServices(named, kinds)


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
    """Every text that renders [n] as a link must point at a source that exists."""
    for field, text in texts(case):
        for number in CITATION.findall(text):
            if not 1 <= int(number) <= len(case.sources):
                fields.problem(
                    field,
                    f"cites source [{number}] but there are {len(case.sources)} sources: "
                    f"{text[:60]!r}",
                )
    if not any(CITATION.search(text) for text in case.what_happened):
        fields.problem("what_happened", "no fact carries its source: cite one like [1]")


def parse_case_study(path: Path, vocabulary: Vocabulary, problems: Problems) -> CaseStudy | None:
    """Parse and check one file; return None when it has problems (they are recorded)."""
    found_before = len(problems)
    if not SLUG.match(path.stem):
        problems.add(path, None, "bad file name: use lowercase letters, digits and hyphens")
    data = read_toml(path, problems)
    if data is None:
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
        order=fields.position("order", required=False),
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
        elsewhere=_elsewhere(fields),
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
