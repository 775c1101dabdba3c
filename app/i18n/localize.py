"""The library in one locale: every content text through the `content` gettext catalogue.

Each paragraph, list item and dialogue line is one message, with the case study and field as
its context, so translators work in ordinary PO tools and never touch TOML. A text with no
current translation (missing, or marked fuzzy because its English source changed) stays in
English and is marked, so the page can say so and set lang="en" on it.
"""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from babel import Locale
from babel.support import Translations

from ..content import CaseStudy, Library
from ..content.case_study import map_texts, recorded
from ..content.checklists import Checklists
from ..content.crisis import Crisis
from ..content.vocabulary import Vocabulary
from .catalogs import CatalogProblem, has_translation, load_checked
from .locales import SOURCE_LOCALE

# (context, English text) -> the text to show
Translate = Callable[[str, str], str]


class Text(str):
    """A text to show, knowing whether it is the English fallback for a missing translation."""

    fallback: bool = False

    @classmethod
    def english(cls, text: str) -> "Text":
        shown = cls(text)
        shown.fallback = True
        return shown


def translator(translations: Translations, source_locale: bool) -> Translate:
    def translate(context: str, text: str) -> str:
        if not text or source_locale:
            return Text(text)
        if has_translation(translations, context, text):
            return Text(translations.upgettext(context, text))
        return Text.english(text)

    return translate


def each_item(items: tuple, context: str, translate: Translate, *fields: str) -> tuple:
    """Each item with the named fields translated; the n-th item's field `f` has the
    context `<context>.<n>.<f>`."""
    return tuple(
        replace(item, **{f: translate(f"{context}.{n}.{f}", getattr(item, f)) for f in fields})
        for n, item in enumerate(items, 1)
    )


def localize_case(case: CaseStudy, translate: Translate) -> CaseStudy:
    return map_texts(case, lambda field, text: translate(f"{case.slug}|{field}", text))


def localize_vocabulary(vocabulary: Vocabulary, translate: Translate) -> Vocabulary:
    return Vocabulary(
        {
            table: {
                key: translate(f"vocabulary|{table}.{key}", label) for key, label in entries.items()
            }
            for table, entries in vocabulary.tables.items()
        }
    )


def localize_crisis(crisis: Crisis, translate: Translate, locale: str) -> Crisis:
    # Country names come from CLDR, already translated into every language Babel knows. Opening
    # hours are not translated: they are data ("mon-fri 08:00-22:00") that the page words.
    # A contact's page in the reader's language replaces its English page where there is one.
    territories = Locale.parse(locale).territories
    countries = {
        code: replace(
            country,
            name=territories.get(code.upper()) or translate(f"crisis|{code}.name", country.name),
            emergency_note=translate(f"crisis|{code}.emergency_note", country.emergency_note),
            contacts=tuple(
                replace(contact, web=contact.web_in.get(locale, contact.web))
                for contact in each_item(
                    country.contacts, f"crisis|{code}", translate, "name", "purpose"
                )
            ),
        )
        for code, country in crisis.countries.items()
    }
    return replace(
        crisis,
        title=translate("crisis|title", crisis.title),
        steps=tuple(
            replace(step, text=translate(f"crisis|steps.{step.key}", step.text))
            for step in crisis.steps
        ),
        countries=countries,
    )


# A situation's words, in the order its page shows them.
SITUATION_TEXTS = ("answer", "answer_adult", "title", "title_adult", "lead", "lead_adult")


def localize_checklists(checklists: Checklists, translate: Translate) -> Checklists:
    situations = {
        key: replace(
            situation,
            **{
                f: translate(f"checklists|{key}.{f}", getattr(situation, f))
                for f in SITUATION_TEXTS
            },
            steps=each_item(situation.steps, f"checklists|{key}.steps", translate, "text", "adult"),
        )
        for key, situation in checklists.situations.items()
    }
    shared = each_item(checklists.shared, "checklists|steps", translate, "text", "adult")
    return Checklists(shared, situations)


def localize_library(library: Library, translate: Translate, locale: str) -> Library:
    return Library(
        vocabulary=localize_vocabulary(library.vocabulary, translate),
        case_studies=tuple(localize_case(case, translate) for case in library.case_studies),
        crisis=localize_crisis(library.crisis, translate, locale),
        checklists=localize_checklists(library.checklists, translate),
    )


def library_in(
    library: Library, translations_dir: Path, locale: str
) -> tuple[Library, list[CatalogProblem]]:
    """The library in one locale, from its checked content catalogue, and what was left out."""
    catalog, problems = load_checked(translations_dir, locale, "content")
    translate = translator(catalog, source_locale=locale == SOURCE_LOCALE)
    return localize_library(library, translate, locale), problems


def content_messages(library: Library) -> list[tuple[str, str]]:
    """Every (context, English text) of the content, in page order: the content template."""
    return recorded(lambda record: localize_library(library, record, SOURCE_LOCALE))
