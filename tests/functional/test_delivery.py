"""Serving: what may be stored, errors that keep their meaning, headers on every path."""

import pytest
from flask import Flask, session

from app import parts as app_parts
from app.delivery import rendering
from app.delivery.rendering import PAGES_WORTH_A_PROCESS, VisitorDependentPage, prerender
from app.parts import parts
from app.web.security import HEADERS


def visitor_dependent_app() -> Flask:
    probe = Flask(__name__)
    probe.config.update(SECRET_KEY="test", SITE_URL="http://127.0.0.1:5000")
    app_parts.init_app(probe)

    @probe.get("/page/<int:number>")
    def numbered(number):
        return f"page {number}"

    @probe.get("/session")
    def uses_the_session():
        session["seen"] = True
        return "hello"

    @probe.get("/private")
    def private():
        return "yours", 200, {"Cache-Control": "private"}

    @probe.get("/login")
    def varies():
        return "who are you", 200, {"Vary": "Authorization"}

    return probe


@pytest.mark.parametrize("url", ["/session", "/private", "/login"])
def test_a_page_that_depends_on_the_visitor_is_never_stored(url):
    with pytest.raises(VisitorDependentPage):
        prerender(visitor_dependent_app(), [url])


def test_pages_rendered_by_several_processes_come_back_whole_and_in_order(monkeypatch):
    monkeypatch.setattr(rendering, "usable_cores", lambda: 2)  # as on a machine with two
    urls = [f"/page/{n}" for n in range(2 * PAGES_WORTH_A_PROCESS)][::-1]
    pages = prerender(visitor_dependent_app(), urls)
    assert list(pages) == urls
    assert all(pages[url].body == f"page {url.split('/')[-1]}".encode() for url in urls)


def test_a_page_that_depends_on_the_visitor_stops_a_build_in_several_processes(monkeypatch):
    monkeypatch.setattr(rendering, "usable_cores", lambda: 2)
    urls = [f"/page/{n}" for n in range(2 * PAGES_WORTH_A_PROCESS)] + ["/session"]
    with pytest.raises(VisitorDependentPage):
        prerender(visitor_dependent_app(), urls)


def test_stored_pages_vary_with_nobody(app):
    """Every stored page was rendered without a cookie and sets none."""
    client = app.test_client()
    for url in parts(app).build.entries:
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_stored_url_answers_other_methods_through_flask_with_allow(client, method):
    response = client.open("/en/crisis", method=method)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    html = response.get_data(as_text=True)
    assert 'class="crisis-panel"' in html
    for name, value in HEADERS.items():
        assert response.headers[name] == value


def test_a_fault_of_ours_says_so_keeps_the_crisis_panel_and_headers(app):
    client = app.test_client()
    original = app.view_functions["site.settings"]

    def broken(**_):
        raise RuntimeError("a bug")

    app.view_functions["site.settings"] = broken
    try:
        response = client.get("/settings")  # depends on the visitor: never stored
    finally:
        app.view_functions["site.settings"] = original
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "This is our fault, not yours." in html
    assert "request was not right" not in html
    assert 'class="crisis-panel"' in html
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]


def test_security_headers_on_stored_rendered_asset_and_error_responses(client):
    for url in ["/en/case-studies/stopncii", "/en/?topic=tools", "/sw.js", "/en/nope"]:
        response = client.get(url)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)


@pytest.mark.parametrize(
    ("url", "tagged"),
    [
        ("/en/case-studies/stopncii", "/en/case-studies/stopncii?fbclid=abc&utm_source=x"),
        ("/es/plain/about", "/es/plain/about?made-up=%3Cscript%3E"),
        ("/en/crisis?country=gb", "/en/crisis?utm_medium=social&country=gb"),
        ("/ar/", "/ar/?gclid=1"),
        ("/sw.js", "/sw.js?cache-buster=1"),
        # another page's parameter, a value no page has, a country asked twice
        ("/en/case-studies/stopncii", "/en/case-studies/stopncii?country=gb&topic=tools"),
        ("/es/about", "/es/about?topic=tools"),
        ("/en/crisis", "/en/crisis?country=zz"),
        ("/ar/plain/crisis?country=eg", "/ar/plain/crisis?country=eg&country=eg&country=gb"),
        ("/en/crisis?country=gb", "/en/crisis?country=%3Cb%3E&country=gb"),
        ("/en/plain/start", "/en/plain/start?country=gb"),
    ],
)
def test_a_page_asked_for_with_more_than_it_reads_is_the_stored_page(client, url, tagged):
    stored, asked = client.get(url), client.get(tagged)
    assert asked.status_code == 200 and asked.get_data() == stored.get_data()
    assert asked.headers["ETag"] == stored.headers["ETag"]
    assert b"fbclid" not in asked.get_data() and b"utm_" not in asked.get_data()


def test_the_crisis_view_reads_the_first_country_it_knows_as_the_stored_pages_do(app):
    with app.test_request_context("/en/crisis?country=zz&country=gb&country=us"):
        html = app.full_dispatch_request().get_data(as_text=True)
    assert "Who to contact (United Kingdom)" in html


def test_what_a_page_reads_still_counts_beside_a_tracking_tag(client):
    html = client.get("/en/crisis?utm_source=x&country=gb").get_data(as_text=True)
    assert "Who to contact (United Kingdom)" in html
    filtered = client.get("/en/?utm_source=x&topic=tools").get_data(as_text=True)
    assert 'value="tools" checked' in filtered
