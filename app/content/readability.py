"""Reading level, measured with textstat rather than guessed, against limits per language.

Flesch-Kincaid grade for English (lower is easier); Fernández-Huerta for Spanish (higher is
easier). Syllable counts outside English are approximate, so the limits are set per language.
"""

from dataclasses import dataclass
from fnmatch import fnmatch

import textstat

from .case_study import CITATION, CaseStudy, texts
from .library import Library

# (locale, kind of text) -> (textstat measure, limit, True when higher is easier)
LIMITS = {
    ("en", "standard"): ("flesch_kincaid_grade", 9.0, False),
    ("en", "plain"): ("flesch_kincaid_grade", 6.0, False),
    ("en", "crisis panel"): ("flesch_kincaid_grade", 6.0, False),
    ("en", "checklist"): ("flesch_kincaid_grade", 6.0, False),
    ("es", "plain"): ("fernandez_huerta", 80.0, True),
    ("es", "checklist"): ("fernandez_huerta", 80.0, True),
}


@dataclass(frozen=True)
class Reading:
    locale: str
    name: str  # the case study's slug, "crisis", or a checklist's situation and age
    kind: str
    measure: str
    score: float
    limit: float
    higher_is_easier: bool

    @property
    def passes(self) -> bool:
        return self.score >= self.limit if self.higher_is_easier else self.score <= self.limit

    def __str__(self) -> str:
        sign = ">=" if self.higher_is_easier else "<="
        verdict = "ok" if self.passes else "TOO HARD"
        return (
            f"{self.locale} {self.name} ({self.kind}): {self.measure} {self.score:.1f} "
            f"(limit {sign} {self.limit:g}) {verdict}"
        )


def prose(parts) -> str:
    """Texts as one passage, without citation markers, each ending as a sentence."""
    sentences = (CITATION.sub("", text).strip() for text in parts if text)
    return " ".join(s if s.endswith((".", "!", "?", ":")) else s + "." for s in sentences)


# Labels, headings and the illustrative dialogue are not running prose: they are not scored.
NOT_PROSE = ("title", "illustration.alt", "right_move.dialogue", "solutions.*.link_text")


def is_prose(field: str) -> bool:
    return not any(
        fnmatch(field, pattern) or field.startswith(f"{pattern}.") for pattern in NOT_PROSE
    )


def standard_text(case: CaseStudy) -> str:
    return prose(
        text for field, text in texts(case) if is_prose(field) and not field.startswith("plain.")
    )


def plain_text(case: CaseStudy) -> str:
    return prose(
        text for field, text in texts(case) if field.startswith(("plain.steps", "plain.text"))
    )


def score(locale: str, measure: str, text: str) -> float:
    textstat.set_lang(locale)
    return float(getattr(textstat, measure)(text))


def untranslated(texts) -> bool:
    return any(getattr(text, "fallback", False) for text in texts)


def readings(locale: str, library: Library) -> list[Reading]:
    """Every limited measure for one locale's library; untranslated texts are not scored."""
    found = []

    def measure(name: str, kind: str, text: str) -> None:
        rule = LIMITS.get((locale, kind))
        if rule and text:
            method, limit, higher = rule
            found.append(
                Reading(locale, name, kind, method, score(locale, method, text), limit, higher)
            )

    for case in library.case_studies:
        measure(case.slug, "standard", standard_text(case))
        if not untranslated([*case.plain.steps, *case.plain.paragraphs]):
            measure(case.slug, "plain", plain_text(case))
    crisis = library.crisis
    if not untranslated([crisis.title, *(step.text for step in crisis.steps)]):
        measure("crisis", "crisis panel", prose(step.text for step in crisis.steps))
    checklists = library.checklists
    for situation in checklists.situations.values():
        for age in situation.ages:
            words = situation.for_age(age)
            shown = [words["lead"], *(step.words(age) for step in checklists.steps(situation))]
            if not untranslated(shown):
                measure(f"{situation.key} {age}", "checklist", prose(shown))
    return found
