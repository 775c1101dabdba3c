"""The pages around the library: the root redirect, about, and the neutral exit page."""

from flask import Blueprint, redirect, render_template, url_for

from ..i18n import preferred_locale

bp = Blueprint("site", __name__)


@bp.get("/")
def root():
    return redirect(url_for("library.index", locale=preferred_locale()))


@bp.get("/<locale:locale>/about")
def about(locale: str):
    return render_template("site/about.html")


@bp.get("/blank")
def blank():
    """Where quick exit lands: a page that says nothing about Steady or what was being read."""
    return render_template("site/blank.html")
