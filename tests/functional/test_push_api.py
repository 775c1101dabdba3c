"""The push API over the test client: the key, storing, updating and removing subscriptions,
and a clear 4xx naming what is wrong for every bad request."""

import base64
import json

import pytest

from app import create_app
from app.parts import parts
from app.push import MockServicesOutsideTests
from app.push.keys import KeysExist, create_keys, load_keys
from app.push.model import PushSubscription
from app.web.rate_limit import RateLimiter
from tests.support.apps import test_config
from tests.support.push import ACCEPTED, HOSTILE, MADE_UP_HOSTS, rows
from tests.support.push_service import browser_keys


def body(endpoint=ACCEPTED[0], keys=None, locale="es", topics=("updates",), **more) -> dict:
    subscription = {"endpoint": endpoint, "keys": keys or browser_keys()[2]}
    return {"subscription": subscription, "locale": locale, "topics": list(topics), **more}


def test_the_public_key_is_the_raw_point_in_base64url(api, app_db):
    response = api.get("/push/key")
    assert response.status_code == 200
    raw = base64.urlsafe_b64decode(response.json["key"] + "==")
    assert len(raw) == 65 and raw[0] == 4
    assert "=" not in response.json["key"]
    assert response.headers["Cache-Control"] == "no-cache"


def test_without_keys_the_key_is_a_404_and_nothing_is_made(client, app):
    assert parts(app).push_keys is None
    response = client.get("/push/key")
    assert response.status_code == 404
    assert "not set up" in response.json["error"]


def test_keys_are_made_once_and_never_replaced(tmp_path):
    path = create_keys(tmp_path)
    before = path.read_bytes()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(KeysExist):
        create_keys(tmp_path)
    assert path.read_bytes() == before
    assert load_keys(tmp_path) is not None


def test_flask_push_keys_refuses_to_overwrite(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from app.cli.push import push_cli

    monkeypatch.setenv("FLASK_INSTANCE_DIR", str(tmp_path))
    runner = CliRunner()
    first = runner.invoke(push_cli, ["keys"])
    assert first.exit_code == 0, first.output
    key = (tmp_path / "vapid_private.pem").read_bytes()
    second = runner.invoke(push_cli, ["keys"])
    assert second.exit_code != 0
    assert "would silently break every subscription" in second.output
    assert (tmp_path / "vapid_private.pem").read_bytes() == key


@pytest.mark.parametrize(
    "subject",
    ["", "help@steady.org", "mailto:admin@localhost", "https://localhost", "http://x.org"],
)
def test_the_app_refuses_to_start_with_keys_and_a_bad_subject(tmp_path, subject):
    create_keys(tmp_path)
    with pytest.raises(ValueError, match="PUSH_VAPID_SUBJECT"):
        create_app(test_config(INSTANCE_DIR=tmp_path, PUSH_VAPID_SUBJECT=subject))


def test_test_services_are_refused_outside_testing(tmp_path):
    with pytest.raises(MockServicesOutsideTests):
        create_app(test_config(INSTANCE_DIR=tmp_path, PUSH_TEST_SERVICES=["http://127.0.0.1:1"]))


def test_a_subscription_is_stored_then_updated_not_duplicated(api, app_db):
    first = api.post("/push/subscriptions", json=body(locale="es"))
    assert first.status_code == 201
    keys = browser_keys()[2]
    again = api.post(
        "/push/subscriptions",
        json=body(keys=keys, locale="ar", topics=["check-in", "updates", "updates"], plain=True),
    )
    assert again.status_code == 200
    (row,) = rows(app_db)
    assert (row.locale, row.plain, row.topics, row.p256dh) == (
        "ar",
        True,
        "updates check-in",
        keys["p256dh"],
    )
    assert row.check_ins_since is not None


def test_check_ins_stop_and_forget_their_time_when_no_longer_wanted(api, app_db):
    api.post("/push/subscriptions", json=body(topics=["updates", "check-in"]))
    api.post("/push/subscriptions", json=body(topics=["updates"]))
    (row,) = rows(app_db)
    assert row.check_ins_since is None and not row.wants("check-in")


def test_delete_removes_the_subscription(api, app_db):
    api.post("/push/subscriptions", json=body())
    response = api.delete("/push/subscriptions", json={"endpoint": ACCEPTED[0]})
    assert response.status_code == 200 and response.json["result"] == "removed"
    assert rows(app_db) == []
    again = api.delete("/push/subscriptions", json={"endpoint": ACCEPTED[0]})
    assert again.json["result"] == "not subscribed"


@pytest.mark.parametrize("endpoint", HOSTILE[:40])
def test_hostile_endpoints_are_refused_at_subscribe_naming_the_field(api, app_db, endpoint):
    response = api.post("/push/subscriptions", json=body(endpoint=endpoint))
    assert response.status_code == 400
    assert response.json["field"] == "subscription.endpoint"
    assert rows(app_db) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"locale": "xx"}, "locale"),
        ({"locale": None}, "locale"),
        ({"topics": []}, "topics"),
        ({"topics": ["everything"]}, "topics"),
        ({"topics": "updates"}, "topics"),
        ({"topics": [1]}, "topics"),
        ({"plain": "yes"}, "plain"),
        ({"subscription": "https://fcm.googleapis.com/x"}, "subscription"),
        ({"subscription": None}, "subscription"),
    ],
)
def test_bad_fields_are_a_400_naming_them(api, app_db, change, field):
    response = api.post("/push/subscriptions", json={**body(), **change})
    assert response.status_code == 400
    assert response.json["field"] == field


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400),
        ({"data": "[1, 2]", "content_type": "application/json"}, 400),
        ({"data": "endpoint=x", "content_type": "application/x-www-form-urlencoded"}, 415),
        ({"data": "{}", "content_type": "text/plain"}, 415),
        ({"json": {"pad": "x" * 5000}}, 413),
        ({"json": {}, "headers": {"Sec-Fetch-Site": "cross-site"}}, 403),
        ({"json": {}, "headers": {"Origin": "https://evil.example"}}, 403),
    ],
)
def test_bad_requests_get_a_clear_4xx(api, app_db, kwargs, status):
    for method in (api.post, api.delete):
        response = method("/push/subscriptions", **kwargs)
        assert response.status_code == status
        assert response.json["error"]


