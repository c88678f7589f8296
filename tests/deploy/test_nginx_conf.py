"""deploy/nginx.conf renders into a configuration nginx accepts, and refuses to guess values."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from forms.intake import errors
from forms.intake.error_texts import full_message
from site_src.admin_csp import write_admin_include
from site_src.csp import write_nginx_include

ROOT = Path(__file__).resolve().parents[2]


def test_rendered_configuration_passes_nginx_own_check(render_nginx, certificate, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<script>alert('Hello, world.');</script>")
    write_nginx_include(site)
    write_admin_include(site, {})
    for folder in ("logs", "state"):
        (tmp_path / folder).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        render_nginx.render(
            ["127.0.0.1:8001", "10.0.0.12:8001"],
            server_name="smart.kassel.de",
            site_root=str(site),
            ssl_certificate=str(certificate[0]),
            ssl_certificate_key=str(certificate[1]),
            user="root",
            pid_file=str(tmp_path / "nginx.pid"),
            log_dir=str(tmp_path / "logs"),
            state_dir=str(tmp_path / "state"),
        )
    )
    check = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()
    text = conf.read_text()
    assert "server 127.0.0.1:8001 " in text and "server 10.0.0.12:8001 " in text
    assert f"include {site}/security-headers.conf;" in text


def test_defaults_follow_debian_and_certbot(render_nginx):
    text = render_nginx.render(
        ["127.0.0.1:8001"], server_name="smart.kassel.de", site_root="/srv/s"
    )
    assert "ssl_certificate /etc/letsencrypt/live/smart.kassel.de/fullchain.pem;" in text
    assert "listen 443 ssl http2;" in text
    assert "pid /run/nginx.pid;" in text


@pytest.mark.parametrize(
    ("upstreams", "values", "message"),
    [
        (["127.0.0.1:8001"], {"site_root": "/srv/s"}, "--server-name is required"),
        (["127.0.0.1:8001"], {"server_name": "x", "site_root": "site"}, "must be an absolute"),
        ([], {"server_name": "x", "site_root": "/srv/s"}, "at least one --upstream"),
        (["127.0.0.1:8001"], {"server_name": "x", "site_root": "/s", "sever": "y"}, "sever"),
    ],
)
def test_missing_or_wrong_values_are_refused(render_nginx, upstreams, values, message):
    with pytest.raises(ValueError, match=message):
        render_nginx.render(upstreams, **values)


def test_command_line_names_the_missing_value(render_nginx, capsys):
    with pytest.raises(SystemExit) as exit_info:
        render_nginx.main(["--site-root", "/srv/smart-kassel/site"])
    assert exit_info.value.code == 2
    assert "--server-name is required" in capsys.readouterr().err


@pytest.mark.parametrize("status", [413, 429, 503])
def test_nginx_own_errors_say_what_the_service_says(render_nginx, status):
    answers = {a.format: a for a in render_nginx.error_answers() if a.status == status}
    code, message = errors.GENERIC[status]
    [body] = [part.removeprefix("'").removesuffix("'") for part in answers["json"].parts]
    assert json.loads(body) == {
        "error": code,
        "message": full_message(status, message),
        "request_id": "$request_id",
    }
    page = "".join(part[1:-1] for part in answers["html"].parts)
    assert all(len(part.encode()) < 4096 for part in answers["html"].parts)
    assert f"<h1>{errors.TITLES[status]}</h1>" in page and message in page
    assert '<html lang="de">' in page and 'class="sk-site-header"' in page


def test_an_answer_nginx_would_misread_is_refused(render_nginx):
    assert render_nginx.nginx_string("It's $request_id") == "'It\\'s $request_id'"
    with pytest.raises(ValueError, match="variable"):
        render_nginx.nginx_string("Preis: $5")
