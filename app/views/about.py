"""About Steady: what it is, what quick exit does and does not hide, privacy, sources."""

from flask import render_template

from . import localized_blueprint, page_route

bp = localized_blueprint("about", __name__)


@page_route(bp, "/about")
def about(locale: str, plain: bool):
    return render_template("site/about.html")
