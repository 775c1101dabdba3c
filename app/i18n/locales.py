"""The languages Steady speaks: found from the translators' files, named in themselves."""

import re
from pathlib import Path

from babel import Locale, UnknownLocaleError

# English is the source language: its catalogues hold the source strings, and it is what a
# page falls back to.
SOURCE_LOCALE = "en"

# A folder name that can be a locale in our URLs and in Babel: "fr", "pt_BR", "zh_Hant".
LOCALE_CODE = re.compile(r"[a-z]{2,3}(?:_(?:[A-Z]{2}|[A-Z][a-z]{3}))?")


def locale_code_problem(code: str) -> str | None:
    """Why a translations folder name cannot be a locale, or None when it can."""
    if not LOCALE_CODE.fullmatch(code):
        return "is not a locale code like fr or pt_BR"
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return "is not a language Babel knows"
    return None


def find_locales(translations_dir: Path) -> tuple[tuple[str, ...], list[str]]:
    """Every locale with a catalogue in translations/ (a translator adds one with files only),
    and why each other folder holding a catalogue was skipped."""
    found, skipped = set(), []
    for po in sorted(translations_dir.glob("*/LC_MESSAGES/messages.po")):
        code = po.parent.parent.name
        why = locale_code_problem(code)
        if why:
            skipped.append(f"{po.parent.parent}: skipped: {code!r} {why}")
        else:
            found.add(code)
    return (SOURCE_LOCALE, *sorted(found - {SOURCE_LOCALE})), skipped


def discover_locales(translations_dir: Path) -> tuple[str, ...]:
    return find_locales(translations_dir)[0]


# Where CLDR's name is not the one speakers look for: Indonesians name their language "Bahasa
# Indonesia"; CLDR gives only "Indonesia", the country's name.
NAMED_AS_SPOKEN = {"id": "Bahasa Indonesia"}


def autonym(locale: str) -> str:
    """The language named in itself ("Español"), as a family looks for it."""
    name = NAMED_AS_SPOKEN.get(locale) or Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"
