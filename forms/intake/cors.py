"""CORS for the API: JSON posts from the configured origins only; others get no CORS headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, request


def add_headers(response: Response) -> Response:
    """Allow a configured origin to read the answer (and to send its preflight)."""
    origin = request.headers.get("Origin", "").rstrip("/")
    if not request.path.startswith("/api/") or origin not in current_app.config["ALLOWED_ORIGINS"]:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = "Retry-After, X-Request-ID"
    response.vary.add("Origin")
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def init_app(app: Flask) -> None:
    """Add the headers after every request."""
    app.after_request(add_headers)
