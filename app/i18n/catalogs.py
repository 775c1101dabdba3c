"""Loading gettext catalogues once, after checking every translation in them.

Translators' files are input like any other: a translation whose placeholders differ from its
source would crash a page (a missing %(name)s) or drop a fact (a citation, a number), so it is
left out, the source string is shown instead, and the problem is reported by name.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations

# Python-format placeholders and the [n] source citations of content.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\[\d+\]")
CONTEXT_SEPARATOR = "\x04"

DOMAINS = ("messages", "content")


@dataclass(frozen=True)
class CatalogProblem:
    locale: str
    domain: str
    msgid: str
    message: str

    def __str__(self) -> str:
        return f"translations/{self.locale} ({self.domain}): {self.message}: {self.msgid[:70]!r}"


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def placeholder_problem(source: str, translation: str, plural: bool = False) -> str | None:
    """Why a translation cannot be used in place of its source, or None when it can."""
    theirs, ours = placeholders(translation), placeholders(source)
    if plural:
        # A plural form may leave the number out ("one file"), but never invent a name.
        unknown = set(theirs) - set(ours)
        return f"unknown placeholders {sorted(unknown)}" if unknown else None
    if theirs != ours:
        found, expected = sorted(theirs.elements()), sorted(ours.elements())
        return f"placeholders {found} differ from the source's {expected}"
    return None


def load_checked(
    translations_dir: Path, locale: str, domain: str
) -> tuple[Translations, list[CatalogProblem]]:
    """The compiled catalogue of a locale with every unusable translation removed."""
    translations = Translations.load(str(translations_dir), [locale], domain)
    if not isinstance(translations, Translations):  # no catalogue: NullTranslations
        return Translations(), []
    problems = []
    catalog = translations._catalog  # GNUTranslations' message table: {msgid or (msgid, n): str}
    for key, translation in list(catalog.items()):
        plural = isinstance(key, tuple)
        msgid = key[0] if plural else key
        if not msgid:
            continue  # the header
        source = msgid.partition(CONTEXT_SEPARATOR)[2] or msgid
        why = placeholder_problem(source, translation, plural)
        if why:
            del catalog[key]
            problems.append(CatalogProblem(locale, domain, source, why))
    return translations, problems


def has_translation(translations: Translations, context: str, msgid: str) -> bool:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" in translations._catalog
