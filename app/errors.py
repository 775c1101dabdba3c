"""Error pages: a real page with the crisis panel, never a bare error or a stack trace."""

from flask import Flask, render_template
from flask_babel import gettext
from werkzeug.exceptions import HTTPException


def error_page(error: HTTPException):
    if error.code == 404:
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
    return render_template("errors/error.html", title=title, message=message), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, error_page)
