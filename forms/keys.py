"""Keys derived from SECRET_KEY, one per purpose, and the keyed hashes built with them."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from forms import random_pool

PURPOSES = (
    "email",
    "client",
    "altcha",
    "altcha-key",
    "panel-letter",
    "submission",
    "confirm",
    "access",
    "cancel",
)
LINK_PURPOSES = ("confirm", "access", "cancel")
_NONCE_BYTES = 16
_LINK_LAYOUT = struct.Struct(f">{_NONCE_BYTES}sQ")


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


def keyed_sha256(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA256 of `message` under `key`, computed without letting go of the GIL.

    The one-shot `hmac.digest` hands the GIL to other threads on every call, however short
    the message, and then waits to get it back: beside busy request threads each address hash
    waited for a switch interval (up to 5 ms), and the service's futex calls per request rose
    by half. `hmac.new` keeps the GIL for messages this short.
    """
    return hmac.new(key, message, hashlib.sha256).digest()


@lru_cache(maxsize=64)
def derive(secret: str, purpose: str) -> bytes:
    """Derive a separate key per purpose, so one leaked hash helps with no other."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}")
    return keyed_sha256(secret.encode(), f"smart-kassel-forms/{purpose}".encode())


def normalise_email(address: str) -> str:
    """Fold an address so that case, spacing, width and invisible marks make no second person.

    NFKC folds look-alike forms (full-width letters, ligatures), format characters such as
    U+200B are dropped, and casefold also folds what lower() leaves (ß, ﬀ).
    """
    folded = unicodedata.normalize("NFKC", address)
    # ASCII has no format characters: most addresses skip the per-character look-up.
    visible = (
        folded
        if folded.isascii()
        else "".join(char for char in folded if unicodedata.category(char) != "Cf")
    )
    return unicodedata.normalize("NFKC", visible.casefold()).strip()


def email_hash(secret: str, address: str) -> str:
    """Keyed hash of an address: finds duplicates and erasure requests without the address."""
    key = derive(secret, "email")
    return keyed_sha256(key, normalise_email(address).encode()).hex()


def legacy_email_hashes(secret: str, address: str) -> set[str]:
    """The hashes rows stored before 2 December 2026 may carry (NFC and lower() only).

    Those rows must still be found when a person asks for their data or its erasure; for
    addresses with ß, ligatures or full-width letters the old folding gave another hash.
    """
    key = derive(secret, "email")
    old = unicodedata.normalize("NFC", address).strip().lower()
    return {keyed_sha256(key, old.encode()).hex()} - {email_hash(secret, address)}


def client_hash(secret: str, daily_salt: bytes, address: str) -> str:
    """Keyed hash of a client address under the day's salt, so no IP is kept in clear.

    Once the day's salt is forgotten, nobody (SECRET_KEY or not) can tell which address an
    old hash stood for by hashing candidates.
    """
    key = keyed_sha256(derive(secret, "client"), daily_salt)
    return keyed_sha256(key, address.encode()).hex()[:32]


class TamperedLink(ValueError):
    """A link token we did not sign for this purpose (cut, altered or made up)."""


@dataclass(frozen=True)
class LinkToken:
    """What a signed link says: its random nonce and the Unix time it expires at."""

    nonce: bytes
    expires_at: int

    @property
    def digest(self) -> str:
        """The hash stored server-side: the database never holds a usable link."""
        return hashlib.sha256(self.nonce).hexdigest()


def sign_link(
    secret: str, purpose: str, expires_at: int, nonce: bytes | None = None
) -> tuple[str, LinkToken]:
    """A link token for one purpose: nonce and expiry, signed with that purpose's key.

    The nonce is random unless given: a link that several mails must repeat (the
    cancellation link) passes one derived with `keyed_nonce`.
    """
    token = LinkToken(nonce or random_pool.token_bytes(_NONCE_BYTES), expires_at)
    payload = _LINK_LAYOUT.pack(token.nonce, token.expires_at)
    return f"{_b64(payload)}.{_b64(_link_mac(secret, purpose, payload))}", token


def keyed_nonce(secret: str, purpose: str, name: str) -> bytes:
    """A nonce only SECRET_KEY can make, the same each time for one `name` (e.g. a reference)."""
    return keyed_sha256(derive(secret, purpose), f"nonce/{name}".encode())[:_NONCE_BYTES]


def read_link(secret: str, purpose: str, text: str) -> LinkToken:
    """The token a link carries; raise TamperedLink unless this purpose's key signed it."""
    try:
        encoded_payload, encoded_mac = text.split(".")
        payload, mac = _unb64(encoded_payload), _unb64(encoded_mac)
    except (ValueError, binascii.Error) as exc:
        raise TamperedLink(text) from exc
    # Constant time: the comparison tells an attacker nothing about how close a guess came.
    if len(payload) != _LINK_LAYOUT.size or not hmac.compare_digest(
        mac, _link_mac(secret, purpose, payload)
    ):
        raise TamperedLink(text)
    nonce, expires_at = _LINK_LAYOUT.unpack(payload)
    return LinkToken(nonce, expires_at)


def _link_mac(secret: str, purpose: str, payload: bytes) -> bytes:
    if purpose not in LINK_PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    return keyed_sha256(derive(secret, purpose), payload)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Decode strictly: a character outside the alphabet is tampering, not something to skip."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
