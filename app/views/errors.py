"""Error pages: a real page with the crisis panel, never a bare error or a stack trace."""

from flask import Flask, current_app, g, render_template
from flask_babel import get_locale, gettext
from werkzeug.exceptions import HTTPException

from ..i18n import is_plain

# Error pages the same for every address, rendered once into the build (app/delivery/built.py).
STORED_ERRORS = (404,)


def stored_error_key(code: int, locale: str, plain: bool) -> str:
    return f"{code}/{locale}/{'plain' if plain else 'full'}"


def error_page(error: HTTPException):
    g.error_page = True
    stored = current_app.extensions.get("steady_stored_errors", {}).get(
        stored_error_key(error.code, str(get_locale()), is_plain())
    )
    if stored is not None:
        return stored.response(error.code)
    if error.code >= 500:
        title = gettext("Something went wrong on our side")
        message = gettext(
            "This is our fault, not yours. Please try again in a moment. "
            "Nothing you saved before was lost, and the help below still works."
        )
    elif error.code == 404:
        title = gettext("We could not find that page")
        message = gettext(
            "The address may be mistyped, or the page may have moved. "
            "Help is still here: the steps below, and the case studies."
        )
    else:
        title = gettext("That did not work")
        message = gettext(
            "Something about the request was not right (%(reason)s). "
            "Nothing you saved before was lost.",
            reason=error.name,
        )
    page = render_template("errors/error.html", title=title, message=message)
    # Keep what the error itself says in its headers, such as the Allow of a 405.
    headers = [
        (name, value)
        for name, value in error.get_headers()
        if name.lower() not in ("content-type", "content-length")
    ]
    return page, error.code, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, error_page)
