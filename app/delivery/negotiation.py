"""Two request headers read as the lists RFC 9110 defines, not searched as strings.

Accept-Encoding (section 12.5.3): codings with q-values; "gzip;q=0" refuses gzip, "*" stands for
any coding not named. If-None-Match (section 13.1.2): "*" or a list of entity tags, compared
weakly (W/"x" matches "x"); an entity tag may itself hold a comma, so the list is scanned tag by
tag rather than split.
"""

import re

ENTITY_TAG = re.compile(r'\s*(?:W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')
QVALUE = re.compile(r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)")


def coding_qualities(accept_encoding: str) -> dict[str, float]:
    """{coding: q} for each well-formed item; the first mention of a coding counts."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, *parameters = (part.strip() for part in item.split(";"))
        if not name:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if QVALUE.fullmatch(value) else -1.0
        if quality >= 0:
            qualities.setdefault(name.lower(), quality)
    return qualities


def accepts_coding(accept_encoding: str, coding: str) -> bool:
    """True when the client accepts `coding` (by name, else through "*") with q above 0."""
    qualities = coding_qualities(accept_encoding)
    if coding in qualities:
        return qualities[coding] > 0
    return qualities.get("*", 0) > 0


def entity_tags(if_none_match: str) -> list[str] | None:
    """The opaque parts of the listed entity tags; None when the header is not a valid list."""
    tags, position, value = [], 0, if_none_match.strip()
    while position < len(value):
        match = ENTITY_TAG.match(value, position)
        if not match:
            return None
        tags.append(match.group(1))
        position = match.end()
    return tags


def none_match_fails(if_none_match: str, etag: str) -> bool:
    """True when If-None-Match names the current representation (tagged `etag`, unquoted), so
    the answer is 304. A malformed header is ignored, as if it were not sent."""
    if not if_none_match.strip():
        return False
    if if_none_match.strip() == "*":
        return True
    tags = entity_tags(if_none_match)
    return bool(tags) and etag in tags
