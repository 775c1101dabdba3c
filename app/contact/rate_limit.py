"""How many new messages one sender may send, counted without keeping who they are."""

import hashlib
import hmac
import secrets
import threading
import time


class RateLimiter:
    """At most `limit` per fixed window per sender, in this process's memory.

    A sender (their address) is counted under an HMAC whose key is random and replaced with
    every window, and the counts are dropped with it: nothing kept can be turned back into an
    address, or linked to the same sender in another window. Several app servers would each
    count apart; they would share a store (Redis) to count together.
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
            tag = hmac.new(self.key, sender.encode(), hashlib.sha256).digest()[:16]
            count = self.counts.get(tag, 0)
            if count >= self.limit:
                return False
            self.counts[tag] = count + 1
            return True