def test_delete_without_an_endpoint_is_a_400(api, app_db):
    response = api.delete("/push/subscriptions", json={"endpoint": 3})
    assert response.status_code == 400 and response.json["field"] == "endpoint"


def test_other_methods_are_405_not_500(api, app_db):
    assert api.put("/push/subscriptions", json={}).status_code == 405
    assert api.post("/push/key").status_code == 405


def test_one_address_filling_the_table_is_stopped_with_a_429(api, app_db):
    parts(app_db).push_limiter = RateLimiter(3, 3600)
    try:
        statuses = [
            api.post("/push/subscriptions", json=body(endpoint=f"{ACCEPTED[0]}{n}")).status_code
            for n in range(5)
        ]
    finally:
        parts(app_db).push_limiter = RateLimiter(1_000_000, 3600)
    assert statuses == [201, 201, 201, 429, 429]
    assert len(rows(app_db)) == 3


@pytest.mark.parametrize("endpoint", MADE_UP_HOSTS)
def test_made_up_hosts_of_the_push_services_are_refused_at_subscribe(api, app_db, endpoint):
    response = api.post("/push/subscriptions", json=body(endpoint=endpoint))
    assert response.status_code == 400
    assert response.json == {
        "error": "subscription.endpoint is not at a known push service",
        "field": "subscription.endpoint",
    }
    assert rows(app_db) == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        # About 2 KB each: Python's parser raised RecursionError, and the answer was a 500.
        ("[" * 1000 + "]" * 1000, "the body is nested too deeply"),
        ('{"subscription": ' + "[" * 1500 + "]" * 1500 + "}", "the body is nested too deeply"),
        ('{"endpoint": ' + '{"": [' * 500 + "]}" * 500 + "}", "the body is nested too deeply"),
        ('{"endpoint": NaN}', "the body is not valid JSON: NaN is not a JSON value"),
        ('{"endpoint": -Infinity}', "the body is not valid JSON: -Infinity is not a JSON value"),
        (b'{"endpoint": "\xff"}', "the body is not UTF-8 text"),
        ('{"endpoint": "x"', "the body is not valid JSON: Expecting ',' delimiter"),
        ("1e999999", "the body must be a JSON object"),
        ("9" * 4000, "the body must be a JSON object"),
        ("null", "the body must be a JSON object"),
    ],
)
def test_bodies_that_are_no_json_object_get_a_400_naming_the_problem(api, app_db, data, problem):
    for method in (api.post, api.delete):
        response = method("/push/subscriptions", data=data, content_type="application/json")
        assert response.status_code == 400
        assert response.json["error"].startswith(problem)


