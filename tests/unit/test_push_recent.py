"""The sender's per-origin cache: never more than its maximum, the least recently used let go
(and told so, to close it), a stale value made again, one value per key under many threads."""

import threading
import time

import pytest

from app.push.recent import RecentlyUsed


class Closable:
    def __init__(self, name: str):
        self.name, self.closed = name, False

    def close(self) -> None:
        self.closed = True


def test_it_never_holds_more_than_its_maximum_and_closes_what_it_lets_go():
    made: list[Closable] = []

    def make(name):
        def new():
            made.append(Closable(name))
            return made[-1]

        return new

    cache = RecentlyUsed(3, lambda value: value.close())
    for n in range(1000):
        cache.get(f"origin-{n}", make(f"origin-{n}"))
        assert len(cache) <= 3
    assert [v.name for v in made if not v.closed] == ["origin-997", "origin-998", "origin-999"]
    assert sum(v.closed for v in made) == 997


def test_the_least_recently_used_goes_first_not_the_first_made():
    cache = RecentlyUsed(2)
    cache.get("a", lambda: "A")
    cache.get("b", lambda: "B")
    assert cache.get("a", lambda: "A again") == "A"  # used: now the most recent
    cache.get("c", lambda: "C")
    assert "a" in cache and "c" in cache and "b" not in cache


def test_a_value_no_longer_usable_is_made_again_and_the_old_one_let_go():
    let_go = []
    cache = RecentlyUsed(4, let_go.append)
    assert cache.get("token", lambda: 1) == 1
    assert cache.get("token", lambda: 2, usable=lambda value: value > 0) == 1
    assert cache.get("token", lambda: 3, usable=lambda value: value > 1) == 3
    assert let_go == [1] and len(cache) == 1


def test_threads_asking_for_the_same_new_key_make_it_once():
    made = []
    start = threading.Barrier(16)
    cache = RecentlyUsed(8)

    def make(key):
        time.sleep(0.001)  # long enough for another thread to ask meanwhile
        made.append(key)
        return object()

    def ask():
        start.wait()
        for n in range(64):
            cache.get(n % 8, lambda key=n % 8: make(key))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(made) == list(range(8))


def test_a_cache_of_nothing_is_refused():
    with pytest.raises(ValueError):
        RecentlyUsed(0)
