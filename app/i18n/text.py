"""Translations reach pages as text, never as markup.

A translator's `<a href="tel:...">` or `<script>` must show as those characters. Jinja's
newstyle gettext and Flask-Babel's lazy strings would each hand a translation to the page as
markup (`LazyString.__html__` returns it unescaped), so every way a translation reaches a
template goes through here: the template callables, and `lazy_gettext` for module-level strings.
Our source strings are plain text, so escaping them is exact.
"""

import flask_babel
from flask import Flask
from flask_babel import get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


class LazyText(LazyString):
    """A lazy translation that is text: escaped when a template or `escape()` asks for HTML."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> LazyText:
    """Like Flask-Babel's, but escaped on a page (pybabel extracts it by the same name)."""
    return LazyText(flask_babel.gettext, string, **variables)


def install_escaping_gettext(app: Flask) -> None:
    """Templates get `_()` and friends as text (Jinja's newstyle gettext would mark them safe)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: escape(get_translations().ugettext(s)),
        ngettext=lambda s, p, n: escape(get_translations().ungettext(s, p, n)),
        pgettext=lambda c, s: escape(get_translations().upgettext(c, s)),
        npgettext=lambda c, s, p, n: escape(get_translations().unpgettext(c, s, p, n)),
        newstyle=True,
    )
