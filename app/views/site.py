"""The addresses outside any language: the root, settings, and the neutral exit page."""

from flask import Blueprint, current_app, redirect, render_template, request

from ..i18n import LOCALE_COOKIE, PLAIN_COOKIE, preferred_locale
from ..i18n.urls import page_path, safe_redirect_target
from .routes import stored

bp = Blueprint("site", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def root():
    plain = request.cookies.get(PLAIN_COOKIE) == "1"
    response = redirect(page_path(preferred_locale(), plain, ""))
    # Where it leads depends on the saved choice and the browser's languages: a shared cache
    # must not hand one family's answer to another.
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.get("/settings")
def settings():
    """Remember a language or reading mode on this device, then go on to `next`.

    A plain link, so choosing works without JavaScript; the cookies only ever go to Steady."""
    target = safe_redirect_target(request.args.get("next", ""), current_app.config["LOCALES"])
    response = redirect(target)
    # It sets this device's cookies: no cache may keep it and replay it for someone else.
    response.headers["Cache-Control"] = "no-store"
    locale = request.args.get("locale")
    if locale in current_app.config["LOCALES"]:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=ONE_YEAR, httponly=True, samesite="Lax")
    if request.args.get("plain") in ("0", "1"):
        response.set_cookie(
            PLAIN_COOKIE, request.args["plain"], max_age=ONE_YEAR, httponly=True, samesite="Lax"
        )
    return response


@bp.get("/blank")
@stored()
def blank():
    """Where quick exit lands: a page that says nothing about Steady or what was being read."""
    return render_template("site/blank.html")
