"""Languages: choosing one for a visitor, checked catalogues, and the library in each locale."""

import logging
import re
import threading
from functools import cached_property
from pathlib import Path

from flask import Flask, current_app, g, request
from flask_babel import Babel, get_locale
from werkzeug.routing import BaseConverter
from werkzeug.sansio.request import Request

from ..content import Library, load_library
from ..parts import parts
from .catalogs import CatalogProblem, UnusableCatalog, load_checked
from .locales import SOURCE_LOCALE, autonym, direction, find_locales
from .localize import library_in
from .text import install_escaping_gettext
from .urls import page_path, split_page_path

LOCALE_COOKIE = "steady_locale"
PLAIN_COOKIE = "steady_plain"
# Stands for the query in the frame of the library page kept by the build, to be filled per
# request (app/delivery/recipe.py).
QUERY_SLOT = "\x1f"


def locale_converter(locales: tuple[str, ...]) -> type[BaseConverter]:
    """A converter matching only these locales, so /xx/ is a 404 page rather than a page in no
    language. It needs no app context, so the URL map can be matched before Flask runs."""
    return type("LocaleConverter", (BaseConverter,), {"regex": "|".join(map(re.escape, locales))})


def select_locale() -> str:
    """The locale named in the URL (even on a 404 page); elsewhere the visitor's choice."""
    here = split_page_path(request.path, current_app.config["LOCALES"])
    return here.locale if here else preferred_locale()


def preferred_locale() -> str:
    return preferred_locale_of(request, current_app.config["LOCALES"])


def preferred_locale_of(asking: Request, locales: tuple[str, ...]) -> str:
    """The family's saved choice, else the browser's languages, else English."""
    saved = asking.cookies.get(LOCALE_COOKIE)
    if saved in locales:
        return saved
    return asking.accept_languages.best_match(locales) or SOURCE_LOCALE


def this_page_in(locale: str | None = None, plain: bool | None = None) -> str:
    """This page in another language or reading mode (the query, such as filters, kept)."""
    here = split_page_path(request.path, current_app.config["LOCALES"])
    # An error page is about no page in particular: its other versions are the libraries', so
    # it is the same whatever address was asked for, and can be stored.
    same_page = here and not g.get("error_page")
    path = page_path(
        locale or (here.locale if here else preferred_locale()),
        (here.plain if here else False) if plain is None else plain,
        here.rest if same_page else "",
    )
    if same_page and g.get("query_slot"):
        return path + QUERY_SLOT
    query = request.query_string.decode("latin-1")
    return f"{path}?{query}" if query and same_page else path


def current_library() -> Library:
    return parts(current_app).libraries[str(get_locale())]


def is_plain() -> bool:
    """The reading mode named in the URL (even on a 404 page)."""
    here = split_page_path(request.path, current_app.config["LOCALES"])
    return bool(here and here.plain)


def template_globals() -> dict:
    locale = str(get_locale())
    return {"locale": locale, "text_direction": direction(locale), "plain": is_plain()}


class Libraries:
    """The library, checked, and in each locale: loaded on first use and kept.

    A worker serving a finished build never renders a page that needs them, so it never pays
    for them; the build loads them first, so a broken content file stops it (ContentError)."""

    def __init__(self, content_dir: Path, translations_dir: Path):
        self.content_dir, self.translations_dir = content_dir, translations_dir
        self.by_locale: dict[str, Library] = {}
        self.problems: list[CatalogProblem] = []
        self.lock = threading.Lock()

    @cached_property
    def source(self) -> Library:
        return load_library(self.content_dir)

    def __getitem__(self, locale: str) -> Library:
        with self.lock:
            if locale not in self.by_locale:
                localized, problems = library_in(self.source, self.translations_dir, locale)
                report(problems)
                self.problems += problems
                self.by_locale[locale] = localized
            return self.by_locale[locale]


def report(problems: list[CatalogProblem]) -> None:
    for problem in problems:
        logging.getLogger(__name__).warning("translation left out: %s", problem)


def load_translations(app: Flask, babel: Babel, translations_dir: Path) -> list[CatalogProblem]:
    """Check every interface catalogue once, hand them to Flask-Babel, and settle the languages
    served. A language whose catalogues cannot be read is left out (and said so): a family must
    never get English pages under its language's name. Its content catalogue is only read here
    to know it can be; the library in each language is built when first needed (Libraries)."""
    with app.app_context():  # Flask-Babel reads its settings from the current app
        domain = babel.domain_instance
    candidates, skipped = find_locales(translations_dir)
    skipped, served, found = list(skipped), [], []
    for locale in candidates:
        try:
            messages, problems = load_checked(translations_dir, locale, "messages")
            load_checked(translations_dir, locale, "content")
        except UnusableCatalog as error:
            skipped.append(f"{error}: language {locale} skipped")
            continue
        served.append(locale)
        # Flask-Babel reads this cache before loading files itself: seeding it means pages
        # only ever see checked catalogues.
        domain.cache[locale, domain.domain[0]] = messages
        report(problems)
        found += problems
    for reason in skipped:
        logging.getLogger(__name__).warning("%s", reason)
    parts(app).skipped_locales = skipped
    app.config["LOCALES"] = tuple(served)
    return found


def translation_problems(app: Flask) -> list[CatalogProblem]:
    """Every translation left out, in the interface and in the content loaded so far."""
    return parts(app).interface_problems + parts(app).libraries.problems


def init_app(app: Flask, translations_dir: Path, content_dir: Path) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(translations_dir)
    babel = Babel(app, locale_selector=select_locale)
    install_escaping_gettext(app)
    parts(app).interface_problems = load_translations(app, babel, translations_dir)
    app.url_map.converters["locale"] = locale_converter(app.config["LOCALES"])
    parts(app).libraries = Libraries(content_dir, translations_dir)
    app.jinja_env.globals.update(autonym=autonym, this_page_in=this_page_in)
    app.context_processor(template_globals)
