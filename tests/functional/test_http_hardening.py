"""Visitors cannot send a family elsewhere, break a page or poison a cache with what they send."""

import gzip
import re
import socket

import pytest
from werkzeug.test import create_environ, run_wsgi_app

from app import create_app
from app.i18n.urls import REDIRECT_TARGET, safe_redirect_target
from app.web.stored import chosen_coding, none_match_fails
from tests.support.apps import test_config
from tests.support.hostile import HOSTILE_TARGETS, OWN_TARGETS, is_our_page
from tests.support.live_server import LiveServer, port_for

LOCALES = ("en", "es", "ar")


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_settings_sends_a_hostile_target_home(client, target):
    response = client.get("/settings", query_string={"next": target, "locale": "es"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert safe_redirect_target(target, LOCALES) == "/"


@pytest.mark.parametrize("target", OWN_TARGETS)
def test_settings_keeps_our_own_pages(client, target):
    response = client.get("/settings", query_string={"next": target})
    assert response.headers["Location"] == target


def test_raw_newlines_and_encoded_controls_in_the_query_never_give_a_500(client):
    for query in ("next=/en/%0a", "next=/en/%0d%0aX:1", "next=%00", "next=/en/%ff", "next=%c0%af"):
        response = client.get(f"/settings?{query}")
        assert response.status_code == 302 and response.headers["Location"] == "/", query


def test_the_pattern_never_passes_a_double_slash_or_control_anywhere():
    """Whatever the pattern lets through starts with one slash followed by a plain segment."""
    for target in HOSTILE_TARGETS:
        if re.fullmatch(REDIRECT_TARGET, target):
            assert not target.startswith("//") and "\\" not in target, target
            assert not re.search(r"[\x00-\x20\x7f]", target), target


@pytest.mark.parametrize(
    "host",
    [
        "a b",
        "[::1",
        "[zz]",
        "exa mple:80",
        "x:notaport",
        "x:0",
        "x:99999",
        "\u00e9.example",
        "evil.example",
        "evil.example:5000",
        "127.0.0.1.evil.example",
        "localhost\x00evil",
    ],
)
@pytest.mark.parametrize("url", ["/en/", "/en/about", "/en", "/", "/settings?next=/en/", "/nope"])
def test_a_malformed_or_untrusted_host_gets_our_400_page(client, host, url):
    response = client.get(url, headers={"Host": host})
    assert response.status_code == 400, (host, url)
    assert is_our_page(response)
    assert "Location" not in response.headers


def test_a_trusted_host_with_a_port_is_served(client):
    assert client.get("/en/", headers={"Host": "localhost:8000"}).status_code == 200


def test_our_own_site_is_trusted_whatever_the_list_says():
    app = create_app(test_config(SITE_URL="https://steady.example", TRUSTED_HOSTS=["www.example"]))
    assert app.config["TRUSTED_HOSTS"] == ["www.example", "steady.example"]
    response = app.test_client().get("/en/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and is_our_page(response)


def test_trusted_hosts_default_to_the_site_and_loopback(monkeypatch):
    monkeypatch.setenv("FLASK_SITE_URL", "https://steady.example")
    app = create_app(test_config())
    assert app.config["TRUSTED_HOSTS"] == ["steady.example", "127.0.0.1", "localhost"]
    client = app.test_client()
    assert client.get("/en/", headers={"Host": "steady.example"}).status_code == 200
    assert client.get("/en/", headers={"Host": "other.example"}).status_code == 400


def test_the_trailing_slash_redirect_is_relative_and_never_names_the_host(client):
    for url, expected in [
        ("/en", "/en/"),
        ("/es/plain", "/es/plain/"),
        ("/en//about", "/en/about"),
    ]:
        response = client.get(url, headers={"Host": "localhost"})
        assert response.status_code in (301, 308), url
        assert response.headers["Location"] == expected, url


def test_no_redirect_location_starts_with_two_slashes(client):
    for url in ["//evil.example", "//evil.example/", "///evil.example/en", "//en", "/en//"]:
        response = client.get(url)
        location = response.headers.get("Location", "")
        assert not location.startswith("//") and "evil" not in location.split("/")[0], url
        assert response.status_code < 500


def test_raw_socket_requests_with_broken_hosts_get_our_page_from_a_real_server():
    """Through a real HTTP server: bytes a browser would never send."""
    server = LiveServer(port_for("live")).start()
    try:
        for host in (b"a b", b"[::1", b"\xff\xfe", b"evil.example", b"127.0.0.1:0"):
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(
                    b"GET /en/ HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
                )
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            status = int(answer.split(b" ", 2)[1])
            assert 400 <= status < 500, (host, answer[:200])
            assert b"default-src 'none'" in answer and b'class="crisis-panel"' in answer, host
    finally:
        server.stop()


def test_a_request_without_a_host_is_answered_as_one_to_our_site(app):
    """HTTP/1.0 sends no Host; Werkzeug would then use the bind address, e.g. 0.0.0.0."""
    for host in (None, ""):
        environ = create_environ("/en/", "http://localhost/")
        environ.update(SERVER_NAME="0.0.0.0", SERVER_PROTOCOL="HTTP/1.0")
        if host is None:
            del environ["HTTP_HOST"]
        else:
            environ["HTTP_HOST"] = host
        for path in ("/en/", "/en/?topic=tools", "/en"):
            environ["PATH_INFO"], _, environ["QUERY_STRING"] = path.partition("?")
            _, status, headers = run_wsgi_app(app.wsgi_app, dict(environ), buffered=True)
            assert int(status.split()[0]) in (200, 308), (host, path, status)


def test_the_root_redirect_varies_with_cookie_and_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Cookie" in vary and "Accept-Language" in vary


def test_over_plain_http_no_hsts_and_cookies_are_not_marked_secure(client):
    response = client.get("/settings?locale=es&next=/es/")
    assert "Strict-Transport-Security" not in response.headers
    assert all("Secure" not in c for c in response.headers.getlist("Set-Cookie"))


def test_over_https_hsts_and_every_cookie_secure(client):
    for url in [
        "/settings?locale=es&plain=1&next=/es/",
        "/en/",
        "/en/nope",
        "/static/css/steady.css",
    ]:
        response = client.get(url, base_url="https://localhost")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), url
        for cookie in response.headers.getlist("Set-Cookie"):
            assert "; Secure" in cookie, cookie


def test_behind_a_proxy_scheme_and_host_come_from_forwarded_headers_only_when_configured():
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "steady.example"}
    direct = create_app(test_config(SITE_URL="https://steady.example")).test_client()
    response = direct.get("/en/", headers=forwarded)
    assert "Strict-Transport-Security" not in response.headers  # not believed: no proxy set

    proxied = create_app(
        test_config(SITE_URL="https://steady.example", PROXY_FIX={"x_proto": 1, "x_host": 1})
    ).test_client()
    response = proxied.get("/en/", headers=forwarded)
    assert response.status_code == 200 and "Strict-Transport-Security" in response.headers
    cookies = proxied.get("/settings?locale=es&next=/es/", headers=forwarded)
    assert all("; Secure" in c for c in cookies.headers.getlist("Set-Cookie"))
    forged = proxied.get("/en/", headers={**forwarded, "X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 400 and is_our_page(forged)


def test_a_refused_host_and_a_wrong_method_get_stored_pages_never_rendered_again():
    """Both are anyone's to send, any number of times: each must cost what a stored page does.
    With every template broken, only stored pages can still answer."""

    def explode(*args, **kwargs):
        raise RuntimeError("a page was rendered")

    broken = create_app(test_config())
    broken.jinja_env.globals["link"] = explode
    client = broken.test_client()
    bad_host = {"HTTP_HOST": "bad host!"}
    for method, url, locale in [
        ("GET", "/es/", "es"),
        ("POST", "/ar/plain/x", "ar"),
        ("GET", "/x", "en"),
    ]:
        refused = client.open(url, method=method, environ_overrides=bad_host)
        assert refused.status_code == 400 and is_our_page(refused), url
        assert f'lang="{locale}"' in refused.get_data(as_text=True)
    assert client.head("/es/", environ_overrides=bad_host).get_data() == b""
    for method, url in [("PUT", "/es/crisis"), ("POST", "/en/"), ("DELETE", "/en/contact")]:
        wrong = client.open(url, method=method)
        assert wrong.status_code == 405 and is_our_page(wrong), url
        assert "GET" in wrong.headers["Allow"] and "PUT" not in wrong.headers["Allow"]
    assert "POST" in client.delete("/en/contact").headers["Allow"]


def test_an_error_escaping_flask_gets_our_500_page_with_headers():
    def explode(*args, **kwargs):
        raise RuntimeError("the error page itself failed")

    broken = create_app(test_config())
    broken.jinja_env.globals["link"] = explode  # every page, the error pages too, now fails
    # A stored or joined page (the 404, 405 and refused-Host pages too) is never rendered
    # again, but a form sent back with what is missing is.
    response = broken.test_client().post("/es/contact", data={})
    assert response.status_code == 500
    assert is_our_page(response)
    assert 'lang="es"' in response.get_data(as_text=True)


# ------------------------------------------------------------------ RFC 9110 lists

BOTH = ("br", "gzip")


@pytest.mark.parametrize(
    "header, available, expected",
    [
        ("gzip", BOTH, "gzip"),
        ("gzip, br", BOTH, "br"),  # equals: ours first
        ("br;q=1.0, gzip;q=0.8", BOTH, "br"),
        ("gzip;q=1, br;q=0.5", BOTH, "gzip"),
        ("GZIP", BOTH, "gzip"),
        ("BR", BOTH, "br"),
        ("gzip;q=0", BOTH, None),
        ("gzip; q=0.000", BOTH, None),
        ("gzip;q=0, *", BOTH, "br"),
        ("br;q=0, gzip;q=0.001", BOTH, "gzip"),
        ("*", BOTH, "br"),
        ("*;q=0", BOTH, None),
        ("identity", BOTH, None),
        ("br, *;q=0", BOTH, "br"),
        ("", BOTH, None),
        ("gzipx", BOTH, None),
        ("x-gzip-not", BOTH, None),
        ("gzip;q=2", BOTH, None),  # not a qvalue: the item is ignored
        ("gzip;q=abc, *", BOTH, "br"),
        ("deflate;q=0.5, gzip;q=0.001", BOTH, "gzip"),
        ("br", ("gzip",), None),  # a page joined per request has no brotli form
        ("br, gzip;q=0.1", ("gzip",), "gzip"),
        ("br, gzip", (), None),  # too small to compress
    ],
)
def test_accept_encoding_is_read_as_a_list_with_qvalues(header, available, expected):
    assert chosen_coding(header, available) == expected


@pytest.mark.parametrize(
    "header, expected",
    [
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", "abc"', True),
        ('"x",W/"abc" , "y"', True),
        ("*", True),
        ('"abcd"', False),
        ('"xabc"', False),
        ('"ab"', False),
        ('"x, abc"', False),  # one tag holding a comma
        ("abc", True),  # unquoted, read as the tag itself: a client only sends back ours
        ('"abc', False),
        ('"x" "abc"', False),
        ("", False),
    ],
)
def test_if_none_match_is_a_list_of_entity_tags_compared_weakly(header, expected):
    assert none_match_fails(header, "abc") is expected


@pytest.mark.parametrize(
    "url", ["/en/case-studies/stopncii", "/en/?topic=tools", "/static/css/steady.css"]
)
def test_a_coding_refused_by_qvalue_is_not_sent_and_etags_match_as_a_list(client, url):
    plain = client.get(url, headers={"Accept-Encoding": "gzip;q=0, br;q=0, deflate"})
    assert "Content-Encoding" not in plain.headers
    # The bytes themselves, not gzip's (which start with 1f 8b).
    assert plain.get_data().startswith((b"<!doctype html>", b":root"))
    packed = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0.5"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    etag = packed.headers["ETag"]
    for header in (f'"nope", {etag}', f"W/{etag}", "*"):
        again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": header})
        assert again.status_code == 304, header
    # A tag that merely contains ours is a different tag.
    inside = etag[:-1] + 'x"'
    assert (
        client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": inside}).status_code
        == 200
    )
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200  # other coding


def test_settings_is_never_stored_by_a_cache(client):
    assert client.get("/settings?locale=es&next=/es/").headers["Cache-Control"] == "no-store"


def test_the_refusal_says_what_was_wrong_in_the_pages_language(client):
    english = client.get("/en/", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "the site address in the request is not one we serve" in english
    spanish = client.get("/es/crisis", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "no es una que atendamos" in spanish and 'lang="es"' in spanish
