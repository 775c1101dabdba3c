"""Every route, with hostile paths, queries, headers and methods: never a 5xx, and every 4xx is
our own page (the crisis panel, our headers).

Requests are built as raw WSGI environs, so they can carry what no well-behaved client would
send (bytes that are not UTF-8, control characters, absurd lengths)."""

import random
import re

import pytest
from werkzeug.test import create_environ, run_wsgi_app

from tests.support.hostile import HOSTILE_TARGETS

SEED = 8  # fixed: a failure can be replayed
REQUESTS_PER_RULE = 120

HOSTILE_SEGMENTS = [
    "..",
    "%2e%2e",
    ".",
    "",
    "%00",
    "\x00",
    "%ff",
    "\xff\xfe",
    "\u00e9",
    "\u00c3\u00a9",
    "<script>alert(1)</script>",
    "%3Cscript%3E",
    "a" * 5000,
    "%0d%0aSet-Cookie:x=1",
    "\r\n",
    "\t",
    "//",
    "\\",
    "%5C",
    "%252F",
    "CON",
    "index.html",
    "sw.js",
    "en",
    "plain",
    "../../etc/passwd",
    "'\"`",
    "%",
    "%%",
    "?",
    "#",
    ";",
]
HOSTILE_QUERIES = [
    "",
    "country=<script>",
    "country=%ff",
    "country=zz&country=us",
    "country[]=us",
    "topic=%00&age=\xff",
    "topic=" + "x" * 10000,
    "&".join(f"topic=t{n}" for n in range(500)),
    "v=%00",
    "v=" + "0" * 64,
    "=&&==",
    "%",
    "a=%zz",
    "plain=2&locale=../../",
    "locale=es&plain=1&next=" + "/en/" * 300,
    *(f"next={target}" for target in HOSTILE_TARGETS),
]
HOSTILE_HEADERS = [
    {},
    {"HTTP_ACCEPT_ENCODING": "gzip;q=abc, *;q=-1, br;q=1e9"},
    {"HTTP_ACCEPT_ENCODING": "," * 1000},
    {"HTTP_IF_NONE_MATCH": 'W/"' + "x" * 5000},
    {"HTTP_IF_NONE_MATCH": '"a", , W/, *, "'},
    {"HTTP_ACCEPT_LANGUAGE": "*;q=abc, zz-ZZ;q=2, ,;;, \xff"},
    {"HTTP_ACCEPT_LANGUAGE": "es;q=0.5," * 500},
    {"HTTP_COOKIE": "steady_locale=<script>; steady_plain=\xff"},
    {"HTTP_COOKIE": "steady_locale=../../; steady_plain=1; =; ;;"},
    {"HTTP_COOKIE": "steady_locale=" + "e" * 10000},
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "[::1"},
    {"HTTP_HOST": "localhost:99999"},
    {"HTTP_HOST": ""},
    {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_X_FORWARDED_PROTO": "gopher"},
    {"HTTP_RANGE": "bytes=9999999-0"},
    {"HTTP_IF_MODIFIED_SINCE": "yesterday"},
    {"CONTENT_LENGTH": "-1"},
    {"CONTENT_LENGTH": "99999999999999999999"},
    {"CONTENT_TYPE": "multipart/form-data; boundary="},
    {"HTTP_TRANSFER_ENCODING": "chunked"},
]
METHODS = ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"]


def sample_values(app, library) -> dict[str, list[str]]:
    """Real values for each URL variable, and hostile ones."""
    return {
        "locale": [*app.config["LOCALES"], *HOSTILE_SEGMENTS],
        "slug": [library.case_studies[0].slug, *HOSTILE_SEGMENTS],
        "name": [
            "css/steady.css",
            "icons/icon-192.png",
            "css/../../pyproject.toml",
            *HOSTILE_SEGMENTS,
        ],
    }


def paths_for(rule, values, chooser) -> str:
    def fill(match):
        name = match.group(1).split(":")[-1]
        return chooser(values.get(name, HOSTILE_SEGMENTS))

    return re.sub(r"<([^>]+)>", fill, rule.rule)


