"""nginx from deploy/nginx.conf serves the built site and proxies /api/ to both instances."""

from __future__ import annotations

import pwd
import re
from pathlib import Path

import pytest

from forms.intake import errors
from forms.intake.security_headers import script_hashes_from_file, security_headers
from site_src.admin_csp import admin_policy
from site_src.csp import site_script_hashes

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


def _first_asset(site, pattern: str) -> str:
    """Path of one built asset matching `pattern`, relative to the site root."""
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if re.search(pattern, relative):
            return "/" + relative
    pytest.fail(f"the build has no asset matching {pattern}")


def _sample_urls(site) -> dict[str, str]:
    return {
        "page": "/",
        "strategy": "/strategie/",
        "missing page": "/gibt-es-nicht/",
        "fingerprinted script": _first_asset(site, r"^assets/.+\.[0-9a-f]{8,}\.min\.js$"),
        "fingerprinted stylesheet": _first_asset(site, r"^assets/.+\.[0-9a-f]{8,}\.min\.css$"),
        "our stylesheet": _first_asset(site, r"^assets/sk/.+\.css$"),
        "feed": "/aktuelles/feed.xml",
        "api health": "/api/health",
        "api form": "/api/forms/kontakt",
        "api unknown form": "/api/forms/gibt-es-nicht",
    }


def test_pages_and_api_answer_through_nginx(nginx, web):
    home = web.get(nginx.url + "/")
    assert home.status_code == 200
    assert home.headers["Content-Type"].startswith("text/html")
    assert "Smart Kassel" in home.text
    assert web.get(nginx.url + "/api/health").json() == {"status": "ok"}
    form = web.get(nginx.url + "/api/forms/smart-kassel-quiz")
    assert form.status_code == 200
    assert '"answer"' not in form.text
    assert web.get(nginx.url + "/api/forms/gibt-es-nicht").status_code == 404


def test_a_submission_through_nginx_is_stored(nginx, web, kit):
    response = kit.submit(web, nginx.url, "kontakt", kit.example("kontakt"))
    assert response.status_code == 201, response.text
    assert response.json()["id"]


@pytest.mark.parametrize(
    "kind",
    ["page", "strategy", "missing page", "fingerprinted script", "fingerprinted stylesheet",
     "our stylesheet", "feed", "api health", "api form", "api unknown form"],
)  # fmt: skip
def test_every_response_carries_each_security_header_once(nginx, web, built_site, kind):
    response = web.get(nginx.url + _sample_urls(built_site)[kind])
    expected = security_headers(site_script_hashes(built_site))
    for name, value in expected.items():
        # requests joins repeated headers with ", ": equality also proves there is one copy.
        assert response.headers.get(name) == value, f"{name} on {kind}"


def test_policy_lists_exactly_the_inline_scripts_of_the_build(nginx, web, built_site):
    policy = web.get(nginx.url + "/").headers["Content-Security-Policy"]
    hashes = site_script_hashes(built_site)
    assert hashes, "the theme's pages have inline scripts; none were hashed"
    assert hashes == script_hashes_from_file(built_site / "security-headers.conf")
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src "))
    sources = script_src.split()[1:]
    assert sources == ["'self'", "'wasm-unsafe-eval'", *(f"'{value}'" for value in hashes)]
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources


