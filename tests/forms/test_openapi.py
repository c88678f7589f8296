"""The OpenAPI document follows the definitions, and a schemathesis run finds no 5xx or drift."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from forms import create_app
from forms.intake import antispam

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_each_form_field_becomes_part_of_its_request_schema(client, app):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    for form_id, definition in app.extensions["forms_definitions"].items():
        post = document["paths"][f"/api/forms/{form_id}"]["post"]
        schema = post["requestBody"]["content"]["application/json"]["schema"]
        names = {item.name for item in definition.inputs}
        assert names | {"website", "altcha", "submission_id"} == set(schema["properties"])
        assert {"201", "303", "400", "403", "409", "410", "413", "415", "422", "429"} <= set(
            post["responses"]
        )
    assert "'answer'" not in str(document)


def test_the_submission_id_and_its_conflict_are_documented(client):
    post = client.get("/api/openapi.json").get_json()["paths"]["/api/forms/kontakt"]["post"]
    schema = post["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert schema["properties"]["submission_id"]["pattern"] == "^[A-Za-z0-9_-]{16,64}$"
    assert "submission_changed" in post["responses"]["409"]["description"]


def test_raffle_options_come_from_the_prizes(client):
    document = client.get("/api/openapi.json").get_json()
    post = document["paths"]["/api/forms/smart-kassel-quiz"]["post"]
    raffles = post["requestBody"]["content"]["application/json"]["schema"]["properties"]["raffles"]
    assert raffles["items"]["enum"] == ["buergerrat", "auebad"]


def test_api_conforms_to_its_openapi_document(tmp_path, clock):
    """Generated requests (some with a valid proof of work) get documented answers, never a 5xx."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "schemathesis",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'forms.sqlite3'}",
            "CLOCK": clock,
            "ALTCHA_COST": 1,
            "ALTCHA_MAX_NUMBER": 5,
            "RATELIMIT_SUBMIT": "100000 per day",
            "RATELIMIT_CHALLENGE": "100000 per day",
        }
    )
    client = app.test_client()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    statuses = set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30 if operation.method == "post" else 3,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def call(case):
            if case.media_type == "application/json" and isinstance(case.body, dict):
                case.body["altcha"] = antispam.solve(client.get("/api/challenge").get_json())
                clock.advance(seconds=5)
            response = case.call_and_validate(checks=CHECKS)
            statuses.add(response.status_code)

        call()
    assert {200, 201, 303, 400, 422} <= statuses
