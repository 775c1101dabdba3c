"""The full crisis page: what to do now, and who to contact in the family's country."""

from flask import Blueprint, current_app, render_template, request

bp = Blueprint("crisis", __name__, url_prefix="/<locale:locale>")


@bp.get("/crisis")
def crisis_page(locale: str):
    crisis = current_app.extensions["steady_library"].crisis
    country = crisis.countries.get(request.args.get("country", "")) or crisis.default_country(locale)
    return render_template("crisis/crisis.html", country=country)
