"""Who the contact rate limit counts: each visitor, an IPv6 visitor by their /64."""

import pytest

from app.web.rate_limit import RateLimiter, sender_of


@pytest.mark.parametrize(
    ("address", "sender"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("not an address", "not an address"),
    ],
)
def test_a_sender_is_an_ipv4_address_or_an_ipv6_slash_64(address, sender):
    assert sender_of(address) == sender


def test_one_ipv6_slash_64_is_one_sender_and_its_neighbour_another():
    limiter = RateLimiter(2, 3600)
    assert limiter.allow("2001:db8:1:2::1") and limiter.allow("2001:db8:1:2::2")
    assert not limiter.allow("2001:db8:1:2:ffff::9")
    assert limiter.allow("2001:db8:1:3::1")
