"""Where one POST to the intake spends its time: pyinstrument under the benchmark's gunicorn.

Usage: python bench/profile_intake.py [--seconds 8] [--form smart-kassel-quiz] [--out DIR]
Starts the service exactly as bench/intake.py does (deploy/gunicorn.conf.py, same settings,
same database kinds), wraps it in bench/profiled_app.py, drives it with wrk at the benchmark's
16 connections, and writes one text report per database (DIR/<database>.txt) whose header gives
the profiled milliseconds per request. Profiling slows every request; compare reports with
each other, and take speed from bench/intake.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyinstrument.renderers import ConsoleRenderer
from pyinstrument.session import Session

from bench.intake import CONNECTIONS, QUIZ_FORM, SERVICE_ENV, run_wrk, submission_template
from bench.open_forms import open_forms_dir
from bench.profiled_app import merged
from bench.service import Gunicorn, flask_command, postgres_database


def profile_one(label: str, url: str, form_id: str, args: argparse.Namespace, tmp: Path) -> str:
    """Profile the service on one database; return the report's first lines."""
    folder = tmp / f"profile-{label}"
    folder.mkdir()
    env = {
        **SERVICE_ENV,
        "DATABASE_URL": url,
        "FORMS_CONTENT_DIR": str(open_forms_dir(tmp)),
        "GUNICORN_APP": "bench.profiled_app:create_app()",
        "PROFILE_DIR": str(folder),
    }
    flask_command(env, "init-db")
    server = Gunicorn(env, tmp / f"{label}.log")
    server.start()
    try:
        template = submission_template(form_id)
        connections = args.connections
        result = run_wrk(server.port, args.seconds, f"p{label}", template, form_id, connections)
    finally:
        server.stop()
    parts = [Session.load(str(path)) for path in sorted(folder.glob("*.json"))]
    if not parts:
        raise RuntimeError(f"no profile written; see {tmp / f'{label}.log'}")
    session = merged(parts)
    requests = sum(json.loads(path.read_text()) for path in folder.glob("*.count"))
    per_request = session.duration / requests * 1000
    header = (
        f"# {label}: POST /api/forms/{form_id}, {requests} requests profiled, "
        f"{per_request:.2f} ms per request (wall, {args.connections} connections, profiler on); "
        f"wrk saw {result.requests_per_second:.0f} req/s, p99 {result.p99_ms:.1f} ms\n"
    )
    text = ConsoleRenderer(unicode=False, color=False, show_all=False, time="percent_of_total")
    name = f"{label}-c{args.connections}.txt"
    (args.out / name).write_text(header + text.render(session))
    return header


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--form", default=QUIZ_FORM)
    parser.add_argument("--out", type=Path, default=Path("profiles"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sk-profile-") as tmp, postgres_database() as pg:
        tmp_path = Path(tmp)
        sqlite = f"sqlite:///{tmp_path / 'forms.sqlite3'}"
        for label, url in (("sqlite", sqlite), ("postgresql", pg)):
            if args.only in (None, label):
                print(profile_one(label, url, args.form, args, tmp_path), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
