"""The installable app: the web app manifest, the words of every page's scripts, each
country's services for the guides, the install help and the offline page."""

import json

from flask import Response, current_app, render_template
from flask_babel import gettext

from ..i18n import current_library
from ..i18n.locales import autonym, direction
from ..i18n.urls import page_path
from ..web.assets import asset_url
from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("pwa", __name__)


@bp.get("/manifest.webmanifest")
@stored()
def manifest(locale: str):
    """One manifest per language: the installed app opens in the family's language."""
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
        # The home screen, the app switcher and the splash screen show these names to anyone
        # who picks up a shared phone: like a notification's title, they say only "Steady",
        # as the Install page promises, in every language. No description either: an install
        # dialog or the phone's list of apps may show it.
        "name": "Steady",
        "short_name": "Steady",
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
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        content_type="application/manifest+json; charset=utf-8",
    )


@bp.get("/script-texts.js")
@stored()
def script_texts(locale: str):
    """What the scripts on every page say, once per language rather than in every page:
    each country's call buttons (country.js), the offline status (offline.js) and the quick
    exit's announcements (quick-exit.js). Loaded before them, saved with the crisis pages."""
    countries = current_library().crisis.countries
    language = autonym(locale)
    texts = {
        "calls": {
            code: render_template("components/country_calls.html", country=country)
            for code, country in countries.items()
        },
        # The crisis line named in the "stay close" step, for country.js to swap in.
        "crisisLines": {
            code: render_template("components/crisis_line.html", country=country).strip()
            for code, country in countries.items()
        },
        "numbersFor": gettext("Numbers for: %(country)s", country="{country}"),
        "change": gettext("Change"),
        "hours": {
            "open": gettext("Open now"),
            "opensAt": gettext("Closed now, opens at %(time)s", time="{time}"),
            "opensOn": gettext("Closed now, opens %(day)s at %(time)s", day="{day}", time="{time}"),
        },
        "offline": {
            "saving": gettext(
                "Saving for offline: %(done)s of %(total)s", done="{done}", total="{total}"
            ),
            "ready": gettext("Ready to use offline. Saved %(date)s.", date="{date}"),
            "helpSaving": gettext(
                "The crisis help and Start here open offline now. Saving the rest: "
                "%(done)s of %(total)s",
                done="{done}",
                total="{total}",
            ),
            "helpOnly": gettext(
                "The crisis help and Start here open offline. The other pages in %(language)s "
                "are not saved on this device yet.",
                language=language,
            ),
            "failed": gettext(
                "Steady could not be saved for offline use. Check your connection and try again."
            ),
            "updateFailed": gettext(
                "The new version could not be saved. Your saved copy still works offline."
            ),
            "languageNotSaved": gettext(
                "%(language)s is not saved on this device yet, so these pages will not open "
                "without a connection.",
                language=language,
            ),
            "unavailable": gettext(
                "Offline saving is not available in this browser. Steady works here only with "
                "a connection."
            ),
        },
        "quickExit": {
            "one": gettext("Shift pressed once. Press it 2 more times to exit this page."),
            "two": gettext("Shift pressed twice. Press it once more to exit this page."),
            "exiting": gettext("Exiting this page."),
        },
    }
    return Response(
        f"window.steadyTexts = {json.dumps(texts, ensure_ascii=False)};\n",
        content_type="text/javascript; charset=utf-8",
    )


@bp.get("/services.json")
@stored()
def country_services(locale: str):
    """Each country's services, for the guides whose steps name another country's: country.js
    fetches it there only, once the family's country is known (components/elsewhere.html).
    Fetched as data, it does not hold the page's load event; one file a language keeps the
    worker's list of files short, which a first visit on a slow link reads before anything."""
    services = {
        code: render_template("components/country_services.html", country=country).strip()
        for code, country in current_library().crisis.countries.items()
    }
    return Response(
        json.dumps(services, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


@page_route(bp, "/install")
@stored()
def install(locale: str, plain: bool):
    return render_template("pwa/install.html")


@page_route(bp, "/offline")
@stored()
def offline(locale: str, plain: bool):
    """Shown by the service worker for a page that is not saved on this device."""
    return render_template("pwa/offline.html", library=current_library())
