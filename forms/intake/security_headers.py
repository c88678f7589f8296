"""Security headers for every response, defined once for the service and for nginx.

The service adds them itself (when it runs without nginx); the site build writes the same
table, with the hashes of the built pages' inline scripts, into an nginx include file
(site_src/csp.py), so both front ends always send one policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the site build imports this module; it needs no Flask
    from flask import Flask, Response

VIDEO_ORIGIN = "https://www.youtube-nocookie.com"
_HASH = re.compile(r"^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$")

# Browser features the site never uses are switched off; the video player may use the rest.
_PERMISSIONS = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), "
    f'autoplay=(self "{VIDEO_ORIGIN}"), encrypted-media=(self "{VIDEO_ORIGIN}"), '
    f'fullscreen=(self "{VIDEO_ORIGIN}"), picture-in-picture=(self "{VIDEO_ORIGIN}")'
)


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """Allow only our own files plus the listed inline scripts, so injected code cannot run."""
    hashes = sorted(set(script_hashes))
    for value in hashes:
        if not _HASH.match(value):
            raise ValueError(f"not a CSP hash source: {value!r} (expected 'sha256-<base64>')")
    directives = {
        "default-src": ["'self'"],
        # Pagefind's search runs WebAssembly in the search worker; wasm cannot reach the page.
        "script-src": ["'self'", "'wasm-unsafe-eval'", *(f"'{value}'" for value in hashes)],
        # The service's own pages carry an inline stylesheet (it also hides the honeypot
        # field); styles cannot run code, so they need no hash.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "worker-src": ["'self'"],
        # The two-click video player loads from here only after the visitor agrees.
        "frame-src": [VIDEO_ORIGIN],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(script_hashes: Iterable[str] = ()) -> dict[str, str]:
    """List the headers every response carries, HTML, assets and API alike."""
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "Strict-Transport-Security": "max-age=31536000",
        "X-Content-Type-Options": "nosniff",
        # The origin only, and only over HTTPS: enough for the video player, nothing more.
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": _PERMISSIONS,
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def script_hashes_from_file(path: Path) -> list[str]:
    """Read the inline-script hashes from the include file the build wrote into the site."""
    if not path.is_file():
        return []
    return sorted(set(re.findall(r"'(sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2})'", path.read_text())))


def init_app(app: Flask) -> None:
    """Add the headers to every response unless a view already chose a stricter value."""
    headers = [
        (name.lower(), name, value)
        for name, value in security_headers(app.config.get("CSP_SCRIPT_HASHES", ())).items()
    ]

    @app.after_request
    def _add_security_headers(response: Response) -> Response:
        # One pass over the response's headers instead of one per header (setdefault).
        chosen = {name.lower() for name, _value in response.headers.items()}
        for lower, name, value in headers:
            if lower not in chosen:
                response.headers.add(name, value)
        return response