def test_html_is_revalidated_and_fingerprinted_assets_are_kept(nginx, web, built_site):
    urls = _sample_urls(built_site)
    page = web.get(nginx.url + "/strategie/")
    assert page.headers["Cache-Control"] == "no-cache"
    again = web.get(nginx.url + "/strategie/", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304
    bundle = web.get(nginx.url + urls["fingerprinted script"])
    assert bundle.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    ours = web.get(nginx.url + urls["our stylesheet"])
    assert ours.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("kind", ["page", "fingerprinted stylesheet", "fingerprinted script"])
def test_text_is_compressed(nginx, web, built_site, kind):
    response = web.get(
        nginx.url + _sample_urls(built_site)[kind], headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_plain_http_redirects_to_https(nginx, web):
    response = web.get(nginx.http_url + "/kontakt/", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
    assert response.headers["Location"].endswith("/kontakt/")


def test_directory_redirect_keeps_the_client_port(nginx, web):
    response = web.get(nginx.url + "/strategie", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"] == "/strategie/"


def test_header_include_is_not_published(nginx, web):
    assert web.get(nginx.url + "/security-headers.conf").status_code == 404
    assert web.get(nginx.url + "/admin-security-headers.conf").status_code == 404


def test_admin_has_its_own_policy_and_the_site_keeps_its_own(nginx, web, built_site):
    admin = web.get(nginx.url + "/admin/")
    assert admin.status_code == 200
    assert admin.headers["Content-Security-Policy"] == admin_policy()
    assert admin.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "'unsafe-eval'" not in web.get(nginx.url + "/").headers["Content-Security-Policy"]
    hashes = script_hashes_from_file(built_site / "security-headers.conf")
    page = web.get(nginx.url + "/kontakt/")
    assert (
        page.headers["Content-Security-Policy"]
        == security_headers(hashes)["Content-Security-Policy"]
    )
    config = web.get(nginx.url + "/admin/config.yml")
    assert config.headers["Content-Type"].startswith("text/yaml")
    assert config.headers["Content-Security-Policy"] == admin_policy()


def test_oversized_body_is_stopped_with_a_german_json_answer(nginx, web):
    response = web.post(
        nginx.url + "/api/forms/kontakt",
        data=b"x" * (256 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    request_id = response.headers["X-Request-ID"]
    assert response.json() == {
        "error": "too_large",
        "message": errors.GENERIC[413][1],
        "request_id": request_id,
    }
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_web_form_gets_a_german_page_not_json(nginx, web):
    response = web.post(
        nginx.url + "/api/forms/kontakt",
        data={"message": "x" * (256 * 1024)},
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{errors.TITLES[413]}</h1>" in response.text
    assert errors.GENERIC[413][1] in response.text
    assert '"error"' not in response.text
    assert 'href="/impressum/"' in response.text


def test_logs_hold_no_client_address_or_query_string(nginx, web, instances):
    web.get(nginx.url + "/kontakt/?email=anna%40example.org")
    web.get(nginx.url + "/api/health?email=anna%40example.org")
    web.get(instances[0].url + "/api/health?name=Anna", headers={"X-Forwarded-For": "10.9.8.7"})
    web.get(nginx.url + "/gibt-es-nicht/?name=Anna")
    nginx_log = (nginx.log_dir / "access.log").read_text()
    assert '"GET /kontakt/ HTTP/' in nginx_log
    assert (
        '"GET /gibt-es-nicht/ HTTP/2.0" 404' in nginx_log
        or '"GET /gibt-es-nicht/ HTTP/1.1" 404' in nginx_log
    )
    assert "anna" not in nginx_log and "127.0.0.1" not in nginx_log
    service_lines = "\n".join(instances[0].access_lines() + instances[1].access_lines())
    assert '"GET /api/health HTTP/1.' in service_lines
    for secret in ("anna", "Anna", "10.9.8.7", "127.0.0.1"):
        assert secret not in service_lines


def test_captions_are_served_as_webvtt(nginx, web, built_site):
    captions = _first_asset(built_site, r"\.vtt$")
    response = web.get(nginx.url + captions)
    assert response.status_code == 200
    # With nosniff, a browser ignores captions served under any other type.
    assert response.headers["Content-Type"].startswith("text/vtt")


def test_open_data_and_calendars_come_from_the_site_not_the_service(nginx, web, built_site):
    document = web.get(nginx.url + "/api/v1/termine.json")
    assert document.status_code == 200
    assert document.headers["Content-Type"].startswith("application/json")
    assert document.content == (built_site / "api" / "v1" / "termine.json").read_bytes()
    assert document.headers["Access-Control-Allow-Origin"] == "*"
    schema = web.get(nginx.url + "/api/v1/schema/termine.json")
    assert schema.json()["$id"].endswith("/api/v1/schema/termine.json")
    missing = web.get(nginx.url + "/api/v1/gibt-es-nicht.json")
    assert missing.status_code == 404
    assert missing.headers["Content-Type"].startswith("text/html")
    calendar = web.get(nginx.url + "/termine/kalender.ics")
    assert calendar.status_code == 200
    assert calendar.headers["Content-Type"].startswith("text/calendar")
    assert web.get(nginx.url + "/api/health").json() == {"status": "ok"}


def test_workers_run_unprivileged_and_serve_every_built_file(nginx, web, built_site):
    """Production runs the workers as www-data: every file of a strict-umask build answers 200."""
    master = int((nginx.log_dir.parent / "nginx.pid").read_text())
    worker_uids = {
        status.stat().st_uid
        for status in Path("/proc").glob("[0-9]*")
        if _parent_of(status) == master
    }
    assert worker_uids == {pwd.getpwnam("www-data").pw_uid}
    unreadable = []
    for path in sorted(built_site.rglob("*")):
        relative = path.relative_to(built_site).as_posix()
        if path.is_dir() or relative in ("security-headers.conf", "admin-security-headers.conf"):
            continue
        status = web.get(f"{nginx.url}/{relative}").status_code
        if status != 200:
            unreadable.append(f"{status} /{relative}")
    assert not unreadable, "\n".join(unreadable[:20])


def _parent_of(process: Path) -> int | None:
    try:
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
