"""Fill in deploy/nginx.conf for one server, so operators never edit the template by hand.

    python deploy/render_nginx.py --server-name smart.kassel.de \\
        --site-root /srv/smart-kassel/site \\
        --upstream 127.0.0.1:8001 --upstream 10.0.0.12:8001 > /etc/nginx/nginx.conf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jinja2

TEMPLATE = Path(__file__).with_name("nginx.conf")

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
    return template.render(upstreams=upstreams, **filled)


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
