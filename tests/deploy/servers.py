"""Start and stop the real servers of the production tests: gunicorn, nginx, a database.

Plain functions, loaded by conftest.py; each server runs on loopback on a free port.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bench.service import postgres_database, self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"
PG_HOST, PG_PORT, REDIS_PORT = "127.0.0.1", 5432, 6379
STARTUP_SECONDS = 60
# nginx's workers run as this user, as deploy/render_nginx.py documents: never as root, so a
# file only the builder may read is a 403 here as it would be in production.
WORKER_USER = "www-data"


@contextmanager
def public_folder(prefix: str) -> Iterator[Path]:
    """A folder other users may enter; pytest's temporary folders are private (0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate and key for localhost, so nginx runs real TLS."""
    return self_signed_certificate(folder)


def free_port() -> int:
    """A port nobody uses, below the kernel's range for outgoing connections.

    A port from that range (what binding port 0 hands out) can be taken by any outgoing
    connection, to PostgreSQL or Redis, between this probe and the server's own bind: nginx
    then stops with "Address already in use" (seen once in CI). Below it, only listeners bind.
    """
    below = _outgoing_ports_start()
    for _ in range(500):
        port = random.randrange(10_000, below)
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))  # as nginx binds: every address
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between 10000 and {below}")


def _outgoing_ports_start() -> int:
    try:
        start = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        start = 32768  # Linux's default
    return max(start, 11_000)


def listening(port: int) -> bool:
    """Whether something accepts connections on this loopback port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def require(name: str, port: int) -> None:
    """Skip when a backing server is missing, except in CI where that is a failure."""
    if listening(port):
        return
    message = f"{name} is not running on 127.0.0.1:{port}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: the production tests need it)")
    pytest.skip(message)


def wait_until(check, what: str, log: Path | None = None) -> None:
    """Poll until a server answers; on timeout show its log instead of a bare timeout."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"{what} did not come up within {STARTUP_SECONDS} s\n{tail}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop one server we started, politely first."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty PostgreSQL database with a unique name; drop it when done."""
    require("PostgreSQL", PG_PORT)
    with postgres_database(prefix="sk_deploy") as url:
        yield url


@dataclass
class Instance:
    """One running gunicorn instance of the form service."""

    url: str
    log: Path
    process: subprocess.Popen

    def access_lines(self) -> list[str]:
        """Return the access log lines (requests only, no start-up messages)."""
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if re.search(r'"[A-Z]+ /', line)]


@contextmanager
def running_instances(env: dict[str, str], logs: Path, count: int) -> Iterator[list[Instance]]:
    """Start `count` gunicorn instances with deploy/gunicorn.conf.py at once; stop them after."""
    started = []
    for number in range(1, count + 1):
        port = free_port()
        log = logs / f"instance-{number}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append(Instance(f"http://127.0.0.1:{port}", log, process))
    try:
        for instance in started:
            wait_until(lambda i=instance: healthy(i.url), f"gunicorn {instance.url}", instance.log)
        yield started
    finally:
        for instance in started:
            stop(instance.process, signal.SIGQUIT)


def healthy(base: str) -> bool:
    """Whether the service at `base` answers its health check."""
    try:
        return requests.get(f"{base}/api/health", timeout=5).status_code == 200
    except requests.RequestException:
        return False


@dataclass
class Nginx:
    """The running nginx: HTTPS base URL, plain-HTTP base URL and its log folder."""

    url: str
    http_url: str
    log_dir: Path


@contextmanager
def running_nginx(render_nginx, site: Path, upstreams: list[str], prefix: Path) -> Iterator[Nginx]:
    """Render deploy/nginx.conf for loopback and run Debian's nginx until the block ends.

    The master starts as root, as under systemd; its workers run as WORKER_USER, so they need
    a site and a folder for temporary files that other users may read.
    """
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: install Debian's nginx (scripts/system-packages does)")
    (prefix / "logs").mkdir()
    certificate, key = make_certificate(prefix)
    https_port, http_port = free_port(), free_port()
    conf = prefix / "nginx.conf"
    with public_folder("sk-nginx-state-") as state:
        conf.write_text(
            render_nginx.render(
                upstreams,
                server_name="localhost",
                site_root=str(site),
                http_port=str(http_port),
                https_port=str(https_port),
                ssl_certificate=str(certificate),
                ssl_certificate_key=str(key),
                user=WORKER_USER,
                pid_file=str(prefix / "nginx.pid"),
                log_dir=str(prefix / "logs"),
                state_dir=str(state),
            )
        )
        check = subprocess.run(
            [NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True
        )
        assert check.returncode == 0, check.stderr.decode()
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(prefix / "logs" / "stderr.log").open("w"),
        )
        try:
            wait_until(lambda: listening(https_port), "nginx", prefix / "logs" / "error.log")
            yield Nginx(
                f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", prefix / "logs"
            )
        finally:
            stop(process, signal.SIGQUIT)
