"""A stage's files joined into one response, for a first visit (service_worker/precache.js).

A bundle is a first line of JSON, [[url, content type, size, form], ...], then each file in
that order. A binary file comes as its bytes (form "bytes"). A text file comes as one line of
JSON (form "lines"): its lines, each line of the whole bundle written out once, the first time
it appears, and named by its number after that. gzip sees only the last 32 KB, under two pages:
the frame, the help block and the contact cards that a language's four hundred pages share
would otherwise be sent again and again; so counted once, a language's pages come in less than
half the compressed bytes. The worker checks every file it rebuilds against its revision.
"""

import json
import re

from ..web.stored import Stored

# Part of what a version names (precache.py): a bundle's address is cached for ever, so another
# way of writing bundles must never come under an address a worker has read the old way.
FORMAT = "lines-1"
BYTES = "bytes"
LINES = "lines"
# A line keeps its end: joined again, the lines are the file, byte for byte.
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


class LineBook:
    """Every line seen so far in one bundle, numbered in the order it first appeared."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def write(self, text: str) -> list[str | int]:
        """The text as the worker reads it back: a new line as itself; a line seen before as
        its number n; a run of lines n, n+1, ... n+k-1 seen before as n, -k."""
        written: list[str | int] = []
        run_start, run_length = None, 0
        for line in _LINE.findall(text):
            number = self.numbers.get(line)
            if number is None:
                self.numbers[line] = len(self.numbers)
                written.append(line)
                run_start = None
            elif run_start is not None and number == run_start + run_length:
                run_length += 1
                if run_length == 2:
                    written.append(-2)
                else:
                    written[-1] = -run_length
            else:
                written.append(number)
                run_start, run_length = number, 1
        return written

    @staticmethod
    def read(written: list[str | int], lines: list[str]) -> str:
        """The text back from what write() gave, `lines` the book as read so far (the worker's
        way, here for the tests)."""
        text, last = [], -1
        for item in written:
            if isinstance(item, str):
                lines.append(item)
                text.append(item)
            elif item >= 0:
                text.append(lines[item])
                last = item
            else:
                text.extend(lines[last + 1 : last - item])
        return "".join(text)


def bundle(entries: list[dict], stored_by_url: dict[str, Stored]) -> Stored:
    """A stage's files as one (see the module's docstring)."""
    book = LineBook()
    index, parts = [], []
    for entry in entries:
        stored = stored_by_url[entry["url"]]
        body = stored.read(None)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        form = BYTES if text is None else LINES
        index.append([entry["url"], stored.content_type, len(body), form])
        if text is None:
            parts.append(body)
        else:
            written = json.dumps(book.write(text), ensure_ascii=False, separators=(",", ":"))
            parts.append(written.encode("utf-8") + b"\n")
    head = json.dumps(index, separators=(",", ":")).encode() + b"\n"
    return Stored.of(head + b"".join(parts), "application/octet-stream")