def call(app, method: str, path: str, query: str, extra: dict):
    environ = create_environ(method=method, base_url="http://localhost/")
    # Raw, as a server hands them over: the path decoded as latin-1, the query left encoded.
    environ["PATH_INFO"] = path.encode("utf-8", "surrogateescape").decode("latin-1")
    environ["QUERY_STRING"] = query.encode("utf-8").decode("latin-1")
    environ.update(extra)
    body, status, headers = run_wsgi_app(app.wsgi_app, environ, buffered=True)
    return int(status.split()[0]), headers, b"".join(body)


def assert_answered_well(method, path, query, extra, status, headers, body):
    where = (method, path[:80], query[:80], extra)
    assert status < 500, where
    # Every document carries the policy; what a page loads (a stylesheet, a script, an icon, a
    # manifest) obeys the page's.
    loaded = ("text/css", "text/javascript", "image/png", "application/manifest+json")
    if not headers.get("Content-Type", "").startswith(loaded):
        assert "default-src 'none'" in headers.get("Content-Security-Policy", ""), where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    location = headers.get("Location", "")
    assert not location.startswith(("//", "http:", "https:", "/\\")), (where, location)
    assert "\n" not in location and "\r" not in location, where
    if 400 <= status < 500 and method != "HEAD":
        # Families get the crisis panel on every refusal; the staff area may use its own pages,
        # and the push API (read by scripts, not people) answers with a JSON error.
        staff_page = path.startswith("/staff") and b'<body class="staff">' in body
        api_error = (
            path.startswith("/push/")
            and headers.get("Content-Type", "").startswith("application/json")
            and body.startswith(b'{"error"')
        )
        assert staff_page or api_error or b'class="crisis-panel"' in body, where


@pytest.fixture(scope="module")
def every_rule(app):
    return list(app.url_map.iter_rules())


def test_the_fuzzer_covers_every_route(app, every_rule):
    endpoints = {rule.endpoint for rule in every_rule}
    assert {"static", "service_worker", "site.settings", "library.case_study"} <= endpoints
    assert len(every_rule) >= 18


def test_no_route_answers_hostile_input_with_a_5xx_or_a_foreign_page(app, library, every_rule):
    rng = random.Random(SEED)
    values = sample_values(app, library)
    statuses: dict[int, int] = {}
    for rule in every_rule:
        for _ in range(REQUESTS_PER_RULE):
            method = rng.choice(METHODS)
            path = paths_for(rule, values, rng.choice)
            query = rng.choice(HOSTILE_QUERIES)
            extra = rng.choice(HOSTILE_HEADERS)
            status, headers, body = call(app, method, path, query, extra)
            assert_answered_well(method, path, query, extra, status, headers, body)
            statuses[status] = statuses.get(status, 0) + 1
    # The fuzzer reached pages, refusals and redirects alike, or it proved nothing.
    assert {200, 302, 400, 404, 405} <= set(statuses), statuses


@pytest.mark.parametrize("segment", HOSTILE_SEGMENTS)
def test_every_hostile_segment_in_every_position_of_a_page_address(app, segment):
    for template in (
        "/{s}",
        "/en/{s}",
        "/en/plain/{s}",
        "/en/case-studies/{s}",
        "/static/{s}",
        "/{s}/crisis",
        "/en/{s}/crisis",
        "/{s}/{s}/{s}",
    ):
        path = template.format(s=segment)
        for method in ("GET", "HEAD", "POST"):
            status, headers, body = call(app, method, path, "", {})
            assert_answered_well(method, path, "", {}, status, headers, body)


def test_every_hostile_query_on_every_route(app, library, every_rule):
    values = sample_values(app, library)
    for rule in every_rule:
        path = paths_for(rule, values, lambda choices: choices[0])  # a real address
        for query in HOSTILE_QUERIES:
            status, headers, body = call(app, "GET", path, query, {})
            assert_answered_well("GET", path, query, {}, status, headers, body)


def test_every_hostile_header_on_every_route(app, library, every_rule):
    values = sample_values(app, library)
    for rule in every_rule:
        path = paths_for(rule, values, lambda choices: choices[0])
        for extra in HOSTILE_HEADERS:
            for method in ("GET", "HEAD"):
                status, headers, body = call(app, method, path, "", extra)
                assert_answered_well(method, path, "", extra, status, headers, body)
