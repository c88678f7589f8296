"""Moving-window rate limits in this process, without a timer thread per burst of requests.

`limits`' MemoryStorage starts a `threading.Timer` whenever its last one has finished (10 ms), so
above 100 requests per second nearly every hit starts a thread. Here old hits are dropped when
a key is touched, and keys nobody touched for a window are swept on the way, at most once a second.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Protocol

from limits import RateLimitItem
from limits.util import WindowStats

SWEEP_SECONDS = 1.0


class WindowLimiter(Protocol):
    """The part of `limits.strategies.MovingWindowRateLimiter` the service uses."""

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool: ...

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats: ...


class LocalMovingWindow:
    """Hits per key within the last `limit` seconds, as `limits`' moving window counts them."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[int, deque[float]]] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count one hit unless `item.amount` hits already fall within the window."""
        key, expiry, now = item.key_for(*identifiers), item.get_expiry(), time.time()
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(now)
            hits = self._current(key, expiry, now)
            if len(hits) >= item.amount:
                return False
            hits.append(now)
            self.events[key] = (expiry, hits)
            return True

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        """When the oldest counted hit leaves the window, and how many hits remain until then."""
        key, expiry, now = item.key_for(*identifiers), item.get_expiry(), time.time()
        with self._lock:
            hits = self._current(key, expiry, now)
            oldest = hits[0] if hits else now
            return WindowStats(oldest + expiry, max(0, item.amount - len(hits)))

    def _current(self, key: str, expiry: int, now: float) -> deque[float]:
        hits = self.events.get(key, (expiry, deque()))[1]
        while hits and hits[0] < now - expiry:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        """Forget keys whose newest hit has left its window, so memory follows active clients."""
        stale = [
            key
            for key, (expiry, hits) in self.events.items()
            if not hits or hits[-1] < now - expiry
        ]
        for key in stale:
            del self.events[key]
        self._next_sweep = now + SWEEP_SECONDS
