"""Sending one push: a small interface, the real pywebpush sender, and a recording one for tests.

Which one runs is chosen by PUSH_SENDER ("webpush" or "recording"), so tests assert on what
would have been sent without touching the network, and the real sender is tested end to end
against a mock push service on loopback (tests/support/push_service.py).
"""

import functools
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .endpoints import InvalidSubscription, check_endpoint
from .push import Answer, Push
from .recent import RecentlyUsed

if TYPE_CHECKING:
    from py_vapid import Vapid02

    from .posting import Poster

# A VAPID token is valid for 12 hours (push services refuse more than 24) and reused until an
# hour before it ends: signing once per push service, not once per push.
TOKEN_LIFETIME_SECONDS = 12 * 3600
TOKEN_RENEW_BEFORE_SECONDS = 3600
# The push-service origins one worker keeps a token and a connection pool for. Three services
# use one host each; Microsoft's WNS uses many, so any one label is taken there
# (app/push/endpoints.py), and anyone can store endpoints at as many made-up ones. Past this
# many, the least recently used is let go (its connections closed), made again if sent to.
MOST_ORIGINS = 16


class RecordingSender:
    """Keeps every push instead of sending it, and answers `status` (tests set it)."""

    def __init__(self, status: int = 201):
        self.status = status
        self.sent: list[Push] = []
        self.lock = threading.Lock()

    def send(self, push: Push) -> Answer:
        with self.lock:
            self.sent.append(push)
        return Answer(self.status)


@dataclass
class SignedToken:
    header: str
    renew_at: float


@dataclass
class WebPushSender:
    """Signs with the VAPID key, and has pywebpush encrypt (aes128gcm) and post."""

    vapid: "Vapid02"
    subject: str
    timeout: float
    test_origins: tuple[str, ...] = ()
    tokens: RecentlyUsed[SignedToken] = field(default_factory=lambda: RecentlyUsed(MOST_ORIGINS))

    @functools.cached_property
    def poster(self) -> "Poster":
        # Made on the first push: pywebpush and requests cost a worker about 35 MB, and a web
        # worker that never sends (most of them: the queue's consumer sends) never pays it.
        from .posting import Poster

        return Poster(self.timeout, MOST_ORIGINS)

    def send(self, push: Push) -> Answer:
        try:
            # Checked again here: a stored row may predate a tightened rule.
            check_endpoint(push.endpoint, self.test_origins)
        except InvalidSubscription:
            return Answer(None, refused=True)
        audience = origin_of(push.endpoint)
        headers = {
            "Authorization": self.token(audience),
            "Topic": push.topic,
            "Urgency": push.urgency,
        }
        return self.poster.post(push, audience, headers)

    def token(self, audience: str) -> str:
        def sign() -> SignedToken:
            expires = int(time.time()) + TOKEN_LIFETIME_SECONDS
            # A fresh claims dict every time: py_vapid and pywebpush change those given.
            claims = {"aud": audience, "exp": expires, "sub": self.subject}
            header = self.vapid.sign(claims)["Authorization"]
            return SignedToken(header, expires - TOKEN_RENEW_BEFORE_SECONDS)

        return self.tokens.get(audience, sign, lambda signed: time.time() < signed.renew_at).header


def origin_of(endpoint: str) -> str:
    """The push service's origin, as the VAPID `aud` claim must name it: without a default
    port (an endpoint written with :443 is the same service, and the service compares)."""
    parts = urlsplit(endpoint)
    default = {"https": 443, "http": 80}[parts.scheme]
    port = "" if parts.port in (None, default) else f":{parts.port}"
    return f"{parts.scheme}://{parts.hostname}{port}"
