"""Which messages came from one connection on one day, without keeping where they came from.

Each message carries a tag: an HMAC of the sender's address (as the rate limit counts it: an
IPv6 visitor by their /64) under a key made from the deployment's secret and the day. Two
messages from one connection on one day share a tag, so staff can close a flood of spam in one
step; nothing stored can be turned back into an address, and tags of two days never match.
"""

import hashlib
import hmac
from datetime import date

from ..web.rate_limit import sender_of

TAG_CHARS = 32


def sender_tag(secret: bytes, address: str, day: date) -> str:
    day_key = hmac.new(secret, f"steady-sender:{day.isoformat()}".encode(), hashlib.sha256)
    tag = hmac.new(day_key.digest(), sender_of(address).encode(), hashlib.sha256)
    return tag.hexdigest()[:TAG_CHARS]
