"""Error answers link only to SITE_URL and carry a request id the citizen can quote."""

from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .helpers import contact

HOSTILE = {
    "Host": "evil.example",
    "Referer": "https://evil.example//evil.example/phish",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Proto": "https",
}


@pytest.fixture
def behind_proxy(config):
    """The service behind one trusted proxy, with the site on its own host name."""
    config.update(TRUSTED_PROXIES=1, SITE_URL="https://smart.kassel.de")
    return config


def links(response) -> list[str]:
    page = HTMLParser(response.get_data(as_text=True))
    return [a.attributes.get("href") or "" for a in page.css("a")]


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/api/forms/gibt-es-nicht", {"email": "x"}),
        ("post", "/api/forms/kontakt", {"email": "x"}),  # 400 without a readable proof
        ("get", "/kontakt/", None),
    ],
)
def test_error_page_links_come_from_site_url_whatever_the_client_sends(
    behind_proxy, client, method, path, data
):
    response = getattr(client, method)(path, data=data, headers=HOSTILE)
    assert response.status_code >= 400
    assert "evil" not in response.get_data(as_text=True)
    for href in links(response):
        assert href.startswith(("https://smart.kassel.de/", "#")), href


def test_without_site_url_links_stay_on_the_same_host(client):
    headers = HOSTILE | {"Referer": "http://evil.example//evil.example/phish"}
    response = client.post("/api/forms/gibt-es-nicht", data={"a": "b"}, headers=headers)
    assert "evil" not in response.get_data(as_text=True)
    found = links(response)
    assert "/" in found
    for href in found:
        assert href.startswith("#") or (href.startswith("/") and not href.startswith("//")), href


def test_thank_you_redirect_ignores_a_forwarded_host(behind_proxy, client, app):
    response = client.post("/api/forms/kontakt", data=contact(consent="ja"), headers=HOSTILE)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://smart.kassel.de/")


def test_every_answer_carries_a_request_id(client, proof):
    ok = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    invalid = client.post("/api/forms/kontakt", json=contact(email="", altcha=proof()))
    missing = client.get("/api/forms/gibt-es-nicht")
    ids = [response.headers["X-Request-ID"] for response in (ok, invalid, missing)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert len(set(ids)) == 3
    assert invalid.get_json()["request_id"] == ids[1]
    assert missing.get_json()["request_id"] == ids[2]


def test_error_pages_show_the_request_id(client):
    for response in (
        client.post("/api/forms/gibt-es-nicht", data={"a": "b"}),
        client.post("/api/forms/kontakt", data=contact(email="", consent="ja")),
    ):
        request_id = response.headers["X-Request-ID"]
        page = HTMLParser(response.get_data(as_text=True))
        assert page.css_first(".sk-request-id code").text() == request_id
        assert "Anfragenummer" in page.css_first(".sk-request-id").text()


@pytest.mark.parametrize(
    ("trusted", "offered", "kept"),
    [
        (1, "0123456789abcdef0123456789abcdef", True),
        (0, "0123456789abcdef0123456789abcdef", False),
        (1, "abc\tforged: line", False),
        (1, "x" * 200, False),
        (1, "<script>", False),
    ],
)
def test_the_proxy_request_id_is_taken_only_when_trusted_and_well_formed(
    config, app, trusted, offered, kept
):
    app.config["TRUSTED_PROXIES"] = trusted
    response = app.test_client().get("/api/forms/gibt-es-nicht", headers={"X-Request-ID": offered})
    assert (response.headers["X-Request-ID"] == offered) is kept
    assert response.get_json()["request_id"] == response.headers["X-Request-ID"]


def test_database_outage_says_when_to_retry_and_logs_one_line_without_personal_data(
    app, client, tmp_path, caplog
):
    app.extensions["forms_engine"] = sa.create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with caplog.at_level(logging.INFO, logger="forms"):
        response = client.get("/api/health?email=anna%40beispiel.de")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    request_id = response.headers["X-Request-ID"]
    assert response.get_json()["request_id"] == request_id
    [line] = [record.getMessage() for record in caplog.records]
    assert re.match(r"time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 ", line)
    for part in ("status=503", "path=/api/health ", f"request_id={request_id}", "OperationalError"):
        assert part in line
    assert "anna" not in line and "?" not in line


def test_control_characters_in_a_path_stay_on_one_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="forms"):
        client.get("/api/forms/x%0D%0Aforged%20line")
    [line] = [record.getMessage() for record in caplog.records]
    assert "\r" not in line and "\n" not in line
    assert "x\\x0d\\x0aforged line" in line


def test_an_unexpected_error_logs_where_it_happened_but_not_what_was_sent(app, caplog):
    def fail() -> str:
        raise ValueError("anna@beispiel.de is not welcome here")

    app.add_url_rule("/api/fail", view_func=fail)
    with caplog.at_level(logging.INFO, logger="forms"):
        response = app.test_client().get("/api/fail")
    assert response.status_code == 500
    assert response.get_json()["request_id"] == response.headers["X-Request-ID"]
    [line] = [record.getMessage() for record in caplog.records]
    assert "status=500" in line and "cause=ValueError at " in line
    assert "test_links_and_request_ids.py:" in line
    assert "anna" not in line
