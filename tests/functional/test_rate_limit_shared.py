"""The rate limit shared through a real Redis: several app servers count together, Redis never
holds an address, the count starts afresh each window, and a Redis that is down lets messages
through rather than refusing a family."""

import pytest
import redis

from app import create_app
from app.parts import parts
from app.web.rate_limit import SharedRateLimiter
from tests.support.apps import test_config
from tests.support.live_server import free_port
from tests.support.redis_server import start_redis

ADDRESS = "203.0.113.1"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


def test_two_servers_count_together(redis_client):
    now = [1_000_000.0]
    first, second = (
        SharedRateLimiter(redis_client, 3, 3600, clock=lambda: now[0]) for _ in range(2)
    )
    assert first.allow(ADDRESS) and second.allow(ADDRESS) and first.allow(ADDRESS)
    assert not second.allow(ADDRESS)
    assert second.allow("198.51.100.7")  # someone else
    now[0] += 3600
    assert first.allow(ADDRESS)  # a new window, a new count


def test_redis_never_holds_an_address(redis_client):
    limiter = SharedRateLimiter(redis_client, 3, 3600)
    limiter.allow(ADDRESS)
    keys = list(redis_client.scan_iter())
    stored = b"".join(key + (redis_client.get(key) or b"") for key in keys)
    assert stored and ADDRESS.encode() not in stored
    assert all(0 < redis_client.ttl(key) <= 3660 for key in keys)


def test_a_redis_that_is_down_lets_the_message_through(caplog):
    down = redis.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.5)
    assert SharedRateLimiter(down, 1, 3600).allow(ADDRESS)
    assert "letting the message in" in caplog.text


def test_the_app_uses_redis_when_configured(tmp_path, redis_url, redis_client):
    app = create_app(
        test_config(
            INSTANCE_DIR=tmp_path,
            CONTACT_RATE_LIMIT_REDIS_URL=redis_url,
            CONTACT_RATE_LIMIT=1,
        )
    )
    assert isinstance(parts(app).contact_limiter, SharedRateLimiter)
    limiter = parts(app).contact_limiter
    assert limiter.allow(ADDRESS) and not limiter.allow(ADDRESS)
