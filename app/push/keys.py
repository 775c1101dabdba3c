"""The VAPID key pair: made once by `flask push keys`, kept in the instance folder, never remade.

Every subscription a browser holds is bound to the public key it was given. A new key would
silently break them all, so the app only ever reads the key; making one is a deliberate act.
"""

import base64
import os
import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02

KEY_FILE = "vapid_private.pem"

# What push services accept as the `sub` claim: a contact they can write to. Apple refuses
# localhost and addresses with no real domain, so neither is accepted here either.
SUBJECT = re.compile(
    r"^(mailto:[^@\s/]+@(?!localhost\b)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"
    r"|https://(?!localhost\b)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?)$",
    re.IGNORECASE,
)


class KeysExist(RuntimeError):
    """Refusing to replace a key that subscriptions depend on."""


def key_path(instance_dir: Path) -> Path:
    return Path(instance_dir) / KEY_FILE


def create_keys(instance_dir: Path) -> Path:
    """Make the key pair, owner-readable only; refuse if one is already there."""
    path = key_path(instance_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    vapid = Vapid02()
    vapid.generate_keys()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeysExist(f"{path} exists; every subscription depends on it") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(vapid.private_pem())
    return path


def load_keys(instance_dir: Path) -> Vapid02 | None:
    """The key pair, or None when push has not been set up."""
    path = key_path(instance_dir)
    return Vapid02.from_file(str(path)) if path.exists() else None


def application_server_key(vapid: Vapid02) -> str:
    """The public key as `pushManager.subscribe({applicationServerKey})` takes it: the raw
    uncompressed P-256 point, base64url without padding."""
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def check_subject(subject: str) -> str:
    if not SUBJECT.match(subject or ""):
        raise ValueError(
            f"PUSH_VAPID_SUBJECT must be a mailto: or https: address with a real domain, "
            f"not {subject!r} (push services refuse localhost)"
        )
    return subject
