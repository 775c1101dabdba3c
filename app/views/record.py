"""The family's record: what happened, who, and every report made, kept on the phone only.

The page is the same for everyone (the build stores it, the worker saves it offline): what the
family writes lives in the phone's IndexedDB (static/js/record-store.js) and never reaches us.
Without JavaScript the page says so and points to a blank form to print and fill in by hand.
"""

from flask import render_template

from ..content.crisis import AGE_AUDIENCES
from ..i18n import current_library
from .routes import localized_blueprint, page_route, stored
from .start import AGES

bp = localized_blueprint("record", __name__)

# The guide shown beside the payments.
ALREADY_PAID = "already-paid"


@page_route(bp, "/record")
@stored()
def record(locale: str, plain: bool):
    crisis = current_library().crisis
    return render_template(
        "record/record.html",
        countries=crisis.countries,
        default_country=crisis.default_country(locale).code,
        ages=AGES,
        age_audiences=AGE_AUDIENCES,
        already_paid=ALREADY_PAID,
    )


@page_route(bp, "/record/blank")
@stored()
def blank_form(locale: str, plain: bool):
    """The record on paper: empty ruled fields to print and fill in by hand."""
    return render_template("record/blank.html")
