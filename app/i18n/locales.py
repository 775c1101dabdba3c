"""The languages Steady speaks: found from the translators' files, named in themselves."""

from pathlib import Path

from babel import Locale

# English is the source language: its catalogues hold the source strings, and it is what a
# page falls back to.
SOURCE_LOCALE = "en"


def discover_locales(translations_dir: Path) -> tuple[str, ...]:
    """Every locale with a catalogue in translations/, so a translator adds one with files only."""
    found = {po.parent.parent.name for po in translations_dir.glob("*/LC_MESSAGES/messages.po")}
    return (SOURCE_LOCALE, *sorted(found - {SOURCE_LOCALE}))


def autonym(locale: str) -> str:
    """The language named in itself ("Español"), as a family looks for it."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"
