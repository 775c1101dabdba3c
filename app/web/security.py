"""Headers that keep a family's visit private and the pages hard to abuse.

Added by a WSGI layer outside everything else, so that every response carries them: a page
stored at start-up, one rendered by Flask, and an error raised before Flask's own handlers.
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

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # A link a parent follows out of Steady must not tell the other site where they came from.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), payment=(), usb=()",
}


def secure_cookie(value: str) -> str:
    """A Set-Cookie value that the browser only ever sends back over HTTPS."""
    attributes = {part.strip().lower() for part in value.split(";")[1:]}
    return value if "secure" in attributes else f"{value}; Secure"


class SecurityHeaders:
    """WSGI middleware: our headers on every response, replacing any of the same name.

    Over HTTPS (as the request's scheme says, after ProxyFix when it is configured) it adds
    Strict-Transport-Security and marks every cookie Secure, whoever set it."""

    def __init__(self, app, headers: dict[str, str] = HEADERS, hsts_max_age: int = 0):
        self.app = app
        self.pairs = list(headers.items())
        self.names = {name.lower() for name in headers}
        self.hsts = [("Strict-Transport-Security", f"max-age={hsts_max_age}")]
        if not hsts_max_age:
            self.hsts = []

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            https = environ.get("wsgi.url_scheme") == "https"
            kept = []
            for name, value in headers:
                lowered = name.lower()
                if lowered in self.names or lowered == "strict-transport-security":
                    continue
                kept.append(
                    (name, secure_cookie(value) if https and lowered == "set-cookie" else value)
                )
            return start_response(
                status, kept + self.pairs + (self.hsts if https else []), exc_info
            )

        return self.app(environ, start_with_headers)
