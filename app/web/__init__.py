"""What every request meets, whoever answers it: the security headers (security.py), the Host
check and canonical redirects (hosts.py), the cross-site check of a post (cross_site.py), the
rate limit (rate_limit.py), the error pages (errors.py), the static files (assets.py), and
responses prepared once (stored.py). Used alike by the pages, contact and push.
"""

from pathlib import Path

from flask import Flask

from . import assets, capacity, errors, hosts, request_log, stored


def init_app(app: Flask, static_dir: Path) -> None:
    capacity.init_app(app)
    request_log.init_app(app)
    hosts.init_app(app)
    errors.init_app(app)
    assets.init_app(app, static_dir)
    stored.init_app(app)
