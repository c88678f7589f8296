"""The quiz in Chromium: keyboard only, one entry per person, the deadline, a stopped service."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import AFTER_CLOSE, QUIZ, expect_result, mails_for, running, stored

pytestmark = pytest.mark.browser

FORM = "form[data-sk-form='smart-kassel-quiz']"


def fill_quiz(page, email: str) -> None:
    """Answer every question and fill the fields, as a person with a mouse does."""
    page.get_by_label("32", exact=True).check()
    page.get_by_label("sieben Jahre").check()
    page.get_by_label("rund 11 Millionen Euro").check()
    page.get_by_label("am Digitaltag", exact=False).check()
    page.get_by_label("Vorname (optional)").fill("Jonas")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("eines von 20 Tickets für das Auebad").check()
    page.get_by_label("Ich wohne in Kassel", exact=False).check()
    page.get_by_label("Ich bin einverstanden", exact=False).check()


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_quiz_can_be_completed_with_the_keyboard_only(page, base_url, app):
    page.goto(base_url + QUIZ)
    page.locator("#smart-kassel-quiz-kommunen").focus()
    for question in ["kommunen", "laufzeit", "foerderung", "auftakt"]:
        assert _focused_id(page) == f"smart-kassel-quiz-{question}"
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert _focused_id(page) == "smart-kassel-quiz-first_name"
    page.keyboard.type("Jonas")
    page.keyboard.press("Tab")
    page.keyboard.type("tastatur@beispiel.de")
    for box in ["raffles", "raffles-2", "conditions", "consent"]:
        page.keyboard.press("Tab")
        assert _focused_id(page) == f"smart-kassel-quiz-{box}"
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Teilnehmen"
    page.keyboard.press("Enter")

    expect_result(page, "Bitte prüfen Sie Ihre E-Mails", "Bitte bestätigen Sie Ihre Teilnahme")
    entry = next(
        r for r in stored(app, "smart-kassel-quiz") if r.data["email"] == "tastatur@beispiel.de"
    )
    assert entry.raffles == ["buergerrat", "auebad"]
    assert entry.all_correct is False, "Space picked the first option of each question"


def test_second_entry_with_the_same_address_gets_the_already_entered_message(page, base_url, app):
    page.goto(base_url + QUIZ)
    fill_quiz(page, "Doppelt@Beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    expect(page.locator("[data-sk-form-result]")).to_contain_text("Bitte prüfen Sie Ihre E-Mails")
    entries = stored(app, "smart-kassel-quiz")
    [first] = [r for r in entries if r.data["email"].lower() == "doppelt@beispiel.de"]
    [request] = mails_for(app, first.reference)
    page.goto(base_url + re.search(r"/api/bestaetigen/\S+", request.body).group(0))
    page.get_by_role("button", name="Teilnahme jetzt bestätigen").click()
    expect(page.locator(".sk-ticket")).to_be_visible()

    page.goto(base_url + QUIZ)
    fill_quiz(page, "doppelt@beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    notice = expect_result(page, "Sie haben bereits teilgenommen")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_contain_text("Ihre erste Teilnahme zählt")
    expect(page.get_by_role("textbox", name="E-Mail-Adresse")).to_have_value("doppelt@beispiel.de")
    emails = [r.data["email"].lower() for r in stored(app, "smart-kassel-quiz")]
    assert emails.count("doppelt@beispiel.de") == 1


def test_network_failure_keeps_every_entry_and_says_nothing_was_sent(
    chromium, page, site, tmp_path
):
    with running(site, tmp_path) as (url, app):
        page.goto(url + QUIZ)
        page.wait_for_load_state("networkidle")  # the challenge has arrived
        fill_quiz(page, "offline@beispiel.de")
    # The server is stopped now; the visitor sends anyway.
    page.get_by_role("button", name="Teilnehmen").click()
    expect_result(page, "Nicht gesendet: keine Verbindung zum Server", "Alle Eingaben sind noch da")
    expect(page.get_by_role("textbox", name="E-Mail-Adresse")).to_have_value("offline@beispiel.de")
    expect(page.get_by_label("rund 11 Millionen Euro")).to_be_checked()
    expect(page.get_by_label("Ich bin einverstanden", exact=False)).to_be_checked()
    assert stored(app, "smart-kassel-quiz") == []


def _expect_ended(page) -> None:
    expect(page.locator(FORM)).to_have_count(0)
    ended = page.locator("[data-sk-form-ended]")
    expect(ended).to_be_visible()
    expect(ended).to_contain_text("Das Quiz ist beendet.")
    expect(ended).to_contain_text("Freitag, 25. Juni 2021, 23:59 Uhr")


@pytest.mark.parametrize("fixture", ["page", "page_without_js"])
def test_quiz_built_after_the_deadline_shows_no_form(request, fixture, closed_site, tmp_path):
    page = request.getfixturevalue(fixture)
    with running(closed_site, tmp_path) as (url, _app):
        page.goto(url + QUIZ)
        _expect_ended(page)
        expect(page.locator("script[src$='forms.js']")).to_have_count(0)


def test_page_built_earlier_closes_on_time_in_the_browser(page, base_url):
    page.clock.set_fixed_time(datetime.fromisoformat(AFTER_CLOSE))
    page.goto(base_url + QUIZ)
    _expect_ended(page)


def _built_at(page, base_url) -> datetime:
    html = page.request.get(base_url + QUIZ).text()
    section = HTMLParser(html).css_first("[data-sk-form-section]")
    return datetime.fromisoformat(section.attributes["data-sk-built-at"])


def test_preview_page_runs_its_clock_on_from_the_build(page, base_url):
    # Built as of Sunday 20 June 2021, 12:00; the quiz closes five and a half days later.
    built_at = _built_at(page, base_url)
    page.clock.set_fixed_time(built_at + timedelta(days=5, hours=11))
    page.goto(base_url + QUIZ)
    expect(page.locator(FORM)).to_be_visible()
    expect(page.locator("[data-sk-form-ended]")).to_be_hidden()
    page.clock.set_fixed_time(built_at + timedelta(days=5, hours=13))
    page.reload()
    _expect_ended(page)


@pytest.mark.parametrize(
    ("service", "sends", "title", "detail"),
    [
        pytest.param(
            {"FORMS_PREVIEW_NOW": AFTER_CLOSE},
            1,
            "Einsendeschluss vorbei",
            "Einsendeschluss für „Smart Kassel-Quiz“ war Freitag, 25. Juni 2021, 23:59 Uhr.",
            id="410-closed-meanwhile",
        ),
        pytest.param(
            {"RATELIMIT_SUBMIT": "1 per minute"},
            2,
            "Zu viele Versuche in kurzer Zeit",
            re.compile(
                r"Bitte warten Sie \d+ Sekunden und senden Sie das Formular dann noch einmal"
            ),
            id="429-too-many",
        ),
    ],
)
def test_each_refusal_gets_its_own_message_and_keeps_the_entries(
    page, site, tmp_path, service, sends, title, detail
):
    with running(site, tmp_path, **service) as (url, app):
        for number in range(sends):  # the last send is the refused one
            page.goto(url + QUIZ)
            fill_quiz(page, f"abgelehnt{number}@beispiel.de")
            page.get_by_role("button", name="Teilnehmen").click()
            page.locator("[data-sk-form-result]").wait_for()
        notice = page.locator(".sk-form-result--problem")
        expect(notice).to_be_focused()
        expect(notice.get_by_role("heading")).to_have_text(title)
        expect(notice).to_contain_text(detail)
        assert page.title().startswith("Fehler: ")
        expect(page.get_by_role("textbox", name="E-Mail-Adresse")).to_have_value(
            f"abgelehnt{sends - 1}@beispiel.de"
        )
        expect(page.get_by_label("32", exact=True)).to_be_checked()
        assert len(stored(app, "smart-kassel-quiz")) == sends - 1


def test_a_quick_sender_waits_a_moment_and_is_never_told_a_check_failed(page, site, tmp_path):
    with running(site, tmp_path, FORMS_MIN_FILL_SECONDS=4) as (url, app):
        page.goto(url + QUIZ)
        fill_quiz(page, "flink@beispiel.de")
        button = page.locator(FORM + " button[type=submit]")
        button.click()
        expect(button).to_contain_text("Einen Moment bitte")
        expect_result(page, "Bitte prüfen Sie Ihre E-Mails")
        assert "Sicherheitsprüfung" not in page.locator("main").inner_text()
        assert len(stored(app, "smart-kassel-quiz")) == 1


def test_an_empty_quiz_sent_at_once_gets_one_named_message_per_question(page, site, tmp_path):
    with running(site, tmp_path, FORMS_MIN_FILL_SECONDS=30) as (url, _app):
        page.goto(url + QUIZ)
        page.locator(FORM + " button[type=submit]").click()
        summary = page.locator("[data-sk-error-summary]")
        expect(summary).to_be_focused()
        messages = summary.locator("a").all_inner_texts()
        questions = [m for m in messages if m.startswith("Frage ")]
        assert [m.split(":")[0] for m in questions] == ["Frage 1", "Frage 2", "Frage 3", "Frage 4"]
        assert len(set(messages)) == len(messages), messages
        assert "Sicherheitsprüfung" not in page.locator("main").inner_text()
        expect(page.locator(FORM + " button[type=submit]")).to_have_text("Teilnehmen")
        summary.locator("a", has_text="Frage 3").click()
        legend = page.locator("fieldset:has(#smart-kassel-quiz-foerderung) legend")
        header_bottom = page.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
        assert legend.evaluate("e => e.getBoundingClientRect().top") >= header_bottom
        expect(page.locator("#smart-kassel-quiz-foerderung")).to_be_focused()


def test_a_refusal_shows_the_services_advice_and_keeps_the_entries(page, base_url):
    from forms.intake.antispam import TOO_FAST

    answer = {"error": "spam_suspected", "message": TOO_FAST}
    page.route(
        "**/api/forms/smart-kassel-quiz",
        lambda route: route.fulfill(status=400, json=answer),
    )
    page.goto(base_url + QUIZ)
    fill_quiz(page, "abgelehnt@beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    notice = page.locator(".sk-form-result--problem")
    expect(notice).to_be_focused()
    expect(notice.get_by_role("heading")).to_have_text("Nicht gesendet")
    expect(notice).to_contain_text("warten Sie bitte einige Sekunden")
    expect(notice).to_contain_text("Ihre Eingaben sind noch da.")
    assert "Spam" not in notice.inner_text()
    expect(page.get_by_role("textbox", name="E-Mail-Adresse")).to_have_value(
        "abgelehnt@beispiel.de"
    )


@pytest.mark.parametrize(
    ("code", "sent_title", "title"),
    [
        ("duplicate", None, "Sie haben bereits teilgenommen"),
        ("duplicate", "Sie sind bereits angemeldet", "Sie sind bereits angemeldet"),
        ("submission_changed", "Konflikt", "Nicht gesendet"),
    ],
)
def test_a_409_shows_the_services_own_words(page, base_url, code, sent_title, title):
    from forms.intake.api import DUPLICATE, RESENT_CHANGED

    message = DUPLICATE if code == "duplicate" else RESENT_CHANGED
    body = {"error": code, "message": message} | ({"title": sent_title} if sent_title else {})
    page.route(
        "**/api/forms/smart-kassel-quiz",
        lambda route: route.fulfill(status=409, json=body),
    )
    page.goto(base_url + QUIZ)
    fill_quiz(page, "zweimal@beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    notice = page.locator(".sk-form-result--problem")
    expect(notice.get_by_role("heading")).to_have_text(title)
    expect(notice.locator("p")).to_have_text(message)
