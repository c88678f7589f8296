"""`access EMAIL` shows everything stored about one address, as JSON (GDPR Art. 15)."""

import json

import pytest

from forms.office.draws import draws
from forms.storage.db import engine


def access(runner, email: str):
    result = runner.invoke(args=["access", email])
    return result, json.loads(result.stdout) if result.exit_code == 0 else None


def test_access_shows_every_entry_and_mail_of_one_address_from_every_form(app, runner, add_entry):
    quiz = add_entry(email="Erika@Beispiel.de")
    message = add_entry("kontakt", email="erika@beispiel.de", name="Erika Mustermann")
    other = add_entry("kontakt", email="max@beispiel.de", name="Max Muster")

    result, report = access(runner, " ERIKA@beispiel.de")

    assert result.exit_code == 0, result.output
    assert report["email"] == "erika@beispiel.de"
    assert set(report["forms"]) == {"smart-kassel-quiz", "kontakt"}
    [quiz_entry] = report["forms"]["smart-kassel-quiz"]
    [contact_entry] = report["forms"]["kontakt"]
    assert (quiz_entry["ticket"], contact_entry["reference"]) == (quiz, message)
    assert quiz_entry["confirmed_at"].startswith("2021-06-20T")
    assert contact_entry["data"]["name"] == "Erika Mustermann"
    assert contact_entry["created_at"].startswith("2021-06-20T")
    assert quiz_entry["raffles"] and quiz_entry["all_correct"] is True
    assert {mail["entry"] for mail in report["mails"]} == {quiz_entry["reference"], message}
    assert any(mail["to"].lower() == "erika@beispiel.de" for mail in report["mails"])
    assert all(mail["body"] and mail["status"] == "pending" for mail in report["mails"])
    assert other not in result.stdout and "Max Muster" not in result.stdout


def test_access_names_the_draws_that_list_an_entry(app, runner, add_entry, clock):
    entry = add_entry(email="erika@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        connection.execute(
            draws.insert().values(
                form_id="smart-kassel-quiz",
                raffles="auebad",
                seed="Lotto",
                created_at=clock.now(),
                protocol=json.dumps({"winners": [entry]}),
                forced=False,
            )
        )
    _, report = access(runner, "erika@beispiel.de")
    assert [(d["form"], d["references"]) for d in report["draws"]] == [
        ("smart-kassel-quiz", [entry])
    ]


def test_access_for_an_unknown_address_is_empty_and_says_so(app, runner, add_entry):
    add_entry("kontakt", email="max@beispiel.de")
    result, report = access(runner, "niemand@beispiel.de")
    explanation = report.pop("erklaerung")
    assert report == {"email": "niemand@beispiel.de", "forms": {}, "mails": [], "draws": []}
    assert set(report) <= set(explanation)
    assert "nichts gespeichert" in result.stderr


def test_access_leaves_out_other_peoples_entries_that_mention_the_address(app, runner, add_entry):
    mention = add_entry(
        "kontakt", email="max@beispiel.de", message="Bitte antworten Sie auch erika@beispiel.de."
    )
    result, report = access(runner, "erika@beispiel.de")
    assert report["forms"] == {} and report["mails"] == []
    assert "Bitte antworten" not in result.stdout
    assert mention in result.stderr


@pytest.mark.parametrize("email", ["Smart@Kassel.de", "niemand"])
def test_access_refuses_the_office_address_and_non_addresses(app, runner, add_entry, email):
    add_entry("kontakt", email="max@beispiel.de")
    result = runner.invoke(args=["access", email])
    assert result.exit_code == 1
    assert "max@beispiel.de" not in result.output


def test_access_speaks_to_the_person_local_times_only_fitting_keys_each_explained(
    app, runner, add_entry
):
    """The report goes to the citizen (Art. 12): Kassel's clock, no quiz fields on a message."""
    add_entry(email="erika@beispiel.de")
    add_entry("kontakt", email="erika@beispiel.de", name="Erika Mustermann")
    _, report = access(runner, "erika@beispiel.de")
    [message] = report["forms"]["kontakt"]
    [quiz] = report["forms"]["smart-kassel-quiz"]
    assert message["created_at"].endswith("+02:00")  # June in Kassel, not UTC
    assert "." not in message["created_at"]  # to the second, no microseconds
    assert not {"all_correct", "raffles", "ticket"} & set(message)
    assert {"all_correct", "raffles", "ticket"} <= set(quiz)
    explained = report["erklaerung"]
    used = set(report) - {"erklaerung"} | {key for entry in (message, quiz) for key in entry}
    assert used <= set(explained), used - set(explained)
    assert all(text and text[0].isupper() for text in explained.values())
