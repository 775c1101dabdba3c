"""The library of case studies, with its filters, and each case study's page."""

from flask import abort, render_template, request

from ..i18n import current_library
from . import localized_blueprint, page_route
from .library_page import join_filtered, live_pieces

bp = localized_blueprint("library", __name__)


@page_route(bp, "/")
def index(locale: str, plain: bool):
    filtered = join_filtered(live_pieces(current_library()), request.path, request.args)
    return render_template("library/index.html", filtered=filtered)


@page_route(bp, "/case-studies/<slug>")
def case_study(locale: str, slug: str, plain: bool):
    case = current_library().get(slug) or abort(404)
    template = "library/case_study_plain.html" if plain else "library/case_study.html"
    return render_template(template, case=case)
