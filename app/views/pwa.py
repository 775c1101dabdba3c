"""The installable app: the web app manifest, the install help and the offline page."""

import json

from flask import Response, current_app, render_template
from flask_babel import gettext

from ..delivery.assets import asset_url
from ..i18n import current_library
from ..i18n.locales import direction
from ..i18n.urls import page_path
from . import localized_blueprint, page_route

bp = localized_blueprint("pwa", __name__)


@bp.get("/manifest.webmanifest")
def manifest(locale: str):
    """One manifest per language, so the installed app has its name in the family's language."""
    icons = [
        {
            "src": asset_url("icons/icon-192.png"),
            "sizes": "192x192",
            "type": "image/png",
            "purpose": "any",
        },
        {
            "src": asset_url("icons/icon-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "any",
        },
        {
            "src": asset_url("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    body = {
        "id": "/",
        "name": gettext("Steady: help when your teen is threatened online"),
        "short_name": "Steady",
        "description": gettext(
            "Calm, verified help for parents when someone threatens to share "
            "an intimate image of their teen. Works offline."
        ),
        "start_url": page_path(locale, False),
        "scope": "/",
        "display": "standalone",
        "theme_color": current_app.config["THEME_COLOUR"],
        "background_color": current_app.config["BACKGROUND_COLOUR"],
        "lang": locale,
        "dir": direction(locale),
        "icons": icons,
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )


@page_route(bp, "/install")
def install(locale: str, plain: bool):
    return render_template("pwa/install.html")


@page_route(bp, "/offline")
def offline(locale: str, plain: bool):
    """Shown by the service worker for a page that is not saved on this device."""
    return render_template("pwa/offline.html", library=current_library())
