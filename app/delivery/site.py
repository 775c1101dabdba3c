"""The build opened for the app (made first if this content and code were never built), and
what the rest of the app reads from it."""

from functools import partial

from flask import Flask

from ..parts import parts
from .build import Build, open_or_build
from .recipe import write_site


def open_site(app: Flask) -> Build:
    """The build for the app as it is. Unless this very content and code were built before, the
    library is loaded first, and a broken content file raises ContentError here, naming every
    problem: it never becomes a broken page later."""
    build = open_or_build(app, partial(write_site, app))
    parts(app).build = build
    parts(app).stored_errors = {
        key: build.entry_stored(entry) for key, entry in build.index["errors"].items()
    }
    parts(app).translation_problems = build.index["translation_problems"]
    parts(app).last_resort_pages = {
        locale: (build.public / file).read_bytes()
        for locale, file in build.index["last_resort"].items()
    }
    parts(app).precache = build.index["precache"]
    return build
