"""Keys derived from SECRET_KEY, one per purpose, and the keyed hashes built with them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

PURPOSES = ("email", "client", "altcha", "altcha-key", "panel-letter", "submission")


def load_secret(configured: str, instance_path: str) -> str:
    """Use the configured secret, or one kept in the instance folder so restarts keep it."""
    if configured:
        return configured
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


@lru_cache(maxsize=64)
def derive(secret: str, purpose: str) -> bytes:
    """Derive a separate key per purpose, so one leaked hash helps with no other."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}")
    return hmac.new(secret.encode(), f"smart-kassel-forms/{purpose}".encode(), "sha256").digest()


def normalise_email(address: str) -> str:
    """Fold an address so that case, spacing, width and invisible marks make no second person.

    NFKC folds look-alike forms (full-width letters, ligatures), format characters such as
    U+200B are dropped, and casefold also folds what lower() leaves (ß, ﬀ).
    """
    folded = unicodedata.normalize("NFKC", address)
    visible = "".join(char for char in folded if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", visible.casefold()).strip()


def email_hash(secret: str, address: str) -> str:
    """Keyed hash of an address: finds duplicates and erasure requests without the address."""
    key = derive(secret, "email")
    return hmac.new(key, normalise_email(address).encode(), hashlib.sha256).hexdigest()


def client_hash(secret: str, daily_salt: bytes, address: str) -> str:
    """Keyed hash of a client address under the day's salt, so no IP is kept in clear.

    Once the day's salt is forgotten, nobody (SECRET_KEY or not) can tell which address an
    old hash stood for by hashing candidates.
    """
    key = hmac.new(derive(secret, "client"), daily_salt, hashlib.sha256).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]
