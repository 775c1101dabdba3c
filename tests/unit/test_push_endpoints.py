"""A subscription's endpoint is hostile until checked: every SSRF form is refused, at subscribe
(through the API) and again at send (a row stored before a rule changed)."""

import base64

import pytest

from app.push.endpoints import (
    MAX_ENDPOINT_CHARS,
    InvalidSubscription,
    check_endpoint,
    check_subscription,
)
from app.push.sender import Push, WebPushSender, origin_of
from tests.push_service import browser_keys

ACCEPTED = [
    "https://fcm.googleapis.com/fcm/send/dXk2yB9XQ:APA91bHun4MxP5egoKMwt2KZFBaFUH",
    "https://fcm.googleapis.com:443/fcm/send/abc",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
    "https://web.push.apple.com/QGuP2-aBc",
    "https://wns2-by3p.notify.windows.com/w/?token=BQYAAAB",
]

HOSTILE = [
    # not https, or not the standard port
    "http://fcm.googleapis.com/fcm/send/abc",
    "ftp://fcm.googleapis.com/fcm/send/abc",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "javascript:alert(1)",
    "//fcm.googleapis.com/fcm/send/abc",
    "fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com:8443/fcm/send/abc",
    "https://fcm.googleapis.com:0443/fcm/send/abc",
    "https://fcm.googleapis.com:/fcm/send/abc",
    "https://fcm.googleapis.com:443:443/fcm/send/abc",
    "https://fcm.googleapis.com:99999/fcm/send/abc",
    # credentials, and the @ tricks that move the real host
    "https://user:pass@fcm.googleapis.com/fcm/send/abc",
    "https://user@fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com@evil.example/fcm/send/abc",
    "https://fcm.googleapis.com:443@evil.example/fcm/send/abc",
    "https://evil.example#@fcm.googleapis.com/fcm/send/abc",
    "https://evil.example?@fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com\\@evil.example/fcm/send/abc",
    "https://evil.example\\.fcm.googleapis.com/x",
    # lookalike and suffix hosts
    "https://fcm.googleapis.com.evil.example/fcm/send/abc",
    "https://evilfcm.googleapis.com/fcm/send/abc",
    "https://notpush.apple.com/abc",
    "https://push.apple.com.evil.example/abc",
    "https://evil.example/fcm.googleapis.com/fcm/send/abc",
    "https://evil.example/.notify.windows.com/abc",
    "https://googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com./fcm/send/abc",
    "https://fcm..googleapis.com/fcm/send/abc",
    "https://FCM.GOOGLEAPIS.COM/fcm/send/abc",
    "https://fcm.googleapis.com%2eevil.example/abc",
    "https://fcm%2egoogleapis.com/abc",
    "https://fcm.googleapis.c\u03bfm/fcm/send/abc",  # Greek omicron
    "https://\uff46cm.googleapis.com/fcm/send/abc",  # fullwidth f
    "https://xn--fcm-googleapis-com.example/abc",
    "https://[fcm.googleapis.com]/abc",
    # addresses inside: loopback, private, link-local metadata, in every spelling
    "https://localhost/abc",
    "https://localhost.fcm.googleapis.com.localhost/abc",
    "https://127.0.0.1/abc",
    "https://127.1/abc",
    "https://2130706433/abc",
    "https://0x7f000001/abc",
    "https://0177.0.0.1/abc",
    "https://10.0.0.5/abc",
    "https://192.168.1.1/abc",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/abc",
    "https://[::ffff:127.0.0.1]/abc",
    "https://[fe80::1%25eth0]/abc",
    "https://metadata.google.internal/computeMetadata/v1/",
    # whitespace, control characters, header injection
    " https://fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com/fcm/send/abc ",
    "https://fcm.googleapis.com/fcm/send/a\tbc",
    "https://fcm.googleapis.com/fcm/send/abc\r\nHost: evil.example",
    "https://fcm.googleapis.com\x00.evil.example/abc",
    "https://fcm.googleapis.com/fcm/send/\u00e9",
    # no path, a fragment, too long
    "https://fcm.googleapis.com",
    "https://fcm.googleapis.com/",
    "https://fcm.googleapis.com/fcm/send/abc#fragment",
    "https://fcm.googleapis.com/" + "a" * MAX_ENDPOINT_CHARS,
    "",
]

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
    sender = app.extensions["steady_push_sender"]
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
