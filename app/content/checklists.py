"""What "Start here" advises for each situation and age, from content/start/checklists.toml.

A checklist is the shared steps with a situation's own steps put in their place: a situation's
step replaces the shared steps of its kind, or adds a kind the shared steps lack. Every kind
has one place in STEP_ORDER, so however editors combine them, a checklist keeps the order
issue 21 fixed: the record is kept before anyone blocks, removal before the police report.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from .fields import Fields
from .files import read_toml
from .problems import Problems

# The only order a checklist's steps may come in.
STEP_ORDER = (
    "reassure",  # it is not their fault
    "stay-close",  # the crisis line
    "do-not-pay",  # nor send anything
    "keep-record",  # first: blocking can lose the chat and the account name
    "block-report",  # then block and report on the platform
    "payment",  # the bank or payment service, when money was sent
    "school",  # the school, when it happened there
    "remove",  # Take It Down or Report Remove under 18, StopNCII for adults
    "report",  # the police or the national reporting line
)
# The answers to "How old is your teen?", as the addresses write them.
AGES = ("under-18", "18-and-over")
ADULT = "18-and-over"


@dataclass(frozen=True)
class ChecklistStep:
    kind: str
    text: str
    adult: str  # the words for a son or daughter of 18 or over; "" when `text` serves both
    source: str
    adult_source: str  # where the adult words were checked; "" when `source` says them too
    checked: datetime.date

    def words(self, age: str) -> str:
        return self.adult if age == ADULT and self.adult else self.text

    def source_for(self, age: str) -> str:
        return self.adult_source if age == ADULT and self.adult_source else self.source


@dataclass(frozen=True)
class Situation:
    key: str  # its address: /start/<age>/<country>/<key>
    answer: str  # the answer to "What is happening?"
    answer_adult: str
    title: str
    title_adult: str
    lead: str
    lead_adult: str
    guide: str  # the slug of the case study that goes further
    guide_adult: str
    ages: tuple[str, ...]
    steps: tuple[ChecklistStep, ...]  # its own: replacing or adding to the shared ones

    def for_age(self, age: str) -> dict[str, str]:
        adult = age == ADULT
        return {
            "answer": adult and self.answer_adult or self.answer,
            "title": adult and self.title_adult or self.title,
            "lead": adult and self.lead_adult or self.lead,
            "guide": adult and self.guide_adult or self.guide,
        }


@dataclass(frozen=True)
class Checklists:
    shared: tuple[ChecklistStep, ...]
    situations: dict[str, Situation]  # in file order: the order of the answers

    def steps(self, situation: Situation) -> tuple[ChecklistStep, ...]:
        """The situation's checklist: the shared steps with its own in their places."""
        own_kinds = {step.kind for step in situation.steps}
        steps = [s for s in self.shared if s.kind not in own_kinds] + list(situation.steps)
        # sorted() keeps the file order of steps of one kind.
        return tuple(sorted(steps, key=lambda step: STEP_ORDER.index(step.kind)))

    def for_age(self, age: str) -> list[Situation]:
        return [s for s in self.situations.values() if age in s.ages]


def _step(fields: Fields) -> ChecklistStep:
    kind = fields.text("kind")
    if kind and kind not in STEP_ORDER:
        fields.problem("kind", f"unknown kind {kind!r}: one of {', '.join(STEP_ORDER)}")
    step = ChecklistStep(
        kind=kind,
        text=fields.text("text"),
        adult=fields.text("adult", required=False),
        source=fields.url("source"),
        adult_source=fields.url("adult_source", required=False),
        checked=fields.date("checked"),
    )
    if step.adult_source and not step.adult:
        fields.problem("adult_source", "a source for adult words that are not there: add `adult`")
    fields.check_no_unknown()
    return step


def _in_order(steps: list[ChecklistStep], fields: Fields, key: str) -> None:
    """Steps written out of order would read one way in the file and another on the page."""
    places = [STEP_ORDER.index(step.kind) for step in steps if step.kind in STEP_ORDER]
    if places != sorted(places):
        fields.problem(
            key, f"steps out of order: write them in this order: {', '.join(STEP_ORDER)}"
        )


def _situation(fields: Fields, guides: set[str]) -> Situation:
    key = fields.text("key")
    ages = fields.text_list("ages", required=False) or AGES
    for age in ages:
        if age not in AGES:
            fields.problem("ages", f"unknown age {age!r}: one of {', '.join(AGES)}")
    for field in ("guide", "guide_adult"):
        slug = fields.data.get(field)
        if isinstance(slug, str) and slug not in guides:
            fields.problem(field, f"no case study {slug!r} in content/case-studies/")
    steps = [_step(step) for step in fields.tables("steps", required=False)]
    _in_order(steps, fields, "steps")
    situation = Situation(
        key=key,
        answer=fields.text("answer"),
        answer_adult=fields.text("answer_adult", required=False),
        title=fields.text("title"),
        title_adult=fields.text("title_adult", required=False),
        lead=fields.text("lead"),
        lead_adult=fields.text("lead_adult", required=False),
        guide=fields.text("guide"),
        guide_adult=fields.text("guide_adult", required=False),
        ages=tuple(ages),
        steps=tuple(steps),
    )
    fields.check_no_unknown()
    return situation


def load_checklists(path: Path, guides: set[str], problems: Problems) -> Checklists | None:
    """Read the checklists; `guides` are the case studies' slugs they may link to."""
    found_before = len(problems)
    data = read_toml(path, problems)
    if data is None:
        return None
    fields = Fields(data, path, problems)
    shared = [_step(step) for step in fields.tables("steps")]
    _in_order(shared, fields, "steps")
    situations = {}
    for table in fields.tables("situations"):
        situation = _situation(table, guides)
        if situation.key in situations:
            table.problem("key", f"situation {situation.key!r} is written twice")
        situations[situation.key] = situation
    fields.check_no_unknown()
    if len(problems) > found_before:
        return None
    return Checklists(tuple(shared), situations)
