"""Serve the preview over HTTP and apply each saved change to content/ in a fraction of a second.

Engine-independent: `site` is anything with `build()`, `update(changed)`, `site_dir` and
`content_root` (site_src.mkdocs_preview.PreviewSite for mkdocs). Changes are found by comparing
modification times and sizes, which works on every file system and needs no extra package.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

from site_src.errors import ContentErrors
from site_src.preview_pages import RELOAD_SCRIPT, STATUS_PATH, not_found_page

POLL_SECONDS = 0.1
# Path relative to content/ -> (modification time in ns, size in bytes).
Snapshot = dict[str, tuple[int, int]]
VERSION_PATH = "/.preview/version"
_MOVE_HOPS = 20  # a page renamed again and again still leads to its latest address


class Site(Protocol):
    """What the server needs from an engine's preview."""

    site_dir: Path
    content_root: Path

    def build(self) -> None: ...

    def update(self, changed: set[str]) -> object: ...


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every visible file under `root`, by path relative to it."""
    found: Snapshot = {}
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif entry.is_file():
                    stat = entry.stat()
                    src = Path(entry.path).relative_to(root).as_posix()
                    found[src] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> set[str]:
    """Files added, removed or modified between two snapshots."""
    return {src for src in before.keys() | after.keys() if before.get(src) != after.get(src)}


class PreviewState:
    """What open tabs ask for: applied updates, errors of the last save, moved addresses."""

    def __init__(self) -> None:
        self.number = 0
        self.errors: list[str] = []
        self.moves: dict[str, str] = {}

    def status(self) -> bytes:
        return json.dumps({"version": self.number, "errors": self.errors}).encode()

    def moved_to(self, url: str) -> str | None:
        """The newest address of a page that used to be at `url` (site-relative), if any."""
        target = None
        for _ in range(_MOVE_HOPS):
            if url not in self.moves:
                break
            url = target = self.moves[url]
        return target


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the preview folder; HTML gets the reload script, nothing is cached."""

    version: PreviewState  # set per server in `serve`

    def do_GET(self) -> None:
        if self.path == VERSION_PATH:
            return self._send(str(self.version.number).encode(), "text/plain")
        if self.path == STATUS_PATH:
            return self._send(self.version.status(), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not path.exists():
            target = self.version.moved_to(self.path.split("?", 1)[0].lstrip("/"))
            if target is not None:
                return self._redirect("/" + target)
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            return self._send(html.replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1), "text/html")
        return super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """Answer a missing address in German, with a page that keeps live-reloading."""
        if code != 404:
            return super().send_error(code, message, explain)
        return self._send(not_found_page(self.path), "text/html", status=404)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build messages."""

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Site, host: str, port: int, stop: threading.Event | None = None) -> None:
    """Build once, serve the folder, and apply every saved change until Ctrl+C (or `stop`)."""
    before, pending = snapshot(site.content_root), set()  # edits during the build count too
    site.build()
    version = PreviewState()
    handler = type("Handler", (PreviewHandler,), {"version": version})
    handler = functools.partial(handler, directory=str(site.site_dir))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Vorschau läuft: http://{host}:{port}/ (Strg+C beendet)", flush=True)
    stop = stop or threading.Event()
    try:
        while not stop.wait(POLL_SECONDS):
            after = snapshot(site.content_root)
            changed = changed_files(before, after)
            before = after
            if not changed:
                continue
            pending |= changed
            if _apply(site, pending, version):
                pending = set()
                version.number += 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def _apply(site: Site, changed: set[str], state: PreviewState) -> bool:
    """Update the preview; on content errors report them (terminal and browser), keep the last
    good state."""
    started = time.perf_counter()
    try:
        update = site.update(changed)
    except ContentErrors as exc:
        state.errors = [str(error) for error in exc.errors]
        for error in state.errors:
            print(error, file=sys.stderr, flush=True)
        print("Vorschau zeigt den letzten fehlerfreien Stand.", file=sys.stderr, flush=True)
        return False
    except Exception as exc:  # keep previewing; the next save tries these files again
        print(f"Vorschau konnte nicht aktualisiert werden: {exc!r}", file=sys.stderr, flush=True)
        return False
    state.errors = []
    for old, new in getattr(update, "moved", {}).items():
        state.moves.pop(new, None)
        state.moves[old] = new
    seconds = time.perf_counter() - started
    print(f"Aktualisiert: {update.rendered} Seiten in {seconds:.2f} s", flush=True)
    return True
