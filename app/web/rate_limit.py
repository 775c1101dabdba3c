"""How many new messages one sender may send, counted without keeping who they are."""

import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
import time

log = logging.getLogger(__name__)

# An IPv6 visitor is counted by their /64: one connection commonly holds a whole /64, so
# counting single addresses would give one sender 2**64 fresh counts.
IPV6_SENDER_PREFIX = 64


def sender_of(address: str) -> str:
    """What a visitor's address is counted under: itself for IPv4 (also when written as an
    IPv4-mapped IPv6 address), its /64 for IPv6; anything unreadable as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_SENDER_PREFIX}", strict=False))
    return str(parsed)


class RateLimiter:
    """At most `limit` per fixed window per sender, in this process's memory.

    A sender (their address) is counted under an HMAC whose key is random and replaced with
    every window, and the counts are dropped with it: nothing kept can be turned back into an
    address, or linked to the same sender in another window. Several app servers would each
    count apart: they count together with SharedRateLimiter.
    """

    def __init__(self, limit: int, window_seconds: float, clock=time.time):
        self.limit, self.window_seconds, self.clock = limit, window_seconds, clock
        self.lock = threading.Lock()
        self.window = None
        self.key = b""
        self.counts: dict[bytes, int] = {}

    def allow(self, sender: str) -> bool:
        with self.lock:
            window = int(self.clock() // self.window_seconds)
            if window != self.window:
                self.window, self.key = window, secrets.token_bytes(32)
                self.counts.clear()
            tag = hmac.new(self.key, sender_of(sender).encode(), hashlib.sha256).digest()[:16]
            count = self.counts.get(tag, 0)
            if count >= self.limit:
                return False
            self.counts[tag] = count + 1
            return True


class SharedRateLimiter:
    """The same count kept in Redis, so that several app servers count together.

    Each window's HMAC key is made by whichever server needs it first and expires with the
    window, so Redis never holds anything that could be turned back into an address. When Redis
    cannot be reached the message is let through: a family's message matters more than a spam
    count, and the other defences (honeypot, size limit, origin check) still stand."""

    def __init__(self, client, limit: int, window_seconds: int, clock=time.time):
        import redis  # only where Redis is configured: the client costs a worker 19 MB

        self.unreachable = redis.RedisError
        self.client, self.limit, self.window_seconds, self.clock = (
            client,
            limit,
            int(window_seconds),
            clock,
        )
        self.prefix = "steady:contact-rate"

    def allow(self, sender: str) -> bool:
        window = int(self.clock() // self.window_seconds)
        # Kept a little past the window, for a server whose clock runs slightly behind.
        lifetime = self.window_seconds + 60
        try:
            key_name = f"{self.prefix}:key:{window}"
            self.client.set(key_name, secrets.token_hex(32), nx=True, ex=lifetime)
            key = self.client.get(key_name)
            tag = hmac.new(key, sender_of(sender).encode(), hashlib.sha256).hexdigest()[:32]
            counter = f"{self.prefix}:{window}:{tag}"
            pipeline = self.client.pipeline()
            pipeline.incr(counter)
            pipeline.expire(counter, lifetime)
            count, _ = pipeline.execute()
        except self.unreachable:
            log.exception("the shared rate limit could not be checked; letting the message in")
            return True
        return count <= self.limit


def rate_limiter(config):
    """The shared limiter when CONTACT_RATE_LIMIT_REDIS_URL is set, else this process's own."""
    limit, window = config["CONTACT_RATE_LIMIT"], config["CONTACT_RATE_WINDOW_SECONDS"]
    if config.get("CONTACT_RATE_LIMIT_REDIS_URL"):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        timeout = config["REDIS_TIMEOUT_SECONDS"]
        client = redis.Redis.from_url(
            config["CONTACT_RATE_LIMIT_REDIS_URL"],
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            # No retries: redis-py's default would make a hung Redis's 2 s into 15 s.
            retry=Retry(NoBackoff(), 0),
        )
        return SharedRateLimiter(client, limit, window)
    return RateLimiter(limit, window)
