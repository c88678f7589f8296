"""This checkout's intake beside an earlier revision's: does a change slow the service down?

Usage: python bench/intake_versus.py --baseline 8c9ece8 [--database sqlite|postgresql|both]
       [--rounds 6] [--seconds 5] [--form kontakt]

Both services run at once, each from its own checkout (the baseline in a temporary git
worktree) with its own gunicorn.conf.py and a fresh database, under this interpreter. wrk
then drives them in turns (A B, B A, ...), so a machine that gets busier or quieter during
the run moves both alike; the verdict is the median of the per-pair ratios. Next to req/s it
reports the workers' CPU time per request (from /proc), which says whether a difference is
work or waiting. The form must exist in both revisions; `kontakt` is open in every one.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.intake import FORM_ID, SERVICE_ENV, run_wrk, submission_template
from bench.measure import REPO, markdown_table
from bench.service import Gunicorn, flask_command, postgres_database

# A difference within this share of the baseline counts as noise (the spread of paired runs
# on the 2-core benchmark machine, 2 December 2026, was about 2 %).
NOISE = 0.03


@dataclass
class Side:
    """One revision's service and what it measured."""

    label: str
    server: Gunicorn
    rates: list[float] = field(default_factory=list)
    p99s: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)


@contextlib.contextmanager
def baseline_checkout(revision: str) -> Path:
    """The revision checked out in a temporary worktree, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="sk-baseline-")) / "checkout"
    add = ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(folder), revision]
    subprocess.run(add, check=True)
    try:
        yield folder
    finally:
        remove = ["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)]
        subprocess.run(remove, check=False)
        shutil.rmtree(folder.parent, ignore_errors=True)


def start_side(label: str, checkout: Path, url: str, log: Path) -> Side:
    env = {**SERVICE_ENV, "DATABASE_URL": url}
    flask_command(env, "init-db", checkout=checkout)
    server = Gunicorn(env, log, checkout=checkout)
    server.start()
    return Side(label, server)


def measure(side: Side, seconds: int, run_name: str, template: str, form_id: str) -> None:
    """One wrk run against `side`, recording req/s, p99 and CPU per request."""
    cpu_before = side.server.worker_cpu_seconds()
    result = run_wrk(side.server.port, seconds, run_name, template, form_id)
    cpu = side.server.worker_cpu_seconds() - cpu_before
    requests = result.requests_per_second * seconds
    side.rates.append(result.requests_per_second)
    side.p99s.append(result.p99_ms)
    side.cpu_ms.append(1000 * cpu / requests if requests else float("nan"))


def compare(
    database: str, baseline: Path, args: argparse.Namespace, stack: contextlib.ExitStack
) -> list[object]:
    """Both sides on `database`, measured in alternating turns; one table row."""
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    sides = []
    for label, checkout in (("baseline", baseline), ("this checkout", REPO)):
        if database == "postgresql":
            url = stack.enter_context(postgres_database(f"sk_versus_{len(sides)}"))
        else:
            url = f"sqlite:///{tmp / f'{len(sides)}.sqlite3'}"
        side = start_side(label, checkout, url, tmp / f"{len(sides)}.log")
        stack.callback(side.server.stop)
        sides.append(side)
    template = submission_template(args.form)
    for side in sides:
        run_wrk(side.server.port, 2, f"warm-{side.label[0]}", template, args.form)
    for number in range(args.rounds):
        turn = sides if number % 2 == 0 else sides[::-1]
        for side in turn:
            measure(side, args.seconds, f"r{number}{side.label[0]}", template, args.form)
    old, new = sides
    ratios = [n / o for n, o in zip(new.rates, old.rates, strict=True)]
    ratio = statistics.median(ratios)
    return [
        database,
        f"{statistics.median(old.rates):.0f}",
        f"{statistics.median(new.rates):.0f}",
        f"{ratio:.3f} ({min(ratios):.3f}-{max(ratios):.3f})",
        f"{statistics.median(old.cpu_ms):.2f} / {statistics.median(new.cpu_ms):.2f}",
        f"{statistics.median(old.p99s):.1f} / {statistics.median(new.p99s):.1f}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--form", default=FORM_ID)
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    rows = []
    started = time.monotonic()
    with baseline_checkout(args.baseline) as baseline:
        for database in databases:
            with contextlib.ExitStack() as stack:
                rows.append(compare(database, baseline, args, stack))
    header = [
        "database",
        f"{args.baseline} req/s",
        "this checkout req/s",
        "ratio (median of pairs, range)",
        "CPU ms per request",
        "p99 ms",
    ]
    print(markdown_table(header, rows))
    slower = [row[0] for row in rows if float(str(row[3]).split()[0]) < 1 - NOISE]
    verdict = (
        f"slower beyond noise on {', '.join(slower)}" if slower else "no slowdown beyond noise"
    )
    print(
        f"\nintake_versus: this checkout against {args.baseline}, {args.form}, "
        f"{args.rounds} pairs of {args.seconds} s in {time.monotonic() - started:.0f} s: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
