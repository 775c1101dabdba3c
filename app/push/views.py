"""The push API (/push/key, /push/subscriptions: JSON, paths kept stable) and the Notifications
page, which is the same for everyone and stored; its script asks the API for the rest."""

from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import db
from ..parts import parts
from ..views.routes import localized_blueprint, page_route, stored
from ..web.cross_site import cross_site
from . import subscriptions
from .endpoints import InvalidSubscription, endpoint_text
from .json_body import UnreadableBody, json_object
from .keys import application_server_key

api = Blueprint("push", __name__, url_prefix="/push")
pages = localized_blueprint("notifications", __name__)

# A subscription is a few hundred bytes; anything much bigger is not one.
MAX_BODY_BYTES = 4096


class Refused(Exception):
    """A request we will not take: answered in JSON with its status, naming the field."""

    def __init__(self, status: int, field: str | None, message: str):
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


def problem(status: int, field: str | None, message: str):
    body = {"error": message}
    if field:
        body["field"] = field
    return jsonify(body), status


@api.get("/key")
def public_key():
    vapid = parts(current_app).push_keys
    if vapid is None:
        return problem(404, None, "push notifications are not set up on this site")
    response = jsonify(key=application_server_key(vapid))
    response.cache_control.no_cache = True
    return response


def posted_json() -> dict:
    """The body as a JSON object, or a 4xx raised naming what is wrong with it."""
    if cross_site(request.headers, current_app.config["SITE_URL"], request.host_url):
        raise Refused(403, None, "requests from other sites are not accepted")
    if not request.is_json:
        raise Refused(415, None, "send application/json")
    request.max_content_length = MAX_BODY_BYTES
    try:
        raw = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise Refused(413, None, f"the body is larger than {MAX_BODY_BYTES} bytes") from None
    try:
        return json_object(raw)
    except UnreadableBody as error:
        raise Refused(400, None, str(error)) from None


@api.errorhandler(Refused)
def refused(error: Refused):
    return problem(error.status, error.field, error.message)


@api.errorhandler(InvalidSubscription)
def invalid(error: InvalidSubscription):
    return problem(400, error.field, f"{error.field} {error.problem}")


@api.post("/subscriptions")
def subscribe():
    data = posted_json()
    if not parts(current_app).push_limiter.allow(request.remote_addr or ""):
        raise Refused(429, None, "too many subscriptions from this address; try in an hour")
    wanted = subscriptions.check_request(
        data, current_app.config["LOCALES"], parts(current_app).push_test_origins
    )
    created = subscriptions.store(db.session(), wanted)
    return jsonify(result="subscribed", topics=list(wanted.topics)), 201 if created else 200


@api.delete("/subscriptions")
def unsubscribe():
    endpoint = endpoint_text(posted_json().get("endpoint"), "endpoint")
    removed = subscriptions.remove(db.session(), endpoint)
    return jsonify(result="removed" if removed else "not subscribed"), 200


@page_route(pages, "/notifications")
@stored()
def notifications(locale: str, plain: bool):
    return render_template("push/notifications.html")
