"""The staff session: short, in a cookie only /staff/ ever receives, and a CSRF token that
every staff form carries."""

import hmac
import secrets
import time
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext

from .. import db
from . import URL_PREFIX
from .model import StaffMember

CSRF_FIELD = "csrf_token"


def configure_cookie(app) -> None:
    """Flask's signed session cookie, kept to the inbox: HttpOnly, SameSite=Strict, Secure when
    the site is served over HTTPS, and sent only with requests under /staff/."""
    app.config.update(
        SESSION_COOKIE_NAME="steady_staff",
        SESSION_COOKIE_PATH=f"{URL_PREFIX}/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=app.config["SITE_URL"].startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["STAFF_SESSION_MINUTES"]),
    )


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Every POST under /staff/ must carry this session's token."""
    if request.method != "POST":
        return
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(
            400,
            description=gettext("This form has expired. Go back, reload the page and try again."),
        )


def sign_in(member: StaffMember) -> None:
    session.clear()  # a new session (and token) at sign-in: nothing from before carries over
    session.permanent = True
    session.update(staff_id=member.id, signed_in_at=time.time(), csrf=secrets.token_urlsafe(32))


def sign_out() -> None:
    session.clear()


def load_member() -> None:
    """The signed-in member, if their session is still young enough; else none."""
    g.staff = None
    staff_id, started = session.get("staff_id"), session.get("signed_in_at", 0)
    lifetime = current_app.config["STAFF_SESSION_MINUTES"] * 60
    if staff_id is None:
        return
    if time.time() - started > lifetime:
        sign_out()
        return
    g.staff = db.session().get(StaffMember, staff_id)


def login_required(view):
    @wraps(view)
    def wrapped(**kwargs):
        if g.get("staff") is None:
            return redirect(url_for("staff.login"))
        return view(**kwargs)

    return wrapped
