"""A subscription as the browser sends it, checked: the endpoint is hostile until proven not.

The endpoint is a URL the server will later POST to, chosen by whoever called our API. Unchecked,
it would let anyone make Steady's server send requests into its own network (SSRF). So it is
accepted only when it names a known push service exactly as a browser writes it, and checked
again before every send (the database may hold rows from before a rule was tightened).
"""

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

# The hosts the push services really send browsers' subscriptions to. The sender keeps a
# connection pool and a signed token per host, in a bounded cache (app/push/sender.py), and a
# subscription that keeps failing is given up (PUSH_GIVE_UP_DAYS): still, every host accepted
# here is one more an attacker could make it try, so each is named as narrowly as its service
# allows.
PUSH_HOSTS = frozenset(
    {
        # Chrome, Edge on Android, Samsung Internet, Opera, Brave: Chromium writes every
        # endpoint under https://fcm.googleapis.com/fcm/send/ or /wp/
        # (chrome/browser/push_messaging/push_messaging_constants.cc).
        "fcm.googleapis.com",
        # Firefox: Mozilla's autopush, whose public endpoint host is this one (autopush's
        # autoendpoint configuration, `hostname = updates.push.services.mozilla.com`).
        "updates.push.services.mozilla.com",
    }
)
# Services that hand out hosts of their own under one domain, where one DNS label is taken and
# never a deeper name:
# - Safari: WebKit's "Meet Web Push" (webkit.org, 2022) asks servers that check endpoints to
#   allow any subdomain of push.apple.com (today's are on web.push.apple.com); refusing the
#   next one Apple uses would silently cut Safari's families off.
# - Edge on Windows: Microsoft's WNS gives each channel one of many regional hosts and says to
#   treat the channel URI as opaque (wns2-by3p.notify.windows.com, db5p.notify.windows.com).
ONE_LABEL_UNDER = re.compile(
    r"(?=[a-z0-9-]{1,63}\.)[a-z0-9]+(-[a-z0-9]+)*\.(push\.apple\.com|notify\.windows\.com)"
)
MAX_ENDPOINT_CHARS = 1024
P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, then x and y
AUTH_BYTES = 16
# Hosts are compared as plain lowercase ASCII labels: no percent-escapes, no IDN look-alikes,
# no IP literals (which contain no letter-only last label), no trailing dot.
HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]+$")
# Whatever a URL parser might read differently from ours: whitespace, control characters,
# backslashes (browsers read them as "/"), and anything outside printable ASCII.
UNSAFE = re.compile(r"[^\x21-\x7e]|\\")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class InvalidSubscription(ValueError):
    """What is wrong, and in which field: answered as a 400 naming it."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


@dataclass(frozen=True)
class CheckedSubscription:
    endpoint: str
    p256dh: str
    auth: str


def known_service(host: str) -> bool:
    return host in PUSH_HOSTS or ONE_LABEL_UNDER.fullmatch(host) is not None


def endpoint_text(value: object, field: str) -> str:
    """`value` if it could be an endpoint we store: a string of printable ASCII within the
    column's length. Enough to look one up (an unsubscribe may name a row stored under an older
    rule); a lone surrogate or a NUL would otherwise reach the database driver and fail there."""
    if not isinstance(value, str) or not value:
        raise InvalidSubscription(field, "must be a non-empty string")
    if len(value) > MAX_ENDPOINT_CHARS:
        raise InvalidSubscription(field, f"is longer than {MAX_ENDPOINT_CHARS} characters")
    if UNSAFE.search(value):
        raise InvalidSubscription(field, "contains spaces, control or non-ASCII characters")
    return value


def check_endpoint(endpoint: object, test_origins: tuple[str, ...] = ()) -> str:
    """The endpoint, if the server may POST to it; else InvalidSubscription saying why.

    `test_origins` ("http://127.0.0.1:8123") let a test's mock push service through; the app
    refuses to start with any outside testing (see app/push/__init__.py).
    """
    field = "subscription.endpoint"
    endpoint = endpoint_text(endpoint, field)
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        raise InvalidSubscription(field, "is not a valid URL") from None
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin in test_origins and parts.path.startswith("/"):
        return endpoint
    if parts.scheme != "https":
        raise InvalidSubscription(field, "must use https")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise InvalidSubscription(field, "must not carry a user name or password")
    if port not in (None, 443) or parts.netloc.endswith(":"):
        raise InvalidSubscription(field, "must use the standard https port")
    host = parts.hostname or ""
    if parts.netloc not in (host, f"{host}:443") or not HOST.match(host):
        raise InvalidSubscription(field, "does not name a host as a push service does")
    if not known_service(host):
        raise InvalidSubscription(field, "is not at a known push service")
    if not parts.path.startswith("/") or len(parts.path) < 2 or parts.fragment:
        raise InvalidSubscription(field, "has no subscription path")
    return endpoint


def decoded_key(value: object, field: str, length: int) -> bytes:
    if not isinstance(value, str) or not BASE64URL.match(value):
        raise InvalidSubscription(field, "must be a base64url string")
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        raise InvalidSubscription(field, "is not valid base64url") from None
    if len(raw) != length:
        raise InvalidSubscription(field, f"must decode to {length} bytes, not {len(raw)}")
    return raw


def check_keys(keys: object) -> tuple[str, str]:
    if not isinstance(keys, dict):
        raise InvalidSubscription("subscription.keys", "must be an object with p256dh and auth")
    p256dh = keys.get("p256dh")
    point = decoded_key(p256dh, "subscription.keys.p256dh", P256DH_BYTES)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidSubscription(
            "subscription.keys.p256dh", "is not an uncompressed P-256 public key"
        ) from None
    auth = keys.get("auth")
    decoded_key(auth, "subscription.keys.auth", AUTH_BYTES)
    return p256dh, auth


def check_subscription(data: object, test_origins: tuple[str, ...] = ()) -> CheckedSubscription:
    """{"endpoint", "keys": {"p256dh", "auth"}} as PushSubscription.toJSON() gives it."""
    if not isinstance(data, dict):
        raise InvalidSubscription("subscription", "must be an object")
    endpoint = check_endpoint(data.get("endpoint"), test_origins)
    p256dh, auth = check_keys(data.get("keys"))
    return CheckedSubscription(endpoint, p256dh, auth)
