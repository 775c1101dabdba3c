"""What a translation of the content must carry over unchanged: the numbers a family dials or
reads (a phone number, a year, an amount), the web addresses it visits, and no markup.

A translator may write "mil" for "1,000" in a sentence, or "two" as a word, so only numbers of
three digits or more are compared, and their digit-group separators ("1,000", "1.000", "1 000")
and script (Arabic-Indic digits) are ignored. A number may be repeated, never changed, dropped
or added.
"""

import re
import unicodedata
from collections import Counter

# Digits in any script, with thousands separators between groups of three.
NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f ]\d{3})*")
# A web address as content writes one: "stopncii.org", "https://www.ceop.police.uk/safety-centre/".
ADDRESS = re.compile(
    r"https?://[^\s)]+|(?<![\w@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b(?:/[^\s),;]*)?", re.I
)
# Something a browser would read as a tag, were it ever shown unescaped.
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def numbers(text: str) -> set[str]:
    found = set()
    for token in NUMBER.findall(text):
        value = "".join(str(unicodedata.digit(c)) for c in token if c.isdigit())
        if len(value) >= 3:
            found.add(value)
    return found


def addresses(text: str) -> set[str]:
    return {address.rstrip(".").lower() for address in ADDRESS.findall(text)}


def markup_problem(source: str, translation: str) -> str | None:
    if Counter(TAG.findall(translation)) != Counter(TAG.findall(source)):
        return "adds or changes markup"
    return None


def facts_problem(source: str, translation: str) -> str | None:
    """Why a content translation changes a fact of its source, or None. Markup is named first:
    a planted link carries a number or an address of its own, and the markup is the attack."""
    markup = markup_problem(source, translation)
    if markup:
        return markup
    ours, theirs = numbers(source), numbers(translation)
    if ours != theirs:
        return f"numbers {sorted(theirs)} differ from the source's {sorted(ours)}"
    ours, theirs = addresses(source), addresses(translation)
    if ours != theirs:
        return f"web addresses {sorted(theirs)} differ from the source's {sorted(ours)}"
    return None
