"""What the real sender keeps per push-service origin stays bounded: a thousand origins that
never answer cost it no more pools and tokens than MOST_ORIGINS, a pool let go has its
connections closed (seen from the mock services' side), and a token is signed again before its
own `exp`."""

import gc
import logging
import socket
import time
import tracemalloc

import pytest
import requests
from py_vapid import Vapid02

from app.push.keys import create_keys, load_keys
from app.push.push import Push
from app.push.sender import MOST_ORIGINS, TOKEN_RENEW_BEFORE_SECONDS, WebPushSender
from tests.support.push import SUBJECT
from tests.support.push_service import MockPushService, browser_keys

ORIGINS_NEVER_ANSWERING = 1000


@pytest.fixture(scope="module")
def vapid(tmp_path_factory) -> Vapid02:
    """A key pair as `flask push keys` makes it and the app reads it."""
    instance = tmp_path_factory.mktemp("keys")
    create_keys(instance)
    return load_keys(instance)


def sender_for(vapid, origins) -> WebPushSender:
    """The real sender, as the app makes it, allowed to post to `origins`."""
    return WebPushSender(vapid, SUBJECT, 2.0, tuple(origins))


def push_to(subscription: dict) -> Push:
    keys = subscription["keys"]
    return Push(subscription["endpoint"], keys["p256dh"], keys["auth"], b"{}", "updates", 60, "low")


@pytest.fixture
def refusing_port():
    """A port bound on every loopback address and never listened on: a connection to it, at
    any 127.x.y.z, is refused at once, as a made-up host's would fail."""
    reserved = socket.socket()
    reserved.bind(("0.0.0.0", 0))
    yield reserved.getsockname()[1]
    reserved.close()


def test_a_thousand_origins_cost_the_sender_no_more_than_most_origins(vapid, refusing_port, caplog):
    caplog.set_level(logging.ERROR, "app.push.posting")  # not a thousand warnings kept
    origins = [
        f"http://127.0.{n // 200}.{n % 200 + 2}:{refusing_port}"
        for n in range(ORIGINS_NEVER_ANSWERING)
    ]
    sender = sender_for(vapid, origins)
    keys = browser_keys()[2]

    def send_to(some: list[str]) -> None:
        for origin in some:
            answer = sender.send(push_to({"endpoint": f"{origin}/push/x", "keys": keys}))
            assert answer.status is None and not answer.refused

    traced = ORIGINS_NEVER_ANSWERING // 4  # tracing is slow: the last quarter only
    send_to(origins[:-traced])
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        send_to(origins[-traced:])
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(sender.tokens) == MOST_ORIGINS
    assert len(sender.poster.sessions) == MOST_ORIGINS
    assert origins[-1] in sender.poster.sessions and origins[0] not in sender.poster.sessions
    # Nothing else holds on to a session let go.
    gc.collect()
    ours = [
        session
        for session in gc.get_objects()
        if isinstance(session, requests.Session) and set(session.adapters) & set(origins)
    ]
    assert len(ours) == MOST_ORIGINS
    # Unbounded, the pools and tokens of those 250 origins held about 3 MB.
    assert after - before < 1_000_000, f"{(after - before) / 1e6:.1f} MB more"


@pytest.fixture
def services():
    """More push services than the sender keeps pools for, each counting its open connections
    from this test alone."""
    started = [MockPushService().start() for _ in range(MOST_ORIGINS + 2)]
    yield started
    for service in started:
        service.stop()


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_pool_let_go_is_closed_and_made_again_when_needed(vapid, services):
    sender = sender_for(vapid, [service.origin for service in services])
    subscriptions = [service.subscription() for service in services]
    for service, subscription in zip(services, subscriptions, strict=True):
        assert sender.send(push_to(subscription)).status == 201
        (got,) = service.received[-1:]
        assert got.claims["aud"] == service.origin
    assert len(sender.poster.sessions) == MOST_ORIGINS
    # The two used first were let go: their connections closed by us, the others kept open.
    assert wait_for(lambda: [s.open_connections for s in services[:2]] == [0, 0])
    assert all(service.open_connections == 1 for service in services[2:])
    # Sent to again, the first is connected and signed for anew.
    assert sender.send(push_to(subscriptions[0])).status == 201
    assert services[0].open_connections == 1
    first, again = services[0].received
    assert again.headers["Authorization"] != first.headers["Authorization"]
    assert not any(service.refused for service in services)


def test_a_token_is_signed_again_before_its_own_exp(vapid, push_service):
    sender = sender_for(vapid, [push_service.origin])
    subscription = push_service.subscription()
    path = subscription["endpoint"][len(push_service.origin) :]

    def received():
        return [got for got in push_service.received if got.path == path]

    for _ in range(3):
        assert sender.send(push_to(subscription)).status == 201
    first, _, third = received()
    assert first.headers["Authorization"] == third.headers["Authorization"]  # reused
    signed = sender.tokens.values[push_service.origin]
    assert signed.renew_at == first.claims["exp"] - TOKEN_RENEW_BEFORE_SECONDS
    signed.renew_at = time.time() - 1  # as it is an hour before its exp
    assert sender.send(push_to(subscription)).status == 201
    renewed = received()[-1]
    assert renewed.headers["Authorization"] != first.headers["Authorization"]
    assert renewed.claims["exp"] >= first.claims["exp"]
