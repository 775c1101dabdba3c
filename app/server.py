"""`make serve`: Steady as it runs in production, on waitress.

Why waitress: it reads each request in full on one asynchronous loop before a worker thread
sees it, so clients that send half a request and wait (slow phones, or an attack) hold a cheap
socket rather than a worker. Under gunicorn, two such clients took every sync worker and the
site went dark; gthread workers only move the limit to the number of threads. The figures are
in bench/slow_clients.py. Pages are answered from memory, so a few threads keep up.

Binds 127.0.0.1:8000 unless HOST and PORT say otherwise. Put it behind a TLS proxy for a real
deployment, and configure PROXY_FIX, SITE_URL and TRUSTED_HOSTS (see app/config.py).

Waitress passes the proxy's X-Forwarded-* headers on untouched: the app believes them only as
PROXY_FIX says (app/stack.py), and without it ignores them. (Waitress's default would remove
them before the app sees them, and every visitor would be the proxy's address: five messages
from anyone would have shut the contact form for everyone.) Keep it on loopback, or reachable
only from the proxy, so no visitor can reach it without passing the proxy.
"""

import os

from waitress import serve

from . import config, create_app

# Threads beyond DYNAMIC_WORK_SLOTS (app/web/capacity.py): however many requests wait on a hung
# database, these answer the stored pages, a dictionary lookup each.
THREADS_FOR_STORED_PAGES = 2
# Each open connection costs one socket and a small buffer on the loop, not a thread.
CONNECTION_LIMIT = 2000
# A client that sends nothing for this long is let go (a slowloris must keep paying).
CHANNEL_TIMEOUT_S = 30
# Far above the limits of the app and of the proxy in front (deploy/nginx/steady.conf), so
# that a request too large is refused by one of them, with our page or, from the app, in JSON
# for the phone's outbox: waitress's own refusal is plain text without our headers. The largest
# body the app reads is a contact message (about 63 KiB: app/contact/views.py max_post_bytes);
# a request of ours has a handful of headers, and nginx takes up to 32 KiB of them.
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024


def address() -> tuple[str, int]:
    return os.environ.get("HOST") or "127.0.0.1", int(os.environ.get("PORT") or 8000)


def main() -> None:
    host, port = address()
    overrides = {}
    if config.settings()["SITE_URL"] == config.DEFAULTS["SITE_URL"]:
        # Nobody configured the public address: it is the one we listen on.
        overrides["SITE_URL"] = f"http://{host}:{port}"
    app = create_app(overrides or None)
    serve(
        app,
        host=host,
        port=port,
        threads=app.config["DYNAMIC_WORK_SLOTS"] + THREADS_FOR_STORED_PAGES,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT_S,
        max_request_header_size=MAX_HEADER_BYTES,
        max_request_body_size=MAX_BODY_BYTES,
        clear_untrusted_proxy_headers=False,
        ident="Steady",
    )


if __name__ == "__main__":
    main()
