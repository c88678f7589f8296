"""The service sends the security headers itself when no nginx stands in front."""

from pathlib import Path

import pytest
from flask import Flask

from forms.intake import security_headers
from site_src.csp import inline_script_hashes, write_nginx_include

EXPECTED = {
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
}


@pytest.fixture
def client():
    app = Flask(__name__)
    app.config["CSP_SCRIPT_HASHES"] = ["sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="]

    @app.get("/ok")
    def ok():
        return {"status": "ok"}

    @app.get("/own")
    def own():
        return "x", 200, {"Content-Security-Policy": "default-src 'none'"}

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    security_headers.init_app(app)
    return app.test_client()


@pytest.mark.parametrize(("path", "status"), [("/ok", 200), ("/missing", 404), ("/boom", 500)])
def test_every_response_carries_the_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert set(response.headers.keys()) >= EXPECTED
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        in (response.headers["Content-Security-Policy"])
    )


def test_a_view_may_choose_a_stricter_policy(client):
    assert client.get("/own").headers["Content-Security-Policy"] == "default-src 'none'"


def test_hashes_are_read_back_from_the_build_include(tmp_path: Path):
    (tmp_path / "index.html").write_text("<script>a()</script><script>b()</script>")
    path = write_nginx_include(tmp_path)
    hashes = security_headers.script_hashes_from_file(path)
    assert len(hashes) == 2
    assert security_headers.content_security_policy(hashes) in path.read_text()


def test_missing_include_means_no_inline_scripts(tmp_path: Path):
    assert security_headers.script_hashes_from_file(tmp_path / "absent.conf") == []


def test_dev_server_allows_exactly_the_inline_scripts_of_the_built_pages(
    built_site, tmp_path, monkeypatch
):
    """`make run` serves the site through the service; its theme scripts must still run."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'forms.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "dev-server-test")
    from forms.devserver import create_dev_app

    client = create_dev_app(built_site).test_client()
    for path in ("/", "/kontakt/", "/aktuelles/"):
        response = client.get(path)
        assert response.status_code == 200
        policy = response.headers["Content-Security-Policy"]
        page_hashes = inline_script_hashes(response.get_data(as_text=True))
        assert page_hashes, f"{path} has no inline scripts to check"
        for value in page_hashes:
            assert f"'{value}'" in policy, f"{path}: inline script {value} would be blocked"
