"""The morning the quiz is announced: 2,000 entries in 60 s from 200 connections through nginx.

Usage: python bench/burst.py [--quick] [--only postgresql|sqlite]
       [--entries 2000] [--seconds 60] [--connections 200]

nginx (deploy/nginx.conf via deploy/render_nginx.py, TLS, its per-address flood guard) in front
of gunicorn (deploy/gunicorn.conf.py), once on PostgreSQL (rate limits in Redis, as in
production) and once on one SQLite process. Entries arrive at an even pace over the given
seconds; up to `connections` are in flight at once. Each entry is a new citizen: a new TLS
connection from its own loopback address (127.1.x.y, so nginx and the service see 2,000
clients), posting the quiz without JavaScript (answered 303). Its e-mail address carries a
random token, the entry's reference on the client side. Afterwards the database is read:
every acknowledged token must be stored exactly once. Latency counts from the moment an entry
was due, so a queue in front of a slow server shows. Production limits stay as they are.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from bench.intake import QUIZ_FORM, submission_template
from bench.measure import REPO, markdown_table, verdict
from bench.open_forms import open_forms_dir
from bench.service import (
    Gunicorn,
    flask_command,
    free_port,
    postgres_database,
    self_signed_certificate,
)

NGINX = "/usr/sbin/nginx"
NGINX_USER = "www-data"
REDIS = "redis://127.0.0.1:6379/0"
FULL = {"entries": 2000, "seconds": 60, "connections": 200}
QUICK = {"entries": 120, "seconds": 6, "connections": 24}
P99_TARGET_MS = 200
TOKEN = re.compile(r"^burst-([0-9a-f]{20})@")


@dataclass(frozen=True)
class Outcome:
    """One entry as the client saw it: its token, the HTTP status (0: no answer), latency."""

    token: str
    status: int
    milliseconds: float


@dataclass(frozen=True)
class BurstVerdict:
    """What the burst left behind, compared entry by entry with the database."""

    sent: int
    acknowledged: int
    refused: int
    server_errors: int
    unanswered: int
    stored: int
    lost: int
    duplicated: int
    unacknowledged_stored: int

    @property
    def ok(self) -> bool:
        """Every acknowledged entry stored once, nothing twice, no 5xx, no request unanswered."""
        return (self.lost, self.duplicated, self.server_errors, self.unanswered) == (0, 0, 0, 0)


def judge(outcomes: list[Outcome], stored: list[str | None]) -> BurstVerdict:
    """Compare the client's outcomes with the tokens found in the stored entries."""
    counts = Counter(token for token in stored if token is not None)
    acknowledged = {o.token for o in outcomes if 200 <= o.status < 400}
    return BurstVerdict(
        sent=len(outcomes),
        acknowledged=len(acknowledged),
        refused=sum(1 for o in outcomes if 400 <= o.status < 500),
        server_errors=sum(1 for o in outcomes if o.status >= 500),
        unanswered=sum(1 for o in outcomes if o.status == 0),
        stored=sum(counts.values()),
        lost=sum(1 for token in acknowledged if counts[token] == 0),
        duplicated=sum(count - 1 for count in counts.values() if count > 1),
        unacknowledged_stored=sum(1 for token in counts if token not in acknowledged),
    )


def token_of(data: object) -> str | None:
    """The burst token in a stored entry's address (None for any other entry)."""
    address = data.get("email") if isinstance(data, dict) else None
    match = TOKEN.match(address) if isinstance(address, str) else None
    return match.group(1) if match else None


def stored_tokens(url: str, form_id: str = QUIZ_FORM) -> list[str | None]:
    """The token of every stored entry of the form."""
    from forms.storage.tables import submissions

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.select(submissions.c.data).where(submissions.c.form_id == form_id)
            return [token_of(data) for (data,) in connection.execute(query)]
    finally:
        engine.dispose()


