"""The files under static/, read once and served from memory under versioned URLs."""

import mimetypes
from pathlib import Path

from flask import Flask, abort, current_app, request

from .stored import Stored

# A versioned URL never changes meaning, so browsers may keep it for a year without asking.
IMMUTABLE = "public, max-age=31536000, immutable"

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")


def load_assets(static_dir: Path) -> dict[str, Stored]:
    assets = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file():
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith(
                ("javascript", "json", "+xml")
            ):
                content_type += "; charset=utf-8"
            assets[path.relative_to(static_dir).as_posix()] = Stored.of(
                path.read_bytes(), content_type
            )
    return assets


def versioned_url(name: str, asset: Stored) -> str:
    """The URL of a static file, carrying a hash of its bytes so a change is a new URL."""
    return f"/static/{name}?v={asset.etag[:10]}"


def asset_url(name: str) -> str:
    return versioned_url(name, current_app.extensions["steady_assets"][name])


def serve_asset(name: str):
    asset = current_app.extensions["steady_assets"].get(name)
    if asset is None:
        abort(404)
    versioned = request.args.get("v") == asset.etag[:10]
    return asset.response(cache_control=IMMUTABLE if versioned else "no-cache")


def init_app(app: Flask, static_dir: Path) -> None:
    app.extensions["steady_assets"] = load_assets(static_dir)
    app.add_url_rule("/static/<path:name>", "static", serve_asset)
    app.jinja_env.globals["asset_url"] = asset_url
