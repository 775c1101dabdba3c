"""The contact form's fields: reading them from a post, and what is wrong with them."""

import re
import uuid
from dataclasses import dataclass

from .. import email_address
from ..email_address import Problem
from ..i18n.text import LazyText, lazy_gettext

# In the order the form shows them, so the error summary lists problems in that order too.
FIELDS = ("message", "reply_to", "country", "age_band", "danger_now")
# The hidden field a person never sees or fills; a program that fills every field does.
HONEYPOT = "website"
# The page's own key for a message, in the post itself when the page's keyed request got no
# answer and the ordinary post goes instead: a message that did arrive is not stored twice.
REFERENCE = "reference"

PHONE = re.compile(r"^\+?[0-9 ().-]+$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15
MAX_REPLY_CHARS = 254

MESSAGE_MISSING = lazy_gettext("Write your message")
REPLY_INVALID = lazy_gettext(
    "Enter an email address, like name@example.com, or a phone number, like +44 7700 900123"
)
# Each way an address can be more than one plain address, said so the family can put it right.
EMAIL_PROBLEMS = {
    Problem.LIST: lazy_gettext(
        "Enter only one email address, like name@example.com, with no commas or semicolons"
    ),
    Problem.DISPLAY_NAME: lazy_gettext(
        "Enter the email address on its own, like name@example.com, without a name or < > around it"
    ),
    Problem.COMMENT: lazy_gettext(
        "Enter the email address without brackets, like name@example.com"
    ),
    Problem.QUOTED: lazy_gettext(
        "Enter the email address without quotation marks or backslashes, like name@example.com"
    ),
    Problem.ENCODED_WORD: lazy_gettext(
        "Enter the email address as you would type it, like name@example.com: it cannot contain =?"
    ),
    Problem.SPACE_OR_HIDDEN: lazy_gettext(
        "Type the email address again, like name@example.com: it has a space, a line break or "
        "a hidden character in it"
    ),
    Problem.DOMAIN: lazy_gettext(
        "Check the part of the email address after the @: it must be a domain name, like "
        "example.com"
    ),
}
COUNTRY_UNKNOWN = lazy_gettext("Choose a country from the list, or leave it empty")
AGE_UNKNOWN = lazy_gettext("Choose an age from the list, or leave it empty")


@dataclass(frozen=True)
class Contact:
    """A message as the family wrote it, checked."""

    message: str
    reply_to: str
    country: str
    age_band: str
    # "My teen is in danger right now": read first by staff.
    urgent: bool = False


def message_too_long(limit: int, length: int) -> str:
    return lazy_gettext(
        "Your message must be %(limit)s characters or fewer. It is %(length)s characters now.",
        limit=limit,
        length=length,
    )


def reply_problem(text: str) -> LazyText | None:
    """What keeps `text` from being one email address or phone number we could answer, in the
    family's words; None if nothing does."""
    if len(text) > MAX_REPLY_CHARS:
        return REPLY_INVALID
    if email_address.meant_as_email(text):
        try:
            email_address.parse(text)
        except email_address.BadAddress as bad:
            return EMAIL_PROBLEMS.get(bad.problem, REPLY_INVALID)
        return None
    digits = sum(c.isdigit() for c in text)
    if PHONE.match(text) and MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return None
    return REPLY_INVALID


def typed_values(form) -> dict[str, str]:
    """What was typed in each field, as text, to check or to show again."""
    values = {}
    for name in FIELDS:
        value = form.get(name, "")
        # No NUL characters: they mean nothing in a message and databases refuse them.
        values[name] = value.replace("\x00", "") if isinstance(value, str) else ""
    return values


def check(
    values: dict[str, str], max_chars: int, countries, age_bands
) -> tuple[Contact | None, dict[str, str]]:
    """The checked message, or None and a message for each field that is wrong."""
    message = values["message"].strip()
    reply_to = values["reply_to"].strip()
    country, age_band = values["country"].strip(), values["age_band"].strip()
    errors = {}
    if not message:
        errors["message"] = str(MESSAGE_MISSING)
    elif len(message) > max_chars:
        errors["message"] = str(message_too_long(max_chars, len(message)))
    if reply_to and (problem := reply_problem(reply_to)):
        errors["reply_to"] = str(problem)
    if country and country not in countries:
        errors["country"] = str(COUNTRY_UNKNOWN)
    if age_band and age_band not in age_bands:
        errors["age_band"] = str(AGE_UNKNOWN)
    if errors:
        return None, errors
    # A checkbox: any value means ticked, as a browser sends it.
    urgent = bool(values["danger_now"])
    return Contact(message, reply_to, country, age_band, urgent), {}


def idempotency_key(given: str | None) -> str | None:
    """The phone's key for this message in canonical form, a new one for a plain form post,
    or None when one is given but is not a UUID."""
    if given is None:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(given.strip()))
    except ValueError:
        return None
