"""Serve the preview over HTTP and apply each saved change to content/ in a fraction of a second.

Engine-independent: `site` is anything with `build()`, `update(changed)`, `site_dir` and
`content_root` (site_src.mkdocs_preview.PreviewSite for mkdocs). Changes are found by comparing
modification times and sizes, which works on every file system and needs no extra package.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

from site_src.errors import ContentErrors

POLL_SECONDS = 0.1
# Path relative to content/ -> (modification time in ns, size in bytes).
Snapshot = dict[str, tuple[int, int]]
VERSION_PATH = "/.preview/version"
# Asks the preview every second whether something changed and reloads the page if so.
_RELOAD = (
    "<script>(()=>{let seen=null;setInterval(async()=>{try{const r=await fetch("
    f'"{VERSION_PATH}",{{cache:"no-store"}});const v=await r.text();'
    "if(seen!==null&&v!==seen)location.reload();seen=v}catch(e){}},1000)})();</script>"
).encode()


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


class Version:
    """Counts applied updates; open pages reload when it changes."""

    number = 0


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the preview folder; HTML gets the reload script, nothing is cached."""

    version: Version  # set per server in `serve`

    def do_GET(self) -> None:
        if self.path == VERSION_PATH:
            return self._send(str(self.version.number).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            return self._send(html.replace(b"</body>", _RELOAD + b"</body>", 1), "text/html")
        return super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build messages."""

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Site, host: str, port: int, stop: threading.Event | None = None) -> None:
    """Build once, serve the folder, and apply every saved change until Ctrl+C (or `stop`)."""
    before, pending = snapshot(site.content_root), set()  # edits during the build count too
    site.build()
    version = Version()
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
            if _apply(site, pending):
                pending = set()
                version.number += 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def _apply(site: Site, changed: set[str]) -> bool:
    """Update the preview; on content errors print them and keep the last good state."""
    started = time.perf_counter()
    try:
        update = site.update(changed)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr, flush=True)
        print("Vorschau zeigt den letzten fehlerfreien Stand.", file=sys.stderr, flush=True)
        return False
    except Exception as exc:  # keep previewing; the next save tries these files again
        print(f"Vorschau konnte nicht aktualisiert werden: {exc!r}", file=sys.stderr, flush=True)
        return False
    seconds = time.perf_counter() - started
    print(f"Aktualisiert: {update.rendered} Seiten in {seconds:.2f} s", flush=True)
    return True
