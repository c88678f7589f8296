"""A random salt per day for the hashes of client addresses, forgotten when the day is over.

The rate limits count requests under a keyed hash of the client's address. With a key that
never changes, anyone holding SECRET_KEY could hash an address and find it in old counts.
Mixing in a random salt that exists only for one day (UTC) means yesterday's hashes cannot
be recomputed from an address by anyone, the service included.

Several processes or hosts agree on the day's salt through Redis: the first to need it
creates it with one atomic SET NX that expires at midnight; the others read it. The price:
"per day" limits start afresh at midnight UTC.
"""

from __future__ import annotations

import math
import secrets
import threading
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic
from typing import Protocol

import redis

SALT_BYTES = 32
RECHECK_SECONDS = 5.0


class DailySalts(Protocol):
    """Where the day's salt is kept: per process, or shared by all processes and hosts."""

    def for_day(self, now: datetime) -> bytes:
        """The salt of the (UTC) day `now` falls on; earlier days' salts are gone."""


def _day_of(now: datetime) -> date:
    return now.astimezone(UTC).date()


class MemoryDailySalts:
    """The day's salt in this process only (default; one service process)."""

    def __init__(self) -> None:
        self._day: date | None = None
        self._salt = b""
        self._lock = threading.Lock()

    def for_day(self, now: datetime) -> bytes:
        """The salt of today; a new day replaces (and so forgets) the old one."""
        day = _day_of(now)
        with self._lock:
            if day != self._day:
                self._day, self._salt = day, secrets.token_bytes(SALT_BYTES)
            return self._salt


class RedisDailySalts:
    """The day's salt in Redis, created once by whichever process needs it first."""

    prefix = "forms:client-salt:"

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)
        self._day: date | None = None
        self._salt = b""
        self._read_at = -math.inf
        self._lock = threading.Lock()

    def for_day(self, now: datetime) -> bytes:
        """Today's shared salt, read again every few seconds.

        Kept briefly rather than for the whole day: should Redis lose the salt (a restart, a
        flush), every process moves to the new one within RECHECK_SECONDS instead of counting
        under its own for the rest of the day.
        """
        day = _day_of(now)
        with self._lock:
            if day != self._day or monotonic() - self._read_at > RECHECK_SECONDS:
                self._salt = self._shared_salt(day, now)
                self._day, self._read_at = day, monotonic()
            return self._salt

    def _shared_salt(self, day: date, now: datetime) -> bytes:
        key = self.prefix + day.isoformat()
        salt = self._redis.get(key)
        if salt is not None:
            return salt
        midnight = datetime.combine(day + timedelta(days=1), time(), UTC)
        ttl = max(1, math.ceil((midnight - now.astimezone(UTC)).total_seconds()))
        self._redis.set(key, secrets.token_bytes(SALT_BYTES), nx=True, ex=ttl)
        # Yesterday's salt expires at midnight anyway; delete it at once, should clocks differ.
        self._redis.delete(self.prefix + (day - timedelta(days=1)).isoformat())
        salt = self._redis.get(key)
        if salt is None:  # expired between the two calls: only at the stroke of midnight
            return self._shared_salt(day, now)
        return salt


def salts_for(uri: str) -> DailySalts:
    """Salts in Redis when rate limits live in Redis, else in memory."""
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisDailySalts(uri)
    return MemoryDailySalts()
