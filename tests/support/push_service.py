"""A mock push service on loopback that checks what a real one checks, then decrypts.

Each request must carry a valid VAPID token (signature by the key in `k`, `aud` this service's
origin, `exp` in the future and within 24 hours, `sub` a mailto: or https: address), a TTL and
an aes128gcm body, which it decrypts with the subscription's private key (http_ece), as a
browser would. What each path answers is chosen per subscription, to play 410, 429 and 5xx.
Run on its own: `python -m tests.support.push_service PORT` (the benchmark does).
"""

import base64
import functools
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from requests.structures import CaseInsensitiveDict

from app.push.keys import SUBJECT


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def browser_keys() -> tuple[ec.EllipticCurvePrivateKey, bytes, dict]:
    """What a browser makes for a subscription: its private key, auth secret, and the public
    half as PushSubscription.toJSON() gives it."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    auth = secrets.token_bytes(16)
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private_key, auth, {"p256dh": b64url(public), "auth": b64url(auth)}


@dataclass
class Receiver:
    """One browser's subscription: the keys to decrypt with, and what its path answers."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    status: int = 201
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict
    claims: dict
    payload: dict


class PushProblem(Exception):
    pass


def vapid_claims(authorization: str, audience: str, expected_key: str | None) -> dict:
    """The token's claims once checked: signature (once per token: a sender reuses one for
    hours), audience, expiry (every time) and subject."""
    claims = verified_token(authorization, expected_key)
    now = time.time()
    if claims.get("aud") != audience:
        raise PushProblem(f"aud {claims.get('aud')!r} is not {audience!r}")
    if not now < claims.get("exp", 0) <= now + 24 * 3600:
        raise PushProblem("exp missing, past or more than 24 hours ahead")
    if not SUBJECT.match(claims.get("sub", "")):
        raise PushProblem("sub is not a mailto: or https: address")
    return claims


@functools.lru_cache(maxsize=256)
def verified_token(authorization: str, expected_key: str | None) -> dict:
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise PushProblem("not a vapid authorization")
    parts = dict(item.split("=", 1) for item in rest.split(","))
    if expected_key and parts.get("k") != expected_key:
        raise PushProblem("signed by another key")
    if not Vapid02.verify(authorization):
        raise PushProblem("bad signature")
    return json.loads(unb64url(parts["t"].split(".")[1]))


class MockPushService:
    def __init__(self, port: int = 0, expected_key: str | None = None, keep: bool = True):
        self.receivers: dict[str, Receiver] = {}
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.expected_key, self.keep = expected_key, keep
        self.count = 0
        self.open_connections = 0  # kept alive by a sender's pool, not yet closed by it
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so the sender's pool is used

            def setup(self):
                super().setup()
                with service.lock:
                    service.open_connections += 1

            def finish(self):
                super().finish()
                with service.lock:
                    service.open_connections -= 1

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, headers = service.handle(
                    self.path, CaseInsensitiveDict(self.headers.items()), body
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "MockPushService":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def subscription(self, status: int = 201, headers=None, delay: float = 0.0) -> dict:
        """A new browser subscription, as PushSubscription.toJSON() gives it."""
        private_key, auth, keys = browser_keys()
        path = f"/push/{secrets.token_urlsafe(12)}"
        self.receivers[path] = Receiver(private_key, auth, status, headers or {}, delay)
        return {"endpoint": self.origin + path, "keys": keys}

    def handle(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        receiver = self.receivers.get(path)
        if receiver is None:
            return 404, {}
        try:
            claims = vapid_claims(headers.get("Authorization", ""), self.origin, self.expected_key)
            if headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers:
                raise PushProblem("not aes128gcm, or no TTL")
            plain = http_ece.decrypt(
                body,
                private_key=receiver.private_key,
                auth_secret=receiver.auth,
                version="aes128gcm",
            )
            payload = json.loads(plain)
        except Exception as problem:  # anything wrong is the sender's fault: 400, and noted
            with self.lock:
                self.refused.append(f"{path}: {problem!r}")
            return 400, {}
        if receiver.delay:
            time.sleep(receiver.delay)
        with self.lock:
            self.count += 1
            if self.keep:
                self.received.append(Received(path, headers, claims, payload))
        return receiver.status, receiver.headers


def shared_receiver(seed: int) -> tuple[Receiver, dict]:
    """One key pair for every /bench/ path, derived from `seed`, so a benchmark in another
    process can make 10,000 subscriptions this service can decrypt."""
    private_key = ec.derive_private_key(seed, ec.SECP256R1())
    auth = seed.to_bytes(16, "big")
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return Receiver(private_key, auth), {"p256dh": b64url(public), "auth": b64url(auth)}


if __name__ == "__main__":
    # The benchmark's service: `python -m tests.support.push_service PORT SEED`. Every
    # /bench/<n> path is a subscription with the shared keys; GET /count says how many pushes
    # arrived.
    service = MockPushService(int(sys.argv[1]), keep=False)
    bench_receiver, _ = shared_receiver(int(sys.argv[2]))
    original = service.handle

    def handle(path, headers, body):
        if path == "/count":
            return 200, {"X-Count": str(service.count), "X-Refused": str(len(service.refused))}
        if path.startswith("/bench/"):
            service.receivers.setdefault(path, bench_receiver)
        return original(path, headers, body)

    service.handle = handle
    service.server.serve_forever()
