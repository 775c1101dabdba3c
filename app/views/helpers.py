"""What templates may call: labels, citations, dates, filter links, asset URLs."""

from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from ..content.vocabulary import FACETS
from ..i18n import current_library, is_plain
from ..i18n.locales import direction
from ..i18n.text import lazy_gettext
from ..parts import parts
from . import calls, rich_text

FACET_NAMES = {
    "age_bands": lazy_gettext("Teen age"),
    "teen_profiles": lazy_gettext("Teen profile"),
    "family_contexts": lazy_gettext("Family context"),
    "topics": lazy_gettext("Topic"),
}

AUDIENCE_HEADINGS = (
    ("parents", lazy_gettext("For parents and carers")),
    ("under-18", lazy_gettext("For teens under 18")),
    ("adult", lazy_gettext("For adults 18 and over")),
    ("any", lazy_gettext("For anyone")),
)


def content(text: str, call_links: bool = True) -> Markup:
    """A content text for the page (see rich_text): citations, call links, isolation in
    right-to-left pages (no call links with `call_links` False: in a title or a link's own text);
    when it is the English stand-in for a missing translation, marked
    lang="en" and isolated left to right, with a note."""
    fallback = getattr(text, "fallback", False)
    shown = rich_text.render(
        text,
        rtl=direction(str(get_locale())) == "rtl" and not fallback,
        cite_label=str(lazy_gettext("source")),
        short_numbers=short_numbers(),
        citations=not is_plain(),
        calls=call_links,
    )
    if fallback:
        note = escape(lazy_gettext("not yet translated"))
        return Markup(
            f'<span lang="en" dir="ltr">{shown}</span> <span class="untranslated">({note})</span>'
        )
    return shown


def short_numbers() -> frozenset[str]:
    # The same in every language: found once, on first use, as a worker serving a finished
    # build never loads the library. Two threads finding them at once find the same set.
    held = parts(current_app)
    if held.short_numbers is None:
        held.short_numbers = calls.short_numbers(held.libraries.source.crisis)
    return held.short_numbers


def link(endpoint: str, **values) -> str:
    """A link to another page in the same language and reading mode as this one."""
    return url_for(endpoint, locale=str(get_locale()), plain=is_plain(), **values)


def host(url: str) -> str:
    return urlsplit(url).hostname or url


def label(table: str, key: str) -> str:
    return current_library().vocabulary.label(table, key)


def library_globals() -> dict:
    return {"crisis": current_library().crisis, "main_line": calls.main_line}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        content=content,
        host=host,
        ltr=rich_text.ltr,
        button_number=rich_text.button_number,
        numbers_whole=rich_text.numbers_whole,
        button_address=rich_text.button_address,
    )
    app.jinja_env.globals.update(
        label=label,
        link=link,
        facets=FACETS,
        facet_names=FACET_NAMES,
        format_date=format_date,
        audience_headings=AUDIENCE_HEADINGS,
        first_steps=calls.FIRST_STEPS,
        digits_only=calls.digits_only,
        first_lines=calls.first_lines,
        hours_text=calls.hours_text,
    )
    app.context_processor(library_globals)
