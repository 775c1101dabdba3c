"""The public pages, one blueprint per part of the site; views only look up and render."""

from flask import Flask

from . import about, crisis, helpers, library, pwa, record, site, start


def init_app(app: Flask) -> None:
    helpers.init_app(app)
    for module in (library, crisis, start, record, about, pwa, site):
        app.register_blueprint(module.bp)
