"""A real nginx (Debian's package, a foreground process on loopback) running the repository's
deploy/nginx/ configuration, edited only where its comments say to."""

import re
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support.apps import ROOT
from tests.support.ensure_nginx import BROTLI_STATIC_MODULE, find_nginx
from tests.support.live_server import free_port

NGINX_CONF = ROOT / "deploy" / "nginx"
SIZE_UNITS = {"": 1, "k": 1024, "m": 1024 * 1024}


def size_setting(name: str) -> int:
    """The size in bytes a directive of steady.conf sets (its last number: "4 8k" is 8k)."""
    found = re.search(
        rf"^\s*{name}\s.*?(\d+)([km]?);", (NGINX_CONF / "steady.conf").read_text(), re.M
    )
    assert found, f"steady.conf sets no {name}"
    return int(found.group(1)) * SIZE_UNITS[found.group(2)]


def nginx_config(folder: Path, export: Path, port: int, app_port: int) -> Path:
    """The repository's configuration, edited as its comments say, inside a minimal nginx.conf."""
    headers = folder / "steady-headers.conf"
    headers.write_text((NGINX_CONF / "steady-headers.conf").read_text())
    site = (NGINX_CONF / "steady.conf").read_text()
    for old, new in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 8080;", f"listen 127.0.0.1:{port};"),
        ("root /srv/steady/public;", f"root {export};"),
        ("/etc/nginx/steady/steady-headers.conf", str(headers)),
    ):
        assert old in site, old
        site = site.replace(old, new)
    (folder / "steady.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir()
    main = folder / "nginx.conf"
    main.write_text(
        f"""load_module {BROTLI_STATIC_MODULE};
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/steady.conf;
}}
"""
    )
    return main


@contextmanager
def run_nginx(folder: Path, export: Path, app_port: int):
    """nginx serving `export`, the app at `app_port` behind it; yields the port it listens on."""
    nginx = find_nginx()
    assert nginx, "nginx is needed: run tests/support/ensure_nginx.py (make test does)"
    port = free_port()
    config = nginx_config(folder, export, port, app_port)
    process = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/blank", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers, if only to say the app behind it does not
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = folder / "error.log"
                    raise RuntimeError(
                        f"nginx did not start: {log.read_text() if log.exists() else ''}"
                    ) from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
