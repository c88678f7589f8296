"""Throughput and latency of POST /api/forms/kontakt under gunicorn, against a bare Flask endpoint.

Usage: python bench/intake.py [--seconds 10] [--rounds 2] [--form smart-kassel-quiz]
Rate limits are raised through RATELIMIT_SUBMIT (configuration only). Posts are form-encoded,
the no-JavaScript path (honeypot present and empty, no proof of work), answered with 303.
The default form is the quiz (opened by bench/open_forms.py): its path has idempotency (the
no-JS content key), the one-entry check and double opt-in (pending entry plus request mail).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from bench.measure import REPO, markdown_table, verdict
from bench.open_forms import open_forms_dir
from bench.service import Gunicorn, flask_command, postgres_database

WRK = "/usr/bin/wrk"
LUA = Path(__file__).with_name("submit.lua")
FORM_ID = "kontakt"
QUIZ_FORM = "smart-kassel-quiz"
CONNECTIONS, THREADS, WARM_UP_SECONDS = 16, 2, 2
SERVICE_ENV = {
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
    "RATELIMIT_SUBMIT": "1000000 per minute",
}


@dataclass(frozen=True)
class WrkResult:
    """One measured wrk run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    acknowledged: int
    refused: int
    socket_errors: int


def submission_template(form_id: str = FORM_ID) -> str:
    """A valid form-encoded body from the form's own first valid example, with an @@ID@@ slot."""
    from forms.definitions import load_all

    definition = load_all(REPO / "content" / "forms")[form_id]
    example = next(example for example in definition.examples if example.valid)
    pairs = []
    for name, value in example.data.items():
        if value is True:
            value = "on"
        elif name == "email":
            value = "lasttest-@@ID@@@beispiel.de"
        elif name == "message":
            value = f"@@ID@@ {value}"
        for item in value if isinstance(value, list) else [value]:
            pairs.append(f"{name}={quote(str(item), safe='@')}")
    pairs.append("website=")
    return "&".join(pairs)


def run_wrk(
    port: int,
    seconds: int,
    run_name: str,
    template: str,
    form_id: str = FORM_ID,
    connections: int = CONNECTIONS,
) -> WrkResult:
    """Drive `seconds` of load from wrk and read the summary line the Lua script prints."""
    url = f"http://127.0.0.1:{port}/api/forms/{form_id}"
    threads = min(THREADS, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url]
    command += ["--", run_name, template]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return WrkResult(
        requests_per_second=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        acknowledged=data["acknowledged"],
        refused=data["refused"],
        socket_errors=data["socket_errors"],
    )


def stored_rows(url: str | None, form_id: str = FORM_ID) -> int | None:
    """Submissions of the form in the database (None for the bare endpoint)."""
    if url is None:
        return None
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT count(*) FROM submissions WHERE form_id = :form")
            return connection.execute(query, {"form": form_id}).scalar_one()
    finally:
        engine.dispose()


def settled_rows(url: str | None, form_id: str = FORM_ID, limit: float = 15) -> int | None:
    """Count once requests still in flight when wrk stopped have finished (count stops moving)."""
    last, deadline = stored_rows(url, form_id), time.monotonic() + limit
    while url is not None and time.monotonic() < deadline:
        time.sleep(0.3)
        now = stored_rows(url, form_id)
        if now == last:
            break
        last = now
    return last


@dataclass
class Variant:
    """One server under test: its gunicorn, the database it writes (if any), its results."""

    name: str
    server: Gunicorn
    database: str | None
    reference: str | None = None
    runs: list[WrkResult] | None = None
    stored: int = 0


