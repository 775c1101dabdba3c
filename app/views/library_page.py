"""The library page's filters and cards, joined from pieces rendered once.

Random filter combinations are the cheapest way to load the server: each is a page of its own.
So below its introduction the library page is joined from pieces (library/pieces.html), each
rendered once per language and reading mode. The view joins pieces it renders as it goes; the
build keeps every piece (app/delivery/recipe.py), and a filtered page is then joined without
rendering a template at all (app/delivery/serve.py). Both take their list of pieces from
`filtered_items`, so they cannot differ.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from flask import current_app, get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape

from ..content.vocabulary import FACETS
from ..i18n import is_plain
from ..parts import parts

# Where a "remove this filter" link's address goes in its stored piece.
URL_SLOT = "\x1e"

Tags = dict[str, tuple[str, ...]]  # vocabulary table -> keys


Key = tuple  # a piece: the name of its macro and the macro's arguments


class ShownCards(list):
    """The cards on the page as runs of neighbours in the library, each (first, after last):
    one item for the whole list. A filter leaves a few long runs, which a page joins whole."""


Item = Key | str | ShownCards  # a piece, a text filled in per request (a link), the cards


class Cards:
    """The case studies' slugs, in page order, and which of them carries each tag.

    A set of cards is an int, bit n standing for card n: filtering hundreds of cards is then a
    few machine-word operations per tag, not a set operation per card."""

    def __init__(self, cards: list[tuple[str, Tags]]):
        self.cards = cards
        self.slugs = [slug for slug, _ in cards]
        self.every = (1 << len(cards)) - 1
        self.carrying: dict[tuple[str, str], int] = {}
        for n, (_, tags) in enumerate(cards):
            for table, keys in tags.items():
                for key in keys:
                    self.carrying[table, key] = self.carrying.get((table, key), 0) | 1 << n

    def any_of(self, table: str, keys: Iterable[str]) -> int:
        """The cards carrying at least one of these tags."""
        found = 0
        for key in keys:
            found |= self.carrying.get((table, key), 0)
        return found

    def matching(self, chosen: dict[str, set[str]], leaving_out: str | None = None) -> int:
        """The cards carrying one of the chosen tags of every facet with a choice (but the
        facet left out)."""
        matched = self.every
        for table, keys in chosen.items():
            if keys and table != leaving_out:
                matched &= self.any_of(table, keys)
        return matched

    def shown(self, matched: int) -> ShownCards:
        runs = ShownCards()
        while matched:
            start = (matched & -matched).bit_length() - 1
            carried = matched + (1 << start)  # the run's bits cleared, and the bit past it set
            stop = (carried & -carried).bit_length() - 1
            runs.append((start, stop))
            matched &= carried
        return runs


class Pieces:
    """The pieces of one language and mode: stored ones, or rendered on first use."""

    def __init__(
        self,
        facet_keys: dict[str, tuple[str, ...]],
        cards: list[tuple[str, Tags]],
        stored: dict[Key, str] | None = None,
        render: Callable[..., str] | None = None,
    ):
        self.facet_keys, self.cards = facet_keys, Cards(cards)
        self.stored = dict(stored or {})
        self.render = render

    def get(self, name: str, *args) -> str:
        key = (name, *args)  # arguments are strings, numbers and booleans: JSON keeps them
        piece = self.stored.get(key)
        if piece is None:
            if self.render is None:
                raise KeyError(f"library page piece {key!r} was not built")
            if name == "remove_filter":  # before and after the link: (table, key, part)
                table, tag, part = args
                whole = str(self.render(name, table, tag, URL_SLOT))
                piece = whole.partition(URL_SLOT)[2 * part]
            elif name == "card":  # (slug,)
                piece = self.get("card_start", *args) + self.get("card_body", *args)
            else:
                piece = str(self.render(name, *args))
            self.stored[key] = piece
        return piece

    def text(self, items: list[Item]) -> str:
        return "".join(self.item_text(item) for item in items)

    def item_text(self, item: Item) -> str:
        if isinstance(item, ShownCards):
            shown = (n for start, stop in item for n in range(start, stop))
            return "".join(self.get("card", self.cards.slugs[n]) for n in shown)
        return item if isinstance(item, str) else self.get(*item)

    def every_piece(self) -> dict[Key, str]:
        """Render every piece a join may ask for, and return them all (for the build)."""
        for any_chosen in (False, True):
            self.get("filters_open", any_chosen)
            self.get("filters_close", any_chosen)
        for table, param in FACETS:
            self.get("facet_open", table)
            for key in self.facet_keys[table]:
                self.get("checkbox_open", table, param, key, False)
                self.get("checkbox_open", table, param, key, True)
                self.get("remove_filter", table, key, 0)
                self.get("remove_filter", table, key, 1)
        self.get("facet_close")
        self.get("checkbox_close")
        total = len(self.cards.cards)
        for count in range(total + 1):
            self.get("option_count", count)
        self.get("result_count", False, total, total)
        for shown in range(total + 1):
            self.get("result_count", True, shown, total)
        for name in ("active_filters_open", "active_filters_close", "cards_close"):
            self.get(name)
        for hidden in (False, True):
            for partial in (False, True):
                self.get("no_match", hidden, partial)
        for slug, _ in self.cards.cards:
            self.get("card", slug)
        return {key: text for key, text in self.stored.items() if not key[0].startswith("card_")}


def live_pieces(library) -> Pieces:
    """Pieces rendered from the templates on first use, inside a request for the page: kept
    for its language and mode, as the library and the templates never change while the app
    runs (the build renders the page, then every piece, once)."""
    kept = parts(current_app).live_pieces
    mode = (str(get_locale()), is_plain())
    if mode not in kept:
        kept[mode] = render_pieces(library)
    return kept[mode]


# The filter form's pieces: the easy-read library has none, its list being short and plain.
FORM_PIECES = frozenset(
    ("filters_open", "facet_open", "checkbox_open", "option_count", "checkbox_close")
    + ("facet_close", "filters_close")
)


def render_pieces(library) -> Pieces:
    by_slug = {case.slug: case for case in library.case_studies}
    plain = is_plain()

    def render(name: str, *args) -> str:
        if plain and name in FORM_PIECES:
            return ""
        if name.startswith("card_"):
            args = (by_slug[args[0]], *args[1:])
        if name == "card_body":
            args = (*args, plain)
        return get_template_attribute("library/pieces.html", name)(*args)

    facet_keys = {table: library.vocabulary.keys(table) for table, _ in FACETS}
    cards = [(case.slug, case.tags) for case in library.case_studies]
    return Pieces(facet_keys, cards, render=render)


def chosen_filters(args, facet_keys: dict[str, Iterable[str]]) -> dict[str, set[str]]:
    """The tags chosen in the filter form, per facet; unknown values are ignored."""
    return {table: set(args.getlist(param)) & set(facet_keys[table]) for table, param in FACETS}


def option_counts(cards: Cards, chosen: dict[str, set[str]], facet_keys) -> dict:
    """For each filter option, how many case studies would show with it ticked as well, so
    no option leads to an empty list without saying so first. filters.js counts the same way."""
    counts = {}
    for table, _param in FACETS:
        others = cards.matching(chosen, leaving_out=table)
        ticked = cards.any_of(table, chosen[table])
        for key in facet_keys[table]:
            counts[table, key] = (others & (ticked | cards.any_of(table, (key,)))).bit_count()
    return counts


def encoded_pairs(args) -> list[tuple[str, str, str]]:
    """Each name and value of the query, and the two URL-encoded, encoded once for all the
    "remove this filter" links."""
    return [(k, v, urlencode([(k, v)])) for k, v in args.items(multi=True)]


def url_without(path: str, pairs: list[tuple[str, str, str]], param: str, value: str) -> str:
    """The library URL with one filter value removed."""
    kept = [encoded for k, v, encoded in pairs if (k, v) != (param, value)]
    return path + (f"?{'&'.join(kept)}" if kept else "")


def join_filtered(pieces: Pieces, path: str, args) -> Markup:
    """The filter form, the count, the filters in use and the cards, for this query."""
    return Markup(pieces.text(filtered_items(pieces, path, args)))


def filtered_items(pieces: Pieces, path: str, args) -> list[Item]:
    """The pieces of `join_filtered`, in order, with the links filled in."""
    chosen = chosen_filters(args, pieces.facet_keys)
    any_chosen = any(chosen.values())
    cards = pieces.cards
    counts = option_counts(cards, chosen, pieces.facet_keys)
    out: list[Item] = [("filters_open", any_chosen)]
    for table, param in FACETS:
        out.append(("facet_open", table))
        for key in pieces.facet_keys[table]:
            out += [
                ("checkbox_open", table, param, key, key in chosen[table]),
                ("option_count", counts[table, key]),
                ("checkbox_close",),
            ]
        out.append(("facet_close",))
    out.append(("filters_close", any_chosen))
    matched = cards.matching(chosen)
    out.append(("result_count", any_chosen, matched.bit_count(), len(cards.cards)))
    if any_chosen:
        out.append(("active_filters_open",))
        pairs = encoded_pairs(args)
        for table, param in FACETS:
            for key in sorted(chosen[table]):
                link = str(escape(url_without(path, pairs, param, key)))
                out += [("remove_filter", table, key, 0), link, ("remove_filter", table, key, 1)]
        out.append(("active_filters_close",))
    # Only the matching cards: at hundreds of case studies, the cards filtered out would be
    # most of the page's bytes. The list says it is partial (filters.js completes it).
    out.append(("no_match", bool(matched), matched != cards.every))
    out.append(cards.shown(matched))
    out.append(("cards_close",))
    return out
