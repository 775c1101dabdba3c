"""Steady: offline-first help for parents whose teen is threatened with an intimate image."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, db, guard, i18n, push, request_log
from .contact import views as contact
from .delivery import assets, built, pages, worker
from .push import views as push_views
from .security import SecurityHeaders
from .staff import views as staff
from .views import about, crisis, errors, helpers, library, pwa, site, start


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, instance_path=str(config.INSTANCE_DIR))
    # Templates are laid out for people; a block tag leaves no line behind in the page. Every
    # page is saved on every phone, so its blank lines would be saved there hundreds of times.
    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    config.load_config(app.config, test_config)
    app.instance_path = str(app.config["INSTANCE_DIR"])
    db.init_app(app)
    request_log.init_app(app)

    i18n.init_app(app, app.config["TRANSLATIONS_DIR"], app.config["CONTENT_DIR"])
    assets.init_app(app, app.config["STATIC_DIR"])
    pages.init_app(app)
    helpers.init_app(app)
    errors.init_app(app)
    guard.init_app(app)
    worker.init_app(app)
    contact.init_app(app)
    staff.init_app(app)
    push.init_app(app)
    blueprints = (library.bp, crisis.bp, start.bp, about.bp, pwa.bp, site.bp, contact.bp, staff.bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(push_views.api)
    app.register_blueprint(push_views.pages)

    # Last: the built site, served in front of Flask. Unless this very content and code were
    # built before, the build loads the library first, and a broken content file raises
    # ContentError here, naming every problem: it never becomes a broken page later.
    built.serve_site(app)
    app.wsgi_app = push.AnnounceOnFirstRequest(app.wsgi_app, app)
    app.wsgi_app = guard.HostGuard(
        app.wsgi_app, app.config["TRUSTED_HOSTS"], app.config["SITE_URL"]
    )
    app.wsgi_app = errors.LastResort(
        app.wsgi_app, app.extensions["steady_last_resort_pages"], app.config["LOCALES"]
    )
    app.wsgi_app = SecurityHeaders(app.wsgi_app, hsts_max_age=app.config["HSTS_MAX_AGE"])
    # Outermost, so that everything inside sees the scheme and host the visitor used.
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, **app.config["PROXY_FIX"])
    return app
