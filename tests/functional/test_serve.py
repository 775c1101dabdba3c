"""`make serve`: the production server keeps answering while clients hold half-sent requests."""

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from app.server import address
from tests.support.apps import ROOT
from tests.support.production import production_server as run_production_server

SLOW_CLIENTS = 200
HALF_REQUEST = b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


@pytest.fixture
def production_server():
    with run_production_server() as port:
        yield f"http://127.0.0.1:{port}", port


def test_the_site_answers_while_many_clients_send_half_a_request(production_server):
    url, port = production_server
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(HALF_REQUEST)
            slow.append(sock)
        time.sleep(1)
        for page in ("/en/", "/en/crisis", "/es/case-studies/stopncii", "/en/?topic=tools"):
            began = time.monotonic()
            with urllib.request.urlopen(url + page, timeout=5) as response:
                assert response.status == 200
                assert b"data-quick-exit" in response.read()
            assert time.monotonic() - began < 2, page
    finally:
        for sock in slow:
            sock.close()


def test_the_production_server_answers_bad_requests_with_our_page(production_server):
    url, port = production_server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400")
    assert b'class="crisis-panel"' in answer and b"default-src 'none'" in answer


def test_the_public_address_defaults_to_where_it_listens(production_server):
    url, _ = production_server
    html = urllib.request.urlopen(url + "/en/", timeout=5).read().decode()
    assert f'href="{url}/es/"' in html  # alternate-language links use SITE_URL


def test_binds_loopback_port_8000_unless_host_and_port_say_otherwise(monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert address() == ("127.0.0.1", 8000)
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8080")
    assert address() == ("0.0.0.0", 8080)


def test_make_serve_runs_the_production_server():
    dry = subprocess.run(
        ["make", "-n", "serve", "HOST=10.0.0.1", "PORT=9000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "HOST=10.0.0.1 PORT=9000" in dry.stdout and "-m app.server" in dry.stdout
    env_free = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
    default = subprocess.run(
        ["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, env=env_free
    )
    assert "HOST=127.0.0.1 PORT=8000" in default.stdout
