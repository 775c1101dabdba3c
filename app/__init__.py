"""Steady: offline-first help for parents whose teen is threatened with an intimate image."""

from flask import Flask

from . import config, i18n
from .content import load_library
from .delivery import assets, pages, worker
from .security import SecurityHeaders
from .views import about, crisis, errors, helpers, library, pwa, site, start


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, instance_path=str(config.INSTANCE_DIR))
    config.load_config(app.config, test_config)

    # A broken content file raises ContentError here, naming every problem: it never
    # becomes a broken page later.
    source_library = load_library(app.config["CONTENT_DIR"])
    app.extensions["steady_library"] = source_library

    i18n.init_app(app, app.config["TRANSLATIONS_DIR"], source_library)
    assets.init_app(app, app.config["STATIC_DIR"])
    pages.init_app(app)
    helpers.init_app(app)
    errors.init_app(app)
    worker.init_app(app)
    for blueprint in (library.bp, crisis.bp, start.bp, about.bp, pwa.bp, site.bp):
        app.register_blueprint(blueprint)

    # Last: what is computed once from everything above, then the headers around it all.
    pages.store_pages(app, pages.pages_to_store(app))
    worker.build_worker(app)
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
    return app
