"""Per-client rate limits keyed by a keyed hash of the address, behind a known number of proxies."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from forms import keys


class RateLimited(Exception):
    """Too many requests from one client; `retry_after` says how many seconds to wait."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


def client_key() -> str:
    """The client's address as a keyed hash: the limit storage never sees an IP in clear."""
    address = request.remote_addr or "unknown"
    return keys.client_hash(current_app.config["SECRET_KEY"], address)


def check(setting: str) -> None:
    """Count this request against the limits in `setting`; raise RateLimited when over."""
    limiter: Limiter = current_app.extensions["forms_limiter"]
    strategy = limiter.limiter
    key = client_key()
    for limit in parse_many(current_app.config[setting]):
        if not strategy.hit(limit, "forms", setting, key):
            reset = strategy.get_window_stats(limit, "forms", setting, key).reset_time
            raise RateLimited(max(1, math.ceil(reset - time.time())))


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies and attach the limit storage."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        strategy="moving-window",
    )
    app.extensions["forms_limiter"] = limiter
