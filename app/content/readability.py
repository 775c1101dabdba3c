"""Reading level, measured rather than guessed, against limits per language.

Where textstat has a formula made for the language, it is used: Flesch-Kincaid grade for
English, Fernández-Huerta for Spanish, Kandel-Moles (textstat's French Flesch) for French and
the Wiener Sachtextformel for German. Syllable counts outside English are approximate, so the
limits are set per language. Where textstat has no formula for the language (Arabic, Hindi,
Urdu, Portuguese, Indonesian, Filipino), the two things every readability formula is built on
are limited directly: the average words per sentence and letters per word, counted in the
language's own script and punctuation. TRANSLATING.md gives every limit to translators.
"""

import re
import unicodedata
from dataclasses import dataclass
from fnmatch import fnmatch

import textstat

from .case_study import CITATION, CaseStudy, texts
from .library import Library

# A sentence ends with . ! ? in Latin script, ۔ and ؟ in Urdu and Arabic, । in Hindi.
SENTENCE_END = re.compile(r"[.!?\u06d4\u061f\u0964]+(?=\s|$)")


def words_per_sentence(text: str) -> float:
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    return len(text.split()) / max(len(sentences), 1)


def letters_per_word(text: str) -> float:
    """Letters (with their vowel signs, which are part of a Devanagari or Arabic letter as
    read) per word; digits, punctuation and Latin-script names and addresses are left out."""
    words = [w for w in text.split() if not _is_kept_as_is(w)]
    letters = sum(1 for w in words for c in w if unicodedata.category(c)[0] == "L")
    return letters / max(len(words), 1)


def _is_kept_as_is(word: str) -> bool:
    return not any(unicodedata.category(c)[0] == "L" for c in word) or "." in word.strip(".")


# Measures of our own, for languages textstat has no formula for.
OWN_MEASURES = {"words_per_sentence": words_per_sentence, "letters_per_word": letters_per_word}


@dataclass(frozen=True)
class Limit:
    measure: str
    limit: float
    higher_is_easier: bool = False


# Easy-read kinds of text: the easy-read version of a case study, the crisis panel, a checklist.
EASY = ("plain", "crisis panel", "checklist")


def _for_kinds(kinds, *limits: Limit) -> dict:
    return {kind: limits for kind in kinds}


# locale -> kind of text -> the limits that text must stay within.
LIMITS: dict[str, dict[str, tuple[Limit, ...]]] = {
    "en": {
        "standard": (Limit("flesch_kincaid_grade", 9.0),),
        **_for_kinds(EASY, Limit("flesch_kincaid_grade", 6.0)),
    },
    "es": _for_kinds(("plain", "checklist"), Limit("fernandez_huerta", 80.0, True)),
    "fr": _for_kinds(EASY, Limit("flesch_reading_ease", 70.0, True)),
    "de": _for_kinds(EASY, Limit("wiener_sachtextformel", 7.0)),
}
# Sentence and word length where textstat has no formula for the language: see TRANSLATING.md.
LETTERS_PER_WORD = {"ar": 5.5, "ur": 4.5, "hi": 4.5, "pt": 5.5, "id": 6.5, "fil": 6.0}
for _locale, _letters in LETTERS_PER_WORD.items():
    LIMITS[_locale] = _for_kinds(
        EASY, Limit("words_per_sentence", 14.0), Limit("letters_per_word", _letters)
    )


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
    if measure in OWN_MEASURES:
        return OWN_MEASURES[measure](text)
    textstat.set_lang(locale)
    return float(getattr(textstat, measure)(text))


def untranslated(texts) -> bool:
    return any(getattr(text, "fallback", False) for text in texts)


def readings(locale: str, library: Library) -> list[Reading]:
    """Every limited measure for one locale's library; untranslated texts are not scored."""
    found = []

    def measure(name: str, kind: str, text: str) -> None:
        for rule in LIMITS.get(locale, {}).get(kind, ()) if text else ():
            found.append(
                Reading(
                    locale,
                    name,
                    kind,
                    rule.measure,
                    score(locale, rule.measure, text),
                    rule.limit,
                    rule.higher_is_easier,
                )
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
