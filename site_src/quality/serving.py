"""Serve a built site and the form service under one loopback origin, for checks and benches."""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from werkzeug.serving import WSGIRequestHandler, make_server

WSGIApp = Callable
# Compressed like deploy/nginx.conf does (gzip_types), so benches see production's bytes.
TEXT_TYPES = {"application/javascript", "application/json", "application/xml", "image/svg+xml"}


def static_app(site_dir: Path, api: WSGIApp | None = None) -> WSGIApp:
    """Answer /api/ with the form service and everything else (open data /api/v1/ too) from the
    built folder, as deploy/nginx.conf does."""
    site_dir = site_dir.resolve()

    def app(environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/"))
        if path.startswith("/api/") and not path.startswith("/api/v1/") and api is not None:
            return api(environ, start_response)
        target = (site_dir / path.lstrip("/")).resolve()
        if target.is_dir() and target.is_relative_to(site_dir):
            if not path.endswith("/"):
                start_response("301 Moved Permanently", [("Location", path + "/")])
                return [b""]
            target = target / "index.html"
        if not target.is_relative_to(site_dir) or not target.is_file():
            missing = site_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body, headers = target.read_bytes(), [("Cache-Control", "no-store")]
        if kind.startswith("text/") or kind in TEXT_TYPES:
            kind += "; charset=utf-8"
            if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
                body = gzip.compress(body, compresslevel=5)
                headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        start_response("200 OK", [("Content-Type", kind), *headers])
        return [body]

    return app


class _QuietHandler(WSGIRequestHandler):
    """Keep check output to the findings: no line per request."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@contextmanager
def serving(app: WSGIApp) -> Iterator[str]:
    """Run a WSGI app on a free loopback port in a thread and yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
