"""Page routes: every page under a language, at its standard and its easy-read address, and the
mark of a route whose every page is the same for every visitor, so the build stores them all."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Blueprint

from ..i18n.urls import LOCALE_PREFIX, PLAIN_SEGMENT

# The values of a stored route's every page, from the library (a case study's slug, a country).
Values = Callable[[object], Iterable[dict[str, str]]]
# Whether a stored route's pages are help of the first hour: all of them, or those whose values
# pass the test.
FirstHour = bool | Callable[[dict[str, str]], bool]


def one_page(_library) -> list[dict[str, str]]:
    return [{}]


@dataclass(frozen=True)
class StoredRoute:
    """Every page of a route, rendered once into the build (app/delivery/recipe.py)."""

    values: Values = one_page
    # Whether the easy-read pages are saved offline too, or only stored on the server.
    plain_saved_offline: bool = True
    # Whether its pages are the help of the first hour (the crisis page, Start here): the
    # worker saves their standard pages first, before the rest of the language
    # (app/delivery/precache.py); the easy-read ones come with the rest.
    first_hour: FirstHour = False

    def is_first_hour(self, values: dict[str, str]) -> bool:
        return self.first_hour(values) if callable(self.first_hour) else self.first_hour


def stored(
    values: Values = one_page, *, plain_saved_offline: bool = True, first_hour: FirstHour = False
):
    """Mark a view whose pages are the same for every visitor: the build renders each page
    `values(library)` names (its URL values; any other value becomes the query), in every
    language and mode the route has, and the worker saves them offline, the `first_hour` ones
    before the rest of their language. A view that reads a session, a login or a form can never
    be stored: the build refuses its page."""

    def mark(view):
        view.stored = StoredRoute(values, plain_saved_offline, first_hour)
        return view

    return mark


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
