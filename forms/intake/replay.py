"""Remember used ALTCHA solutions until they expire, so each one is accepted once."""

from __future__ import annotations

import math
import threading
from datetime import datetime
from typing import Protocol

import redis


class ReplayStore(Protocol):
    """Where used solutions are kept: per process, or shared by all processes and hosts."""

    def seen(self, key: str, now: datetime) -> bool:
        """Whether `key` was claimed and has not expired."""

    def claim(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Mark `key` used until `expires_at`; False when it was already used."""


class MemoryReplayStore:
    """Used solutions in this process only (default; one service process)."""

    def __init__(self) -> None:
        self._expiry: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def seen(self, key: str, now: datetime) -> bool:
        """Whether `key` was claimed and has not expired."""
        with self._lock:
            expires_at = self._expiry.get(key)
            return expires_at is not None and expires_at > now

    def claim(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Mark `key` used until `expires_at`; False when it was already used."""
        with self._lock:
            self._forget_expired(now)
            if key in self._expiry:
                return False
            self._expiry[key] = expires_at
            return True

    def _forget_expired(self, now: datetime) -> None:
        for key in [key for key, expiry in self._expiry.items() if expiry <= now]:
            del self._expiry[key]


class RedisReplayStore:
    """Used solutions in Redis, shared by every process that uses the same server."""

    prefix = "forms:altcha-used:"

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)

    def seen(self, key: str, now: datetime) -> bool:
        """Whether `key` was claimed and has not expired."""
        return bool(self._redis.exists(self.prefix + key))

    def claim(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Mark `key` used until `expires_at` with one atomic SET NX."""
        ttl = max(1, math.ceil((expires_at - now).total_seconds()))
        return bool(self._redis.set(self.prefix + key, b"1", nx=True, ex=ttl))


def store_for(uri: str) -> ReplayStore:
    """A Redis store when rate limits live in Redis, else one in memory."""
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisReplayStore(uri)
    return MemoryReplayStore()
