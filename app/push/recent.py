"""A few values kept by key, the least recently used given up first: what the sender keeps per
push-service origin (a connection pool, a signed token) stays the same size however many origins
the stored endpoints name."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


def always(_value) -> bool:
    return True


def nothing(_value) -> None:
    return None


class RecentlyUsed(Generic[Value]):
    """At most `most` values; `let_go` is called on each one pushed out or found stale."""

    def __init__(self, most: int, let_go: Callable[[Value], None] = nothing):
        if most < 1:
            raise ValueError("a cache must keep at least one value")
        self.most, self.let_go = most, let_go
        self.values: OrderedDict[Hashable, Value] = OrderedDict()
        self.lock = threading.Lock()

    def get(
        self, key: Hashable, make: Callable[[], Value], usable: Callable[[Value], bool] = always
    ) -> Value:
        """The value kept for `key` while `usable`, else a new one from `make()`, kept."""
        released = []
        with self.lock:
            value = self.values.pop(key, None)
            if value is not None and not usable(value):
                released.append(value)
                value = None
            if value is None:
                # Made under the lock: two threads asking for the same new key make one value.
                value = make()
            self.values[key] = value  # last: the most recently used
            while len(self.values) > self.most:
                released.append(self.values.popitem(last=False)[1])
        # Let go outside the lock: closing a session may wait on its sockets.
        for old in released:
            self.let_go(old)
        return value

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.values
