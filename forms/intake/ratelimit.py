"""Per-client rate limits keyed by a keyed hash of the address, behind a known number of proxies."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from forms import clock, keys
from forms.intake.daily_salts import salts_for
from forms.intake.windows import LocalMovingWindow, WindowLimiter


class RateLimited(Exception):
    """Too many requests from one client; `retry_after` says how many seconds to wait."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


@dataclass(frozen=True)
class RateLimits:
    """Where the counts live (`storage`) and the moving-window check over them (`limiter`)."""

    storage: object
    limiter: WindowLimiter


def client_key() -> str:
    """The client's address as a keyed hash under today's salt: never an IP in clear."""
    address = request.remote_addr or "unknown"
    salt = current_app.extensions["forms_client_salts"].for_day(clock.now())
    return keys.client_hash(current_app.config["SECRET_KEY"], salt, address)


@lru_cache(maxsize=32)
def _limits(spec: str) -> tuple[RateLimitItem, ...]:
    """Parse a limit setting once: it is read on every request."""
    return tuple(parse_many(spec))


def check(setting: str) -> None:
    """Count this request against the limits in `setting`; raise RateLimited when over."""
    limiter = current_app.extensions["forms_limiter"].limiter
    key = client_key()
    for limit in _limits(current_app.config[setting]):
        if not limiter.hit(limit, "forms", setting, key):
            reset = limiter.get_window_stats(limit, "forms", setting, key).reset_time
            raise RateLimited(max(1, math.ceil(reset - time.time())))


def limits_for(uri: str) -> RateLimits:
    """In-process windows for `memory://`; otherwise the shared storage the URI names."""
    if uri.startswith("memory://"):
        local = LocalMovingWindow()
        return RateLimits(local, local)
    storage = storage_from_string(uri)
    return RateLimits(storage, MovingWindowRateLimiter(storage))


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies and attach the limit storage.

    Only the client address and scheme are taken from the proxies; the host is not: the
    service builds every link from SITE_URL, and a forwarded host is what a client can forge.
    """
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.extensions["forms_limiter"] = limits_for(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["forms_client_salts"] = salts_for(app.config["RATELIMIT_STORAGE_URI"])
