"""Kill the service with SIGKILL under load, again and again; prove no acknowledged post is lost.

Usage: python bench/crash.py [--target 5000] [--min-kills 5] [--seed 9]
Each submission carries a unique id in its message; the load generator records every 303.
After the run every acknowledged id must be stored exactly once, with its outbox row.
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.durability import judge, sqlite_integrity, stored_submissions
from bench.intake import FORM_ID, SERVICE_ENV, submission_template
from bench.measure import markdown_table, verdict
from bench.service import Gunicorn, flask_command, postgres_database

CLIENTS = 12
KILL_GAP_SECONDS = (2.0, 6.0)
MAX_SECONDS = 300


class Load:
    """Client threads posting distinct submissions over keep-alive connections."""

    def __init__(self, port: int, template: str):
        self.port, self.template = port, template
        self.acknowledged: list[str] = []
        self.failed = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(CLIENTS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _client(self) -> None:
        connection = None
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        while not self.stop.is_set():
            uid = f"crash-{uuid.uuid4().hex[:20]}"
            try:
                connection = connection or http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30
                )
                connection.request("POST", f"/api/forms/{FORM_ID}", self._body(uid), headers)
                answer = connection.getresponse()
                answer.read()
                if answer.status == 303:
                    self.acknowledged.append(uid)
                else:
                    self.failed += 1
            except (OSError, http.client.HTTPException):
                self.failed += 1
                if connection:
                    connection.close()
                connection = None
                self.stop.wait(0.05)

    def _body(self, uid: str) -> str:
        return self.template.replace("@@ID@@", uid, 2)


def crash_run(url: str, log: Path, target: int, min_kills: int, rng: random.Random):
    """Load the service, SIGKILL it at random moments and restart it, until enough were acked."""
    env = {**SERVICE_ENV, "DATABASE_URL": url}
    flask_command(env, "init-db")
    server = Gunicorn(env, log)
    server.start()
    load = Load(server.port, submission_template())
    load.start()
    kills, started = 0, time.monotonic()
    try:
        while (len(load.acknowledged) < target or kills < min_kills) and (
            time.monotonic() - started < MAX_SECONDS
        ):
            time.sleep(rng.uniform(*KILL_GAP_SECONDS))
            server.kill()
            kills += 1
            server.start()
        time.sleep(1)
    finally:
        load.finish()
        server.kill()
    return load, kills, time.monotonic() - started


HEADER = [
    "database",
    "SIGKILLs",
    "s",
    "acknowledged",
    "rows",
    "lost",
    "twice",
    "without outbox",
    "stored, unacknowledged",
    "failed posts",
    "integrity_check",
]


def check_database(name: str, url: str, sqlite_file: str | None, logs: Path, args, rng):
    """Crash-test one database; return its table row and whether nothing was lost or broken."""
    log = logs / f"crash-{name}.log"
    load, kills, seconds = crash_run(url, log, args.target, args.min_kills, rng)
    found = judge(load.acknowledged, stored_submissions(url, FORM_ID))
    integrity = sqlite_integrity(sqlite_file) if sqlite_file else "n/a"
    counts = [found.acknowledged, found.stored, found.lost, found.duplicated, found.without_outbox]
    row = [name, kills, f"{seconds:.0f}", *counts, found.unacknowledged_stored, load.failed]
    sound = found.ok and integrity in ("ok", "n/a") and found.acknowledged >= args.target
    return [*row, integrity], sound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=int, default=5000, help="acknowledged posts per database")
    parser.add_argument("--min-kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="sk-bench-crash-") as tmp, postgres_database() as pg:
        sqlite_file = str(Path(tmp) / "forms.sqlite3")
        results = [
            check_database("SQLite", f"sqlite:///{sqlite_file}", sqlite_file, Path(tmp), args, rng),
            check_database("PostgreSQL", pg, None, Path(tmp), args, rng),
        ]
    rows = [row for row, _sound in results]
    ok = all(sound for _row, sound in results)
    print(markdown_table(HEADER, rows))
    print()
    print(
        f"crash: {sum(row[5] for row in rows)} lost of {sum(row[3] for row in rows)} acknowledged "
        f"over {sum(row[1] for row in rows)} SIGKILLs (target: 0 lost of >= {2 * args.target}, "
        f"{args.target} per database: {verdict(ok)})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