def raw_body(**raw_fields: str) -> str:
    """A subscription request as JSON text, with some fields' values written as given: numbers
    and escapes no Python value would serialise to."""
    fields = {key: json.dumps(value) for key, value in body().items()} | raw_fields
    return "{" + ", ".join(f'"{key}": {value}' for key, value in fields.items()) + "}"


@pytest.mark.parametrize(
    ("raw_fields", "field"),
    [
        ({"plain": "1e999999"}, "plain"),
        ({"plain": "9" * 3000}, "plain"),
        ({"plain": "-0.0"}, "plain"),
        ({"topics": "[1e999999]"}, "topics"),
        ({"topics": '[["updates"]]'}, "topics"),
        ({"topics": '{"updates": true}'}, "topics"),
        ({"locale": '{"es": 1}'}, "locale"),
        ({"locale": '["es"]'}, "locale"),
        ({"locale": '"\\ud800"'}, "locale"),
        ({"subscription": "[" * 200 + "]" * 200}, "subscription"),
        ({"subscription": '{"endpoint": ' + "9" * 3000 + "}"}, "subscription.endpoint"),
        (
            {"subscription": '{"endpoint": "https://fcm.googleapis.com/\\ud800"}'},
            "subscription.endpoint",
        ),
        (
            {"subscription": '{"endpoint": "https://fcm.googleapis.com/\\u0000"}'},
            "subscription.endpoint",
        ),
    ],
)
def test_huge_numbers_and_odd_shapes_are_a_400_naming_their_field(api, app_db, raw_fields, field):
    response = api.post(
        "/push/subscriptions", data=raw_body(**raw_fields), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["field"] == field
    assert rows(app_db) == []


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ('"\\ud800"', "contains spaces, control or non-ASCII characters"),  # a 500 before
        ('"https://fcm.googleapis.com/fcm/send/\\u0000"', "contains spaces, control"),
        ('"https://fcm.googleapis.com/fcm/send/' + "a" * 1100 + '"', "is longer than 1024"),
        ("9" * 3000, "must be a non-empty string"),
        ("1e999999", "must be a non-empty string"),
        ('["https://fcm.googleapis.com/fcm/send/abc"]', "must be a non-empty string"),
        ('{"endpoint": "https://fcm.googleapis.com/fcm/send/abc"}', "must be a non-empty string"),
    ],
)
def test_an_unsubscribe_naming_no_endpoint_we_could_store_is_a_400(api, app_db, endpoint, problem):
    response = api.delete(
        "/push/subscriptions",
        data='{"endpoint": ' + endpoint + "}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json["field"] == "endpoint"
    assert response.json["error"].startswith(f"endpoint {problem}")


def test_a_row_stored_under_an_older_rule_can_still_be_unsubscribed(api, app_db):
    old = "https://a.b.push.apple.com/QGuP2-aBc"
    with parts(app_db).sessions() as session:
        keys = browser_keys()[2]
        session.add(
            PushSubscription(
                endpoint=old,
                p256dh=keys["p256dh"],
                auth=keys["auth"],
                locale="en",
                topics="updates",
            )
        )
        session.commit()
    response = api.delete("/push/subscriptions", json={"endpoint": old})
    assert response.json == {"result": "removed"}
    assert rows(app_db) == []
