"""`make run`: one command, one address, the preview clock for both the build and the service."""

from __future__ import annotations

import subprocess

import pytest

from forms.devserver import banner, main

from .conftest import PREVIEW_NOW, REPO, dev_app


def test_make_run_builds_and_serves_with_the_same_preview_clock():
    planned = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    build = next(line for line in planned if "build.py" in line)
    serve = next(line for line in planned if "forms.devserver" in line)
    assert f"FORMS_PREVIEW_NOW={PREVIEW_NOW}" in build
    assert f"FORMS_PREVIEW_NOW={PREVIEW_NOW}" in serve
    assert "--port 8123" in serve and "--host 127.0.0.1" in serve


def test_banner_says_where_what_runs_and_how_to_see_the_rows(site, tmp_path):
    app = dev_app(site, tmp_path)
    text = banner(app, "http://127.0.0.1:8000/")
    assert "Smart Kassel läuft: http://127.0.0.1:8000/" in text
    assert "Vorschau-Uhr ab Sonntag, 20. Juni 2021, 12:00 Uhr (FORMS_PREVIEW_NOW)" in text
    assert f"sqlite:///{tmp_path / 'forms.sqlite3'}" in text
    assert "nichts wird verschickt" in text
    assert "flask --app forms export kontakt" in text


def test_the_service_serves_the_site_and_the_api_on_one_origin(site, tmp_path):
    client = dev_app(site, tmp_path).test_client()
    assert client.get("/api/health").get_json() == {"status": "ok"}
    assert "sk-form" in client.get("/kontakt/").get_data(as_text=True)
    stylesheet = client.get("/assets/sk/forms.css")
    assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"


def test_devserver_refuses_to_start_without_a_built_site(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--site", str(tmp_path / "nichts"), "--port", "0"])
    assert stopped.value.code == 1
    assert "run `python build.py` first" in capsys.readouterr().err
