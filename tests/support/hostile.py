"""Hostile inputs shared by the server tests and the browser tests, and what our pages look like."""

import re

from app.web.security import HEADERS

# Redirect targets a browser, Werkzeug or a lenient parser could read as another site, or that
# would break a Location header. Every one must end at "/".
HOSTILE_TARGETS = [
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/en/../..//evil.example",
    "/en/..%2F..%2F/evil.example",
    "/./evil.example",
    "/en//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/en/\n",
    "/en/\r\nSet-Cookie: stolen=1",
    "/en/%0d%0aSet-Cookie:%20stolen=1",
    "/en/\x00",
    " //evil.example",
    "/ /evil.example",
    "https:evil.example",
    "https:/evil.example",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "http://127.0.0.1@evil.example/",
    "//evil.example@127.0.0.1/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\u2215evil.example",  # division slash
    "/\u2044evil.example",  # fraction slash
    "/\uff0fevil.example",  # fullwidth solidus
    "/\uff3cevil.example",  # fullwidth reverse solidus
    "/\u3002evil.example",  # ideographic full stop, read as a dot in host names
    "/evil.example",  # one of our paths in form only: not a page of ours
    "/xx/",
    "/en/?next=//evil.example",
    "/en/#//evil.example",
    "",
]

# Our own pages: each must be kept exactly.
OWN_TARGETS = ["/", "/en/", "/es/plain/crisis", "/ar/case-studies/stopncii", "/en/?topic=tools"]


def is_our_page(response) -> bool:
    """Our own error page: the crisis panel, and our headers."""
    html = response.get_data(as_text=True)
    return (
        'class="crisis-panel"' in html
        and "default-src 'none'" in response.headers.get("Content-Security-Policy", "")
        and response.headers.get("X-Content-Type-Options") == "nosniff"
    )


def has_our_headers(headers) -> bool:
    """Every one of our security headers, as a real server's answer carries them (headers as
    http.client and urllib give them)."""
    return all(headers.get(name) == value for name, value in HEADERS.items())


def our_page_language(headers, body: bytes) -> str | None:
    """The language of a real server's answer when it is our own page, the crisis panel inside
    our headers; otherwise None."""
    html = body.decode("utf-8", "replace")
    if 'class="crisis-panel"' not in html or not has_our_headers(headers):
        return None
    found = re.search(r'<html lang="([^"]+)"', html)
    return found and found.group(1)
