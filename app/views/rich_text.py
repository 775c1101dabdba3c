"""A content text as it is shown: citations as links, phone numbers as call links, and in a
right-to-left page every number, address and English fragment isolated in its own direction.

Without isolation the Unicode bidirectional algorithm reorders a number's groups inside Arabic
text ("116 123" reads "123 116"): a parent reading it aloud would give the wrong number.
"""

import re

from markupsafe import Markup, escape

# A lettered number ("1-800-THE-LOST") is shown only beside its digits: letters are not on
# every keypad, and a parent reading it aloud to someone needs the digits.
KEYPAD = {
    letter: str(digit)
    for digit, letters in enumerate(
        ("", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ")
    )
    for letter in letters
}

# Order matters: the first alternative that matches at a place wins.
PIECES = re.compile(
    r"(?P<citation>\s?\[(?P<source>\d+)\])"
    # 1-800-THE-LOST: a North American toll-free prefix, then groups with at least one letter.
    r"|(?P<lettered>\b1-8\d\d-(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*\b)"
    # Groups of digits split by single spaces or hyphens ("0800 1111", "1-866-658-9022"),
    # not inside a word, an address or a larger number ("10,000"); dates are left out below.
    r"|(?P<digits>(?<![\w/.,:+-])\+?\d{1,4}(?:[ -]\d{2,4}){1,4}(?![\w/-]|[.,]\d))"
    r"|(?P<short>(?<![\w/.,:+-])\d{3,6}(?![\w/-]|[.,]\d))"
    # A web address or a domain name, such as 988lifeline.org or tips.fbi.gov/path.
    r"|(?P<address>\b(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[\w./?=&%-]*)?)"
    # A run of Latin-script words: a name or English words inside right-to-left text. Each word
    # starts with a letter, so a run never swallows the number after it.
    r"|(?P<latin>[A-Za-z][A-Za-z0-9'’-]*(?:[ ](?:&[ ])?[A-Za-z][A-Za-z0-9'’-]*)*)"
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_DIGITS, MAX_DIGITS = 7, 15


def dialable(number: str) -> str:
    """The digits a phone dials for a number as written (letters as on a keypad)."""
    return "".join(
        KEYPAD.get(c, c) for c in number.upper() if c.isdigit() or c in KEYPAD or c == "+"
    )


def ltr(text: str) -> Markup:
    """Text isolated left to right: it reads the same inside Arabic as on its own."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def button_number(display: str) -> Markup:
    """A number on a button: isolated left to right, and never broken inside (class number, no
    wrap); a lettered form in brackets after it may go to the next line on its own."""
    pieces = Markup(" ").join(
        Markup('<span class="number">{}</span>').format(piece.strip())
        for piece in re.split(r" (?=\()", display)
    )
    return Markup('<bdi dir="ltr">{}</bdi>').format(pieces)


# A number written with hyphens inside a name ("9-8-8"): a browser may break a line after a
# hyphen, which would split it. Markup tags are left alone; only the text between them changes.
HYPHENED_NUMBER = re.compile(r"\d+(?:-\d+)+")
TAG = re.compile(r"(<[^>]*>)")


def numbers_whole(html: str) -> Markup:
    """Markup with every hyphened number in its text kept on one line."""
    pieces = TAG.split(str(html))
    for i in range(0, len(pieces), 2):  # the text between tags
        pieces[i] = HYPHENED_NUMBER.sub(r'<span class="unbroken">\g<0></span>', pieces[i])
    return Markup("".join(pieces))


# Where a web address on a button may go to the next line when it cannot fit on one: before a
# dot and between the words of a name run together (CyberTipline.org: Cyber, Tipline, .org).
ADDRESS_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=.)(?=\.)")


def button_address(display: str) -> Markup:
    """A web address on a button, isolated left to right, breaking only between its words."""
    pieces = Markup("<wbr>").join(escape(piece) for piece in ADDRESS_BREAK.split(display))
    return Markup('<bdi dir="ltr" class="address">{}</bdi>').format(pieces)


def call_link(shown: str, number: str | None = None) -> Markup:
    return Markup('<a class="tel" href="tel:{}">{}</a>').format(
        number or dialable(shown), ltr(shown)
    )


def is_phone(digits: str, short_numbers: frozenset[str]) -> bool:
    count = sum(c.isdigit() for c in digits)
    if DATE.match(digits):
        return False
    return MIN_DIGITS <= count <= MAX_DIGITS or dialable(digits) in short_numbers


def render(
    text: str,
    *,
    rtl: bool,
    cite_label: str,
    short_numbers: frozenset[str],
    citations: bool = True,
    calls: bool = True,
) -> Markup:
    """The text as markup. `short_numbers` are the few short numbers (911, 116 123) worth a
    call link; longer ones are recognised by their shape. With `citations` False (easy-read
    pages) the [n] markers are left out: the sources are listed at the end. With `calls` False
    (a text that is itself a link or a title, where a link may not nest) numbers stay text."""
    out: list[str] = []
    position = 0
    for match in PIECES.finditer(text):
        kind, piece = match.lastgroup, match.group(0)
        if kind == "source":
            kind = "citation"
        shown: Markup | None = None
        if kind == "citation":
            number = match.group("source")
            shown = (
                Markup(
                    '{}<a class="cite" href="#source-{}">[{}]'
                    '<span class="visually-hidden"> {}</span></a>'
                ).format(piece[: -len(number) - 2], number, number, cite_label)
                if citations
                else Markup("")
            )
        elif kind in ("lettered", "digits", "short") and not calls:
            shown = ltr(piece) if rtl else None
        elif kind == "lettered":
            digits = dialable(piece)
            written_elsewhere = any(
                dialable(m.group("digits")) == digits
                for m in PIECES.finditer(text)
                if m.lastgroup == "digits"
            )
            # Its digits are written beside it already (and linked there): keep the letters.
            shown = (
                ltr(piece)
                if written_elsewhere
                else Markup("{} ({})").format(
                    ltr(piece), call_link(f"{digits[:1]}-{digits[1:4]}-{digits[4:7]}-{digits[7:]}")
                )
            )
        elif kind in ("digits", "short"):
            if is_phone(piece, short_numbers):
                shown = call_link(piece)
            elif rtl:
                shown = ltr(piece)
        elif rtl:  # an address or Latin words
            shown = ltr(piece)
        if shown is None:
            continue
        out.append(escape(text[position : match.start()]))
        out.append(shown)
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)
