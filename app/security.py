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


class SecurityHeaders:
    """WSGI middleware: our headers on every response, replacing any of the same name."""

    def __init__(self, app, headers: dict[str, str] = HEADERS):
        self.app = app
        self.pairs = list(headers.items())
        self.names = {name.lower() for name in headers}

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            kept = [(name, value) for name, value in headers if name.lower() not in self.names]
            return start_response(status, kept + self.pairs, exc_info)

        return self.app(environ, start_with_headers)
