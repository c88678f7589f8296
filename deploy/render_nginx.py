"""Fill in deploy/nginx.conf for one server, so operators never edit the template by hand.

    python deploy/render_nginx.py --server-name smart.kassel.de \\
        --site-root /srv/smart-kassel/site \\
        --upstream 127.0.0.1:8001 --upstream 10.0.0.12:8001 > /etc/nginx/nginx.conf
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from forms.intake.error_texts import GENERIC, TITLES, full_message
from forms.intake.html import standalone_message_page

TEMPLATE = Path(__file__).with_name("nginx.conf")
SITE_TEMPLATES = Path(__file__).resolve().parent.parent / "site_src" / "overrides"
# Answers nginx gives itself on /api/: body too large, flood guard, no instance answering.
OWN_ERRORS = {413: {}, 429: {"Retry-After": "10"}, 503: {"Retry-After": "60"}}


@dataclass(frozen=True)
class ErrorAnswer:
    """One of nginx's own answers in one format: `html` for form posts and pages, else `json`."""

    status: int
    format: str
    content_type: str
    headers: dict[str, str]
    # nginx reads at most 4096 bytes per quoted string: the body comes in parts it joins.
    parts: tuple[str, ...]


def error_answers() -> list[ErrorAnswer]:
    """The service's own German texts (forms/intake/error_texts.py) as a page and as JSON."""
    answers = []
    for status, headers in OWN_ERRORS.items():
        code, message = GENERIC[status]
        title = f"Fehler: {TITLES[status]}"
        page = standalone_message_page(SITE_TEMPLATES, title, message, status, "$request_id")
        data = {
            "error": code,
            "message": full_message(status, message),
            "request_id": "$request_id",
        }
        answers += [
            ErrorAnswer(status, "html", "text/html; charset=utf-8", headers, nginx_parts(page)),
            ErrorAnswer(
                status,
                "json",
                "application/json; charset=utf-8",
                headers,
                nginx_parts(json.dumps(data, ensure_ascii=False)),
            ),
        ]
    return answers


def nginx_parts(text: str, limit: int = 3000) -> tuple[str, ...]:
    """`text` as quoted strings of whole lines, each well below nginx's 4096-byte limit."""
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        if current and len((current + line).encode()) > limit:
            parts.append(current)
            current = ""
        current += line
    if len(current.encode()) > limit or any(len(p.encode()) > limit for p in parts):
        raise ValueError("an error answer has a line longer than nginx can read in one string")
    return tuple(nginx_string(part) for part in [*parts, current])


def nginx_string(text: str) -> str:
    """Quote `text` for nginx's `return`; only `$request_id` may be read as a variable."""
    if text.replace("$request_id", "").count("$"):
        raise ValueError("an error answer contains '$', which nginx would read as a variable")
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# name: (default, help). A default of None means the value is required.
VALUES: dict[str, tuple[str | None, str]] = {
    "server_name": (None, "host name(s) of the site, e.g. smart.kassel.de"),
    "site_root": (None, "absolute path of the built site (the content of site/)"),
    "http_port": ("80", "port for plain HTTP (redirects to HTTPS)"),
    "https_port": ("443", "port for HTTPS"),
    "ssl_certificate": (
        "/etc/letsencrypt/live/{server_name}/fullchain.pem",
        "certificate chain file",
    ),
    "ssl_certificate_key": ("/etc/letsencrypt/live/{server_name}/privkey.pem", "private key file"),
    "acme_root": ("/var/www/letsencrypt", "webroot for certbot's HTTP challenges"),
    "user": ("www-data", "user the nginx workers run as"),
    "pid_file": ("/run/nginx.pid", "nginx's PID file"),
    "log_dir": ("/var/log/nginx", "folder for access.log and error.log"),
    "state_dir": ("/var/lib/nginx", "folder for nginx's temporary request and response files"),
}


def render(upstreams: list[str], **values: str) -> str:
    """Return the configuration text; refuse missing or unknown values instead of guessing."""
    unknown = sorted(set(values) - set(VALUES))
    if unknown:
        raise ValueError(f"unknown value(s): {', '.join(unknown)}")
    if not upstreams:
        raise ValueError("at least one --upstream (a gunicorn instance, host:port) is needed")
    filled: dict[str, str] = {}
    for name, (default, _help) in VALUES.items():
        value = values.get(name) or default
        if value is None:
            raise ValueError(f"--{name.replace('_', '-')} is required")
        filled[name] = value
    for name, value in filled.items():
        filled[name] = value.format(**filled) if "{" in value else value
    if not Path(filled["site_root"]).is_absolute():
        raise ValueError("--site-root must be an absolute path")
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(upstreams=upstreams, error_answers=error_answers(), **filled)


def main(argv: list[str] | None = None) -> int:
    """Print the rendered configuration, or say which value is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, (default, help_text) in VALUES.items():
        suffix = " (required)" if default is None else f" (default: {default})"
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=help_text + suffix)
    parser.add_argument(
        "--upstream",
        action="append",
        default=[],
        help="host:port of one gunicorn instance; repeat for each (default: 127.0.0.1:8001)",
    )
    arguments = vars(parser.parse_args(argv))
    upstreams = arguments.pop("upstream") or ["127.0.0.1:8001"]
    values = {name: value for name, value in arguments.items() if value is not None}
    try:
        sys.stdout.write(render(upstreams, **values))
    except ValueError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
