"""Error pages: a real page with the crisis panel, never a bare error or a stack trace."""

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import get_locale, gettext
from werkzeug import exceptions
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ..i18n import is_plain
from ..i18n.locales import SOURCE_LOCALE
from ..i18n.urls import page_path, split_page_path
from ..parts import parts
from .capacity import Unavailable
from .hosts import UnservedHost

# Error pages the same for every address, rendered once into the build (app/delivery/recipe.py):
# each says the same wherever it happens, so a stranger cannot make us render one per request.
STORED_ERRORS = {
    "404": NotFound,
    "405": MethodNotAllowed,  # the Allow header, which depends on the address, is added to it
    "unserved-host": UnservedHost,
}


# The errors a web server in front of the app answers itself (deploy/nginx/steady.conf): a
# request malformed or too large for it, a range past a file's end, a hidden file asked for,
# the app down or too slow. Each page is rendered into the build in every language, as files
# the server reads even while the app is down; the app's last resort (LastResort) answers with
# the 500 among them.
SERVER_ERRORS = (
    exceptions.BadRequest,
    exceptions.NotFound,
    exceptions.RequestEntityTooLarge,
    exceptions.RequestURITooLarge,
    exceptions.RequestedRangeNotSatisfiable,
    exceptions.RequestHeaderFieldsTooLarge,
    exceptions.InternalServerError,
    exceptions.NotImplemented,
    exceptions.BadGateway,
    exceptions.ServiceUnavailable,
    exceptions.GatewayTimeout,
    exceptions.HTTPVersionNotSupported,
)


def stored_error_kind(error: HTTPException) -> str | None:
    return next((kind for kind, cls in STORED_ERRORS.items() if type(error) is cls), None)


def stored_error_key(kind: str, locale: str, plain: bool) -> str:
    return f"{kind}/{locale}/{'plain' if plain else 'full'}"


def error_headers(error: HTTPException) -> list[tuple[str, str]]:
    """What the error itself says in its headers, such as the Allow of a 405, to keep on our
    page (which has its own type and length)."""
    return [
        (name, value)
        for name, value in error.get_headers()
        if name.lower() not in ("content-type", "content-length")
    ]


def error_page(error: HTTPException):
    headers = error_headers(error)
    kind = stored_error_kind(error)
    stored = kind and parts(current_app).stored_errors.get(
        stored_error_key(kind, str(get_locale()), is_plain())
    )
    if stored:
        response = stored.response(error.code)
        response.headers.extend(headers)
        return response
    if wants_json():
        return jsonify(error=error_words(error)[1]), error.code, headers
    return rendered_error(error), error.code, headers


def rendered_error(error: HTTPException) -> str:
    """Our page for `error`, in the language and mode of the current request."""
    g.error_page = True
    title, message = error_words(error)
    return render_template("errors/error.html", title=title, message=message)


def error_words(error: HTTPException) -> tuple[str, str]:
    """The title and the sentence saying what happened, in the current request's language."""
    if isinstance(error, Unavailable):  # says itself what happened and what to do
        title, message = gettext("Something went wrong on our side"), error.description
    elif error.code >= 500:
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
            # Our own refusals say what was wrong in the visitor's language; others by name.
            reason=getattr(error, "reason", None) or error.name,
        )
    return title, message


def wants_json() -> bool:
    """A script's request (the outbox, the Notifications page) reads `error` from JSON."""
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    return request.is_json or best == "application/json"


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, error_page)


class LastResort:
    """WSGI middleware: an exception that escapes Flask, even from its own error page, is still
    answered with our 500 page (rendered into the build, in the page's language where the
    address names one) inside our security headers, never a bare server error."""

    def __init__(self, app, pages: dict[str, bytes], locales: tuple[str, ...]):
        self.app, self.pages, self.locales = app, pages, locales

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            logging.getLogger(__name__).exception("unhandled error outside Flask's handlers")
            here = split_page_path(environ.get("PATH_INFO", ""), self.locales)
            body = self.pages[here.locale if here else SOURCE_LOCALE]
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ]
            # Without exc_info: the inner app raised before it could start a response.
            start_response("500 Internal Server Error", headers)
            return [body]


def error_pages(app: Flask, error: HTTPException) -> dict[str, str]:
    """Our page for `error` in every language, rendered while everything still works."""
    pages = {}
    for locale in app.config["LOCALES"]:
        with app.test_request_context(page_path(locale, False), app.config["SITE_URL"]):
            pages[locale] = rendered_error(error)
    return pages
