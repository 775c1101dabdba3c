"""The contact form: a stored page to write on, a post that stores the message once, and the
thank-you page. A post from the phone's outbox (it carries an Idempotency-Key) is answered in
JSON; a plain form post is answered with pages, so everything works without JavaScript."""

from flask import current_app, jsonify, redirect, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge

from .. import db, mail
from ..db import utc_now
from ..i18n import current_library
from ..i18n.urls import PLAIN_SEGMENT
from ..parts import parts
from ..sealing import current_sealer
from ..views.helpers import link
from ..views.routes import localized_blueprint, page_route, stored
from ..web.capacity import Unavailable
from ..web.cross_site import cross_site
from ..web.errors import error_headers
from ..web.rate_limit import rate_limiter
from . import form, retention, service
from .senders import sender_tag
from .signals import message_received

bp = localized_blueprint("contact", __name__)

# The whole post: the longest message in the widest UTF-8 characters, form-encoded, and the
# other fields. Anything bigger is refused before it is read.
MAX_POST_BYTES_PER_CHAR = 12
MAX_POST_OVERHEAD = 4096


def max_post_bytes(config) -> int:
    """The largest contact post we read. The servers in front must let bigger ones through
    (app/server.py, deploy/nginx/steady.conf), so that it is we who refuse them: in the
    family's language, and in JSON for the phone's outbox."""
    return config["CONTACT_MAX_CHARS"] * MAX_POST_BYTES_PER_CHAR + MAX_POST_OVERHEAD


def choices() -> dict:
    library = current_library()
    return {
        "countries": library.crisis.countries,
        "age_bands": library.vocabulary.keys("age_bands"),
    }


def form_page(values: dict[str, str], errors: dict[str, str], status: int = 200):
    return (
        render_template(
            "contact/form.html",
            values=values,
            errors=errors,
            fields=form.FIELDS,
            honeypot=form.HONEYPOT,
            max_chars=current_app.config["CONTACT_MAX_CHARS"],
            **choices(),
        ),
        status,
    )


def refusal(status: int, reason: str):
    """A post we will not take, said in the family's language, as a page or for the outbox."""
    if from_outbox():
        return jsonify(error=reason), status
    return render_template("contact/refused.html", reason=reason), status


def from_outbox() -> bool:
    return "Idempotency-Key" in request.headers


@page_route(bp, "/contact")
@stored()
def contact_form(locale: str, plain: bool):
    return form_page({name: "" for name in form.FIELDS}, {})


@page_route(bp, "/contact/thanks")
@stored()
def thanks(locale: str, plain: bool):
    # Stored, so the same for everyone: its calls and links follow the country this family
    # picked through country.js, as on every page.
    return render_template("contact/thanks.html", days=current_app.config["CONTACT_ANSWER_DAYS"])


def send(locale: str, plain: bool):
    config = current_app.config
    if cross_site(request.headers, config["SITE_URL"], request.host_url):
        return refusal(
            403,
            gettext(
                "This message was sent from another website, so we did not accept it. "
                "Please write it on Steady's own contact page."
            ),
        )
    try:
        posted = posted_form()
    except RequestEntityTooLarge:
        return refusal(413, too_long_message())
    key = form.idempotency_key(request.headers.get("Idempotency-Key") or posted.get(form.REFERENCE))
    if key is None:
        return refusal(400, gettext("This message could not be read. Please write it again."))
    if posted.get(form.HONEYPOT):
        # Answered as a success, so a program filling every field learns nothing.
        return accepted(new=True)
    values = form.typed_values(posted)
    contact, errors = form.check(values, config["CONTACT_MAX_CHARS"], **choices())
    if errors:
        if from_outbox():
            return jsonify(errors=errors), 400
        return form_page(values, errors, 400)
    session, sealer = db.session(), current_sealer()
    try:
        earlier = service.stored_under(session, key)
        if earlier is not None:
            # A retry (the answer to the first try was lost): not counted against the limit.
            service.check_repeat(earlier, sealer, contact)
            return accepted(new=False)
        if not parts(current_app).contact_limiter.allow(request.remote_addr or ""):
            return refusal(
                429,
                gettext(
                    "We have received several messages from this connection in a short time. "
                    "Please wait an hour and send it again. If your teen is in danger now, "
                    "call the numbers on the help page."
                ),
            )
        tag = sender_tag(current_app.secret_key, request.remote_addr or "", utc_now().date())
        new = service.receive(session, sealer, contact, key, locale, plain, tag)
    except service.DifferentMessage:
        return refusal(
            422,
            gettext(
                "A different message was already sent under this message's reference, so this "
                "one was not taken. Please write it again on the contact page."
            ),
        )
    retention.purge_if_due()
    if new:
        message_received.send(current_app._get_current_object())
    return accepted(new)


def posted_form():
    """The posted fields; RequestEntityTooLarge, before reading, for more than a message."""
    request.max_content_length = max_post_bytes(current_app.config)
    return request.form


@bp.errorhandler(Unavailable)
def unavailable(error: Unavailable):
    """No room now (or no database): the outbox keeps the message and tries again; a post
    without JavaScript gets the form back with what was written, to send again."""
    headers = error_headers(error)
    if from_outbox():
        return jsonify(error=error.description), error.code, headers
    try:
        values = form.typed_values(posted_form())
    except RequestEntityTooLarge:
        values = {name: "" for name in form.FIELDS}
    page, status = form_page(values, {"message": error.description}, error.code)
    return page, status, headers


def too_long_message() -> str:
    return gettext(
        "This message is too long. Please keep it under %(limit)s characters.",
        limit=current_app.config["CONTACT_MAX_CHARS"],
    )


def accepted(new: bool):
    """Stored (or a repeat of one stored): the thank-you page in the language of the post."""
    thanks_url = link("contact.thanks")
    if from_outbox():
        return jsonify(result="received", thanks=thanks_url), 201 if new else 200
    # 303: the browser fetches the thank-you page with a GET, so a reload never posts again.
    return redirect(thanks_url, 303)


for prefix, plain in (("", False), (f"/{PLAIN_SEGMENT}", True)):
    bp.add_url_rule(
        f"{prefix}/contact",
        "send",
        send,
        defaults={"plain": plain},
        methods=["POST"],
    )


def init_app(app) -> None:
    parts(app).contact_limiter = rate_limiter(app.config)
    mail.init_app(app)
    retention.init_app(app)
