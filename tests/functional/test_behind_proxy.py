"""`make serve` behind nginx as deploy/nginx/ configures it, with the settings the README tells an
operator to set: the app sees each visitor's own address and the scheme they used, and believes
no forwarded header a visitor sends themselves."""

import http.client
import json
import urllib.parse
import uuid

import pytest

from tests.support.apps import flask, test_environ
from tests.support.nginx import run_nginx
from tests.support.production import production_server

PROXY_FIX = {"x_for": 1, "x_proto": 1, "x_host": 1}
FORM = {"message": "Someone is threatening to share a photo of my son.", "reply_to": ""}


def request(port, method, path, source="127.0.0.1", headers=None, body=None):
    """(status, headers) of one request sent from `source`, a loopback address of its own."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def post_message(port, source, headers=None):
    body = urllib.parse.urlencode(FORM)
    sent = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": str(uuid.uuid4()),
        "Accept": "application/json",
        "Sec-Fetch-Site": "same-origin",
        **(headers or {}),
    }
    return request(port, "POST", "/en/contact", source, sent, body)[0]


@pytest.fixture(scope="module")
def serve():
    """`make serve`'s server, PROXY_FIX set as the README says, its database made first."""
    env = test_environ(FLASK_PROXY_FIX=json.dumps(PROXY_FIX))
    upgraded = flask("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    with production_server(env) as port:
        yield port


@pytest.fixture(scope="module")
def nginx(serve, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    export = tmp_path_factory.mktemp("export")  # nothing exported: every request reaches the app
    with run_nginx(folder, export, serve) as port:
        yield port


def test_two_visitors_behind_the_proxy_each_get_their_own_five_messages(nginx):
    first, second = "127.0.0.2", "127.0.0.3"
    assert [post_message(nginx, first) for _ in range(5)] == [201] * 5
    assert post_message(nginx, first) == 429
    # The limit is the first visitor's, not everyone's: before, the proxy was every visitor.
    assert [post_message(nginx, second) for _ in range(5)] == [201] * 5
    assert post_message(nginx, second) == 429


def test_a_forwarded_address_a_visitor_sends_is_not_believed(nginx):
    visitor = "127.0.0.4"
    assert [post_message(nginx, visitor) for _ in range(5)] == [201] * 5
    # nginx adds the address it saw after the one sent: the app takes the last, the visitor's.
    forged = {"X-Forwarded-For": "198.51.100.7"}
    assert post_message(nginx, visitor, forged) == 429


def test_https_at_the_proxy_gives_hsts_and_secure_cookies(serve):
    status, headers = request(
        serve, "GET", "/settings?locale=es&next=/es/", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 302
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert all("Secure" in cookie for cookie in headers.get_all("Set-Cookie"))


def test_a_visitor_claiming_https_through_the_proxy_is_not_believed(nginx):
    status, headers = request(
        nginx, "GET", "/settings?locale=es&next=/es/", "127.0.0.5", {"X-Forwarded-Proto": "https"}
    )
    assert status == 302 and "Strict-Transport-Security" not in headers
