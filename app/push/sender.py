"""Sending one push: a small interface, the real pywebpush sender, and a recording one for tests.

Which one runs is chosen by PUSH_SENDER ("webpush" or "recording"), so tests assert on what
would have been sent without touching the network, and the real sender is tested end to end
against a mock push service on loopback (tests/push_service.py).
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from py_vapid import Vapid02
from pywebpush import WebPusher, WebPushException
from requests.adapters import HTTPAdapter

from .endpoints import InvalidSubscription, check_endpoint

log = logging.getLogger(__name__)

# A VAPID token is valid for 12 hours (push services refuse more than 24) and reused until an
# hour before it ends: signing once per push service, not once per push.
TOKEN_LIFETIME_SECONDS = 12 * 3600
TOKEN_RENEW_BEFORE_SECONDS = 3600
# Connections kept open to each push service: enough for the sending threads of one worker.
CONNECTIONS_PER_SERVICE = 32


@dataclass(frozen=True)
class Push:
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    topic: str  # the Topic header: an unsent older push with the same topic is replaced
    ttl: int
    urgency: str


@dataclass(frozen=True)
class Answer:
    """What the push service said: a status, or None when it could not be reached in time."""

    status: int | None
    retry_after: str | None = None
    refused: bool = False  # never sent: the endpoint fails our checks


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


class NoRedirects(requests.Session):
    """A session that never follows a redirect: a push service that answers 3xx could
    otherwise send our POST anywhere, past every check made on the endpoint."""

    def __init__(self):
        super().__init__()
        self.trust_env = False  # no proxy or .netrc credentials taken from the environment

    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


class WithoutRequestLines(logging.Filter):
    """urllib3 logs each request's path at DEBUG: for a push, that path is the family's
    subscription, which must never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def hide_endpoints_from_logs() -> None:
    connection_log = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, WithoutRequestLines) for f in connection_log.filters):
        connection_log.addFilter(WithoutRequestLines())


@dataclass
class SignedToken:
    header: str
    renew_at: float


@dataclass
class WebPushSender:
    """Encrypts with pywebpush (aes128gcm) and posts, over one connection pool per service."""

    vapid: Vapid02
    subject: str
    timeout: float
    test_origins: tuple[str, ...] = ()
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    tokens: dict[str, SignedToken] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        hide_endpoints_from_logs()

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
        keys = {"p256dh": push.p256dh, "auth": push.auth}
        subscription = {"endpoint": push.endpoint, "keys": keys}
        try:
            response = WebPusher(subscription, requests_session=self.session(audience)).send(
                push.payload, headers=headers, ttl=push.ttl, timeout=self.timeout
            )
        except requests.RequestException as error:
            # The endpoint is never logged: it is an address that reaches one family's phone.
            log.warning("push to %s failed: %s", audience, type(error).__name__)
            return Answer(None)
        except WebPushException:
            # Keys pywebpush cannot encrypt to: nothing sent can ever be read by that phone.
            return Answer(None, refused=True)
        return Answer(response.status_code, response.headers.get("Retry-After"))

    def session(self, audience: str) -> requests.Session:
        with self.lock:
            if audience not in self.sessions:
                session = NoRedirects()
                adapter = HTTPAdapter(
                    pool_connections=1, pool_maxsize=CONNECTIONS_PER_SERVICE, max_retries=0
                )
                session.mount(audience, adapter)
                self.sessions[audience] = session
            return self.sessions[audience]

    def token(self, audience: str) -> str:
        now = time.time()
        with self.lock:
            signed = self.tokens.get(audience)
            if signed is None or now >= signed.renew_at:
                expires = int(now) + TOKEN_LIFETIME_SECONDS
                # A fresh claims dict every time: py_vapid and pywebpush change those given.
                claims = {"aud": audience, "exp": expires, "sub": self.subject}
                header = self.vapid.sign(claims)["Authorization"]
                signed = SignedToken(header, expires - TOKEN_RENEW_BEFORE_SECONDS)
                self.tokens[audience] = signed
            return signed.header


def origin_of(endpoint: str) -> str:
    """The push service's origin, as the VAPID `aud` claim must name it: without a default
    port (an endpoint written with :443 is the same service, and the service compares)."""
    parts = urlsplit(endpoint)
    default = {"https": 443, "http": 80}[parts.scheme]
    port = "" if parts.port in (None, default) else f":{parts.port}"
    return f"{parts.scheme}://{parts.hostname}{port}"
