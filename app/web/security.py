"""Headers that keep a family's visit private and the pages hard to abuse.

Added by a WSGI layer outside everything else, so that every response carries them: a page
stored at start-up, one rendered by Flask, and an error raised before Flask's own handlers.
What only a document obeys goes only on what a browser may show as one.
"""

# No inline script or style anywhere, nothing from another origin: the page can only talk to us.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

# On every response: where a link leads, what a file is, who may load it.
EVERY_RESPONSE = {
    # A link a parent follows out of Steady must not tell the other site where they came from.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# What only a document obeys: a page, an SVG or JSON opened on its own, and the worker's script,
# which runs under its own response's policy. A stylesheet, a script, an image or a manifest
# that a page loads ignores them; on a weak signal they would cost ~370 bytes with every file.
DOCUMENT_ONLY = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), payment=(), usb=()",
}
HEADERS = {**EVERY_RESPONSE, **DOCUMENT_ONLY}  # what a document gets
# Types a browser only ever loads into a page (deploy/nginx/steady.conf names the same).
LOADED_INTO_A_PAGE = (
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/png",
    "application/manifest+json",
)


def loaded_into_a_page(content_type: str, path: str, worker_path: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    return media_type in LOADED_INTO_A_PAGE and path != worker_path


def secure_cookie(value: str) -> str:
    """A Set-Cookie value that the browser only ever sends back over HTTPS."""
    attributes = {part.strip().lower() for part in value.split(";")[1:]}
    return value if "secure" in attributes else f"{value}; Secure"


class SecurityHeaders:
    """WSGI middleware: our headers on every response (the document's only on documents),
    replacing any of the same name.

    Over HTTPS (as the request's scheme says, after ProxyFix when it is configured) it adds
    Strict-Transport-Security and marks every cookie Secure, whoever set it."""

    def __init__(self, app, worker_path: str, hsts_max_age: int = 0):
        self.app = app
        self.worker_path = worker_path
        self.names = {name.lower() for name in HEADERS}
        self.hsts = [("Strict-Transport-Security", f"max-age={hsts_max_age}")]
        if not hsts_max_age:
            self.hsts = []

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            https = environ.get("wsgi.url_scheme") == "https"
            kept, content_type = [], ""
            for name, value in headers:
                lowered = name.lower()
                if lowered == "content-type":
                    content_type = value
                if lowered in self.names or lowered == "strict-transport-security":
                    continue
                kept.append(
                    (name, secure_cookie(value) if https and lowered == "set-cookie" else value)
                )
            path = environ.get("PATH_INFO", "")
            subresource = loaded_into_a_page(content_type, path, self.worker_path)
            ours = EVERY_RESPONSE if subresource else HEADERS
            return start_response(
                status, kept + list(ours.items()) + (self.hsts if https else []), exc_info
            )

        return self.app(environ, start_with_headers)
