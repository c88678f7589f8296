"""Form definitions: the real ones load and their examples hold; broken ones are explained."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from forms import create_app
from forms.definitions import DefinitionErrors, load_all
from forms.definitions.validation import validate
from forms.settings import REPO_ROOT

DEFINITIONS = load_all(REPO_ROOT / "content" / "forms")
EXAMPLES = [
    pytest.param(form, example, id=f"{form.id}: {example.name}")
    for form in DEFINITIONS.values()
    for example in form.examples
]


def test_every_form_is_defined_with_examples_of_each_outcome():
    assert set(DEFINITIONS) == {
        "kontakt",
        "smart-kassel-quiz",
        "werkstatt-nachbarschafts-app",
        "buergerrat-interesse",
    }
    for form in DEFINITIONS.values():
        outcomes = {example.valid for example in form.examples}
        assert outcomes == {True, False}, form.id


def test_quiz_matches_the_press_release():
    quiz = DEFINITIONS["smart-kassel-quiz"]
    assert quiz.closes == datetime.fromisoformat("2021-06-25T23:59:59+02:00")
    assert quiz.closes.strftime("%A") == "Friday"
    assert 3 <= len(quiz.questions) <= 5
    assert {(p.id, p.count) for p in quiz.prizes} == {("buergerrat", 1), ("auebad", 20)}
    assert quiz.one_entry_per == "email"


def test_the_workshop_registration_has_20_seats_and_closes_before_it_starts():
    workshop = DEFINITIONS["werkstatt-nachbarschafts-app"]
    assert (workshop.kind, workshop.capacity) == ("registration", 20)
    assert workshop.closes < workshop.event.start < workshop.event.end
    assert workshop.needs_confirmation and workshop.confirm_to == "email"


@pytest.mark.parametrize(("form", "example"), EXAMPLES)
def test_example_validates_as_declared(form, example):
    errors = validate(form, example.data).errors
    assert set(errors) == set(example.errors)
    assert all(isinstance(message, str) and message for message in errors.values())


@pytest.mark.parametrize(("form", "example"), EXAMPLES)
def test_example_gets_the_declared_answer_from_the_api(client, proof, form, example):
    body = example.data | {"website": "", "altcha": proof()}
    response = client.post(f"/api/forms/{form.id}", json=body)
    if example.valid:
        assert response.status_code == 201
    else:
        assert response.status_code == 422
        assert set(response.get_json()["errors"]) == set(example.errors)


VALID = """\
id: test
title: Test
kind: contact
fields:
  - name: email
    label: E-Mail
    type: email
success_url: /danke/
retention_days: 30
"""


REGISTRATION = VALID.replace("kind: contact", "kind: registration") + (
    "capacity: 20\n"
    "closes: 2021-08-30T12:00:00+02:00\n"
    "event:\n"
    "  title: Werkstatt\n"
    "  start: 2021-09-01T18:00:00+02:00\n"
    "  end: 2021-09-01T20:00:00+02:00\n"
    "  place: Rathaus\n"
    "  page: /termine/w/\n"
    "confirm_to: email\n"
)


def test_a_complete_registration_definition_loads(tmp_path):
    (tmp_path / "test.yml").write_text(REGISTRATION, encoding="utf-8")
    assert load_all(tmp_path)["test"].event.place == "Rathaus"


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (VALID + "colour: blue\n", "content/forms/test.yml:10: colour: unbekannter Schlüssel"),
        (
            VALID.replace("type: email", "type: phone"),
            ":7: fields[1].type: muss einer dieser Werte sein",
        ),
        (VALID.replace("id: test", "id: other"), ":1: id: muss wie der Dateiname lauten"),
        (VALID.replace("kind: contact", "kind: quiz"), "questions: ein Quiz braucht"),
        (VALID.replace("retention_days: 30", "retention_days: -1"), ":9: retention_days"),
        (VALID + "opens: 2021-06-18\n", ":10: opens: muss Datum und Uhrzeit mit Zeitzone sein"),
        (VALID.replace("name: email", "name: website"), "und erneutes Senden reserviert"),
        (VALID + "one_entry_per: name\n", "one_entry_per: muss ein Pflichtfeld vom Typ email"),
        (VALID.replace("success_url: /danke/", "success_url: https://x.de/"), "success_url"),
        (
            VALID.replace("  - name: email", "  - name: email\n oops"),
            ": (Datei): YAML-Syntaxfehler: Einrückung passt nicht",
        ),
        (VALID + "notify: [buero@kassel.de, =?UTF-8?Q?=0ABcc=3A_x?=@y.de]\n", ":10: notify[2]:"),
        (VALID + "notify: ['buero\u200b@kassel.de']\n", ":10: notify[1]: muss eine E-Mail"),
        (VALID.replace("title: Test", "title: Test =?UTF-8?Q?=0ABcc=3A_x@y.de?="), ":2: title:"),
        (VALID.replace("title: Test", 'title: "Test\\u200b"'), "Betreff von E-Mails"),
        (
            VALID + "examples:\n  - name: leer\n    valid: true\n    data: {}\n",
            "Beispiel 'leer' sollte gültig sein, scheitert aber: email:",
        ),
        (VALID + "capacity: 20\n", ":10: capacity: gibt es nur bei Anmeldungen"),
        (REGISTRATION.replace("capacity: 20", "capacity: 0"), "capacity: eine Anmeldung braucht"),
        (REGISTRATION.replace("capacity: 20", "capacity: -3"), ":10: capacity: muss eine ganze"),
        (REGISTRATION.replace("closes: 2021-08-30", "closes: 2021-09-02"), ":11: closes: der "),
        (REGISTRATION.replace("end: 2021-09-01T20", "end: 2021-09-01T17"), ":15: event.end: muss"),
        (REGISTRATION.replace("  page: /termine/w/\n", ""), ":12: event: 'page' fehlt"),
        (REGISTRATION.replace("confirm_to: email\n", ""), "confirm_to: Einträge dieses"),
    ],
)
def test_broken_definition_is_reported_with_file_line_and_key(tmp_path, yaml_text, expected):
    (tmp_path / "content" / "forms").mkdir(parents=True)
    path = tmp_path / "content" / "forms" / "test.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(DefinitionErrors) as caught:
        load_all(path.parent)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("content/forms/test.yml:")


def test_quiz_answer_must_be_one_of_its_options(tmp_path):
    quiz = (REPO_ROOT / "content/forms/smart-kassel-quiz.yml").read_text(encoding="utf-8")
    (tmp_path / "smart-kassel-quiz.yml").write_text(
        quiz.replace('answer: "32"', 'answer: "33"'), encoding="utf-8"
    )
    with pytest.raises(DefinitionErrors, match=r"questions\[1\]\.answer: muss der value"):
        load_all(tmp_path)


def test_service_refuses_to_start_on_an_invalid_definition(tmp_path, config):
    (tmp_path / "kaputt.yml").write_text("id: kaputt\n", encoding="utf-8")
    with pytest.raises(DefinitionErrors, match=r"kaputt\.yml:1: .*'title' fehlt, ist aber Pflicht"):
        create_app(config | {"FORMS_CONTENT_DIR": str(tmp_path)})


def test_missing_definitions_folder_is_explained(tmp_path):
    with pytest.raises(DefinitionErrors, match="Ordner mit den Formularen nicht gefunden"):
        load_all(Path(tmp_path) / "nowhere")
