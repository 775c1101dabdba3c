"""What a case-study page costs over the wire on a first visit: the page and everything it
loads, compressed as served, headers included. Budget: 30 KB."""

import http.client
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.live_server import LiveServer, free_port  # noqa: E402

BUDGET = 30 * 1024
SUBRESOURCE = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/[^"]+)"')


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """Bytes on the wire for one GET (status line, headers, body) and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    header_bytes = (
        len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
        + sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        + 2
    )
    connection.close()
    return header_bytes + len(body), body


def weigh(port: int, path: str) -> dict[str, int]:
    import gzip

    size, body = fetch(port, path)
    html = gzip.decompress(body).decode() if body[:2] == b"\x1f\x8b" else body.decode()
    sizes = {path: size}
    for url in dict.fromkeys(SUBRESOURCE.findall(html)):
        if "hreflang" in url:
            continue
        sizes[url] = fetch(port, url)[0]
    return sizes


def main() -> None:
    server = LiveServer(free_port()).start()
    try:
        worst = 0
        for slug in ("stopncii", "cybertipline", "988-lifeline"):
            sizes = weigh(server.port, f"/en/case-studies/{slug}")
            total = sum(sizes.values())
            worst = max(worst, total)
            print(
                f"case page {slug}: {total / 1024:.1f} KB over the wire "
                f"({len(sizes)} requests: "
                + ", ".join(
                    f"{url.split('?')[0].rsplit('/', 1)[-1] or url} {n / 1024:.1f}"
                    for url, n in sizes.items()
                )
                + ")"
            )
        print(
            f"heaviest case page: {worst / 1024:.1f} KB of a {BUDGET // 1024} KB budget: "
            + ("within budget" if worst <= BUDGET else "OVER BUDGET")
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
