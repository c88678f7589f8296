"""A quiz entrant whose answer got lost on the way back sends again and gets their number."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from .conftest import QUIZ, expect_result, mails_for, stored
from .test_quiz_form import fill_quiz

pytestmark = pytest.mark.browser


def test_a_retry_after_a_lost_answer_shows_the_first_number_and_stores_once(page, base_url, app):
    posts = []

    def lose_first_answer(route):
        if route.request.method != "POST":  # the page also reads the form's public description
            route.continue_()
            return
        posts.append(json.loads(route.request.post_data))
        if len(posts) == 1:
            route.fetch()  # the service stores the entry ...
            route.abort("timedout")  # ... but its answer never reaches the browser
        else:
            route.continue_()

    page.route("**/api/forms/smart-kassel-quiz", lose_first_answer)
    page.goto(base_url + QUIZ)
    fill_quiz(page, "zeitueberschreitung@beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    expect_result(page, "Nicht gesendet")
    [entry] = [r for r in stored(app, "smart-kassel-quiz") if r.data["email"] == posts[0]["email"]]

    page.get_by_role("button", name="Teilnehmen").click()
    expect_result(page, "Bitte prüfen Sie Ihre E-Mails")
    assert len(posts) == 2
    assert len(mails_for(app, entry.reference)) == 1  # one request to confirm, not two
    assert posts[0]["submission_id"] == posts[1]["submission_id"]
    assert len(posts[0]["submission_id"]) == 36  # crypto.randomUUID()
    entries = [r for r in stored(app, "smart-kassel-quiz") if r.data["email"] == posts[0]["email"]]
    assert len(entries) == 1


def test_without_javascript_the_static_form_carries_an_empty_id(page_without_js, base_url):
    page_without_js.goto(base_url + QUIZ)
    field = page_without_js.locator('form[data-sk-form] input[name="submission_id"]')
    expect(field).to_have_value("")
    expect(field).to_have_attribute("type", "hidden")
