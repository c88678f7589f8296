"""One local server for development: the built site at / and the service at /api/ (debug mode).

`make run` starts it after building the site. Everything stays on this machine: entries go to
SQLite under instance/, mails are written to the log (nothing is sent).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, abort, redirect, request, send_from_directory
from werkzeug.serving import run_simple

from forms import create_app
from forms.clock import german_time
from forms.intake import security_headers
from forms.settings import REPO_ROOT
from forms.storage.db import engine_of
from forms.storage.tables import outbox

log = logging.getLogger("forms.devserver")


def create_dev_app(site_dir: Path, config: dict[str, Any] | None = None) -> Flask:
    """The service in debug mode plus the static site; new outbox mails are printed to the log."""
    # The site's pages run inline theme scripts: allow exactly those the build hashed.
    hashes = security_headers.script_hashes_from_file(site_dir / "security-headers.conf")
    app = create_app({"DEBUG": True, "CSP_SCRIPT_HASHES": hashes, **(config or {})})
    app.debug = True
    app.extensions["dev_site_dir"] = site_dir.resolve()
    app.add_url_rule("/", "site_index", _serve_site, defaults={"path": ""})
    app.add_url_rule("/<path:path>", "site", _serve_site)
    app.after_request(_log_new_mails)
    return app


def _serve_site(path: str) -> Response:
    """Serve a file of the built site; directories answer with their index.html."""
    from flask import current_app

    root: Path = current_app.extensions["dev_site_dir"]
    target = (root / path).resolve()
    if root not in (target, *target.parents):
        abort(404)
    if target.is_dir():
        if path and not path.endswith("/"):
            return redirect(f"/{path}/", code=301)
        path = f"{path}index.html"
        target = target / "index.html"
    if not target.is_file():
        if (root / "404.html").is_file():
            return send_from_directory(root, "404.html"), 404
        abort(404)
    return send_from_directory(root, path)


def _log_new_mails(response: Response) -> Response:
    """Stand in for a mail server: show each mail the request put into the outbox."""
    from flask import current_app

    if request.method != "POST" or response.status_code not in (201, 303):
        return response
    latest = sa.select(sa.func.max(outbox.c.submission_id)).scalar_subquery()
    with engine_of(current_app).connect() as connection:
        rows = connection.execute(
            sa.select(outbox).where(outbox.c.submission_id == latest).order_by(outbox.c.id)
        )
    for row in rows:
        log.info("outbox mail %s to %s: %s\n%s", row.id, row.to_addr, row.subject, row.body)
    return response


def banner(app: Flask, url: str) -> str:
    """What a newcomer needs to know once the server runs: where, which clock, where data goes."""
    clock = app.extensions["forms_clock"]
    database = engine_of(app).url.render_as_string(hide_password=True)
    forms = ", ".join(sorted(app.extensions["forms_definitions"]))
    when = (
        f"Vorschau-Uhr ab {german_time(clock.now())} (FORMS_PREVIEW_NOW)"
        if clock.preview
        else "echte Uhrzeit"
    )
    return "\n".join(
        [
            "",
            f"  Smart Kassel läuft: {url}",
            f"    Website      {app.extensions['dev_site_dir']}",
            f"    Formulare    {url}api/ ({forms})",
            f"    Uhrzeit      {when}",
            f"    Datenbank    {database}",
            "    E-Mails      werden nur hier im Log angezeigt, nichts wird verschickt",
            "  Gespeicherte Einsendungen ansehen (in einem zweiten Terminal):",
            "    .venv/bin/flask --app forms export kontakt",
            "    .venv/bin/flask --app forms export smart-kassel-quiz",
            "    .venv/bin/flask --app forms stats smart-kassel-quiz",
            "  Beenden mit Strg+C.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "site")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not (args.site / "index.html").is_file():
        parser.exit(1, f"{args.site} holds no built site: run `python build.py` first.\n")
    app = create_dev_app(args.site)
    print(banner(app, f"http://{args.host}:{args.port}/"), flush=True)
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
