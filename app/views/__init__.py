"""One blueprint per part of the site; views only look up and render."""

from flask import Blueprint

from ..i18n.urls import LOCALE_PREFIX, PLAIN_SEGMENT


def page_route(bp: Blueprint, rule: str):
    """Register a page at its standard URL and at its plain-language twin, so
    each mode has its own addresses: shareable, and saved offline separately."""

    def register(view):
        bp.add_url_rule(rule, view_func=view, defaults={"plain": False}, methods=["GET"])
        bp.add_url_rule(
            f"/{PLAIN_SEGMENT}{rule}", view_func=view, defaults={"plain": True}, methods=["GET"]
        )
        return view

    return register


def localized_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint whose pages live under a locale: /<locale>/..."""
    return Blueprint(name, import_name, url_prefix=LOCALE_PREFIX)
