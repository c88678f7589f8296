"""nginx keeps answering when an instance is down, and says so in German when all are."""

from __future__ import annotations

import re

import pytest

from forms.intake import errors

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
    assert response.json() == {"error": code, "message": message, "request_id": request_id}
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert int(response.headers["Retry-After"]) == errors.RETRY_AFTER_UNAVAILABLE
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert page.status_code == 200, "static pages must not depend on the service"
