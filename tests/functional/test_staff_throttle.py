"""Wrong passwords slow down the client that sends them, never the account: the member signs
in from elsewhere whatever an attacker sends; a throttled client is told how long to wait
before any password is checked, in the same words whether the address has an account or not;
the waits grow; and failures sent at once are all counted."""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import func, select, update

from app import db
from app.db import utc_now
from app.i18n import LOCALE_COOKIE
from app.parts import parts
from app.staff.model import LoginFailures
from tests.support.staff import CLIENT, answered, csrf_of, log_in, post_login

ATTACKER = "198.51.100.66"
FREE_FAILURES = 5  # the default STAFF_LOGIN_FREE_FAILURES


def guess(app, staff, source=ATTACKER, client=None, email=None):
    """A wrong password (and a code that would have been right) from `source`."""
    client = client or app.test_client()
    return log_in(client, staff, password="a wrong guess", source=source, email=email)


def wait_out(app, staff, source=ATTACKER) -> None:
    """As if the client had waited as long as it was told: its last failure moved back."""
    throttle = parts(app).login_throttle
    with app.app_context():
        db.session().execute(
            update(LoginFailures)
            .where(LoginFailures.pair == throttle.pair(staff.email, source))
            .values(last_failure_at=utc_now() - throttle.longest_wait)
        )
        db.session().commit()


def stored_failures(app) -> list[tuple[str, int]]:
    with app.app_context():
        return list(db.session().execute(select(LoginFailures.pair, LoginFailures.failures)))


@pytest.fixture
def throttle_of(db_app):
    """Swaps in a throttle with other settings for one test."""
    kept = parts(db_app).login_throttle

    def swap(**settings):
        parts(db_app).login_throttle = replace(kept, **settings)

    yield swap
    parts(db_app).login_throttle = kept


def test_wrong_passwords_from_one_client_never_keep_the_member_out_from_another(db_app, staff):
    attacker = db_app.test_client()
    answers = [guess(db_app, staff, client=attacker).status_code for _ in range(12)]
    # Before, five wrong passwords locked the account for everyone, its member included.
    assert log_in(db_app.test_client(), staff, source=CLIENT).status_code == 303
    assert answers == [401] * FREE_FAILURES + [429] * 7


def test_a_throttled_client_is_told_the_wait_before_any_password_is_checked(db_app, staff):
    client = db_app.test_client()
    for _ in range(FREE_FAILURES):
        assert guess(db_app, staff, client=client).status_code == 401
    checks = parts(db_app).password_checks
    # Every password check taken: a sign-in that wanted one would wait, then get a 503.
    for _ in range(2):
        assert checks.acquire(timeout=10)
    try:
        refused = guess(db_app, staff, client=client)
        right_password = log_in(client, staff, source=ATTACKER)
    finally:
        checks.release()
        checks.release()
    assert refused.status_code == 429
    assert "Wait 1 minute, then" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # The pair waits, whatever it sends: the right password is not even checked.
    assert right_password.status_code == 429


def test_the_waits_double_after_each_further_failure(db_app, staff):
    client = db_app.test_client()
    for _ in range(FREE_FAILURES):
        guess(db_app, staff, client=client)
    for minutes in ("1 minute", "2 minutes", "4 minutes", "8 minutes"):
        refused = guess(db_app, staff, client=client)
        assert refused.status_code == 429
        assert f"Wait {minutes}, then" in refused.get_data(as_text=True)
        wait_out(db_app, staff)
        assert guess(db_app, staff, client=client).status_code == 401


def test_the_refusal_is_the_same_for_an_address_without_an_account(db_app, staff):
    client = db_app.test_client()
    unknown = "nobody@steady.example"
    for _ in range(FREE_FAILURES):
        assert guess(db_app, staff, client=client).status_code == 401
        assert guess(db_app, staff, client=client, email=unknown).status_code == 401
    known = guess(db_app, staff, client=client)
    stranger = guess(db_app, staff, client=client, email=unknown)
    assert known.status_code == stranger.status_code == 429
    assert known.get_data() == stranger.get_data()


def test_the_wait_is_in_the_readers_language(db_app, staff):
    client = db_app.test_client()
    for _ in range(FREE_FAILURES):
        guess(db_app, staff, client=client)
    client.set_cookie(LOCALE_COOKIE, "es")
    refused = guess(db_app, staff, client=client)
    assert refused.status_code == 429
    assert "1 minuto" in refused.get_data(as_text=True)


def test_an_ipv6_client_is_one_client_across_its_64(db_app, staff):
    client = db_app.test_client()
    for n in range(FREE_FAILURES):
        guess(db_app, staff, client=client, source=f"2001:db8:1:2::{n + 1}")
    assert guess(db_app, staff, client=client, source="2001:db8:1:2::99").status_code == 429
    assert guess(db_app, staff, client=client, source="2001:db8:1:3::1").status_code == 401


def test_eight_wrong_sign_ins_at_once_count_eight(db_app, staff, throttle_of):
    throttle_of(free_failures=8)  # so that none of the eight is refused before its check
    clients = [db_app.test_client() for _ in range(8)]
    tokens = [csrf_of(client, source=ATTACKER) for client in clients]
    together = threading.Barrier(8)

    def at_once(index):
        together.wait()
        wrong = partial(post_login, clients[index], tokens[index], staff, password="a guess")
        return answered(lambda: wrong(source=ATTACKER)).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(at_once, range(8))) == [401] * 8
    # Counted read-then-written, failures at once overwrote each other: fewer than eight.
    assert guess(db_app, staff).status_code == 429


def test_failures_counted_at_once_by_many_workers_all_count(db_app):
    throttle = parts(db_app).login_throttle
    pair = throttle.pair("reader@steady.example", ATTACKER)
    together = threading.Barrier(8)

    def fail(_):
        with parts(db_app).sessions() as session:
            together.wait()
            throttle.failed(session, pair)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fail, range(8)))
    assert stored_failures(db_app) == [(pair, 8)]


def test_only_a_keyed_hash_is_stored_and_a_sign_in_forgets_its_pair(db_app, staff):
    for source in (ATTACKER, CLIENT):
        assert guess(db_app, staff, source=source).status_code == 401
    stored = stored_failures(db_app)
    assert len(stored) == 2
    for pair, failures in stored:
        assert failures == 1 and len(pair) == 64
        assert ATTACKER not in pair and "steady" not in pair
    assert log_in(db_app.test_client(), staff, source=CLIENT).status_code == 303
    assert stored_failures(db_app) == [
        (parts(db_app).login_throttle.pair(staff.email, ATTACKER), 1)
    ]


def test_failures_a_day_old_are_forgotten_and_deleted(db_app, staff):
    client = db_app.test_client()
    for _ in range(FREE_FAILURES + 3):
        guess(db_app, staff, client=client)
    throttle = parts(db_app).login_throttle
    with db_app.app_context():
        db.session().execute(
            update(LoginFailures).values(last_failure_at=utc_now() - timedelta(days=1, minutes=1))
        )
        db.session().commit()
    # Forgotten: the pair starts again from one failure.
    assert guess(db_app, staff, client=client).status_code == 401
    assert stored_failures(db_app) == [(throttle.pair(staff.email, ATTACKER), 1)]
    # And deleted, once another failure is counted, when nobody tries that pair again.
    with db_app.app_context():
        db.session().execute(
            update(LoginFailures).values(last_failure_at=utc_now() - timedelta(days=2))
        )
        db.session().commit()
    guess(db_app, staff, source=CLIENT)
    with db_app.app_context():
        assert db.session().scalar(select(func.count()).select_from(LoginFailures)) == 1
