"""What a push says: discreet, in the subscription's language, built fresh for each one.

A notification can be read by anyone who glances at a phone's lock screen. So none names abuse,
pictures or the teen: the title is "Steady" and the text is neutral. Each points to the next
useful page, in the family's language and reading mode.
"""

import json
from dataclasses import dataclass

from flask_babel import force_locale, gettext

from ..i18n.locales import direction
from ..i18n.text import lazy_gettext
from ..i18n.urls import page_path

# Days after the family asked for check-ins when each is sent, and where each one points.
CHECK_IN_DAYS = (1, 3, 7)
CHECK_IN_PAGES = ("crisis", "", "contact")
CHECK_IN_TEXTS = (
    lazy_gettext("Checking in. When you are ready, the first steps are saved on your phone."),
    lazy_gettext("How are you doing? Other families' stories may help with what comes next."),
    lazy_gettext("We are here if you want to talk things through. You can write to us."),
)


@dataclass(frozen=True)
class TopicRules:
    ttl_seconds: int  # how long the push service keeps it for a phone that is off
    urgency: str  # RFC 8030: very-low, low, normal, high; lower saves the phone's battery


RULES = {
    # A newer update replaces an unsent older one (the Topic header), so a phone that was off
    # for a week is told once.
    "updates": TopicRules(ttl_seconds=7 * 24 * 3600, urgency="low"),
    "check-in": TopicRules(ttl_seconds=24 * 3600, urgency="normal"),
}
MAX_PAYLOAD_BYTES = 3072


def payload(topic: str, locale: str, plain: bool, step: int = 0) -> bytes:
    """The JSON the service worker receives, in `locale` (and right to left where it reads so)."""
    with force_locale(locale):
        if topic == "updates":
            text, rest = gettext("New help has been saved on your phone."), ""
        else:
            text, rest = str(CHECK_IN_TEXTS[step]), CHECK_IN_PAGES[step]
    body = {
        "topic": topic,
        "title": "Steady",
        "body": text,
        "url": page_path(locale, plain, rest),
        "lang": locale,
        "dir": direction(locale),
    }
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # Well under what every push service takes (4 KB less encryption overhead).
    if len(encoded) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"a {topic} push in {locale} is {len(encoded)} bytes")
    return encoded
