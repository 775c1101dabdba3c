"""About Steady: what it is, what quick exit does and does not hide, privacy, sources."""

from flask import Blueprint, render_template

from . import page_route

bp = Blueprint("about", __name__, url_prefix="/<locale:locale>")


@page_route(bp, "/about")
def about(locale: str, plain: bool):
    return render_template("site/about.html")
