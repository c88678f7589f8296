"""nginx keeps answering when an instance is down, and says so in German when all are."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from forms.intake import errors
from forms.intake.error_texts import full_message

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


def test_requests_go_to_the_instance_that_still_answers(nginx_before, instances, web, free):
    live = instances[0].url.removeprefix("http://")
    with nginx_before([f"127.0.0.1:{free()}", live]) as server:
        statuses = [web.get(server.url + "/api/health").status_code for _ in range(10)]
    assert statuses == [200] * 10


def test_without_any_instance_visitors_get_the_service_german_503(nginx_before, web, free):
    with nginx_before([f"127.0.0.1:{free()}", f"127.0.0.1:{free()}"]) as server:
        response = web.post(server.url + "/api/forms/kontakt", json={})
        page = web.get(server.url + "/kontakt/")
    assert response.status_code == 503
    code, message = errors.GENERIC[503]
    request_id = response.headers["X-Request-ID"]
    assert response.json() == {
        "error": code,
        "message": full_message(503, message),
        "request_id": request_id,
    }
    assert "0561 787-2467" in response.json()["message"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert int(response.headers["Retry-After"]) == errors.RETRY_AFTER_UNAVAILABLE
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert page.status_code == 200, "static pages must not depend on the service"


def test_without_javascript_or_from_a_mailed_link_the_503_is_a_german_page(nginx_before, web, free):
    with nginx_before([f"127.0.0.1:{free()}"]) as server:
        posted = web.post(server.url + "/api/forms/kontakt", data={"email": "a@beispiel.de"})
        opened = web.get(
            server.url + "/api/bestaetigen/abc",
            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
        script = web.get(server.url + "/api/forms/kontakt", headers={"Accept": "*/*"})
    for response in (posted, opened):
        assert response.status_code == 503
        assert response.headers["Content-Type"].startswith("text/html")
        assert int(response.headers["Retry-After"]) == errors.RETRY_AFTER_UNAVAILABLE
        page = HTMLParser(response.text)
        assert page.css_first("html").attributes["lang"] == "de"
        assert page.css_first("h1").text() == errors.TITLES[503]
        assert errors.GENERIC[503][1] in page.css_first("main").text()
        links = {a.text(strip=True): a.attributes["href"] for a in page.css("a")}
        assert links["0561 787-2467"] == "tel:+495617872467"
        assert links["Kontakt"] == "/kontakt/" and links["Impressum"] == "/impressum/"
        assert response.headers["X-Request-ID"] in page.css_first(".sk-request-id").text()
    assert script.status_code == 503
    assert script.json()["error"] == "unavailable"
