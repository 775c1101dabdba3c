"""Responses prepared once: bytes, their gzip form and an ETag, served from memory.

Everything that does not change while the app runs (case pages, the crisis page, CSS, JS,
icons) is rendered and compressed at start-up, so a request costs a dictionary lookup.
"""

import gzip
import hashlib
from dataclasses import dataclass

from flask import Response, request

# Below this, gzip's header costs more than it saves.
MIN_COMPRESS_BYTES = 512


@dataclass(frozen=True)
class Stored:
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

    def response(self, status: int = 200, cache_control: str = "no-cache") -> Response:
        """A response that honours Accept-Encoding and If-None-Match (a repeat visit is a 304)."""
        use_gzip = self.gzipped is not None and "gzip" in request.accept_encodings
        response = Response(self.gzipped if use_gzip else self.body, status,
                            content_type=self.content_type)
        if use_gzip:
            response.content_encoding = "gzip"
        response.vary.add("Accept-Encoding")
        # Each encoding is a different representation, so each has its own strong ETag.
        response.set_etag(self.etag + ("-gz" if use_gzip else ""))
        response.headers["Cache-Control"] = cache_control
        if status == 200:
            response.make_conditional(request)
        return response
