"""The staff inbox under /staff/: outside every locale, never stored, never precached, never
answered from the service worker's cache, and never indexed."""

import math
import threading

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, format_datetime, gettext, ngettext

from .. import db
from ..contact.model import STATUSES, ContactMessage
from ..contact.retention import purge_if_due
from ..i18n import current_library
from ..i18n.text import lazy_gettext
from ..mail import Failure, NotSent
from ..parts import parts
from ..sealing import current_sealer
from ..web.capacity import Unavailable
from ..web.rate_limit import RateLimiter
from . import URL_PREFIX, audit, notices, sessions, signin
from . import inbox as messages
from .accounts import authenticate
from .marks import reveal
from .throttle import LoginThrottle, Throttled

STATUS_LABELS = {
    "new": lazy_gettext("New"),
    "read": lazy_gettext("Read"),
    "answered": lazy_gettext("Answered"),
    "closed": lazy_gettext("Closed"),
}
# A reply that did not leave: what happened, and what staff can do. Their typed reply is kept.
NOT_SENT = {
    Failure.ADDRESS: lazy_gettext(
        "Your reply was not sent: this address is not one plain email address, so it cannot be "
        "replied to. Reach the family another way if they left one."
    ),
    Failure.NEEDS_SMTPUTF8: lazy_gettext(
        "Your reply was not sent: this address cannot be reached through our mail server. The "
        "part before the @ has letters beyond A to Z, and our mail server cannot send to such "
        "addresses (it does not offer SMTPUTF8). Reach the family another way if they left one."
    ),
    Failure.REFUSED: lazy_gettext(
        "Your reply was not sent: our mail server refused this address. Check the address, or "
        "reach the family another way if they left one."
    ),
    Failure.SERVER: lazy_gettext(
        "Your reply was not sent: our mail server could not be reached, or did not answer in "
        "time. Try again in a few minutes."
    ),
}
bp = Blueprint("staff", __name__, url_prefix=URL_PREFIX)
# Werkzeug's int, bounded by the largest id the messages' Integer key holds on PostgreSQL (SQLite
# takes up to 2**63 - 1): a bigger number is no message, a 404, and never reaches the database,
# where it was an error (sqlite3's OverflowError, PostgreSQL's "integer out of range").
MESSAGE_ID = f"int(max={2**31 - 1})"

# A reply is a short note, not a document.
MAX_REPLY_CHARS = 10_000
# Password checks at once, and how long a sign-in waits for one: at two, a flood of guesses
# takes at most two cores' time and 128 MiB, whatever else it does.
PASSWORD_CHECKS = 2
PASSWORD_CHECK_WAIT_SECONDS = 2


@bp.before_request
def guard():
    signin.check_csrf()
    signin.load_member()


@bp.after_request
def private(response):
    # Never kept by any cache, never listed by a search engine.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.errorhandler(400)
@bp.errorhandler(404)
def refused(error):
    """Staff errors say what went wrong, in the inbox's own plain page."""
    return render_template("staff/error.html", error=error), error.code


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method != "POST":  # GET, and HEAD with it
        return render_template("staff/login.html", problem=None)
    client = request.remote_addr or ""
    if not parts(current_app).login_limiter.allow(client):
        # Before any password is checked: a flood costs the attacker, not the families.
        problem = ngettext(
            "There have been too many attempts to sign in from this connection. "
            "Wait %(num)s minute, then try again.",
            "There have been too many attempts to sign in from this connection. "
            "Wait %(num)s minutes, then try again.",
            current_app.config["STAFF_LOGIN_WINDOW_SECONDS"] // 60,
        )
        return too_many(problem, current_app.config["STAFF_LOGIN_WINDOW_SECONDS"])
    try:
        member = checked_login(
            request.form.get("email", ""),
            client,
            request.form.get("password", ""),
            request.form.get("code", ""),
        )
    except Throttled as throttled:
        # The same words whether the address has an account or not.
        minutes = math.ceil(throttled.seconds / 60)
        problem = ngettext(
            "There have been too many wrong attempts to sign in with this email address from "
            "this connection. Wait %(num)s minute, then try again.",
            "There have been too many wrong attempts to sign in with this email address from "
            "this connection. Wait %(num)s minutes, then try again.",
            minutes,
        )
        return too_many(problem, throttled.seconds)
    if member is None:
        problem = gettext(
            "That did not work. Check your email address, password and the code from your "
            "authenticator app. After several wrong tries, this connection has to wait a while."
        )
        return render_template("staff/login.html", problem=problem), 401
    signin.sign_in(member)
    return redirect(url_for("staff.inbox"), 303)


def too_many(problem: str, retry_after_seconds: int):
    page = render_template("staff/login.html", problem=problem)
    return page, 429, {"Retry-After": str(retry_after_seconds)}


def checked_login(email: str, client: str, password: str, code: str):
    """authenticate(), unless this address has failed too often from this client lately, and
    with no more password checks at once than PASSWORD_CHECKS: each takes argon2's 64 MiB and a
    core's time. Waiting longer than a moment for one is a 503.

    The throttle is asked before waiting for a check, so a throttled client is answered at once
    and never queues before a member, and again once the check is ours: the sign-ins queued
    ahead of this one may have failed meanwhile. A failure is counted before the check is let
    go, for the same reason."""
    session, throttle = db.session(), parts(current_app).login_throttle
    pair = throttle.pair(email, client)
    throttle.refuse_if_waiting(session, pair)
    checks = parts(current_app).password_checks
    if not checks.acquire(timeout=PASSWORD_CHECK_WAIT_SECONDS):
        raise Unavailable()
    try:
        throttle.refuse_if_waiting(session, pair)
        member = authenticate(session, current_sealer(), email, password, code)
        if member is None:
            throttle.failed(session, pair)
        else:
            throttle.succeeded(session, pair)
        return member
    finally:
        checks.release()


