"""The local server of `make run`: the built site at /, the service at /api/."""

from __future__ import annotations

import pytest

from forms.devserver import create_dev_app

from .helpers import contact, rows


@pytest.fixture
def dev_client(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "kontakt" / "danke").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Start</h1>", encoding="utf-8")
    (site / "kontakt" / "danke" / "index.html").write_text("<h1>Danke</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Nicht gefunden</h1>", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "dev")
    monkeypatch.setenv("FORMS_PREVIEW_NOW", "2021-06-20T12:00:00+02:00")
    app = create_dev_app(site)
    return app, app.test_client()


def test_site_pages_resolve_directories_to_index_html(dev_client):
    _, client = dev_client
    assert client.get("/").get_data(as_text=True) == "<h1>Start</h1>"
    assert client.get("/kontakt/danke/").get_data(as_text=True) == "<h1>Danke</h1>"
    redirect = client.get("/kontakt/danke")
    assert (redirect.status_code, redirect.headers["Location"]) == (301, "/kontakt/danke/")
    missing = client.get("/gibt/es/nicht/")
    assert (missing.status_code, missing.get_data(as_text=True)) == (404, "<h1>Nicht gefunden</h1>")
    assert client.get("/../../etc/passwd").status_code == 404


def test_api_runs_in_debug_mode_with_the_preview_clock(dev_client, caplog):
    app, client = dev_client
    assert app.debug is True
    assert client.get("/api/forms/smart-kassel-quiz").get_json()["open"] is True
    caplog.set_level("INFO", logger="forms.devserver")
    response = client.post("/api/forms/kontakt", data=contact(consent="ja"))
    assert response.headers["Location"] == "/kontakt/danke/"
    assert len(rows(app)) == 1
    assert "Kontaktformular: Idee oder Anregung" in caplog.text


def test_open_data_under_api_v1_comes_from_the_built_site(dev_client, tmp_path):
    """`make run` serves /api/v1/ from site/ as nginx does, while /api/ stays the service's."""
    _, client = dev_client
    (tmp_path / "site" / "api" / "v1").mkdir(parents=True)
    document = '{"version": "1.0", "items": []}'
    (tmp_path / "site" / "api" / "v1" / "termine.json").write_text(document, encoding="utf-8")
    answer = client.get("/api/v1/termine.json")
    assert (answer.status_code, answer.mimetype) == (200, "application/json")
    assert answer.get_data(as_text=True) == document
    assert client.get("/api/v1/gibt-es-nicht.json").status_code == 404
    assert client.get("/api/health").get_json() == {"status": "ok"}
