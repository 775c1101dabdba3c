"""The contact form's fields: reading them from a post, and what is wrong with them."""

import re
import uuid
from dataclasses import dataclass

from ..i18n.text import lazy_gettext

# In the order the form shows them, so the error summary lists problems in that order too.
FIELDS = ("message", "reply_to", "country", "age_band", "danger_now")
# The hidden field a person never sees or fills; a program that fills every field does.
HONEYPOT = "website"

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ().-]+$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15
MAX_REPLY_CHARS = 254

MESSAGE_MISSING = lazy_gettext("Write your message")
REPLY_INVALID = lazy_gettext(
    "Enter an email address, like name@example.com, or a phone number, like +44 7700 900123"
)
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


def is_reply_address(text: str) -> bool:
    """An email address or a phone number we could answer."""
    if len(text) > MAX_REPLY_CHARS:
        return False
    if "@" in text:
        return bool(EMAIL.match(text))
    digits = sum(c.isdigit() for c in text)
    return bool(PHONE.match(text)) and MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS


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
    if reply_to and not is_reply_address(reply_to):
        errors["reply_to"] = str(REPLY_INVALID)
    if country and country not in countries:
        errors["country"] = str(COUNTRY_UNKNOWN)
    if age_band and age_band not in age_bands:
        errors["age_band"] = str(AGE_UNKNOWN)
    if errors:
        return None, errors
    # A checkbox: any value means ticked, as a browser sends it.
    urgent = bool(values["danger_now"])
    return Contact(message, reply_to, country, age_band, urgent), {}


def idempotency_key(header: str | None) -> str | None:
    """The phone's key for this message in canonical form, a new one for a plain form post,
    or None when the header is there but not a UUID."""
    if header is None:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(header.strip()))
    except ValueError:
        return None
