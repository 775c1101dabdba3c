"""Steady: offline-first help for parents whose teen is threatened with an intimate image."""

from pathlib import Path

from flask import Flask

from . import assets, errors, i18n, offline, pages, security, templating
from .content import load_library
from .views import about, crisis, library, pwa, site

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(
        CONTENT_DIR=PROJECT_ROOT / "content",
        TRANSLATIONS_DIR=PROJECT_ROOT / "translations",
        STATIC_DIR=PROJECT_ROOT / "static",
        SERVICE_WORKER_DIR=PROJECT_ROOT / "service_worker",
    )
    # FLASK_CONTENT_DIR=... and the like override the defaults (used by the browser tests).
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)

    # A broken content file raises ContentError here, naming every problem: it never
    # becomes a broken page later.
    source_library = load_library(Path(app.config["CONTENT_DIR"]))
    app.extensions["steady_library"] = source_library

    i18n.init_app(app, Path(app.config["TRANSLATIONS_DIR"]), source_library)
    assets.init_app(app, Path(app.config["STATIC_DIR"]))
    security.init_app(app)
    pages.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    offline.init_app(app)
    for blueprint in (library.bp, crisis.bp, about.bp, pwa.bp, site.bp):
        app.register_blueprint(blueprint)

    pages.store_pages(app, pages_to_store(app))
    offline.build_worker(app, Path(app.config["SERVICE_WORKER_DIR"]))
    return app


def pages_to_store(app: Flask) -> list[str]:
    """Every page that is the same for every visitor: rendered once, served from memory."""
    steady = app.extensions["steady_library"]
    urls = ["/blank"]
    for locale in app.config["LOCALES"]:
        urls.append(f"/{locale}/manifest.webmanifest")
        for mode in ("", "plain/"):
            base = f"/{locale}/{mode}"
            urls += [base, f"{base}about", f"{base}crisis", f"{base}offline", f"{base}install"]
            urls += [f"{base}crisis?country={code}" for code in steady.crisis.countries]
            urls += [f"{base}case-studies/{case.slug}" for case in steady.case_studies]
    return urls
