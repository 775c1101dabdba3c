"""The library of case studies, with its filters, and each case study's page."""

from flask import Blueprint, abort, current_app, render_template, request

from ..vocabulary import FACETS

bp = Blueprint("library", __name__, url_prefix="/<locale:locale>")


def chosen_filters(args, vocabulary) -> dict[str, set[str]]:
    """The tags chosen in the filter form, per facet; unknown values are ignored."""
    return {
        table: set(args.getlist(param)) & set(vocabulary.keys(table))
        for table, param in FACETS
    }


@bp.get("/")
def index(locale: str):
    library = current_app.extensions["steady_library"]
    chosen = chosen_filters(request.args, library.vocabulary)
    matching = [case for case in library.case_studies if case.matches(chosen)]
    return render_template(
        "library/index.html", library=library, chosen=chosen, matching=matching,
    )


@bp.get("/case-studies/<slug>")
def case_study(locale: str, slug: str):
    library = current_app.extensions["steady_library"]
    case = library.get(slug) or abort(404)
    return render_template("library/case_study.html", case=case, vocabulary=library.vocabulary)
