"""The pool form "Interesse am Bürgerrat": the minimum, valid values only, hostile input refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from selectolax.lexbor import LexborHTMLParser

from forms.definitions.stadtteile import STADTTEILE
from forms.storage.tables import submissions

FORM = "/api/forms/buergerrat-interesse"
VALID = {
    "altersgruppe": "25-34",
    "geschlecht": "weiblich",
    "stadtteil": "Nord-Holland",
    "email": "a@beispiel.de",
    "consent": True,
}

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def post(client, proof, **changes):
    body = {**VALID, **changes, "website": "", "altcha": proof()}
    return client.post(FORM, json={k: v for k, v in body.items() if v is not ...})


def stored(app) -> list[dict]:
    with app.extensions["forms_engine"].connect() as connection:
        rows = connection.execute(sa.select(submissions.c.data)).all()
    return [row.data for row in rows]


def test_the_definition_offers_the_23_stadtteile_and_the_four_genders(client):
    fields = {f["name"]: f for f in client.get(FORM).get_json()["fields"]}
    assert [o["value"] for o in fields["stadtteil"]["options"]] == list(STADTTEILE)
    assert [o["value"] for o in fields["geschlecht"]["options"]] == [
        "weiblich",
        "männlich",
        "divers",
        "keine Angabe",
    ]
    assert "geburtsdatum" not in fields and "name" not in fields


def test_a_letter_code_is_stored_as_printed(app, client, proof):
    response = post(client, proof, briefcode="abcde fgh23")
    assert response.status_code == 201, response.get_json()
    assert stored(app)[0]["briefcode"] == "ABCDE-FGH23"


def test_undeclared_fields_such_as_a_birth_date_are_not_stored(app, client, proof):
    response = post(client, proof, geburtsdatum="1970-01-01", name="Erika")
    assert response.status_code == 201
    data = stored(app)[0]
    assert "geburtsdatum" not in data and "name" not in data
    assert data["altersgruppe"] == "25-34"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stadtteil": "Berlin-Mitte"}, "stadtteil"),
        ({"stadtteil": "mitte"}, "stadtteil"),
        ({"stadtteil": ["Mitte", "Wesertor"]}, "stadtteil"),
        ({"stadtteil": "Mitte\u200b"}, "stadtteil"),
        ({"geschlecht": "Frau"}, "geschlecht"),
        ({"geschlecht": {"$ne": ""}}, "geschlecht"),
        ({"altersgruppe": 30}, "altersgruppe"),
        ({"altersgruppe": "15-"}, "altersgruppe"),
        ({"altersgruppe": ...}, "altersgruppe"),
        ({"briefcode": "ABCDE-FGHI1"}, "briefcode"),
        ({"briefcode": "ABCDE-FGH23\n"}, "briefcode"),
        ({"briefcode": "ABCDE-FGH23 ' OR 1=1 --"}, "briefcode"),
        ({"briefcode": "<script>alert(1)</script>"}, "briefcode"),
        ({"briefcode": "ＡＢＣＤＥ-ＦＧＨ２３"}, "briefcode"),
        ({"briefcode": 1234567890}, "briefcode"),
        ({"consent": False}, "consent"),
    ],
)
def test_hostile_or_wrong_values_are_refused_with_a_german_message(
    app, client, proof, changes, field
):
    response = post(client, proof, **changes)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {field}
    assert errors[field].startswith(("Bitte", "„"))
    assert stored(app) == []


def test_the_retention_period_that_purge_enforces_is_stated_where_people_enter(app, client):
    days = app.extensions["forms_definitions"]["buergerrat-interesse"].retention_days
    assert f"{days} Tage nach dem Absenden" in client.get(FORM).get_json()["description"]


def test_without_javascript_errors_come_back_on_a_german_page_with_entries_kept(app, client):
    hostile = '"><script>alert(1)</script>'
    form = {**VALID, "consent": "on", "briefcode": hostile, "website": ""}
    response = client.post(FORM, data=form)
    assert response.status_code == 422
    page = LexborHTMLParser(response.get_data(as_text=True))
    assert page.css_first("title").text().startswith("Fehler: ")
    summary = [a.text() for a in page.css("[data-sk-error-summary] a")]
    assert len(summary) == 1 and "Code so ein, wie er im Brief steht" in summary[0]
    assert len(page.css('input[name="stadtteil"]')) == 23
    checked = [i for i in page.css('input[name="stadtteil"]') if "checked" in i.attributes]
    assert [i.attributes["value"] for i in checked] == ["Nord-Holland"]
    assert page.css_first('input[name="briefcode"]').attributes["value"] == hostile
    assert all("alert(1)" not in script.text() for script in page.css("script"))
    assert stored(app) == []
