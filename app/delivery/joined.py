"""A page joined from pieces compressed once, with no compression per request.

Every piece is compressed once (raw deflate, flushed to a byte boundary), so a page joined from
pieces is compressed by joining theirs: one valid gzip member. Only the trailer's checksum is
computed per request, over the joined bytes (by zlib-ng where it is installed, the `speedups`
extra: it is several times faster than zlib at it, and at hundreds of cards zlib's took a
quarter of a request's time).

A piece compressed on its own compresses badly (a card is a kilobyte or so); compressed after
what comes before it on the page, it compresses almost as well as the whole page would. That is
exact only where what it refers to really is just before it, so each piece is kept compressed
after each neighbour it can have, and a join picks the one it has.
"""

import struct
import zlib
from bisect import bisect_left
from itertools import accumulate

try:
    from zlib_ng.zlib_ng import crc32
except ImportError:  # without the speedups extra: the same checksum, computed more slowly
    from zlib import crc32

from ..web.stored import Negotiated

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
LAST_EMPTY_BLOCK = b"\x03\x00"
# A text filled in per request at least this long is worth a compressor.
LONG_TEXT = 256
# How far back deflate can refer: what a piece compressed after others can use of them.
WINDOW = 32768


def deflate_piece(data: bytes, preceding: bytes = b"") -> bytes:
    """Raw deflate of `data`, ending on a byte boundary and not the last block. It may refer
    back to `preceding` (at most 32 KB), which must be exactly what comes before it."""
    window = {"zdict": preceding[-WINDOW:]} if preceding else {}
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15, **window)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def stored_block(data: bytes) -> bytes:
    """Bytes as deflate blocks kept as they are (a header, the length and its complement)."""
    if len(data) <= 0xFFFF:  # one block: the usual case, a link filled in per request
        return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def filled_in(data: bytes, body: list) -> bytes:
    """A text filled in per request, compressed to follow `body`. A short one is kept as it
    is, in a stored block, rather than paying for a compressor. A long one (a "remove this
    filter" link when many are chosen) is much like the text just before it: compressed after
    it, which is exactly what the browser has decoded."""
    if len(data) < LONG_TEXT:
        return stored_block(data)
    return deflate_piece(data, b"".join(body[-3:]))


class JoinedPage(Negotiated):
    """A page joined from pieces: their bytes, and the same compressed."""

    codings = ("gzip",)
    content_type = "text/html; charset=utf-8"

    def __init__(self, body: list, deflated: list, etag: str):
        self.body, self.deflated, self.etag = body, deflated, etag

    def read(self, coding: str | None) -> bytes:
        body = b"".join(self.body)
        if coding is None:
            return body
        trailer = struct.pack("<II", crc32(body), len(body) & 0xFFFFFFFF)
        return GZIP_HEADER + b"".join(self.deflated) + LAST_EMPTY_BLOCK + trailer


class CompressedAfter(dict):
    """(previous piece or None, piece) -> the piece's bytes, and the same compressed after the
    previous one. Filled on first use: the pairs that can occur are a few per piece, so it
    stays small whatever is asked."""

    def __init__(self, encoded: dict):
        super().__init__()
        self.encoded = encoded

    def __missing__(self, pair):
        previous, piece = pair
        data = self.encoded[piece]
        before = self.encoded[previous] if previous else b""
        self[pair] = (data, deflate_piece(data, before))
        return self[pair]


class EndToEnd:
    """Byte strings kept end to end, so any stretch of neighbours is one slice, not a copy."""

    def __init__(self, parts: list[bytes]):
        self.view = memoryview(b"".join(parts))
        self.offsets = list(accumulate(map(len, parts), initial=0))

    def stretch(self, start: int, stop: int) -> memoryview:
        """Parts start to stop - 1, as they lie together."""
        return self.view[self.offsets[start] : self.offsets[stop]]


# Where a card falls in a run of cards shown together decides what it may refer to: at the
# run's start, nothing (but see GAPS); from its second card, the card before it; from its 5th,
# 4 cards; from its 17th, 16. Once its whole window is in the run, as many cards as fill
# deflate's window.
RUNS = (0, 1, 4, 16)
# A run that starts a few cards after the last one ended starts with a card compressed after
# the card before the gap: cards share their markup, so after any other card one compresses to
# less than half of what it does on its own.
GAPS = 8


class CardsInSequence:
    """Every card compressed after runs of the cards before it in the library (see RUNS), each
    exact for a page on which that run comes just before it. A filter shows runs of
    neighbouring cards; in each, a card takes the longest run it has, so cards alike compress
    together almost as well as a whole page would.

    Each kind of compressed card is kept for every card, end to end, in library order: a run of
    cards on the page is then a few slices (the first card, the next 3, the next 12, the rest),
    whatever its length, not a step per card."""

    def __init__(self, cards: list[bytes]):
        self.cards = EndToEnd(cards)
        window = [window_run(cards, n) for n in range(len(cards))]
        # The first card of the window behind each card: never decreasing along the library,
        # so in a run from `start`, the cards with their whole window in the run follow the
        # first card whose window starts at `start` or later.
        self.window_start = [n - run for n, run in enumerate(window)]
        prepared: dict[tuple[int, int], bytes] = {}

        def after(n: int, run: int) -> bytes:
            if (n, run) not in prepared:
                prepared[n, run] = deflate_piece(cards[n], b"".join(cards[n - run : n]))
            return prepared[n, run]

        self.after_runs = [
            EndToEnd([after(n, min(run, window[n])) for n in range(len(cards))]) for run in RUNS
        ]
        self.after_window = EndToEnd([after(n, window[n]) for n in range(len(cards))])
        # by gap, then by card (none for the first cards: no card lies that far before them)
        self.after_gap = [
            EndToEnd([after_card(cards, n, n - gap - 1) for n in range(len(cards))])
            for gap in range(1, GAPS + 1)
        ]
        # Each kind, and the place in a run where the next kind takes over.
        self.by_place = list(zip(self.after_runs, (*RUNS[1:], len(cards)), strict=True))

    def join(self, runs: list[tuple[int, int]], body: list, deflated: list) -> None:
        """Append the runs of cards (first, after last) to the page's bytes and compressed."""
        end = None  # where the run before ended
        for start, stop in runs:
            body.append(self.cards.stretch(start, stop))
            whole_window = bisect_left(self.window_start, start, start, stop)
            at = start
            if end is not None and start - end <= GAPS:
                deflated.append(self.after_gap[start - end - 1].stretch(start, start + 1))
                at += 1
            for compressed, until in self.by_place:
                if at >= whole_window:
                    break
                upto = min(start + until, whole_window)
                if upto > at:
                    deflated.append(compressed.stretch(at, upto))
                    at = upto
            if stop > at:
                deflated.append(self.after_window.stretch(at, stop))
            end = stop


def after_card(cards: list[bytes], n: int, before: int) -> bytes:
    """Card n compressed after card `before`, if there is one."""
    return deflate_piece(cards[n], cards[before]) if before >= 0 else b""


def window_run(cards: list[bytes], n: int) -> int:
    """How many cards before card n fill deflate's window (or all of them)."""
    start, size = n, 0
    while start > 0 and size < WINDOW:
        start -= 1
        size += len(cards[start])
    return n - start
