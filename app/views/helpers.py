"""What templates may call: labels, citations, dates, filter links, asset URLs."""

from urllib.parse import urlsplit

from flask import Flask, url_for
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from ..content import CITATION
from ..content.vocabulary import FACETS
from ..i18n import current_library, is_plain
from ..i18n.text import lazy_gettext

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


def content(text: str) -> Markup:
    """A content text for the page: escaped, each [n] a link to the n-th source, and when it
    is the English stand-in for a missing translation, marked lang="en" with a note."""
    # Outside the f-string, where pybabel can find it.
    spoken = escape(lazy_gettext("source"))

    def cite(match) -> str:
        number = match.group(1)
        return (
            f'<a class="cite" href="#source-{number}">[{number}]'
            f'<span class="visually-hidden"> {spoken}</span></a>'
        )

    shown = Markup(CITATION.sub(cite, str(escape(text))))
    if getattr(text, "fallback", False):
        note = escape(lazy_gettext("not yet translated"))
        return Markup(f'<span lang="en">{shown}</span> <span class="untranslated">({note})</span>')
    return shown


def link(endpoint: str, **values) -> str:
    """A link to another page in the same language and reading mode as this one."""
    return url_for(endpoint, locale=str(get_locale()), plain=is_plain(), **values)


def host(url: str) -> str:
    return urlsplit(url).hostname or url


def label(table: str, key: str) -> str:
    return current_library().vocabulary.label(table, key)


def library_globals() -> dict:
    return {"crisis": current_library().crisis}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(content=content, host=host)
    app.jinja_env.globals.update(
        label=label,
        link=link,
        facets=FACETS,
        facet_names=FACET_NAMES,
        format_date=format_date,
        audience_headings=AUDIENCE_HEADINGS,
    )
    app.context_processor(library_globals)
