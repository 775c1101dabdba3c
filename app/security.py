"""Headers that keep a family's visit private and the pages hard to abuse."""

from flask import Flask, Response

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


def add_security_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
