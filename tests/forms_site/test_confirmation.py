"""Double opt-in in Chromium, with the mail read from a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from forms.office.draws import eligible_pools

from .conftest import QUIZ, delivered_mail, mail_settings, running, stored
from .test_quiz_form import fill_quiz

pytestmark = pytest.mark.browser


LINK = re.compile(r"https?://\S+/api/bestaetigen/\S+")
TICKET = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]")


@pytest.fixture
def served(site, tmp_path, mail_server):
    """A fresh `make run` server whose mails go to the test's SMTP server."""
    mail = mail_settings(mail_server)
    with running(site, tmp_path, **mail) as (url, app):
        app.config["SITE_URL"] = url  # links in mails are absolute, built from SITE_URL only
        yield url, app


def _link(app, server, address: str) -> str:
    return LINK.search(delivered_mail(app, server, address, "Bitte bestätigen")).group(0)


def _eligible(app) -> set[str]:
    definition = app.extensions["forms_definitions"]["smart-kassel-quiz"]
    with app.extensions["forms_engine"].connect() as connection:
        pools = eligible_pools(connection, definition, list(definition.prizes), None)
    return {reference for _, references in pools for reference in references}


def _enter_with_js(page, url: str, address: str) -> None:
    page.goto(url + QUIZ)
    fill_quiz(page, address)
    page.get_by_role("button", name="Teilnehmen").click()
    result = page.locator("[data-sk-form-result]")
    expect(result).to_contain_text("Bitte prüfen Sie Ihre E-Mails")
    expect(result).to_contain_text("Bitte bestätigen Sie Ihre Teilnahme über den Link")


def _confirm_in_browser(page, link: str) -> str:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnahme bestätigen")
    page.get_by_role("button", name="Teilnahme jetzt bestätigen").click()
    expect(page.locator(".sk-ticket")).to_be_visible()
    return TICKET.search(page.locator(".sk-ticket").inner_text()).group(0)


def test_enter_read_the_mail_confirm_and_see_the_losnummer(page, served, mail_server):
    url, app = served
    _enter_with_js(page, url, "bestaetigt@beispiel.de")
    assert _eligible(app) == set()
    ticket = _confirm_in_browser(page, _link(app, mail_server, "bestaetigt@beispiel.de"))
    receipt = delivered_mail(app, mail_server, "bestaetigt@beispiel.de", "Ihre Teilnahme")
    assert f"Ihre Losnummer: {ticket}" in receipt
    # The receipt says how to withdraw, and a reply reaches the office (MAIL_REPLY_TO).
    assert "Antworten Sie einfach auf diese E-Mail" in " ".join(receipt.split())
    assert _eligible(app) == {ticket}


def test_a_second_click_and_an_expired_link_get_clear_pages(page, served, mail_server):
    url, app = served
    _enter_with_js(page, url, "zweimal@beispiel.de")
    link = _link(app, mail_server, "zweimal@beispiel.de")
    _confirm_in_browser(page, link)
    again = page.goto(link)
    assert again.status == 410
    expect(page.locator("main")).to_contain_text("bereits verwendet")

    _enter_with_js(page, url, "spaet@beispiel.de")
    late = _link(app, mail_server, "spaet@beispiel.de")
    clock = app.extensions["forms_clock"]
    clock.start += timedelta(hours=73)  # the preview clock (FORMS_PREVIEW_NOW) drives expiry
    expired = page.goto(late)
    assert expired.status == 410
    expect(page.locator("main")).to_contain_text("abgelaufen")
    expect(page.get_by_role("button", name="Teilnahme jetzt bestätigen")).to_have_count(0)


def test_a_stranger_entering_my_address_first_does_not_block_me_without_javascript(
    page_without_js, served, mail_server
):
    """No JavaScript, so no proof of work: honeypot, rate limit and the confirmation decide."""
    url, app = served
    page = page_without_js
    for name in ("Mallory", "Erika"):
        page.goto(url + QUIZ)
        fill_quiz(page, "erika@beispiel.de")
        page.get_by_label("Vorname (optional)").fill(name)
        page.get_by_role("button", name="Teilnehmen").click()
        expect(page.locator("main")).to_contain_text("Bitte bestätigen Sie Ihre Teilnahme")
    result = app.test_cli_runner().invoke(args=["deliver"])
    assert result.exit_code == 0, result.output
    links = [
        LINK.search(message.get_content()).group(0)
        for recipients, message in mail_server.inbox.received
        if recipients == ["erika@beispiel.de"]
    ]
    stranger, own = links
    ticket = _confirm_in_browser(page, own)  # a form POST: works without JavaScript
    refused = page.goto(stranger)
    assert refused.status == 200  # the page only shows the button
    page.get_by_role("button", name="Teilnahme jetzt bestätigen").click()
    expect(page.locator("main")).to_contain_text("bereits teilgenommen")
    entries = stored(app, "smart-kassel-quiz")
    assert {row.data["first_name"] for row in entries if row.confirmed_at} == {"Erika"}
    assert all(row.verified is False for row in entries)
    assert _eligible(app) == {ticket}


def test_meine_daten_shows_my_entry_and_withdrawing_takes_it_out_of_export_and_draw(
    page_without_js, served, mail_server
):
    url, app = served
    page = page_without_js
    page.goto(url + QUIZ)
    fill_quiz(page, "rueckzug@beispiel.de")
    page.get_by_role("button", name="Teilnehmen").click()
    ticket = _confirm_in_browser(page, _link(app, mail_server, "rueckzug@beispiel.de"))
    assert ticket in _eligible(app)

    for address in ("rueckzug@beispiel.de", "unbekannt@beispiel.de"):
        page.goto(url + "/meine-daten/")
        page.get_by_label("E-Mail-Adresse").fill(address)
        page.get_by_role("button", name="Link anfordern").click()
        expect(page.locator("main")).to_contain_text("Wenn wir Daten zu dieser Adresse haben")
    mail = delivered_mail(app, mail_server, "rueckzug@beispiel.de", "Ihre Daten")
    assert not [r for r, _ in mail_server.inbox.received if r == ["unbekannt@beispiel.de"]]
    page.goto(re.search(r"https?://\S+/api/meine-daten/\S+", mail).group(0))
    page.get_by_role("button", name="Meine Daten anzeigen").click()
    expect(page.locator("main")).to_contain_text(ticket)
    expect(page.locator("main")).to_contain_text("rueckzug@beispiel.de")
    page.get_by_role("button", name="Alles löschen und zurückziehen").click()
    expect(page.locator("main")).to_contain_text("gelöscht")

    assert ticket not in _eligible(app)
    exported = app.test_cli_runner().invoke(args=["export", "smart-kassel-quiz"])
    assert exported.exit_code == 0 and ticket not in exported.output
    assert "rueckzug@beispiel.de" not in exported.output
