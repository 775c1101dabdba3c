"""The library page's filters and cards, joined from pieces rendered once.

Random filter combinations are the cheapest way to load the server: each is a page of its own.
So below its introduction the library page is joined from pieces (library/pieces.html), each
rendered once per language and reading mode. The view joins pieces it renders as it goes; the
build keeps every piece (app/delivery/built.py), and a filtered page is then joined without
rendering a template at all. Both go through `join_filtered`, so they cannot differ.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from flask import get_template_attribute
from markupsafe import Markup, escape

from ..content.case_study import tags_match
from ..content.vocabulary import FACETS

# Where a "remove this filter" link's address goes in its stored piece.
URL_SLOT = "\x1e"

Tags = dict[str, tuple[str, ...]]  # vocabulary table -> keys


def piece_key(name: str, *args) -> str:
    return "|".join([name, *(str(int(a)) if isinstance(a, bool) else str(a) for a in args)])


class Pieces:
    """The pieces of one language and mode: stored ones, or rendered on first use."""

    def __init__(
        self,
        facet_keys: dict[str, tuple[str, ...]],
        cards: list[tuple[str, Tags]],
        stored: dict[str, str] | None = None,
        render: Callable[..., str] | None = None,
    ):
        self.facet_keys, self.cards = facet_keys, cards
        self.stored = dict(stored or {})
        self.render = render

    def get(self, name: str, *args) -> str:
        key = piece_key(name, *args)
        piece = self.stored.get(key)
        if piece is None:
            if self.render is None:
                raise KeyError(f"library page piece {key!r} was not built")
            piece = self.stored[key] = str(self.render(name, *args))
        return piece

    def every_piece(self) -> dict[str, str]:
        """Render every piece a join may ask for, and return them all (for the build)."""
        for any_chosen in (False, True):
            self.get("filters_open", any_chosen)
            self.get("filters_close", any_chosen)
        for table, param in FACETS:
            self.get("facet_open", table)
            for key in self.facet_keys[table]:
                self.get("checkbox", table, param, key, False)
                self.get("checkbox", table, param, key, True)
                self.get("remove_filter", URL_SLOT, table, key)
        self.get("facet_close")
        total = len(self.cards)
        self.get("result_count", False, total, total)
        for shown in range(total + 1):
            self.get("result_count", True, shown, total)
        for name in ("active_filters_open", "active_filters_close", "cards_close"):
            self.get(name)
        for hidden in (False, True):
            self.get("no_match", hidden)
            for slug, _ in self.cards:
                self.get("card", slug, hidden)
        return self.stored


def live_pieces(library) -> Pieces:
    """Pieces rendered from the templates on first use (inside a request for the page)."""
    by_slug = {case.slug: case for case in library.case_studies}

    def render(name: str, *args) -> str:
        if name == "card":
            args = (by_slug[args[0]], *args[1:])
        return get_template_attribute("library/pieces.html", name)(*args)

    facet_keys = {table: library.vocabulary.keys(table) for table, _ in FACETS}
    cards = [(case.slug, case.tags) for case in library.case_studies]
    return Pieces(facet_keys, cards, render=render)


def chosen_filters(args, facet_keys: dict[str, Iterable[str]]) -> dict[str, set[str]]:
    """The tags chosen in the filter form, per facet; unknown values are ignored."""
    return {table: set(args.getlist(param)) & set(facet_keys[table]) for table, param in FACETS}


def url_without(path: str, args, param: str, value: str) -> str:
    """The library URL with one filter value removed."""
    kept = [(k, v) for k, v in args.items(multi=True) if (k, v) != (param, value)]
    return path + (f"?{urlencode(kept)}" if kept else "")


def join_filtered(pieces: Pieces, path: str, args) -> Markup:
    """The filter form, the count, the filters in use and the cards, for this query."""
    return Markup("".join(filtered_pieces(pieces, path, args)))


def filtered_pieces(pieces: Pieces, path: str, args) -> list[str]:
    """The pieces of `join_filtered`, in order."""
    chosen = chosen_filters(args, pieces.facet_keys)
    any_chosen = any(chosen.values())
    out = [pieces.get("filters_open", any_chosen)]
    for table, param in FACETS:
        out.append(pieces.get("facet_open", table))
        for key in pieces.facet_keys[table]:
            out.append(pieces.get("checkbox", table, param, key, key in chosen[table]))
        out.append(pieces.get("facet_close"))
    out.append(pieces.get("filters_close", any_chosen))
    shown = [tags_match(tags, chosen) for _, tags in pieces.cards]
    out.append(pieces.get("result_count", any_chosen, sum(shown), len(pieces.cards)))
    if any_chosen:
        out.append(pieces.get("active_filters_open"))
        for table, param in FACETS:
            for key in sorted(chosen[table]):
                link = str(escape(url_without(path, args, param, key)))
                out.append(
                    pieces.get("remove_filter", URL_SLOT, table, key).replace(URL_SLOT, link)
                )
        out.append(pieces.get("active_filters_close"))
    out.append(pieces.get("no_match", any(shown)))
    out += [
        pieces.get("card", slug, not show)
        for (slug, _), show in zip(pieces.cards, shown, strict=True)
    ]
    out.append(pieces.get("cards_close"))
    return out
