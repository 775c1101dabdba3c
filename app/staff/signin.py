"""The staff session: short, in a cookie only /staff/ ever receives, open only while the server
keeps it (sessions.py), and a CSRF token that every staff form carries."""

import hmac
import secrets
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext

from .. import db
from . import URL_PREFIX, sessions
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


def lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["STAFF_SESSION_MINUTES"])


def sign_in(member: StaffMember) -> None:
    # A new session (and token) at sign-in: nothing from before carries over, and a session
    # this browser already had ends rather than lingering on the sessions page.
    sign_out()
    token = sessions.start(db.session(), member, request.user_agent.string, lifetime())
    session.permanent = True
    session.update(token=token, csrf=secrets.token_urlsafe(32))


def sign_out() -> None:
    """Ends the session on the server: its cookie, copied or not, opens nothing afterwards."""
    if g.get("staff_session") is not None:
        sessions.end(db.session(), g.staff.id, g.staff_session.id)
    session.clear()


def load_member() -> None:
    """The signed-in member and their session, while the server keeps it and it is young
    enough; else none, and the cookie is emptied."""
    g.staff = g.staff_session = None
    token = session.get("token")
    if token is None:
        return
    opened = sessions.open_session(db.session(), token, lifetime())
    if opened is None:
        session.clear()
        return
    g.staff, g.staff_session = opened


def login_required(view):
    @wraps(view)
    def wrapped(**kwargs):
        if g.get("staff") is None:
            return redirect(url_for("staff.login"))
        return view(**kwargs)

    return wrapped
