"""The library of case studies, with its filters, and each case study's page."""

from flask import abort, render_template, request

from ..i18n import current_library
from .library_page import join_filtered, live_pieces
from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("library", __name__)


@page_route(bp, "/")
@stored()
def index(locale: str, plain: bool):
    filtered = join_filtered(live_pieces(current_library()), request.path, request.args)
    return render_template("library/index.html", filtered=filtered)


def every_case_study(library) -> list[dict[str, str]]:
    return [{"slug": case.slug} for case in library.case_studies]


@page_route(bp, "/case-studies/<slug>")
@stored(every_case_study)
def case_study(locale: str, slug: str, plain: bool):
    case = current_library().get(slug) or abort(404)
    template = "library/case_study_plain.html" if plain else "library/case_study.html"
    return render_template(template, case=case)
