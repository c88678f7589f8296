"""The contact form in Chromium, with and without JavaScript, against the `make run` server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import CONTACT, expect_result, mails_for, stored

pytestmark = pytest.mark.browser

MESSAGE = "Wie wäre es mit Sitzbänken mit Solar-Ladestation am Königsplatz?"


def fill_contact(page, email: str) -> None:
    """Fill every field of the contact form the way a person does."""
    page.get_by_label("Ihr Name (optional)").fill("Erika Mustermann")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Idee oder Anregung").check()
    page.get_by_label("Ihre Nachricht").fill(MESSAGE)
    page.get_by_label("Ich bin einverstanden", exact=False).check()


def test_contact_with_javascript_shows_success_and_stores_the_message(page, base_url, app):
    page.goto(base_url + CONTACT)
    fill_contact(page, "erika.js@beispiel.de")
    page.get_by_role("button", name="Nachricht senden").click()

    expect_result(page, "Nachricht gesendet", "Vielen Dank für Ihre Nachricht!")
    expect(page.locator("form[data-sk-form]")).to_have_count(0)
    assert page.url == base_url + CONTACT

    rows = [row for row in stored(app, "kontakt") if row.data["email"] == "erika.js@beispiel.de"]
    assert len(rows) == 1
    assert rows[0].data["message"] == MESSAGE
    assert rows[0].verified is True, "the JavaScript path sends a solved proof of work"
    mails = mails_for(app, rows[0].reference)
    assert [mail.to_addr for mail in mails if mail.kind == "notify"] == ["smart@kassel.de"]


def test_contact_without_javascript_reaches_the_thank_you_page(page_without_js, base_url, app):
    page = page_without_js
    page.goto(base_url + CONTACT)
    fill_contact(page, "erika.nojs@beispiel.de")
    page.get_by_role("button", name="Nachricht senden").click()

    page.wait_for_url(base_url + "/kontakt/danke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Nachricht")
    rows = [row for row in stored(app, "kontakt") if row.data["email"] == "erika.nojs@beispiel.de"]
    assert len(rows) == 1
    assert rows[0].verified is False, "without JavaScript there is no proof of work"
    assert len(mails_for(app, rows[0].reference)) == 1


def _submit_almost_empty(page) -> None:
    page.get_by_label("Ihr Name (optional)").fill("Erika")
    page.get_by_label("Ihre Nachricht").fill("Nur eine Nachricht")
    page.get_by_role("button", name="Nachricht senden").click()


def _expect_errors_shown(page) -> None:
    summary = page.locator(".sk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    links = summary.locator("a")
    expect(links).to_have_count(3)
    # Each entry links to its field, in page order, with the inline message's words.
    for link, name in zip(links.all(), ["email", "subject", "consent"], strict=True):
        assert link.get_attribute("href") == f"#kontakt-{name}"
        target = page.locator(f"#kontakt-{name}")
        expect(target).to_have_count(1)
        inline = page.locator(f"#kontakt-{name}-error")
        expect(inline).to_be_visible()
        assert link.inner_text() in inline.inner_text()
    described = page.locator("#kontakt-email").get_attribute("aria-describedby").split()
    assert described == ["kontakt-email-hint", "kontakt-email-error"]
    expect(page.locator("#kontakt-email")).to_have_attribute("aria-invalid", "true")
    assert page.title().startswith("Fehler: ")
    # Nothing typed is lost.
    expect(page.get_by_label("Ihr Name (optional)")).to_have_value("Erika")
    expect(page.get_by_label("Ihre Nachricht")).to_have_value("Nur eine Nachricht")


def test_empty_submit_with_javascript_shows_summary_and_inline_messages(page, base_url, app):
    before = len(stored(app, "kontakt"))
    page.goto(base_url + CONTACT)
    _submit_almost_empty(page)
    _expect_errors_shown(page)
    assert page.url == base_url + CONTACT, "the page stays; the script shows the errors"
    # Following a summary link puts the keyboard focus into that field.
    page.locator(".sk-error-summary a").first.click()
    expect(page.locator("#kontakt-email")).to_be_focused()
    # A second try with everything fixed clears the errors and succeeds.
    page.get_by_label("E-Mail-Adresse").fill("erika.zweiter-versuch@beispiel.de")
    page.get_by_label("Frage zum Modellprojekt").check()
    page.get_by_label("Ich bin einverstanden", exact=False).check()
    page.get_by_role("button", name="Nachricht senden").click()
    expect_result(page, "Nachricht gesendet")
    expect(page.locator(".sk-error-summary, .sk-error-message")).to_have_count(0)
    assert not page.title().startswith("Fehler: ")
    assert len(stored(app, "kontakt")) == before + 1


def test_empty_submit_without_javascript_shows_the_service_error_page(
    page_without_js, base_url, app
):
    before = len(stored(app, "kontakt"))
    page_without_js.goto(base_url + CONTACT)
    _submit_almost_empty(page_without_js)
    page_without_js.wait_for_url(base_url + "/api/forms/kontakt")
    _expect_errors_shown(page_without_js)
    # The service's page uses the site's stylesheet, which keeps the honeypot out of sight.
    box = page_without_js.locator("#kontakt-website").bounding_box()
    assert box["x"] + box["width"] <= 0, f"the honeypot is on screen: {box}"
    assert len(stored(app, "kontakt")) == before