def start_variants(
    tmp: Path, postgres_url: str, stack: contextlib.ExitStack, form_id: str
) -> list[Variant]:
    """Bare and real service under the SQLite worker model, then both under the PostgreSQL one."""
    sqlite_url = f"sqlite:///{tmp / 'forms.sqlite3'}"
    forms_dir = str(open_forms_dir(tmp))
    variants = []
    for label, url in (("SQLite", sqlite_url), ("PostgreSQL", postgres_url)):
        env = {**SERVICE_ENV, "DATABASE_URL": url, "FORMS_CONTENT_DIR": forms_dir}
        flask_command(env, "init-db")
        bare = {**env, "GUNICORN_APP": "bench.bare_app:create_app()"}
        reference = f"(a) bare Flask, {label} workers"
        variants.append(Variant(reference, Gunicorn(bare, tmp / f"bare-{label}.log"), None))
        service = Gunicorn(env, tmp / f"service-{label}.log")
        variants.append(Variant(f"our {form_id} on {label}", service, url, reference))
    for variant in variants:
        stack.callback(variant.server.stop)
        variant.server.start()
        variant.runs = []
    return variants


def measure(
    variants: list[Variant], seconds: int, rounds: int, template: str, form_id: str
) -> None:
    """Interleave the variants round by round so that machine noise spreads over all of them."""
    for round_number in range(rounds):
        for variant in variants:
            port = variant.server.port
            warm_up = f"w{round_number}{uuid.uuid4().hex[:6]}"
            run_wrk(port, WARM_UP_SECONDS, warm_up, template, form_id)
            before = settled_rows(variant.database, form_id)
            run_name = f"r{round_number}{uuid.uuid4().hex[:6]}"
            result = run_wrk(port, seconds, run_name, template, form_id)
            after = settled_rows(variant.database, form_id)
            variant.runs.append(result)
            if before is not None and after is not None:
                variant.stored += after - before


def report(variants: list[Variant]) -> str:
    by_name = {variant.name: variant for variant in variants}
    rows, ratios, p99s, exact = [], [], [], True
    for variant in variants:
        rps = statistics.median(run.requests_per_second for run in variant.runs)
        p50 = statistics.median(run.p50_ms for run in variant.runs)
        p99 = statistics.median(run.p99_ms for run in variant.runs)
        acknowledged = sum(run.acknowledged for run in variant.runs)
        refused = sum(run.refused + run.socket_errors for run in variant.runs)
        share = "-"
        stored = "-"
        if variant.reference:
            base = statistics.median(r.requests_per_second for r in by_name[variant.reference].runs)
            ratios.append(rps / base)
            p99s.append(p99)
            share = f"{rps / base:.0%}"
            stored = str(variant.stored)
            # wrk drops the answers of requests in flight when it stops: at most one per connection.
            in_flight = CONNECTIONS * len(variant.runs)
            # A timed-out request may still have been stored: it was never acknowledged, not lost.
            exact &= acknowledged <= variant.stored <= acknowledged + in_flight + refused
        rows.append(
            [
                variant.name,
                f"{rps:.0f}",
                f"{p50:.1f}",
                f"{p99:.1f}",
                acknowledged,
                refused,
                stored,
                share,
            ]
        )
    header = [
        "server",
        "req/s (median)",
        "p50 ms",
        "p99 ms",
        "2xx/303",
        "errors or timeouts",
        "rows stored",
        "of (a)",
    ]
    ok = min(ratios) >= 0.5 and max(p99s) <= 50
    line = (
        f"intake: SQLite {ratios[0]:.0%} and PostgreSQL {ratios[1]:.0%} of bare Flask, p99 "
        f"{p99s[0]:.1f} / {p99s[1]:.1f} ms (target >= 50 %, <= 50 ms: {verdict(ok)}); "
        f"every acknowledged post stored: {'yes' if exact else 'NO'}"
    )
    return markdown_table(header, rows) + "\n\n" + line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--form", default=QUIZ_FORM, help="form to post to (default: the quiz)")
    args = parser.parse_args(argv)
    template = submission_template(args.form)
    with (
        tempfile.TemporaryDirectory(prefix="sk-bench-intake-") as tmp,
        postgres_database() as postgres_url,
        contextlib.ExitStack() as servers,
    ):
        variants = start_variants(Path(tmp), postgres_url, servers, args.form)
        measure(variants, args.seconds, args.rounds, template, args.form)
        print(report(variants))
    return 0


if __name__ == "__main__":
    sys.exit(main())
