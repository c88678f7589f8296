"""A probe run through nginx and gunicorn leaves no query string, Referer or address in any log.

Every request carries probe values where personal data would travel (query string, Referer,
User-Agent, X-Forwarded-For); afterwards every log file of the run (nginx access and error
log, gunicorn access and error log with the service's own lines) is searched for them.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]

TOKEN = uuid.uuid4().hex[:10]
QUERY = f"probe-query-{TOKEN}"
REFERER = f"https://probe-referer-{TOKEN}.example/seite"
AGENT = f"probe-agent-{TOKEN}"
CLIENT = "198.51.100.77"
INJECTED = f"probe-injected-{TOKEN}"
PROBES = (QUERY, f"probe-referer-{TOKEN}", AGENT, CLIENT)
HEADERS = {"Referer": REFERER, "User-Agent": AGENT, "X-Forwarded-For": CLIENT}


def _probe(web, base: str) -> None:
    """Requests that make nginx and the service write every kind of line they write."""
    for path in (
        "/kontakt/",  # a page
        "/gibt-es-nicht/",  # a missing file: nginx's error log names the client
        "/api/health",
        "/api/forms/gibt-es-nicht",  # the service logs an error answer
        f"/api/forms/x%0D%0A{INJECTED}",  # a line break in the decoded path
    ):
        web.get(f"{base}{path}?email={QUERY}", headers=HEADERS, timeout=30)
    web.post(f"{base}/api/forms/kontakt?email={QUERY}", data="{", headers=HEADERS, timeout=30)
    too_large = b"x" * (256 * 1024)  # stopped by nginx, which logs the request it refused
    web.post(f"{base}/api/forms/kontakt?email={QUERY}", data=too_large, headers=HEADERS)


def _log_files(*folders: Path) -> dict[str, str]:
    return {
        str(path): path.read_text(errors="replace")
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix == ".log"
    }


def test_no_log_of_a_probe_run_holds_query_referer_agent_or_address(
    nginx, nginx_before, instances, web, free
):
    _probe(web, nginx.url)
    _probe(web, instances[0].url)
    with nginx_before([f"127.0.0.1:{free()}"]) as dead:  # upstream errors name the request
        _probe(web, dead.url)
        logs = _log_files(nginx.log_dir, dead.log_dir, *{i.log.parent for i in instances})

    assert any(INJECTED in text for text in logs.values()), "the probe reached no log"
    hits = [
        f"{name}: {line}"
        for name, text in logs.items()
        for line in text.splitlines()
        if any(probe in line for probe in PROBES)
        or (name.startswith((str(nginx.log_dir), str(dead.log_dir))) and "127.0.0.1" in line)
    ]
    assert hits == []
    forged = [
        f"{name}: {line}"
        for name, text in logs.items()
        for line in text.splitlines()
        if INJECTED in line and not line.startswith(("[", "20"))
    ]
    assert forged == [], "a percent-encoded CR/LF started a line of its own"


class _Recorder(BaseHTTPRequestHandler):
    """An upstream that remembers the headers nginx passed on."""

    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append({name.lower(): value for name, value in self.headers.items()})
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_nginx_drops_a_forwarded_host_and_replaces_a_client_request_id(nginx_before, web, free):
    port = free()
    server = ThreadingHTTPServer(("127.0.0.1", port), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with nginx_before([f"127.0.0.1:{port}"]) as proxy:
            response = web.get(
                proxy.url + "/api/health",
                headers={"X-Forwarded-Host": "evil.example", "X-Request-ID": "client-chosen-id"},
            )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 200
    [headers] = _Recorder.seen
    assert "x-forwarded-host" not in headers
    assert headers["x-request-id"] != "client-chosen-id"
    assert len(headers["x-request-id"]) == 32
