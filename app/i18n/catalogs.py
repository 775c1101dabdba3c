"""Loading gettext catalogues once, after checking every translation in them.

Translators' files are input like any other: a translation whose placeholders differ from its
source would crash a page (a missing %(name)s) or drop a fact (a citation, a number), and one
that breaks formatting (a stray %) would crash every page that shows it, so it is left out,
the source string is shown instead, and the problem is reported by name. A compiled catalogue
that cannot be read at all is reported, and the caller skips that language rather than showing
English under its name.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations

from .facts import facts_problem, markup_problem
from .locales import SOURCE_LOCALE

# Python-format placeholders and the [n] source citations of content.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\[\d+\]")
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)")
# A %-conversion as Python reads one: %(name)s, %5.2f, % a, %%.
CONVERSION = re.compile(r"%(?:\(\w+\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")
CONTEXT_SEPARATOR = "\x04"

DOMAINS = ("messages", "content")
# Domains whose translations are %-formatted when shown (Jinja's newstyle gettext formats every
# interface string, with or without variables). Content texts are shown as they are.
FORMATTED_DOMAINS = ("messages",)
# Domains holding facts (phone numbers, amounts, addresses) a translation must keep. The
# interface's example addresses and numbers ("like name@example.com") may be localised.
FACTUAL_DOMAINS = ("content",)
# Enough numbers to meet every branch of any real plural rule (CLDR's use n % 100 at most).
PLURAL_PROBE = range(0, 1001)


def english_plural(n: int) -> int:
    return int(n != 1)


@dataclass(frozen=True)
class CatalogProblem:
    locale: str
    domain: str
    msgid: str
    message: str

    def __str__(self) -> str:
        where = f"translations/{self.locale} ({self.domain})"
        return f"{where}: {self.message}" + (f": {self.msgid[:70]!r}" if self.msgid else "")


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def placeholder_problem(source: str, translation: str, plural: bool = False) -> str | None:
    """Why a translation's placeholders cannot stand in for its source's, or None."""
    theirs, ours = placeholders(translation), placeholders(source)
    if plural:
        # A plural form may leave the number out ("one file"), but never invent a name.
        unknown = set(theirs) - set(ours)
        return f"unknown placeholders {sorted(unknown)}" if unknown else None
    if theirs != ours:
        found, expected = sorted(theirs.elements()), sorted(ours.elements())
        return f"placeholders {found} differ from the source's {expected}"
    return None


def conversions(text: str) -> Counter:
    """Every %-conversion in the text ("%%" is a literal percent sign, not one)."""
    return Counter(c for c in CONVERSION.findall(text) if c != "%%")


def format_problem(source: str, translation: str) -> str | None:
    """Why a translation breaks %-formatting where its source does not, or None. A stray % can
    fail ("100%"), or quietly become a conversion ("100% al" holds "% a"): both are refused."""
    values = {name: 1 for name in NAMED_PLACEHOLDER.findall(source)}
    try:
        source % values
    except (ValueError, TypeError, KeyError):
        return None  # never formatted as it stands: nothing for the translation to break
    try:
        translation % values
    except (ValueError, TypeError, KeyError) as error:
        return f"breaks formatting ({error}): write a literal % as %%"
    extra = conversions(translation) - conversions(source)
    if extra:
        return f"has a stray % ({', '.join(sorted(extra))}): write a literal % as %%"
    return None


def translation_problem(
    source: str, translation: str, plural: bool = False, domain: str = "messages"
) -> str | None:
    """Why a translation cannot be used in place of its source, or None when it can."""
    if "\x00" in translation:
        return "holds a NUL character"
    return (
        placeholder_problem(source, translation, plural)
        or (format_problem(source, translation) if domain in FORMATTED_DOMAINS else None)
        or (
            facts_problem(source, translation)
            if domain in FACTUAL_DOMAINS and not plural
            else markup_problem(source, translation)
        )
    )


def plural_rule_problem(plural) -> str | None:
    """Why a catalogue's compiled Plural-Forms rule cannot be used, or None."""
    try:
        for n in PLURAL_PROBE:
            form = plural(n)
            if not isinstance(form, int) or form < 0:
                return f"the Plural-Forms rule gives {form!r} for n={n}"
    except (ArithmeticError, TypeError, ValueError, RecursionError) as error:
        return f"the Plural-Forms rule fails for n={n} ({error})"
    return None


class UnusableCatalog(Exception):
    """A compiled catalogue exists but cannot be read: its language must not be served."""


def mo_path(translations_dir: Path, locale: str, domain: str) -> Path:
    return translations_dir / locale / "LC_MESSAGES" / f"{domain}.mo"


def load_checked(
    translations_dir: Path, locale: str, domain: str
) -> tuple[Translations, list[CatalogProblem]]:
    """The compiled catalogue of a locale with every unusable translation removed.

    Raises UnusableCatalog when the .mo is missing (outside the source language) or cannot be
    read: a truncated file, a Plural-Forms header that does not parse."""
    path = mo_path(translations_dir, locale, domain)
    if not path.is_file():
        if locale == SOURCE_LOCALE:
            return Translations(), []
        raise UnusableCatalog(f"{path}: missing (run `flask translations compile`)")
    try:
        with path.open("rb") as file:
            translations = Translations(file, domain=domain)
    except Exception as error:  # noqa: BLE001 - any way a .mo fails to load is the file's fault
        if locale == SOURCE_LOCALE:  # its catalogue only repeats the source: do without it
            return Translations(), [CatalogProblem(locale, domain, "", f"cannot be read: {error}")]
        raise UnusableCatalog(f"{path}: cannot be read: {error}") from error
    problems = []
    why_plural = plural_rule_problem(translations.plural)
    if why_plural:
        translations.plural = english_plural
        problems.append(CatalogProblem(locale, domain, "", f"{why_plural}; plurals left out"))
    catalog = translations._catalog  # GNUTranslations' message table: {msgid or (msgid, n): str}
    for key, translation in list(catalog.items()):
        plural = isinstance(key, tuple)
        msgid = key[0] if plural else key
        if not msgid:
            continue  # the header
        if plural and why_plural:
            del catalog[key]
            continue
        source = msgid.partition(CONTEXT_SEPARATOR)[2] or msgid
        why = translation_problem(source, translation, plural, domain)
        if why:
            del catalog[key]
            problems.append(CatalogProblem(locale, domain, source, why))
    return translations, problems


def has_translation(translations: Translations, context: str, msgid: str) -> bool:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" in translations._catalog
