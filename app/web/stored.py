"""Responses prepared once: bytes, their gzip form and an ETag.

Everything that does not change while the app runs (case pages, the crisis page, CSS, JS,
icons) is rendered and compressed once, so a request costs a lookup: `Stored` keeps the bytes
in memory, `StoredFile` reads them from the build folder (app/delivery/build.py), where the
operating system's cache shares one copy between every worker.
"""

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.http import parse_accept_header, parse_etags

# Below this, gzip's header costs more than it saves.
MIN_COMPRESS_BYTES = 512


def accepts_coding(accept_encoding: str, coding: str) -> bool:
    """True when Accept-Encoding (a list with q-values, RFC 9110 12.5.3) takes `coding`, by
    name or through "*", with a quality above 0: "gzip;q=0" refuses it."""
    return parse_accept_header(accept_encoding)[coding] > 0


def none_match_fails(if_none_match: str, etag: str) -> bool:
    """True when If-None-Match (a list of entity tags compared weakly, or "*") names the
    representation tagged `etag`, so the answer is a bodiless 304."""
    return parse_etags(if_none_match).contains_weak(etag)


class Negotiated:
    """Answering a request for prepared bytes; subclasses say where the bytes are."""

    content_type: str
    etag: str  # a hash of the bytes: also the revision used by the service worker's precache
    has_gzip: bool  # whether a smaller gzip form exists

    def read(self, gzipped: bool) -> bytes:
        raise NotImplementedError

    def negotiate(
        self, accept_encoding: str, if_none_match: str, cache_control: str, status: int = 200
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Status, headers and body for a request's Accept-Encoding and If-None-Match: the
        smaller gzip form where accepted, and a bodiless 304 for a repeat visit."""
        use_gzip = self.has_gzip and accepts_coding(accept_encoding, "gzip")
        # Each encoding is a different representation, so each has its own strong ETag.
        opaque = f"{self.etag}-gz" if use_gzip else self.etag
        headers = [("Cache-Control", cache_control), ("ETag", f'"{opaque}"')]
        if self.has_gzip:
            headers.append(("Vary", "Accept-Encoding"))
        if status == 200 and none_match_fails(if_none_match, opaque):
            return 304, headers, b""
        body = self.read(use_gzip)
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
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
    gzipped: bytes | None
    content_type: str
    etag: str  # a hash of the bytes: also the revision used by the service worker's precache

    @classmethod
    def of(cls, body: bytes | str, content_type: str) -> "Stored":
        if isinstance(body, str):
            body = body.encode("utf-8")
        gzipped = gzip.compress(body, 9, mtime=0) if len(body) >= MIN_COMPRESS_BYTES else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        return cls(body, gzipped, content_type, hashlib.sha256(body).hexdigest()[:16])

    @property
    def has_gzip(self) -> bool:
        return self.gzipped is not None

    def read(self, gzipped: bool) -> bytes:
        return self.gzipped if gzipped else self.body


@dataclass(frozen=True)
class StoredFile(Negotiated):
    """Prepared bytes in a file, and their gzip form beside it (`<file>.gz`) when smaller."""

    path: Path
    content_type: str
    etag: str
    has_gzip: bool

    def read(self, gzipped: bool) -> bytes:
        path = self.path.with_name(self.path.name + ".gz") if gzipped else self.path
        return path.read_bytes()


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
        stored = Stored.of(response.get_data(), response.content_type)
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
