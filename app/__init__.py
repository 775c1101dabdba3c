"""Steady: offline-first help for parents whose teen is threatened with an intimate image."""

from flask import Flask

from . import config, db, i18n, parts, push, queue, stack, views, web
from .contact import views as contact_views
from .delivery import site, worker
from .push import views as push_views
from .staff import views as staff_views


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None, instance_path=str(config.INSTANCE_DIR))
    # Templates are laid out for people; a block tag leaves no line behind in the page. Every
    # page is saved on every phone, so its blank lines would be saved there hundreds of times.
    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    config.load_config(app.config, test_config)
    app.instance_path = str(app.config["INSTANCE_DIR"])
    if not app.config.get("SECRET_KEY"):
        # Signs the staff session and keys the contact form's sender tags.
        app.secret_key = config.secret_key(app.config["INSTANCE_DIR"])
    parts.init_app(app)
    db.init_app(app)
    queue.init_app(app)
    i18n.init_app(app, app.config["TRANSLATIONS_DIR"], app.config["CONTENT_DIR"])
    web.init_app(app, app.config["STATIC_DIR"])
    views.init_app(app)
    worker.init_app(app)
    contact_views.init_app(app)
    staff_views.init_app(app)
    push.init_app(app)
    for blueprint in (contact_views.bp, staff_views.bp, push_views.api, push_views.pages):
        app.register_blueprint(blueprint)
    # Last: the site built once (or opened, when this content and code were built before),
    # then the layers in front of Flask that answer from it (app/stack.py).
    site.open_site(app)
    stack.wrap(app)
    return app