def client_address(number: int) -> str:
    """A loopback address of its own for entry `number` (Linux routes all of 127/8 locally)."""
    return f"127.1.{number // 250}.{number % 250 + 1}"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Burst:
    """Send the entries at an even pace from a pool of `connections` client threads."""

    def __init__(self, port: int, entries: int, seconds: float, connections: int):
        self.port, self.entries, self.seconds = port, entries, seconds
        self.connections = connections
        self.template = submission_template(QUIZ_FORM).replace(
            "lasttest-@@ID@@@beispiel.de", "burst-@@ID@@@beispiel.de"
        )
        self.tls = ssl.create_default_context()
        self.tls.check_hostname = False
        self.tls.verify_mode = ssl.CERT_NONE  # our throw-away certificate on loopback
        self.errors: Counter[str] = Counter()

    def run(self) -> tuple[list[Outcome], float]:
        """All outcomes and the seconds from the first entry's due time to the last answer."""
        start = time.monotonic() + 0.5
        with ThreadPoolExecutor(max_workers=self.connections) as pool:
            futures = [
                pool.submit(self._entry, number, start + number * self.seconds / self.entries)
                for number in range(self.entries)
            ]
            outcomes = [future.result() for future in futures]
        for error, count in self.errors.most_common(3):
            print(f"{count} x {error}", file=sys.stderr)
        return outcomes, time.monotonic() - start

    def _entry(self, number: int, due: float) -> Outcome:
        token = uuid.uuid4().hex[:20]
        time.sleep(max(0.0, due - time.monotonic()))
        body = self.template.replace("@@ID@@", token)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": "localhost"}
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            self.port,
            timeout=30,
            context=self.tls,
            source_address=(client_address(number), 0),
        )
        try:
            connection.request("POST", f"/api/forms/{QUIZ_FORM}", body, headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            self.errors[type(error).__name__ + ": " + str(error)[:80]] += 1
            status = 0
        finally:
            connection.close()
        return Outcome(token, status, (time.monotonic() - due) * 1000)


@contextlib.contextmanager
def nginx_in_front(upstream: str, folder: Path) -> Iterator[int]:
    """Run Debian's nginx with our rendered config on loopback; yield its HTTPS port.

    As under systemd, the master starts as root and its workers run as www-data, so the site
    and the state folder must be readable by others (the temporary folder is made so).
    """
    sys.path.insert(0, str(REPO / "deploy"))
    import render_nginx

    folder.mkdir(mode=0o755)
    folder.parent.chmod(0o711)  # the temporary folder: others may enter (not list) it
    site, state, logs = folder / "site", folder / "state", folder / "logs"
    for path in (site, state, logs):
        path.mkdir()
        path.chmod(0o755)
    for include in ("security-headers.conf", "admin-security-headers.conf"):
        (site / include).write_text("")
    certificate, key = self_signed_certificate(folder)
    https_port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        render_nginx.render(
            [upstream],
            server_name="localhost",
            site_root=str(site),
            http_port=str(free_port()),
            https_port=str(https_port),
            ssl_certificate=str(certificate),
            ssl_certificate_key=str(key),
            user=NGINX_USER,
            pid_file=str(folder / "nginx.pid"),
            log_dir=str(logs),
            state_dir=str(state),
        )
    )
    command = [NGINX, "-p", str(folder), "-c", str(conf)]
    subprocess.run([*command, "-t"], check=True, capture_output=True)
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while not _listening(https_port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start; see {logs}")
            time.sleep(0.05)
        yield https_port
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class Result:
    """One database's burst: the verdict and the latencies."""

    database: str
    verdict: BurstVerdict
    p50_ms: float
    p99_ms: float
    seconds: float


def burst_on(label: str, url: str, limits: str, tmp: Path, size: dict[str, int]) -> Result:
    """Start gunicorn and nginx on one database, send the burst, read the database."""
    env = {
        "SECRET_KEY": f"burst-only-{uuid.uuid4().hex}",
        "DATABASE_URL": url,
        "FORMS_CONTENT_DIR": str(open_forms_dir(tmp / label)),
        "RATELIMIT_STORAGE_URI": limits,
        "TRUSTED_PROXIES": "1",
    }
    flask_command(env, "init-db")
    server = Gunicorn(env, tmp / f"gunicorn-{label}.log")
    server.start()
    try:
        with nginx_in_front(f"127.0.0.1:{server.port}", tmp / f"nginx-{label}") as port:
            outcomes, seconds = Burst(port, **size).run()
    finally:
        server.stop()
    latencies = [o.milliseconds for o in outcomes if o.status]
    return Result(
        label,
        judge(outcomes, stored_tokens(url)),
        statistics.median(latencies) if latencies else 0.0,
        percentile(latencies, 0.99),
        seconds,
    )


def report(results: list[Result], size: dict[str, int]) -> str:
    """The table and the headline line (last)."""
    header = ["database", "sent", "303", "4xx", "5xx", "no answer", "stored", "lost", "twice"]
    header += ["p50 ms", "p99 ms", "seconds"]
    rows = []
    for result in results:
        v = result.verdict
        rows.append(
            [
                *(result.database, v.sent, v.acknowledged, v.refused, v.server_errors),
                *(v.unanswered, v.stored, v.lost, v.duplicated),
                *(f"{result.p50_ms:.0f}", f"{result.p99_ms:.0f}", f"{result.seconds:.1f}"),
            ]
        )
    stored_once = all(result.verdict.ok for result in results)
    fast = all(result.p99_ms <= P99_TARGET_MS for result in results)
    p99s = ", ".join(f"{r.database} {r.p99_ms:.0f} ms" for r in results)
    line = (
        f"burst: {size['entries']} entries in {size['seconds']} s from {size['connections']} "
        f"connections through nginx: every acknowledged entry stored once and no 5xx: "
        f"{'yes' if stored_once else 'NO'}; p99 {p99s} (target <= {P99_TARGET_MS} ms: "
        f"{verdict(fast)})"
    )
    return markdown_table(header, rows) + "\n\n" + line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small burst, for a smoke run")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    for name, value in FULL.items():
        parser.add_argument(f"--{name}", type=int, default=None, help=f"default {value}")
    args = parser.parse_args(argv)
    size = {n: getattr(args, n) or (QUICK if args.quick else FULL)[n] for n in FULL}
    if shutil.which(NGINX) is None:
        parser.error(f"{NGINX} is missing (scripts/system-packages installs nginx)")
    results = []
    with tempfile.TemporaryDirectory(prefix="sk-bench-burst-") as tmp, postgres_database() as pg:
        tmp_path = Path(tmp)
        databases = [
            ("PostgreSQL", pg, REDIS),
            ("SQLite", f"sqlite:///{tmp}/f.sqlite3", "memory://"),
        ]
        for label, url, limits in databases:
            if args.only in (None, label.lower()):
                results.append(burst_on(label, url, limits, tmp_path, size))
    print(report(results, size))
    return 0 if all(result.verdict.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
