"""The files under static/, read once and served from memory under versioned URLs."""

import functools
import mimetypes
from pathlib import Path

import rcssmin
import rjsmin
from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print
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


@functools.cache
def compact_page_script(body: bytes) -> bytes:
    """A page's script as small as it can be: the pages' scripts are ES5, for old phones, which
    calmjs.parse reads as the browser does; it writes each function's own names in a letter
    or two and drops what the syntax does not need. Names outside every function (what the
    scripts share: STEADY_PROTOCOL) stay. About a seventh smaller than `compact` after brotli.
    (The worker's script is newer JavaScript, which it cannot read: that one gets `compact`.)
    Kept once a process: each app of a test run would otherwise parse the same files again."""
    tree = es5(body.decode("utf-8"))
    shortened = minify_print(
        tree, obfuscate=True, obfuscate_globals=False, shadow_funcname=True, drop_semi=True
    )
    return shortened.encode("utf-8")


@functools.cache
def prepared(name: str, body: bytes) -> Stored:
    """An asset's bytes, compressed once a process (brotli takes milliseconds a file)."""
    return Stored.of(body, content_type_of(name))


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
            source = path.read_bytes()
            bodies[name] = (
                compact_page_script(source) if name.endswith(".js") else compact(name, source)
            )
    parts = [compact_page_script((worker_dir / PROTOCOL).read_bytes())]
    parts += [bodies.pop(part) for part in EVERY_PAGE_PARTS]
    # A part ends without its last ";" and the next starts with "(": a line break alone would
    # make the next part's function a call on the last value of this one.
    bodies[EVERY_PAGE_SCRIPT] = b";\n".join(parts)
    return {name: prepared(name, body) for name, body in bodies.items()}


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
