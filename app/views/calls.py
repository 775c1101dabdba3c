"""Who a frightened parent calls first: the emergency number and one main line per country."""

from ..content.crisis import Contact, Country, Crisis
from .rich_text import MIN_DIGITS, PIECES, dialable

# Whose line comes first on the first screen: one for a worried parent, else one for anyone,
# else one for the teen. A line only for adults is for an 18-year-old, not the first call.
MAIN_LINE_AUDIENCES = ("parents", "any", "under-18")
# How many crisis steps the first screen of a page shows: the first minute's, short enough
# that the call buttons and the page's own title still fit on a phone's first screen.
FIRST_STEPS = 3


def main_line(country: Country) -> Contact | None:
    """The first line with a phone number for the first audience that has one."""
    for audience in MAIN_LINE_AUDIENCES:
        for contact in country.contacts:
            if contact.audience == audience and contact.phone:
                return contact
    return None


def short_numbers(crisis: Crisis) -> frozenset[str]:
    """The short numbers (911, 116 123, 988) that earn a call link in any text: longer ones
    are recognised by their shape, but "000" or "999" alone could be anything else."""
    found = set()
    for country in crisis.countries.values():
        numbers = [country.emergency] + [c.phone for c in country.contacts]
        found.update(n for n in numbers if n and len(dialable(n)) < MIN_DIGITS)
    return frozenset(found)


def digits_only(display: str) -> str:
    """A number as written, without its lettered form: "1-800-THE-LOST (1-800-843-5678)" is
    1-800-843-5678 on a button that has room for one number."""
    if not any(c.isalpha() for c in display):
        return display
    written = [m.group("digits") for m in PIECES.finditer(display) if m.lastgroup == "digits"]
    return written[0] if written else display
