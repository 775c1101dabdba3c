"""Sealing text at rest: what a family wrote is stored encrypted, under a key that lives in the
instance folder and never in the database, so a copied database file alone reveals nothing."""

from pathlib import Path

from cryptography.fernet import Fernet
from flask import current_app

from .config import instance_secret
from .parts import parts

KEY_FILE = "sealing.key"


class Sealer:
    """Encrypts and authenticates text (Fernet: AES-128-CBC with an HMAC-SHA256)."""

    def __init__(self, key: bytes):
        self.fernet = Fernet(key)

    def seal(self, text: str) -> bytes:
        return self.fernet.encrypt(text.encode("utf-8"))

    def open(self, sealed: bytes) -> str:
        return self.fernet.decrypt(sealed).decode("utf-8")

    def seal_optional(self, text: str | None) -> bytes | None:
        return self.seal(text) if text else None

    def open_optional(self, sealed: bytes | None) -> str:
        return self.open(sealed) if sealed else ""


def instance_sealer(instance_dir: Path) -> Sealer:
    """This deployment's sealer, its key made on first use (keep it with the backups of the
    instance folder, apart from the database's: without it no message can be read)."""
    return Sealer(instance_secret(instance_dir, KEY_FILE, Fernet.generate_key))


def current_sealer() -> Sealer:
    """The app's sealer, its key read (or made) on first use rather than at start-up."""
    held = parts(current_app)
    if held.sealer is None:
        held.sealer = instance_sealer(Path(current_app.config["INSTANCE_DIR"]))
    return held.sealer
