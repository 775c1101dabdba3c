"""The waits of app/staff/throttle.py: none for the first failures, then a minute, doubling up
to the longest wait, however many failures there have been; and a pair that never names the
address or the client, the same for one client's whole IPv6 /64."""

from datetime import timedelta

from app.staff.throttle import LoginThrottle, throttle_key

THROTTLE = LoginThrottle(throttle_key(b"secret"), 5, timedelta(minutes=60))


def test_the_wait_doubles_after_the_free_failures_up_to_the_longest():
    minutes = [THROTTLE.wait_after(n) / timedelta(minutes=1) for n in range(14)]
    assert minutes == [0] * 5 + [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert THROTTLE.wait_after(10**9) == timedelta(minutes=60)


def test_a_pair_is_one_per_address_and_client_and_names_neither():
    pair = THROTTLE.pair(" Reader@Steady.example ", "2001:db8:1:2::1")
    assert pair == THROTTLE.pair("reader@steady.example", "2001:db8:1:2:ffff::9")
    assert pair != THROTTLE.pair("reader@steady.example", "2001:db8:1:3::1")
    assert pair != THROTTLE.pair("other@steady.example", "2001:db8:1:2::1")
    assert pair != LoginThrottle(throttle_key(b"other"), 5, timedelta(hours=1)).pair(
        "reader@steady.example", "2001:db8:1:2::1"
    )
    assert "reader" not in pair and "2001" not in pair
