"""Languages: choosing one for a visitor, checked catalogues, and the library in each locale."""

import logging
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import Babel, get_locale
from werkzeug.routing import BaseConverter, ValidationError

from ..content import Library
from .catalogs import UnusableCatalog, load_checked
from .locales import SOURCE_LOCALE, autonym, direction, find_locales
from .localize import library_in
from .text import install_escaping_gettext
from .urls import page_path, split_page_path

LOCALE_COOKIE = "steady_locale"
PLAIN_COOKIE = "steady_plain"


class LocaleConverter(BaseConverter):
    """Matches only known locales, so /xx/ is a 404 page rather than a page in no language."""

    def to_python(self, value: str) -> str:
        if value not in current_app.config["LOCALES"]:
            raise ValidationError()
        return value


def select_locale() -> str:
    """The locale named in the URL (even on a 404 page); elsewhere the visitor's choice."""
    here = split_page_path(request.path, current_app.config["LOCALES"])
    return here.locale if here else preferred_locale()


def preferred_locale() -> str:
    """The family's saved choice, else the browser's languages, else English."""
    locales = current_app.config["LOCALES"]
    saved = request.cookies.get(LOCALE_COOKIE)
    if saved in locales:
        return saved
    return request.accept_languages.best_match(locales) or SOURCE_LOCALE


def this_page_in(locale: str | None = None, plain: bool | None = None) -> str:
    """This page in another language or reading mode (the query, such as filters, kept)."""
    here = split_page_path(request.path, current_app.config["LOCALES"])
    path = page_path(
        locale or (here.locale if here else preferred_locale()),
        (here.plain if here else False) if plain is None else plain,
        here.rest if here else "",
    )
    query = request.query_string.decode("latin-1")
    return f"{path}?{query}" if query and here else path


def current_library() -> Library:
    return current_app.extensions["steady_libraries"][str(get_locale())]


def is_plain() -> bool:
    return bool(request.view_args and request.view_args.get("plain"))


def template_globals() -> dict:
    locale = str(get_locale())
    return {"locale": locale, "text_direction": direction(locale), "plain": is_plain()}


def load_translations(app: Flask, babel: Babel, translations_dir: Path, library: Library) -> None:
    """Check every catalogue once, hand the interface ones to Flask-Babel, and build the
    library in every locale. A language whose catalogues cannot be read is left out (and said
    so): a family must never get English pages under its language's name."""
    with app.app_context():  # Flask-Babel reads its settings from the current app
        domain = babel.domain_instance
    log = logging.getLogger(__name__)
    candidates, skipped = find_locales(translations_dir)
    app.extensions["steady_libraries"] = {}
    app.extensions["steady_translation_problems"] = []
    app.extensions["steady_skipped_locales"] = list(skipped)
    served = []
    for locale in candidates:
        try:
            messages, problems = load_checked(translations_dir, locale, "messages")
            localized, content_problems = library_in(library, translations_dir, locale)
        except UnusableCatalog as error:
            app.extensions["steady_skipped_locales"].append(f"{error}: language {locale} skipped")
            continue
        served.append(locale)
        # Flask-Babel reads this cache before loading files itself: seeding it means pages
        # only ever see checked catalogues.
        domain.cache[locale, domain.domain[0]] = messages
        app.extensions["steady_libraries"][locale] = localized
        for problem in problems + content_problems:
            log.warning("translation left out: %s", problem)
        app.extensions["steady_translation_problems"] += problems + content_problems
    for reason in app.extensions["steady_skipped_locales"]:
        log.warning("%s", reason)
    app.config["LOCALES"] = tuple(served)


def init_app(app: Flask, translations_dir: Path, library: Library) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(translations_dir)
    app.url_map.converters["locale"] = LocaleConverter
    babel = Babel(app, locale_selector=select_locale)
    install_escaping_gettext(app)
    load_translations(app, babel, translations_dir, library)
    app.jinja_env.globals.update(autonym=autonym, this_page_in=this_page_in)
    app.context_processor(template_globals)
