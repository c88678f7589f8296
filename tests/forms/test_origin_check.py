"""No-JS form posts from foreign pages are refused; posts naming no page work as before."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from forms import create_app
from forms.intake.origins import FOREIGN, origin_of
from forms.storage.tables import access_requests

from .helpers import contact, rows

SITE = "https://smart.kassel.de"
ALLOWED = "https://www.kassel.de"
HOSTILE_ORIGINS = [
    "null",
    "https://smart.kassel.de.evil.example",
    "https://smart-kassel.de",
    "https://xn--smart-kssel-q8a.de",
    "https://www.kassel.de.attacker.net",
    "https://evil.example",
    "http://smart.kassel.de",
    "https://smart.kassel.de:8443",
    "http://www.kassel.de",
    "http://localhost:8080",
    "https://localhost",
    "file://",
    "not a url",
]


@pytest.fixture
def app(config):
    """The service as deployed: a site on its own origin and one city page allowed to embed."""
    app = create_app(config | {"SITE_URL": SITE, "ALLOWED_ORIGINS": [ALLOWED]})
    yield app
    app.extensions["forms_engine"].dispose()


def post_contact(client, proof, headers: dict) -> object:
    return client.post(
        "/api/forms/kontakt", data=contact(altcha=proof(), consent="ja"), headers=headers
    )


def assert_refused(app, response) -> None:
    assert response.status_code == 403, response.get_data(as_text=True)
    page = HTMLParser(response.get_data(as_text=True))
    assert page.css_first("html").attributes["lang"] == "de"
    assert page.css_first("title").text().startswith("Fehler: Von einer fremden Website")
    assert FOREIGN in page.text()
    assert rows(app) == []


@pytest.mark.parametrize("origin", HOSTILE_ORIGINS)
def test_form_post_from_a_foreign_origin_is_refused_in_german(client, app, proof, origin):
    assert_refused(app, post_contact(client, proof, {"Origin": origin}))


@pytest.mark.parametrize("origin", HOSTILE_ORIGINS[1:])
def test_without_origin_a_foreign_referer_is_refused(client, app, proof, origin):
    assert_refused(app, post_contact(client, proof, {"Referer": origin + "/kontakt/"}))


def test_origin_decides_over_a_referer_that_looks_right(client, app, proof):
    headers = {"Origin": "https://evil.example", "Referer": SITE + "/kontakt/"}
    assert_refused(app, post_contact(client, proof, headers))


def test_a_null_origin_that_the_browser_marks_cross_site_is_refused(client, app, proof):
    headers = {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    assert_refused(app, post_contact(client, proof, headers))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": SITE},
        {"Origin": ALLOWED},
        {"Origin": "HTTPS://SMART.KASSEL.DE:443"},
        {"Origin": "http://localhost"},
        {"Referer": SITE + "/kontakt/?x=1"},
        {"Referer": ALLOWED + "/buergerservice/"},
        # Our own pages with `Referrer-Policy: no-referrer` post with an opaque origin.
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    ],
    ids=[
        "no-headers",
        "site",
        "allowed",
        "default-port",
        "service",
        "referer",
        "referer-allowed",
        "own-no-referrer-page",
    ],
)
def test_posts_from_the_site_allowed_pages_and_non_browsers_are_taken(client, app, proof, headers):
    response = post_contact(client, proof, headers)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == SITE + "/kontakt/danke/"
    assert len(rows(app)) == 1


def test_json_posts_keep_their_cors_rules(client, app, proof):
    """A foreign page cannot send JSON without a preflight, so only CORS decides there."""
    foreign = {"Origin": "https://evil.example"}
    response = client.post("/api/forms/kontakt", json=contact(altcha=proof()), headers=foreign)
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers
    allowed = client.post(
        "/api/forms/kontakt",
        json=contact(altcha=proof(), message="Noch eine Idee."),
        headers={"Origin": ALLOWED},
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_the_check_guards_every_form_post_of_the_service(client, app):
    response = client.post(
        "/meine-daten",
        data={"email": "erika@beispiel.de", "website": ""},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert rows(app, access_requests) == []


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://smart.kassel.de/", "https://smart.kassel.de"),
        ("https://Smart.Kassel.de:443/a?b#c", "https://smart.kassel.de"),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080"),
        ("http://[::1]:80/", "http://[::1]"),
        ("https://a.de:99999/", None),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("//smart.kassel.de/", None),
        ("", None),
    ],
)
def test_origin_of_names_scheme_host_and_port_as_browsers_do(url, origin):
    assert origin_of(url) == origin
