"""Start, kill and restart the form service under gunicorn, and give it a fresh database."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench.measure import PYTHON, REPO, python_env

GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    """Ask the kernel for an unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate and key for localhost, so nginx runs real TLS."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


class Gunicorn:
    """One gunicorn master with its workers in their own process group, so a kill hits them all."""

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        ready_path: str = "/api/health",
        checkout: Path = REPO,
    ):
        self.port = free_port()
        self.env = python_env(**env, GUNICORN_BIND=f"127.0.0.1:{self.port}")
        self.log = log
        self.ready_path = ready_path
        # Another checkout (an older revision) runs its own code and its own gunicorn.conf.py.
        self.checkout = checkout
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        """Start gunicorn with deploy/gunicorn.conf.py and wait until it answers."""
        conf = self.checkout / GUNICORN_CONF.relative_to(REPO)
        command = [PYTHON, "-m", "gunicorn", "-c", str(conf)]
        with open(self.log, "ab") as sink:
            self.proc = subprocess.Popen(
                command,
                cwd=self.checkout,
                env=self.env,
                stdout=sink,
                stderr=sink,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log}")
            if _answers(self.port, self.ready_path):
                return
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def worker_cpu_seconds(self) -> float:
        """User plus system CPU time of the master's children (the workers) so far."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        total = 0
        for pid in children.split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut or OOM kill would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM to the group), killing it if it hangs."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def flask_command(env: dict[str, str], *args: str, checkout: Path = REPO) -> None:
    """Run `flask --app forms ...` (e.g. init-db) against the database in `env`."""
    command = [PYTHON, "-m", "flask", "--app", "forms", *args]
    subprocess.run(command, cwd=checkout, env=python_env(**env), check=True, capture_output=True)


@contextlib.contextmanager
def postgres_database(prefix: str = "sk_bench") -> Iterator[str]:
    """Create a fresh, uniquely named PostgreSQL database and drop it afterwards."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()
