"""Remember used ALTCHA solutions until they expire, so each one is accepted once.

A solution belongs to the submission that first used it (its submission key, if it has one):
a resend of that same submission may show it again, any other post may not.
"""

from __future__ import annotations

import math
import threading
from datetime import datetime
from typing import Protocol

import redis


class ReplayStore(Protocol):
    """Where used solutions are kept: per process, or shared by all processes and hosts."""

    def seen(self, key: str, now: datetime, owner: str | None = None) -> bool:
        """Whether `key` was claimed, has not expired, and not by `owner`."""

    def claim(
        self, key: str, expires_at: datetime, now: datetime, owner: str | None = None
    ) -> bool:
        """Mark `key` used by `owner` until `expires_at`; False when another used it."""


class MemoryReplayStore:
    """Used solutions in this process only (default; one service process)."""

    def __init__(self) -> None:
        self._expiry: dict[str, datetime] = {}
        self._owner: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def seen(self, key: str, now: datetime, owner: str | None = None) -> bool:
        """Whether `key` was claimed, has not expired, and not by `owner`."""
        with self._lock:
            expires_at = self._expiry.get(key)
            used = expires_at is not None and expires_at > now
            return used and not _same_owner(self._owner.get(key), owner)

    def claim(
        self, key: str, expires_at: datetime, now: datetime, owner: str | None = None
    ) -> bool:
        """Mark `key` used by `owner` until `expires_at`; False when another used it."""
        with self._lock:
            self._forget_expired(now)
            if key in self._expiry:
                return _same_owner(self._owner[key], owner)
            self._expiry[key], self._owner[key] = expires_at, owner
            return True

    def _forget_expired(self, now: datetime) -> None:
        for key in [key for key, expiry in self._expiry.items() if expiry <= now]:
            del self._expiry[key], self._owner[key]


class RedisReplayStore:
    """Used solutions in Redis, shared by every process that uses the same server."""

    prefix = "forms:altcha-used:"

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)

    def seen(self, key: str, now: datetime, owner: str | None = None) -> bool:
        """Whether `key` was claimed, has not expired, and not by `owner`."""
        stored = self._redis.get(self.prefix + key)
        return stored is not None and not _same_owner(_owner_of(stored), owner)

    def claim(
        self, key: str, expires_at: datetime, now: datetime, owner: str | None = None
    ) -> bool:
        """Mark `key` used by `owner` until `expires_at` with one atomic SET NX."""
        ttl = max(1, math.ceil((expires_at - now).total_seconds()))
        value = (owner or "").encode() or b"1"
        if self._redis.set(self.prefix + key, value, nx=True, ex=ttl):
            return True
        stored = self._redis.get(self.prefix + key)
        return stored is not None and _same_owner(_owner_of(stored), owner)


def _same_owner(stored: str | None, owner: str | None) -> bool:
    """A solution may come again only with the submission that used it first."""
    return owner is not None and stored == owner


def _owner_of(stored: bytes) -> str | None:
    return None if stored == b"1" else stored.decode()


def store_for(uri: str) -> ReplayStore:
    """A Redis store when rate limits live in Redis, else one in memory."""
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisReplayStore(uri)
    return MemoryReplayStore()
