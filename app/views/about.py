"""About Steady: what it is, what quick exit does and does not hide, privacy, sources."""

from flask import render_template

from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("about", __name__)


@page_route(bp, "/about")
@stored()
def about(locale: str, plain: bool):
    return render_template("site/about.html")