@bp.post("/logout")
def logout():
    signin.sign_out()
    return redirect(url_for("staff.login"), 303)


@bp.get("/sessions")
@signin.login_required
def open_sessions():
    listed = sessions.of_member(db.session(), g.staff.id, signin.lifetime())
    return render_template("staff/sessions.html", sessions=listed)


@bp.post("/sessions/end")
@signin.login_required
def end_session():
    ended = request.form.get("session", "")
    if ended == g.staff_session.id:
        signin.sign_out()
        return redirect(url_for("staff.login"), 303)
    sessions.end(db.session(), g.staff.id, ended)
    flash(gettext("That session has ended: its browser has to sign in again."))
    return redirect(url_for("staff.open_sessions"), 303)


@bp.get("/")
@signin.login_required
def inbox():
    purge_if_due()  # closed messages past their retention are gone before anyone sees the list
    filters = messages.Filters.from_args(request.args)
    library = current_library()
    return render_template(
        "staff/inbox.html",
        inbox=messages.inbox(db.session(), current_sealer(), filters),
        filters=filters,
        statuses=STATUSES,
        locales=current_app.config["LOCALES"],
        countries=library.crisis.countries,
    )


def message_or_404(message_id: int) -> ContactMessage:
    message = db.session().get(ContactMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.get(f"/messages/<{MESSAGE_ID}:message_id>")
@signin.login_required
def message(message_id: int):
    opened = messages.open_message(db.session(), current_sealer(), g.staff, message_id)
    if opened is None:
        abort(404)
    return message_page(*opened)


def message_page(message, replies, draft: str = "", problem: str | None = None):
    """The message, its replies and the forms; after a reply that was not sent, why
    (`problem`) and the reply as it was typed (`draft`)."""
    return render_template(
        "staff/message.html",
        message=message,
        replies=replies,
        statuses=STATUSES,
        draft=draft,
        problem=problem,
    )


@bp.post(f"/messages/<{MESSAGE_ID}:message_id>/status")
@signin.login_required
def change_status(message_id: int):
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400, description=gettext("Choose one of the statuses listed."))
    messages.set_status(db.session(), g.staff, message_or_404(message_id), status)
    return redirect(url_for("staff.message", message_id=message_id), 303)


@bp.post(f"/messages/<{MESSAGE_ID}:message_id>/spam")
@signin.login_required
def spam(message_id: int):
    closed = messages.mark_spam(db.session(), g.staff, message_or_404(message_id))
    flash(
        ngettext(
            "Closed %(num)s message as spam.",
            "Closed %(num)s messages as spam: this one and the others sent from the same "
            "connection that day.",
            closed,
        )
    )
    return redirect(url_for("staff.inbox"), 303)


@bp.post(f"/messages/<{MESSAGE_ID}:message_id>/note")
@signin.login_required
def note(message_id: int):
    messages.save_note(
        db.session(),
        current_sealer(),
        g.staff,
        message_or_404(message_id),
        request.form.get("note", "")[:MAX_REPLY_CHARS],
    )
    return redirect(url_for("staff.message", message_id=message_id), 303)


@bp.post(f"/messages/<{MESSAGE_ID}:message_id>/reply")
@signin.login_required
def reply(message_id: int):
    message = message_or_404(message_id)
    body = request.form.get("reply", "").strip()
    if not body or len(body) > MAX_REPLY_CHARS:
        abort(400, description=gettext("Write a reply of up to 10,000 characters."))
    opened = messages.unseal(message, current_sealer())
    if opened.reply_refused:
        abort(400, description=str(NOT_SENT[Failure.ADDRESS]))
    if opened.reply_email is None:
        abort(400, description=gettext("This family left no email address to reply to."))
    with force_locale(message.locale):  # the subject in the family's language
        subject = gettext("Steady: an answer to your message")
    try:
        messages.send_reply(
            db.session(),
            current_sealer(),
            parts(current_app).mailer,
            g.staff,
            message,
            subject,
            body,
        )
    except NotSent as error:
        # Nothing recorded: the message is as it was, and its page says why, keeping the reply.
        replies = messages.replies_to(db.session(), current_sealer(), message.id)
        page = message_page(opened, replies, draft=body, problem=str(NOT_SENT[error.failure]))
        return page, 502  # the mail server did not take it
    flash(gettext("Your reply was sent."))
    return redirect(url_for("staff.message", message_id=message_id), 303)


@bp.get("/audit")
@signin.login_required
def audit_log():
    return render_template("staff/audit.html", entries=audit.latest(db.session()))


def country_name(code: str) -> str:
    """The country's name in the reader's language; the bare code for one no longer listed."""
    country = current_library().crisis.countries.get(code)
    return country.name if country else code or "–"


def age_band_name(key: str) -> str:
    return current_library().vocabulary.tables["age_bands"].get(key, key) if key else "–"


def init_app(app) -> None:
    signin.configure_cookie(app)
    notices.init_app(app)
    parts(app).login_limiter = RateLimiter(
        app.config["STAFF_LOGIN_ATTEMPTS"], app.config["STAFF_LOGIN_WINDOW_SECONDS"]
    )
    parts(app).password_checks = threading.BoundedSemaphore(PASSWORD_CHECKS)
    parts(app).login_throttle = LoginThrottle.from_config(app.config, app.secret_key)
    app.jinja_env.globals.update(
        staff_csrf_token=signin.csrf_token,
        status_labels=STATUS_LABELS,
        format_datetime=format_datetime,
        country_name=country_name,
        age_band_name=age_band_name,
    )
    app.jinja_env.filters["reveal"] = reveal
