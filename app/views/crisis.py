"""The full crisis page: what to do now, and who to contact in the family's country."""

from flask import render_template, request

from ..i18n import current_library
from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("crisis", __name__)
# The page shows the services of the country named by this parameter (stored once for each).
COUNTRY_PARAM = "country"


def every_country(library) -> list[dict[str, str]]:
    """The crisis page as it opens, and for each country we list."""
    return [{}, *({COUNTRY_PARAM: code} for code in library.crisis.countries)]


@page_route(bp, "/crisis")
@stored(every_country, first_hour=True)
def crisis_page(locale: str, plain: bool):
    crisis = current_library().crisis
    # The first country asked for that we know: the stored pages read the query the same way
    # (app/delivery/serve.py QueryRead), an unknown one meaning none.
    asked = [code for code in request.args.getlist(COUNTRY_PARAM) if code in crisis.countries]
    country = crisis.countries[asked[0]] if asked else crisis.default_country(locale)
    return render_template("crisis/crisis.html", country=country)
