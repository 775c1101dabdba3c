"""Known locales, choosing one for a visitor, and the facts a page needs about each."""

from pathlib import Path

from babel import Locale
from flask import Flask, current_app, request
from flask_babel import Babel, get_locale
from werkzeug.routing import BaseConverter, ValidationError

# English is the source language: its catalogue holds the source strings.
SOURCE_LOCALE = "en"
LOCALE_COOKIE = "steady_locale"


def discover_locales(translations_dir: Path) -> tuple[str, ...]:
    """Every locale with a catalogue in translations/, so a translator adds one with files only."""
    found = {
        po.parent.parent.name
        for po in translations_dir.glob("*/LC_MESSAGES/messages.po")
    }
    return (SOURCE_LOCALE, *sorted(found - {SOURCE_LOCALE}))


class LocaleConverter(BaseConverter):
    """Matches only known locales, so /xx/ is a 404 page rather than a page in no language."""

    def to_python(self, value: str) -> str:
        if value not in current_app.config["LOCALES"]:
            raise ValidationError()
        return value


def select_locale() -> str:
    """The locale named in the URL (even on a 404 page); elsewhere the visitor's choice."""
    first_segment = request.path.strip("/").partition("/")[0]
    if first_segment in current_app.config["LOCALES"]:
        return first_segment
    return preferred_locale()


def preferred_locale() -> str:
    """The family's saved choice, else the browser's languages, else English."""
    locales = current_app.config["LOCALES"]
    saved = request.cookies.get(LOCALE_COOKIE)
    if saved in locales:
        return saved
    return request.accept_languages.best_match(locales) or SOURCE_LOCALE


def autonym(locale: str) -> str:
    """The language named in itself ("Español"), as a family looks for it."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"


def url_in_locale(locale: str) -> str:
    """This page in another language: the same path under the other locale."""
    segments = request.path.strip("/").split("/")
    if segments[0] in current_app.config["LOCALES"]:
        rest = "/".join(segments[1:])
        return f"/{locale}/{rest}"
    return f"/{locale}/"


def template_globals() -> dict:
    locale = str(get_locale())
    return {"locale": locale, "text_direction": direction(locale)}


def init_app(app: Flask, translations_dir: Path) -> None:
    app.config["LOCALES"] = discover_locales(translations_dir)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(translations_dir)
    app.url_map.converters["locale"] = LocaleConverter
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals.update(autonym=autonym, url_in_locale=url_in_locale)
    app.context_processor(template_globals)
