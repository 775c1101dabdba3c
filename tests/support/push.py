"""What the push tests share: the push app's settings, endpoints real and hostile, the queues
there are to run on, and a subscription made through the API."""

import os
import shutil

from sqlalchemy import select

from app.parts import parts
from app.push.endpoints import MAX_ENDPOINT_CHARS
from app.push.model import PushSubscription
from tests.support.apps import test_config

SUBJECT = "mailto:push-test@steady.example.org"


def push_config(instance, database_url, push_service, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "INSTANCE_DIR": instance,
        "DATABASE_URL": database_url,
        "PUSH_VAPID_SUBJECT": SUBJECT,
        "QUEUE": "immediate",
        "PUSH_TEST_SERVICES": [push_service.origin],
        "PUSH_ANNOUNCE_UPDATES": False,
        "PUSH_TIMEOUT_SECONDS": 2,
        "PUSH_SUBSCRIBE_RATE_LIMIT": 1_000_000,
    }
    return test_config(**{**settings, **overrides})


# The queue tests run on the embedded SQLite queue, and on Redis when there is one: the one
# STEADY_TEST_REDIS_URL names (.ci/run starts Debian's redis-server), else a redis-server of
# the fixture's own when the program is installed.
REDIS_URL = os.environ.get("STEADY_TEST_REDIS_URL", "")
QUEUES = ["sqlite", "redis"] if REDIS_URL or shutil.which("redis-server") else ["sqlite"]


def rows(app) -> list[PushSubscription]:
    with parts(app).sessions() as session:
        return list(session.scalars(select(PushSubscription).order_by(PushSubscription.id)))


def subscribe(api, service, locale="en", topics=("updates",), plain=False, **answer) -> dict:
    subscription = service.subscription(**answer)
    response = api.post(
        "/push/subscriptions",
        json={
            "subscription": subscription,
            "locale": locale,
            "topics": list(topics),
            "plain": plain,
        },
    )
    assert response.status_code == 201, response.json
    return subscription


ACCEPTED = [
    "https://fcm.googleapis.com/fcm/send/dXk2yB9XQ:APA91bHun4MxP5egoKMwt2KZFBaFUH",
    "https://fcm.googleapis.com:443/fcm/send/abc",
    "https://fcm.googleapis.com/wp/evZRV-IeBQGGaRfGK",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
    "https://web.push.apple.com/QGuP2-aBc",
    # One label under push.apple.com, as WebKit asks servers to allow: cheap to accept, since
    # the sender's state per host is bounded and a subscription that keeps failing is given up.
    "https://r123.push.apple.com/QGuP2-aBc",
    "https://wns2-by3p.notify.windows.com/w/?token=BQYAAAB",
    "https://db5p.notify.windows.com/w/?token=BQYAAAB",
]

# Hosts of the push services' own domains that no browser's subscription is at: each would
# cost the sender a connection pool and a token of its own.
MADE_UP_HOSTS = [
    "https://a.b.push.apple.com/QGuP2-aBc",
    "https://push.apple.com/QGuP2-aBc",
    "https://web.push.apple.com.push.apple.com/abc",
    "https://x.fcm.googleapis.com/fcm/send/abc",
    "https://android.googleapis.com/gcm/send/abc",
    "https://push.services.mozilla.com/wpush/v2/abc",
    "https://r1.updates.push.services.mozilla.com/wpush/v2/abc",
    "https://notify.windows.com/w/?token=abc",
    "https://a.b.notify.windows.com/w/?token=abc",
    "https://-wns.notify.windows.com/w/?token=abc",
    "https://wns-.notify.windows.com/w/?token=abc",
    "https://" + "w" * 64 + ".notify.windows.com/w/?token=abc",
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
    *MADE_UP_HOSTS,
]
