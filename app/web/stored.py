"""Responses prepared once: bytes, their compressed forms and an ETag.

Everything that does not change while the app runs (case pages, the crisis page, CSS, JS,
icons) is rendered and compressed once, so a request costs a lookup: `Stored` keeps the bytes
in memory, `StoredFile` reads them from the build folder (app/delivery/build.py), where the
operating system's cache shares one copy between every worker.
"""

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, request
from werkzeug.http import parse_accept_header, parse_etags

# Below this, a compressed form's header costs more than it saves.
MIN_COMPRESS_BYTES = 512
# Brotli starts from a dictionary of words common on the web (tags, attributes, English), which
# gzip must spell out in each file: a page or a stylesheet of a few kilobytes comes out about a
# fifth smaller. Quality 10 takes about 6 ms a page, paid once, when a build or the app starts
# (11 is three times slower for 1% more). On a bundle of hundreds of kilobytes it takes seconds;
# there quality 9 takes a tenth of the time for 12% more, still a third smaller than gzip.
BROTLI_QUALITY = 10
BROTLI_QUALITY_LARGE = 9
LARGE_BYTES = 256 * 1024


def gzipped(body: bytes) -> bytes:
    return gzip.compress(body, 9, mtime=0)


def brotli_compressed(body: bytes) -> bytes:
    quality = BROTLI_QUALITY_LARGE if len(body) > LARGE_BYTES else BROTLI_QUALITY
    return brotli.compress(body, quality=quality)


# Each content coding, by its name in Accept-Encoding: how to make it, and the suffix of its ETag
# and of its file beside the plain one (deploy/nginx/steady.conf serves those files too).
# Smallest first: of two a request rates equally, the first is sent.
CODINGS = {
    "br": (brotli_compressed, "br"),
    "gzip": (gzipped, "gz"),
}
# What a page rendered per request gets: brotli's 6 ms would cost more than the bytes it saves.
PER_REQUEST_CODINGS = ("gzip",)


def chosen_coding(accept_encoding: str, available: tuple[str, ...]) -> str | None:
    """Of the codings `available`, the one Accept-Encoding (a list with q-values, RFC 9110
    12.5.3, "*" for any other) rates highest, ours first between equals; None, to send the
    bytes as they are, where it takes none of them ("gzip;q=0" refuses gzip)."""
    accepted = parse_accept_header(accept_encoding)
    rated = [(accepted[name], name) for name in CODINGS if name in available]
    best = max((quality for quality, _ in rated), default=0)
    return next((name for quality, name in rated if quality == best), None) if best > 0 else None


def none_match_fails(if_none_match: str, etag: str) -> bool:
    """True when If-None-Match (a list of entity tags compared weakly, or "*") names the
    representation tagged `etag`, so the answer is a bodiless 304."""
    return parse_etags(if_none_match).contains_weak(etag)


def compress(body: bytes, codings=tuple(CODINGS)) -> dict[str, bytes]:
    """Each of `codings` that makes `body` smaller, by name."""
    if len(body) < MIN_COMPRESS_BYTES:
        return {}
    forms = {coding: CODINGS[coding][0](body) for coding in codings}
    return {coding: form for coding, form in forms.items() if len(form) < len(body)}


class Negotiated:
    """Answering a request for prepared bytes; subclasses say where the bytes are."""

    content_type: str
    etag: str  # a hash of the bytes: also the revision used by the service worker's precache
    codings: tuple[str, ...]  # the compressed forms there are, by coding name

    def read(self, coding: str | None) -> bytes:
        """The bytes in `coding` (one of `codings`), or as they are for None."""
        raise NotImplementedError

    def smallest(self) -> bytes:
        """The bytes as a browser that takes every coding gets them."""
        return self.read(next((name for name in CODINGS if name in self.codings), None))

    def negotiate(
        self, accept_encoding: str, if_none_match: str, cache_control: str, status: int = 200
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for a request's Accept-Encoding and If-None-Match: the
        smallest form accepted, and a bodiless 304 for a repeat visit."""
        coding = chosen_coding(accept_encoding, self.codings)
        # Each encoding is a different representation, so each has its own strong ETag.
        opaque = f"{self.etag}-{CODINGS[coding][1]}" if coding else self.etag
        headers = [("Cache-Control", cache_control), ("ETag", f'"{opaque}"')]
        if self.codings:
            headers.append(("Vary", "Accept-Encoding"))
        if status == 200 and none_match_fails(if_none_match, opaque):
            return 304, headers, b""
        body = self.read(coding)
        if coding:
            headers.append(("Content-Encoding", coding))
        headers += [("Content-Type", self.content_type), ("Content-Length", str(len(body)))]
        return status, headers, body

    def response(self, status: int = 200, cache_control: str = "no-cache") -> Response:
        """This content as a Flask response to the current request."""
        status, headers, body = self.negotiate(
            request.headers.get("Accept-Encoding", ""),
            request.headers.get("If-None-Match", ""),
            cache_control,
            status,
        )
        return Response(body, status, headers)


@dataclass(frozen=True)
class Stored(Negotiated):
    body: bytes
    compressed: dict[str, bytes]  # coding name -> the body in it
    content_type: str
    etag: str  # a hash of the bytes: also the revision used by the service worker's precache

    @classmethod
    def of(
        cls,
        body: bytes | str,
        content_type: str,
        codings=tuple(CODINGS),
        compressed_before: Callable[[str], Negotiated | None] | None = None,
    ) -> "Stored":
        """The bytes and each of `codings` that makes them smaller. `compressed_before` finds
        the same bytes, by their hash, where they were compressed already (an earlier build)."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        etag = hashlib.sha256(body).hexdigest()[:16]
        before = compressed_before(etag) if compressed_before else None
        if before is not None:
            forms = {coding: before.read(coding) for coding in before.codings if coding in codings}
        else:
            forms = compress(body, codings)
        return cls(body, forms, content_type, etag)

    @property
    def codings(self) -> tuple[str, ...]:
        return tuple(self.compressed)

    def read(self, coding: str | None) -> bytes:
        return self.compressed[coding] if coding else self.body


@dataclass(frozen=True)
class StoredFile(Negotiated):
    """Prepared bytes in a file, and each compressed form beside it (`<file>.br`, `<file>.gz`)."""

    path: Path
    content_type: str
    etag: str
    codings: tuple[str, ...]

    def read(self, coding: str | None) -> bytes:
        if coding is None:
            return self.path.read_bytes()
        return self.path.with_name(f"{self.path.name}.{CODINGS[coding][1]}").read_bytes()


HEADERS_SET_BY_STORED = {"content-type", "content-length", "etag", "cache-control", "vary"}


def finish_dynamic_page(response: Response) -> Response:
    """Compress and tag a page rendered on request, so it costs as little as a stored one."""
    if (
        "ETag" not in response.headers  # stored pages and assets are tagged already
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.content_encoding
        and response.status_code in (200, 404)
    ):
        stored = Stored.of(response.get_data(), response.content_type, PER_REQUEST_CODINGS)
        finished = stored.response(
            response.status_code, response.headers.get("Cache-Control", "no-cache")
        )
        for name, value in response.headers.items():
            if name.lower() not in HEADERS_SET_BY_STORED:
                finished.headers.setdefault(name, value)
        return finished
    return response


def init_app(app: Flask) -> None:
    app.after_request(finish_dynamic_page)
