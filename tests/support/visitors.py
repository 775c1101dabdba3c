"""Requests as families' phones send them, each from a loopback address of its own (Linux
answers on all of 127.0.0.0/8): how the tests and benchmarks tell many visitors apart, behind a
proxy or not, and post as the phone's outbox and the Notifications page do."""

import http.client
import json
import urllib.parse
import uuid

from tests.support.push_service import browser_keys

MESSAGE = "Someone is threatening to share a photo of my son."
# An endpoint at a real push service, never sent to: the tests that post it send no push.
PUSH_SERVICE = "https://fcm.googleapis.com/fcm/send/"


def request(port, method, path, source="127.0.0.1", headers=None, body=None, timeout=30):
    """(status, headers, body) of one request on a connection of its own, sent from `source`."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def outbox_post(port, body, source="127.0.0.1", headers=None, path="/en/contact", timeout=30):
    """(status, headers, body) of a form-encoded contact post as the phone's outbox sends it
    (app/contact/views.py from_outbox)."""
    sent = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": str(uuid.uuid4()),
        "Accept": "application/json",
        "Sec-Fetch-Site": "same-origin",
        **(headers or {}),
    }
    return request(port, "POST", path, source, sent, body, timeout)


def post_message(port, source="127.0.0.1", headers=None, timeout=30) -> int:
    """The status of a message posted as the phone's outbox posts it."""
    body = urllib.parse.urlencode({"message": MESSAGE, "reply_to": ""})
    return outbox_post(port, body, source, headers, timeout=timeout)[0]


def post_subscription(port, source="127.0.0.1", timeout=30) -> int:
    """The status of a new push subscription posted as the Notifications page posts one."""
    subscription = {"endpoint": PUSH_SERVICE + uuid.uuid4().hex, "keys": browser_keys()[2]}
    body = {"subscription": subscription, "locale": "en", "topics": ["updates"]}
    headers = {"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}
    return request(port, "POST", "/push/subscriptions", source, headers, json.dumps(body), timeout)[
        0
    ]
