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


def names_no_country(values: dict[str, str]) -> bool:
    """The page as it opens, for "another country": saved first, before the pages of every
    country, which a first visit on a slow link cannot wait for. Offline until they are saved,
    a country's page opens this one (service_worker/strategies.js), its call buttons set to
    the family's country by static/js/country.js."""
    return COUNTRY_PARAM not in values


@page_route(bp, "/crisis")
@stored(every_country, first_hour=names_no_country)
def crisis_page(locale: str, plain: bool):
    crisis = current_library().crisis
    # The first country asked for that we know: the stored pages read the query the same way
    # (app/delivery/serve.py QueryRead), an unknown one meaning none.
    asked = [code for code in request.args.getlist(COUNTRY_PARAM) if code in crisis.countries]
    country = crisis.countries[asked[0]] if asked else crisis.default_country(locale)
    return render_template("crisis/crisis.html", country=country)
