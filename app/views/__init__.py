"""One blueprint per part of the site; views only look up and render."""

from flask import Blueprint


def page_route(bp: Blueprint, rule: str):
    """Register a page at its standard URL and at its plain-language twin under /plain, so
    each mode has its own addresses: shareable, and saved offline separately."""

    def register(view):
        bp.add_url_rule(rule, view_func=view, defaults={"plain": False}, methods=["GET"])
        bp.add_url_rule(f"/plain{rule}", view_func=view, defaults={"plain": True}, methods=["GET"])
        return view

    return register
