"""What a family wrote, shown to staff as it is: every hidden character a visible mark.

A right-to-left override (U+202E) makes `moc.elpmaxe@...` read as an address it is not; a
zero-width space hides a word's break; a control character is nothing on the screen. Shown in
their place, `[U+202E]` in a small box with the character's name on hover, they change nothing
around them. Only the page changes: the text stays stored as it was written.
"""

import re
import unicodedata

from markupsafe import Markup, escape

from ..invisible import is_hidden

# Newlines and tabs are the text's own layout (the staff-message class keeps them); an HTML
# parser reads a lone carriage return as a newline too.
LAYOUT = frozenset("\n\r\t")
# Every character outside printable ASCII goes to `mark`, which keeps it unless it is hidden.
CANDIDATE = re.compile(r"[^\x20-\x7e]")


def reveal(text) -> Markup:
    """`text` escaped, each hidden character in it a visible mark naming it (the Jinja filter
    `reveal`, in every staff template that prints what a family wrote)."""
    return Markup(CANDIDATE.sub(mark, str(escape(text))))


def mark(match: re.Match) -> str:
    char = match.group()
    if char in LAYOUT or not is_hidden(char):
        return char
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, code)
    # dir="ltr" isolates the mark, so the text around it cannot turn it round either.
    return f'<span class="hidden-char" dir="ltr" title="{escape(name)}">[{code}]</span>'
