"""The OpenAPI document follows the definitions, and a schemathesis run finds no 5xx or drift."""

from __future__ import annotations

import re

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from forms import create_app
from forms.definitions import load_all
from forms.definitions.validation import clean_text, has_visible_text, validate
from forms.intake import antispam, field_schemas, openapi
from forms.settings import REPO_ROOT

# A bounded run of the three phases in both modes; every default check is on.
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 13,
        "generation": {"mode": "all", "max-examples": 25, "deterministic": True},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        # A made-up token fits the path's schema but carries no signature of ours: a link page
        # answers it with its German 400 page (the signature cannot be written as a schema).
        "operations": [
            {
                "include-path-regex": "^/api/(bestaetigen|absagen)/",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "410"]}
                },
            }
        ],
    }
)


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
    given, empty = schema["properties"]["submission_id"]["anyOf"]
    assert given["pattern"] == "^[A-Za-z0-9_-]{16,64}$"
    assert empty == {"const": ""}
    assert "submission_changed" in post["responses"]["409"]["description"]


def test_raffle_options_come_from_the_prizes(client):
    document = client.get("/api/openapi.json").get_json()
    post = document["paths"]["/api/forms/smart-kassel-quiz"]["post"]
    raffles = post["requestBody"]["content"]["application/json"]["schema"]["properties"]["raffles"]
    array, single = raffles["anyOf"]
    assert array["items"]["enum"] == single["enum"] == ["buergerrat", "auebad"]
    assert array["uniqueItems"] is True and array["minItems"] == 1


@pytest.fixture
def api_app(tmp_path, clock):
    """The service with cheap proofs and no practical rate limit, on its own database."""
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
    yield app
    app.extensions["forms_engine"].dispose()


# Built from the same definitions the service loads; a test below checks the served copy.
DOCUMENT = openapi.document(load_all(REPO_ROOT / "content" / "forms"))
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


def test_the_fuzzed_document_is_the_one_the_service_serves(client):
    assert client.get("/api/openapi.json").get_json() == DOCUMENT


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, api_app, clock):
    """Examples, coverage and fuzzing: every default check passes, positive and negative data."""
    if isinstance(case.body, dict) and isinstance(case.body.get("altcha"), str):
        # A proof of work cannot be written as a schema: act like the page script and solve one.
        challenge = api_app.test_client().get("/api/challenge").get_json()
        case.body["altcha"] = antispam.solve(challenge)
        clock.advance(seconds=5)
    case.call_and_validate(app=api_app)


TRICKY = [
    None,
    "",
    " ",
    "a",
    "\u200b",
    "\u200b\u202e",
    " Erika ",
    "Zeile\nZeile",
    "Erika\x00",
    "x" * 101,
    "x" * 5001,
    True,
    False,
    "ja",
    "TRUE",
    "nein",
    5,
    32,
    "32",
    "100",
    "frage",
    "werbung",
    "auebad",
    ["auebad"],
    ["auebad", "auebad"],
    ["buergerrat", "auebad"],
    [],
    ["hauptgewinn"],
    "erika@beispiel.de",
    "ERIKA@Beispiel.DE",
    "jürgen@müller-straße.de",
    "erika@beispiel.test",
    "erika@beispiel",
    "=?UTF-8?Q?=0D=0ABcc=3A_x?=@beispiel.de",
    "x\u200b@beispiel.de",
]


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_schema_and_validator_agree_on_each_input(value):
    """What the document allows the validator takes, and what it forbids is refused."""
    for definition in load_all(REPO_ROOT / "content" / "forms").values():
        body = next(e for e in definition.examples if e.valid).data
        schema = openapi.request_schema(definition, json=True)
        for item in definition.inputs:
            accepted = item.name not in validate(definition, body | {item.name: value}).errors
            allowed = jsonschema_rs.validator_for(
                schema["properties"][item.name], validate_formats=True
            ).is_valid(value)
            assert accepted == allowed, (definition.id, item.name)


@given(st.characters(exclude_categories=("Cs",)), st.booleans())
def test_text_pattern_sees_a_character_as_the_validator_does(char, multiline):
    cleaned, error = clean_text(char, multiline=multiline, label="x")
    shows = error is None and has_visible_text(cleaned)
    assert bool(re.fullmatch(field_schemas.text_pattern(multiline, True), char)) == shows
    assert bool(re.fullmatch(field_schemas.text_pattern(multiline, False), char)) == (error is None)


def test_registration_seats_and_the_link_pages_are_documented(client):
    document = client.get("/api/openapi.json").get_json()
    show = document["paths"]["/api/forms/werkstatt-nachbarschafts-app"]["get"]
    schema = show["responses"]["200"]["content"]["application/json"]["schema"]
    assert "seats" in schema["required"]
    assert set(schema["properties"]["seats"]["required"]) == {
        "capacity",
        "taken",
        "left",
        "waiting",
    }
    for path, codes in (
        ("/api/absagen/{token}", {"200", "400", "404", "410"}),
        ("/api/bestaetigen/{token}", {"200", "400", "404", "409", "410"}),
    ):
        assert set(document["paths"][path]["post"]["responses"]) == codes
        assert document["paths"][path]["parameters"][0]["name"] == "token"
