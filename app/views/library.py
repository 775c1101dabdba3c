"""The library of case studies, with its filters, and each case study's page."""

from flask import abort, render_template, request

from ..content.vocabulary import FACETS
from ..i18n import current_library
from . import localized_blueprint, page_route

bp = localized_blueprint("library", __name__)


def chosen_filters(args, vocabulary) -> dict[str, set[str]]:
    """The tags chosen in the filter form, per facet; unknown values are ignored."""
    return {
        table: set(args.getlist(param)) & set(vocabulary.keys(table)) for table, param in FACETS
    }


def option_counts(case_studies, chosen: dict[str, set[str]], vocabulary) -> dict:
    """For each filter option, how many case studies would show with it ticked as well, so
    no option leads to an empty list without saying so first. filters.js counts the same way."""
    counts = {}
    for table, _param in FACETS:
        for key in vocabulary.keys(table):
            with_it = {**chosen, table: chosen[table] | {key}}
            counts[table, key] = sum(case.matches(with_it) for case in case_studies)
    return counts


@page_route(bp, "/")
def index(locale: str, plain: bool):
    library = current_library()
    chosen = chosen_filters(request.args, library.vocabulary)
    matching = [case for case in library.case_studies if case.matches(chosen)]
    counts = option_counts(library.case_studies, chosen, library.vocabulary)
    return render_template(
        "library/index.html", library=library, chosen=chosen, matching=matching, counts=counts
    )


@page_route(bp, "/case-studies/<slug>")
def case_study(locale: str, slug: str, plain: bool):
    case = current_library().get(slug) or abort(404)
    template = "library/case_study_plain.html" if plain else "library/case_study.html"
    return render_template(template, case=case)
