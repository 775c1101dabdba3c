"""Posting an encrypted push to its service, over one connection pool per service, never
following a redirect and never logging a family's endpoint. Imported on the first push only."""

import logging

import requests
from pywebpush import WebPusher, WebPushException
from requests.adapters import HTTPAdapter

from .push import Answer, Push
from .recent import RecentlyUsed

log = logging.getLogger(__name__)

# Connections kept open to each push service: enough for the sending threads of one worker.
CONNECTIONS_PER_SERVICE = 32


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


class Poster:
    """One worker's connections to the push services, shared by its sending threads: a pool per
    service origin, for the `most_origins` used last."""

    def __init__(self, timeout: float, most_origins: int):
        self.timeout = timeout
        # A session let go is closed: its idle connections at once, one still carrying a push
        # when that push is answered (urllib3 closes a connection handed back to a closed pool).
        self.sessions: RecentlyUsed[requests.Session] = RecentlyUsed(
            most_origins, lambda session: session.close()
        )
        hide_endpoints_from_logs()

    def post(self, push: Push, audience: str, headers: dict[str, str]) -> Answer:
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
        def connect() -> requests.Session:
            session = NoRedirects()
            adapter = HTTPAdapter(
                pool_connections=1, pool_maxsize=CONNECTIONS_PER_SERVICE, max_retries=0
            )
            session.mount(audience, adapter)
            return session

        return self.sessions.get(audience, connect)
