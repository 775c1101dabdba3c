"""`flask export`: the public site as files, byte for byte what the app serves, and served by a
real nginx (Debian's package, run as a foreground process on loopback) with the app's headers,
everything else proxied to the app."""

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app import create_app
from app.delivery.build import public_file, server_error_file
from app.i18n.locales import SOURCE_LOCALE
from app.parts import parts
from app.web.security import HEADERS
from app.web.stored import CODINGS
from tests.support.apps import ROOT, test_config, test_environ
from tests.support.codings import DECOMPRESS
from tests.support.hostile import our_page_language
from tests.support.live_server import LiveServer, free_port, port_for
from tests.support.nginx import NGINX_CONF, run_nginx


def flask_export(*args: str, **settings: str) -> subprocess.CompletedProcess:
    env = test_environ(**{f"FLASK_{name.upper()}": value for name, value in settings.items()})
    return subprocess.run(
        [sys.executable, "-m", "flask", "export", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def app_server(run_folder):
    # In the run's builds: the export and the app below open the build this server made.
    server = LiveServer(
        port_for("live"), env={"FLASK_BUILD_DIR": str(run_folder / "builds")}
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, app_server) -> Path:
    """The export of the site the app server serves (the same settings: the same site URL)."""
    target = tmp_path_factory.mktemp("export") / "public"
    result = flask_export(str(target), site_url=app_server.url)
    assert result.returncode == 0, result.stderr
    return target


def test_every_stored_url_is_exported_byte_for_byte(exported, app_server):
    app = create_app(test_config(SITE_URL=app_server.url))
    client = app.test_client()
    build = parts(app).build
    assert "/en/case-studies/stopncii" in build.entries and "/sw.js" in build.entries
    for url, entry in build.entries.items():
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        file = exported / public_file(url, entry.content_type)
        assert file.read_bytes() == response.get_data(), url
        for coding in entry.codings:
            beside = exported / f"{file}.{CODINGS[coding][1]}"
            assert DECOMPRESS[coding](beside.read_bytes()) == file.read_bytes(), url
    for name in parts(app).assets:
        assert (exported / "static" / name).is_file(), name


def test_the_export_holds_nothing_only_the_app_may_serve(exported):
    names = {path.name for path in exported.rglob("*")}
    assert "build.json" not in names and not any(name.endswith(".py") for name in names)
    assert not (exported / "errors").exists()


def test_a_query_never_becomes_a_path():
    assert public_file("/en/crisis?country=gb", "text/html") == "en/crisis@country=gb.html"
    assert public_file("/en/", "text/html") == "en/index.html"
    for url in ("/en/crisis?country=../../etc", "/en/crisis?a=b&c=d", "/en/../secret"):
        with pytest.raises(ValueError):
            public_file(url, "text/html")


def test_export_refuses_a_folder_with_files_in_it(tmp_path):
    (tmp_path / "old.html").write_text("left from last time")
    result = flask_export(str(tmp_path))
    assert result.returncode == 2
    assert "is not empty" in result.stderr
    assert flask_export(str(tmp_path), "--replace").returncode == 0
    assert not (tmp_path / "old.html").exists() and (tmp_path / "sw.js").is_file()


@pytest.fixture(scope="module")
def served(exported, app_server, tmp_path_factory):
    """(nginx's URL, the app's URL): nginx serving the export, the app behind it."""
    with run_nginx(tmp_path_factory.mktemp("nginx"), exported, app_server.port) as port:
        yield f"http://127.0.0.1:{port}", app_server.url


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, method: str = "GET", accept_encoding: str = "", follow: bool = True):
    """(status, headers, body) without raising for an error status."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    request = urllib.request.Request(url, method=method, headers=headers)
    opener = urllib.request.build_opener(*([] if follow else [KeepRedirects()]))
    try:
        with opener.open(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize(
    "path",
    [
        "/en/case-studies/stopncii",
        "/es/plain/case-studies/stopncii",
        "/en/",
        "/ar/crisis",
        "/en/crisis?country=gb",
        "/blank",
    ],
)
def test_nginx_serves_stored_pages_as_the_app_does_with_its_headers(served, path):
    nginx, app = served
    status, headers, body = get(nginx + path)
    assert status == 200
    assert body == get(app + path)[2]
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"].startswith("text/html")
    for name, value in HEADERS.items():
        assert headers[name] == value, name


@pytest.mark.parametrize(
    "accept_encoding, coding", [("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br, zstd", "br")]
)
@pytest.mark.parametrize("path", ["/en/case-studies/stopncii", "/static/css/steady.css"])
def test_nginx_sends_the_compressed_file_where_accepted(served, path, accept_encoding, coding):
    nginx, app = served
    status, headers, body = get(nginx + path, accept_encoding=accept_encoding)
    assert status == 200 and headers["Content-Encoding"] == coding
    assert "Accept-Encoding" in headers["Vary"]
    assert DECOMPRESS[coding](body) == get(app + path)[2]


def test_nginx_serves_the_worker_uncached_and_its_list_for_ever(served):
    nginx, app = served
    status, headers, script = get(nginx + "/sw.js")
    assert status == 200 and script == get(app + "/sw.js")[2]
    assert headers["Cache-Control"] == "no-cache"
    assert "javascript" in headers["Content-Type"]
    assert headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    first_line = script.decode().splitlines()[0]
    list_url = first_line.split('"precacheUrl":"')[1].split('"')[0].replace("{locale}", "ar")
    status, headers, listing = get(nginx + list_url)
    assert status == 200 and listing == get(app + list_url)[2]
    assert "immutable" in headers["Cache-Control"]


def test_nginx_serves_the_bundles_from_the_export_for_ever(served, app_server):
    nginx, app = served
    bundles = parts(create_app(test_config(SITE_URL=app_server.url))).precache["bundles"]
    assert len(bundles) > 10
    for url in bundles.values():
        status, headers, body = get(nginx + url, accept_encoding="br")
        assert status == 200 and headers["Content-Encoding"] == "br", url
        assert DECOMPRESS["br"](body) == get(app + url)[2], url
        assert "immutable" in headers["Cache-Control"]
        assert headers["Content-Type"] == "application/octet-stream"
        # Not the app's tag (a hash of the bytes, "-br" for brotli's): nginx sent the file.
        assert not headers.get("ETag", "").endswith('-br"'), url


def test_nginx_serves_manifests_and_versioned_assets(served):
    nginx, app = served
    status, headers, body = get(nginx + "/es/manifest.webmanifest")
    assert status == 200 and body == get(app + "/es/manifest.webmanifest")[2]
    assert headers["Content-Type"].startswith("application/manifest+json")
    page = get(nginx + "/en/")[2].decode()
    css = page.split('href="/static/css/steady.css?v=')[1].split('"')[0]
    status, headers, _ = get(f"{nginx}/static/css/steady.css?v={css}")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert get(nginx + "/static/css/steady.css")[1]["Cache-Control"] == "no-cache"


def test_nginx_leaves_the_document_headers_off_what_a_page_loads_as_the_app_does(served):
    nginx, app = served
    page = get(nginx + "/en/")[2].decode()
    scripts_and_styles = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)\?v=[^"]+)"', page)
    assert len(scripts_and_styles) >= 2  # the stylesheet and every page's script
    loaded = [
        *scripts_and_styles,
        "/en/script-texts.js",
        "/static/icons/icon-192.png",
        "/en/manifest.webmanifest",
    ]
    documents = ["/en/", "/en/nope", "/sw.js"]
    for path in loaded + documents:
        nginx_headers, app_headers = get(nginx + path)[1], get(app + path)[1]
        for name in HEADERS:
            assert nginx_headers.get(name) == app_headers.get(name), (path, name)
        assert ("Content-Security-Policy" in nginx_headers) == (path in documents), path


@pytest.mark.parametrize(
    "path",
    [
        "/en/?topic=tools&age=16-18",  # a filtered library: joined by the app
        "/en/crisis?country=zz",  # a country with no stored page
        "/en/crisis?country=../../../../etc/passwd",
        "/en/crisis?country=%2e%2e%2fsw.js",
    ],
)
def test_nginx_sends_what_is_not_exported_to_the_app(served, path):
    nginx, app = served
    status, headers, body = get(nginx + path)
    app_status, _, app_body = get(app + path)
    assert (status, body) == (app_status, app_body)
    assert headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert b"root:" not in body


@pytest.mark.parametrize(
    "path", ["/..%2f..%2f..%2fetc%2fpasswd", "/static/..%2f..%2f..%2f..%2fetc/passwd"]
)
def test_nothing_outside_the_export_is_served(served, path):
    status, _, body = get(served[0] + path)
    assert status in (400, 404) and b"root:" not in body


def test_nginx_passes_a_post_and_an_unknown_address_to_the_app(served):
    nginx, _ = served
    status, headers, body = get(nginx + "/en/crisis", method="POST")
    assert status == 405 and "GET" in headers["Allow"]
    assert b'class="crisis-panel"' in body
    status, _, body = get(nginx + "/en/no-such-page")
    assert status == 404 and b"We could not find that page" in body
    status, headers, _ = get(nginx + "/settings?locale=es&next=/es/", follow=False)
    assert status == 302 and headers["Location"].endswith("/es/")
    assert "steady_locale=es" in headers["Set-Cookie"]


@pytest.mark.parametrize(
    "path, locale",
    [
        ("/.env", "en"),
        ("/%2eenv", "en"),
        ("/ar/.secret", "ar"),
        ("/static/.x", "en"),
        ("/es/.hidden/", "es"),
        ("/.errors/502.html", "en"),  # nginx's own error pages: only nginx may send them
        ("/.errors/ar/502.html", "en"),
    ],
)
def test_nginx_serves_no_name_starting_with_a_dot(served, exported, path, locale):
    # Each where nginx would look for the path, had it no rule for dots.
    for name in (".env.html", "ar/.secret.html", "static/.x", "es/.hidden/index.html"):
        (exported / name).parent.mkdir(exist_ok=True)
        (exported / name).write_text("SECRET=1")
    status, headers, body = get(served[0] + path)
    assert status == 404 and b"SECRET" not in body
    assert our_page_language(headers, body) == locale


@pytest.fixture(scope="module")
def app_down(exported, tmp_path_factory):
    """nginx serving the export, with nothing listening where the app should be."""
    with run_nginx(tmp_path_factory.mktemp("nginx-app-down"), exported, free_port()) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    "method, path, locale",
    [
        ("GET", "/ar/?topic=tools", "ar"),  # a filtered library, which only the app joins
        ("POST", "/es/contact", "es"),
        ("GET", "/en/no-such-page", "en"),
        ("GET", "/settings?locale=ar", "en"),  # outside any language: the source language
        ("GET", "/xx/no-such-page", "en"),  # no language of ours
    ],
)
def test_with_the_app_down_nginx_answers_with_our_page_in_the_addresss_language(
    app_down, method, path, locale
):
    status, headers, body = get(app_down + path, method=method)
    assert status == 502 and our_page_language(headers, body) == locale
    assert headers["Cache-Control"] == "no-store"  # the next try may well work


def test_every_error_page_nginx_sends_is_exported_in_every_language(exported, app):
    sent = re.findall(
        r"^\s*error_page [0-9 =]+ (\S+);", (NGINX_CONF / "steady.conf").read_text(), re.M
    )
    codes = [int(code) for code in re.findall(r"/\.errors/([0-9]+)\.html", " ".join(sent))]
    assert len(codes) == len(sent) - 1 and "@app" in sent  # our pages, and the app for a 405
    assert {413, 414, 431, 502, 504} <= set(codes)
    for code in codes:
        for locale in app.config["LOCALES"]:
            html = (exported / server_error_file(code, locale)).read_text()
            assert f'<html lang="{locale}"' in html and 'class="crisis-panel"' in html
        source = (exported / server_error_file(code, SOURCE_LOCALE)).read_bytes()
        assert (exported / server_error_file(code)).read_bytes() == source
