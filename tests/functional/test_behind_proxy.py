"""`make serve` behind nginx as deploy/nginx/ configures it, with the settings the README tells an
operator to set: the app sees each visitor's own address and the scheme they used, and believes
no forwarded header a visitor sends themselves; and whichever of the three refuses a request
too large, the visitor gets our own answer inside our headers."""

import http.client
import json
import socket

import pytest

from app.config import DEFAULTS
from app.contact.views import max_post_bytes
from app.server import MAX_BODY_BYTES, MAX_HEADER_BYTES
from tests.support.apps import flask, test_environ
from tests.support.hostile import has_our_headers, our_page_language
from tests.support.nginx import run_nginx, size_setting
from tests.support.production import production_server
from tests.support.visitors import outbox_post, post_message, request

PROXY_FIX = {"x_for": 1, "x_proto": 1, "x_host": 1}


def raw_request(port, sent: bytes):
    """(status, headers, body) of bytes sent as they are, which http.client would not send."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(sent)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


def message_of(size: int) -> str:
    """A form-encoded contact post of exactly `size` bytes."""
    start = "reply_to=&message="
    return start + "x" * (size - len(start))


# A few hundred characters more than the form takes, in the widest characters.
JUST_OVER_THE_APPS_LIMIT = max_post_bytes(DEFAULTS) + 8 * 1024


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
    """nginx in front of it, serving the export of its build (the same site address)."""
    export = tmp_path_factory.mktemp("export") / "public"
    exported = flask("export", str(export), env={"FLASK_SITE_URL": f"http://127.0.0.1:{serve}"})
    assert exported.returncode == 0, exported.stderr
    with run_nginx(tmp_path_factory.mktemp("nginx"), export, serve) as port:
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
    status, headers, _ = request(
        serve, "GET", "/settings?locale=es&next=/es/", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 302
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert all("Secure" in cookie for cookie in headers.get_all("Set-Cookie"))


def test_a_visitor_claiming_https_through_the_proxy_is_not_believed(nginx):
    status, headers, _ = request(
        nginx, "GET", "/settings?locale=es&next=/es/", "127.0.0.5", {"X-Forwarded-Proto": "https"}
    )
    assert status == 302 and "Strict-Transport-Security" not in headers


def test_each_server_lets_through_what_the_one_behind_it_refuses_in_our_words():
    assert max_post_bytes(DEFAULTS) < size_setting("client_max_body_size") < MAX_BODY_BYTES
    assert size_setting("large_client_header_buffers") < MAX_HEADER_BYTES


def is_the_apps_refusal(status, headers, body) -> bool:
    """The app's own 413 for the outbox: JSON it reads, inside our headers (a server's own 413
    would be a page or plain text the outbox cannot read)."""
    return (
        status == 413
        and headers["Content-Type"].startswith("application/json")
        and "too long" in json.loads(body)["error"]
        and has_our_headers(headers)
    )


def test_waitress_lets_the_app_refuse_a_message_just_over_its_limit(serve):
    answer = outbox_post(serve, message_of(JUST_OVER_THE_APPS_LIMIT), "127.0.0.6")
    assert is_the_apps_refusal(*answer)


def test_a_message_over_the_apps_limit_but_not_nginxs_is_refused_by_the_app(nginx):
    size = (max_post_bytes(DEFAULTS) + size_setting("client_max_body_size")) // 2
    assert is_the_apps_refusal(*outbox_post(nginx, message_of(size), "127.0.0.7"))
    assert is_the_apps_refusal(*outbox_post(nginx, message_of(JUST_OVER_THE_APPS_LIMIT)))


def test_a_body_over_nginxs_limit_gets_our_page_in_the_addresss_language(nginx):
    size = size_setting("client_max_body_size") + 1024
    status, headers, body = outbox_post(nginx, message_of(size), path="/es/contact")
    assert status == 413 and our_page_language(headers, body) == "es"


def test_an_address_too_long_for_nginx_gets_our_page(nginx):
    path = "/ar/" + "a" * size_setting("large_client_header_buffers")
    status, headers, body = request(nginx, "GET", path)
    # Refused before nginx has an address to read a language from: the source language's page.
    assert status == 414 and our_page_language(headers, body) == "en"


def test_a_header_too_large_for_nginx_gets_our_page_in_the_addresss_language(nginx):
    too_large = {"X-Padding": "a" * size_setting("large_client_header_buffers")}
    status, headers, body = request(nginx, "GET", "/ar/crisis", headers=too_large)
    assert status == 431 and our_page_language(headers, body) == "ar"


@pytest.mark.parametrize(
    "sent, code, locale",
    [
        (b"GET /es/crisis HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "es"),
        (b"POST /ar/contact HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: zip\r\n\r\n", 501, "ar"),
        # As an address too long: refused before nginx has an address, the source language.
        (b"GET /es/crisis HTTP/2.0\r\nHost: a\r\n\r\n", 505, "en"),
        (b"GET /es/crisis HTTP/1.1\r\nHost: a\r\nRange: bytes=99999999-\r\n\r\n", 416, "es"),
    ],
)
def test_a_request_nginx_cannot_take_gets_our_page(nginx, sent, code, locale):
    status, headers, body = raw_request(nginx, sent)
    assert status == code and our_page_language(headers, body) == locale
