"""Fuzzed posts to the contact form: missing and huge fields, wrong types, bad encodings, wrong
origins and odd keys. Whatever arrives, the answer is a page or JSON with a 2xx, 3xx or 4xx,
never a 5xx."""

import json
import random
import uuid
from urllib.parse import quote

import pytest

FIELDS = ("message", "reply_to", "country", "age_band", "website")
SEED = 20261126


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return ""
    if kind == 1:
        return "x" * rng.choice((4999, 5000, 5001, 60_000))
    if kind == 2:
        return "".join(chr(rng.randrange(0x20, 0x10FFFF)) for _ in range(rng.randrange(1, 50)))
    if kind == 3:
        return rng.choice(("\x00", "\ud800", "<script>alert(1)</script>", "' OR 1=1 --", "%00"))
    if kind == 4:
        return rng.choice(("es", "gb", "13-15", "under-13", "other", "ES", "../../etc"))
    if kind == 5:
        return rng.choice(("a@b.co", "+34 600 123 456", "@", "+" * 300))
    return "".join(rng.choice("abc 123@+-.\n\t\r") for _ in range(rng.randrange(1, 400)))


def random_body(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(6)
    if kind == 0:  # an ordinary form, some fields missing, some repeated
        pairs = [(f, random_text(rng)) for f in FIELDS if rng.random() < 0.7]
        pairs += [(rng.choice(FIELDS), random_text(rng)) for _ in range(rng.randrange(3))]
        body = "&".join(
            f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}" for name, value in pairs
        )
        return body.encode(), "application/x-www-form-urlencoded"
    if kind == 1:  # bytes that are not UTF-8
        return b"message=" + bytes(rng.randrange(256) for _ in range(200)), (
            "application/x-www-form-urlencoded; charset=utf-8"
        )
    if kind == 2:  # JSON where a form is expected
        return json.dumps({"message": [1, 2, {"a": None}]}).encode(), "application/json"
    if kind == 3:  # a broken multipart body
        return b"--xx\r\nContent-Disposition: form-data; name=message\r\n\r\nhi", (
            "multipart/form-data; boundary=xx"
        )
    if kind == 4:  # percent-encoding gone wrong
        return b"message=%E0%A4%A&reply_to=%ZZ&country=%00", "application/x-www-form-urlencoded"
    return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000))), rng.choice(
        ("text/plain", "application/octet-stream", "", "application/x-www-form-urlencoded")
    )


def random_headers(rng: random.Random) -> dict[str, str]:
    headers = {}
    if rng.random() < 0.5:
        headers["Idempotency-Key"] = rng.choice(
            (str(uuid.uuid4()), "", "not-a-uuid", "0" * 36, str(uuid.uuid4()).upper(), "x" * 5000)
        )
    if rng.random() < 0.5:
        headers["Origin"] = rng.choice(("null", "http://localhost", "https://evil.example", "%"))
    if rng.random() < 0.5:
        headers["Sec-Fetch-Site"] = rng.choice(("same-origin", "cross-site", "none", "weird"))
    return headers


@pytest.mark.parametrize("batch", range(4))
def test_fuzzed_posts_never_get_a_5xx(db_client, batch):
    rng = random.Random(SEED + batch)
    seen = set()
    for _ in range(150):
        body, content_type = random_body(rng)
        headers = random_headers(rng)
        if content_type:
            headers["Content-Type"] = content_type
        url = rng.choice(("/en/contact", "/ar/plain/contact", "/es/contact", "/xx/contact"))
        response = db_client.post(url, data=body, headers=headers)
        assert response.status_code < 500, (url, headers, body[:200])
        seen.add(response.status_code)
    # The fuzzing reached both the refusals and the acceptances.
    assert {400, 403} <= seen and seen & {200, 201, 303}
