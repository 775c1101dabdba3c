"""A subscription's endpoint is hostile until checked: every SSRF form is refused, at subscribe
(through the API) and again at send (a row stored before a rule changed)."""

import base64

import pytest

from app.parts import parts
from app.push.endpoints import (
    InvalidSubscription,
    check_endpoint,
    check_subscription,
)
from app.push.push import Push
from app.push.sender import WebPushSender, origin_of
from tests.support.push import ACCEPTED, HOSTILE
from tests.support.push_service import browser_keys

NOT_STRINGS = [None, 42, ["https://fcm.googleapis.com/fcm/send/abc"], {"url": "x"}, True]


@pytest.mark.parametrize("endpoint", ACCEPTED)
def test_real_push_service_endpoints_are_accepted(endpoint):
    assert check_endpoint(endpoint) == endpoint


@pytest.mark.parametrize("endpoint", HOSTILE + NOT_STRINGS)
def test_every_hostile_endpoint_is_refused(endpoint):
    with pytest.raises(InvalidSubscription) as refused:
        check_endpoint(endpoint)
    assert refused.value.field == "subscription.endpoint"


def test_a_test_origin_lets_only_that_exact_origin_through():
    origin = "http://127.0.0.1:8123"
    assert check_endpoint(f"{origin}/push/abc", (origin,)) == f"{origin}/push/abc"
    for other in (
        "http://127.0.0.1:8124/push/abc",
        "http://127.0.0.1:8123@evil/x",
        "http://localhost:8123/push/abc",
        "https://127.0.0.1:8123/push/abc",
    ):
        with pytest.raises(InvalidSubscription):
            check_endpoint(other, (origin,))


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def good_keys():
    return browser_keys()[2]


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        (None, "subscription.keys"),
        ("p256dh", "subscription.keys"),
        ({"auth": "x"}, "subscription.keys.p256dh"),
        ({"p256dh": "", "auth": ""}, "subscription.keys.p256dh"),
        ({"p256dh": b64(b"\x04" + b"\x01" * 64), "auth": None}, "subscription.keys.p256dh"),
        ({"p256dh": b64(b"\x04" * 33)}, "subscription.keys.p256dh"),
        ({"p256dh": b64(b"\x04" * 66)}, "subscription.keys.p256dh"),
        ({"p256dh": "not base64!"}, "subscription.keys.p256dh"),
        ({"p256dh": "+/+/" * 22}, "subscription.keys.p256dh"),
    ],
)
def test_malformed_keys_are_refused_naming_the_field(keys, field):
    with pytest.raises(InvalidSubscription) as refused:
        check_subscription({"endpoint": ACCEPTED[0], "keys": keys})
    assert refused.value.field == field


@pytest.mark.parametrize("auth", [b"\x00" * 15, b"\x00" * 17, b""])
def test_an_auth_secret_of_the_wrong_length_is_refused(good_keys, auth):
    with pytest.raises(InvalidSubscription) as refused:
        check_subscription({"endpoint": ACCEPTED[0], "keys": {**good_keys, "auth": b64(auth)}})
    assert refused.value.field == "subscription.keys.auth"


def test_a_compressed_or_off_curve_point_is_refused(good_keys):
    with pytest.raises(InvalidSubscription, match="P-256"):
        check_subscription(
            {"endpoint": ACCEPTED[0], "keys": {**good_keys, "p256dh": b64(b"\x04" + b"\x01" * 64)}}
        )


def test_a_well_formed_subscription_is_accepted(good_keys):
    checked = check_subscription({"endpoint": ACCEPTED[0], "keys": good_keys})
    assert (checked.endpoint, checked.p256dh, checked.auth) == (
        ACCEPTED[0],
        good_keys["p256dh"],
        good_keys["auth"],
    )


@pytest.mark.parametrize("endpoint", HOSTILE)
def test_a_stored_hostile_endpoint_is_refused_again_at_send_without_a_request(
    push_app, good_keys, endpoint
):
    sender = fresh_sender(push_app)
    push = Push(endpoint, good_keys["p256dh"], good_keys["auth"], b"{}", "updates", 60, "low")
    answer = sender.send(push)
    assert answer.refused
    assert "poster" not in vars(sender)  # nothing was ever posted, no connection made


def fresh_sender(app) -> WebPushSender:
    """The app's sender, with no connection opened yet."""
    sender = parts(app).push_sender
    return WebPushSender(sender.vapid, sender.subject, 1.0, sender.test_origins)


@pytest.mark.parametrize(
    ("endpoint", "audience"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", "https://fcm.googleapis.com"),
        ("https://fcm.googleapis.com:443/fcm/send/abc", "https://fcm.googleapis.com"),
        ("http://127.0.0.1:8123/push/abc", "http://127.0.0.1:8123"),
    ],
)
def test_the_vapid_audience_is_the_origin_without_a_default_port(endpoint, audience):
    assert origin_of(endpoint) == audience
