"""The files under static/, read once and served from memory under versioned URLs."""

import mimetypes
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, abort, current_app, request

from ..parts import parts
from .stored import Stored

# A versioned URL never changes meaning, so browsers may keep it for a year without asking.
IMMUTABLE = "public, max-age=31536000, immutable"

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")


# The scripts every page runs, served as one file: one request instead of three on a weak
# signal (each response carries some 400 bytes of headers). Each is a self-contained function.
EVERY_PAGE_SCRIPT = "js/steady.js"
EVERY_PAGE_PARTS = (
    "js/quick-exit.js",
    "js/country.js",
    "js/offline.js",
    "js/outbox-wake.js",
    "js/script-on-open.js",
)
# The message names pages and worker share: in the worker's folder, first in both scripts.
PROTOCOL = "protocol.js"


def compact(name: str, body: bytes) -> bytes:
    """Comments and spaces explain the source to people; the bytes a phone downloads need
    neither. rJSmin and rCSSmin read the text as the browser does (strings, regular
    expressions, the line breaks JavaScript needs), so nothing that runs is changed."""
    if name.endswith(".js"):
        return rjsmin.jsmin(body.decode("utf-8")).encode("utf-8")
    if name.endswith(".css"):
        return rcssmin.cssmin(body.decode("utf-8")).encode("utf-8")
    return body


def content_type_of(name: str) -> str:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "+xml")):
        content_type += "; charset=utf-8"
    return content_type


def load_assets(static_dir: Path, worker_dir: Path) -> dict[str, Stored]:
    bodies = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file():
            name = path.relative_to(static_dir).as_posix()
            bodies[name] = compact(name, path.read_bytes())
    parts = [compact(PROTOCOL, (worker_dir / PROTOCOL).read_bytes())]
    parts += [bodies.pop(part) for part in EVERY_PAGE_PARTS]
    bodies[EVERY_PAGE_SCRIPT] = b"\n".join(parts)
    return {name: Stored.of(body, content_type_of(name)) for name, body in bodies.items()}


def versioned_url(name: str, asset: Stored) -> str:
    """The URL of a static file, carrying a hash of its bytes so a change is a new URL."""
    return f"/static/{name}?v={asset.etag[:10]}"


def asset_url(name: str) -> str:
    return versioned_url(name, parts(current_app).assets[name])


def serve_asset(name: str):
    asset = parts(current_app).assets.get(name)
    if asset is None:
        abort(404)
    versioned = request.args.get("v") == asset.etag[:10]
    return asset.response(cache_control=IMMUTABLE if versioned else "no-cache")


def init_app(app: Flask, static_dir: Path) -> None:
    parts(app).assets = load_assets(static_dir, app.config["SERVICE_WORKER_DIR"])
    app.add_url_rule("/static/<path:name>", "static", serve_asset)
    app.jinja_env.globals["asset_url"] = asset_url
