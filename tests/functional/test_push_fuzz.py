"""Fuzzed bodies to the push API: deep nesting, numbers past every limit, constants JSON does not
have, lone surrogates and NULs, every field of the wrong type, on subscribe and unsubscribe.
Whatever arrives, the answer is JSON with a 2xx or a 4xx naming the problem, never a 5xx."""

import json
import random

import pytest

from tests.support.push import ACCEPTED
from tests.support.push_service import browser_keys

SEED = 20261207  # fixed: a failure can be replayed


class Raw(str):
    """JSON text written as it is: what no Python value serialises to."""


def random_value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(12)
    if kind == 0:
        opening, closing = rng.choice((("[", "]"), ('{"a": ', "}"), ('[{"": ', "}]")))
        deep = rng.choice((10, 500, 999, 1000, 1001, 2000))
        return Raw(opening * deep + "1" + closing * deep)
    if kind == 1:
        return Raw(rng.choice(("9" * rng.randrange(1, 4000), "-" + "1" * 3000, "1e999999")))
    if kind == 2:
        return Raw(rng.choice(("NaN", "Infinity", "-Infinity", "-0.0", "1e-999999", "0x10")))
    if kind == 3:
        return Raw(json.dumps(rng.choice(("\ud800", "\udfff", "\x00", "\u202e", "\ufeff"))))
    if kind == 4:
        return rng.choice((None, True, False, 0, -1, 2**63, 1.5, "", " "))
    if kind == 5:
        return rng.choice(ACCEPTED) + rng.choice(("", "\x00", "\ud800", " ", "/" * 500))
    if kind == 6:
        return rng.choice(("en", "es", "ar", "xx", "EN", "es-ES", "updates", "check-in"))
    if kind == 7 and depth < 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 8 and depth < 3:
        keys = ("endpoint", "keys", "p256dh", "auth", "locale", "topics", "plain", "x")
        return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    if kind == 9:
        return browser_keys()[2]
    if kind == 10:
        return ["updates", "check-in"][: rng.randrange(3)]
    return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 40)))


def as_json(value) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {as_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(as_json(v) for v in value) + "]"
    return json.dumps(value)


def random_body(rng: random.Random) -> str:
    """A good subscription request with some of its values, or the whole, replaced."""
    if rng.random() < 0.1:
        return as_json(random_value(rng))
    keys = browser_keys()[2]
    subscription = {"endpoint": rng.choice(ACCEPTED) + str(rng.randrange(10**6)), "keys": keys}
    request = {"subscription": subscription, "locale": "en", "topics": ["updates"]}
    for _ in range(rng.randrange(4)):
        where = rng.choice((request, subscription, keys))
        where[rng.choice(list(where) + ["plain", "endpoint"])] = random_value(rng)
    return as_json(request)


@pytest.mark.parametrize("batch", range(4))
def test_fuzzed_subscribes_and_unsubscribes_never_get_a_5xx(api, app_db, batch):
    rng = random.Random(SEED + batch)
    seen = set()
    for _ in range(100):
        text = random_body(rng)
        if rng.random() < 0.5:
            response = api.post("/push/subscriptions", data=text, content_type="application/json")
        else:
            endpoint = as_json(random_value(rng)) if rng.random() < 0.7 else json.dumps(text)
            data = '{"endpoint": ' + endpoint + "}"
            response = api.delete("/push/subscriptions", data=data, content_type="application/json")
        assert response.status_code < 500, text[:300]
        assert response.is_json, text[:300]
        if response.status_code >= 400:
            assert response.json["error"], text[:300]
        seen.add(response.status_code)
    # The fuzzing reached both the refusals and the acceptances.
    assert 400 in seen and seen & {200, 201}
