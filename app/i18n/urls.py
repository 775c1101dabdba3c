"""The one grammar of page addresses: /<locale>/[plain/]<rest>.

Views, the stored pages, the precache list and the service worker all build and read page
addresses through this module; the worker receives `worker_grammar()` rather than its own copy.
"""

import re
from dataclasses import dataclass

# The blueprint prefix of every localized page, and the segment of the easy-read twin.
LOCALE_PREFIX = "/<locale:locale>"
PLAIN_SEGMENT = "plain"


@dataclass(frozen=True)
class PagePath:
    locale: str
    plain: bool
    rest: str  # what follows the locale and mode: "", "crisis", "case-studies/<slug>"


def page_path(locale: str, plain: bool, rest: str = "") -> str:
    """The address of a page."""
    return f"/{locale}/" + (f"{PLAIN_SEGMENT}/" if plain else "") + rest


def split_page_path(path: str, locales: tuple[str, ...]) -> PagePath | None:
    """The parts of a page address, or None outside the localized pages."""
    segments = path.lstrip("/").split("/")
    if segments[0] not in locales:
        return None
    plain = len(segments) > 1 and segments[1] == PLAIN_SEGMENT
    return PagePath(segments[0], plain, "/".join(segments[2 if plain else 1 :]))


# A place we may send a browser after /settings: a path of plain segments and an optional plain
# query. No "//", "..", backslash, colon, whitespace or control character can get through, so
# nothing a browser or Werkzeug would normalise into another host. Written in the common subset
# of Python's and JavaScript's regular expressions: the worker applies the very same pattern.
REDIRECT_TARGET = r"^/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]*(?:\?[A-Za-z0-9_.%=&+-]*)?$"


def safe_redirect_target(target: str, locales: tuple[str, ...]) -> str:
    """`target` when it is the root or one of our own pages, else the root."""
    # fullmatch, not match: Python's `$` also matches before a final newline, which would let
    # "/en/\n" through into a Location header. (JavaScript's `$` without the m flag does not.)
    if not re.fullmatch(REDIRECT_TARGET, target):
        return "/"
    path = target.partition("?")[0]
    return target if path == "/" or split_page_path(path, locales) else "/"


def worker_grammar(locales: tuple[str, ...], source_locale: str) -> dict:
    """What the service worker needs to read page addresses as the server does."""
    return {
        "locales": list(locales),
        "sourceLocale": source_locale,
        "plainSegment": PLAIN_SEGMENT,
        "redirectTarget": REDIRECT_TARGET,
    }
