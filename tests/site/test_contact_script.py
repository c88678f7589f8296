"""In a real browser: the e-mail link is assembled and the chat notice follows Kassel's clock."""

from __future__ import annotations

import pytest

HOURS = "1 16:00-17:00, 3 10:00-11:00"


@pytest.fixture(scope="module")
def contact_page(site, chromium):
    # A visitor abroad: the notice must still use Kassel's time.
    context = chromium.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    page.goto((site.root / "kontakt/index.html").as_uri())
    yield page
    context.close()


@pytest.mark.browser
def test_email_address_becomes_a_mail_link_with_javascript(contact_page):
    link = contact_page.locator('a[href="mailto:smart@kassel.de"]').first
    assert link.text_content() == "smart@kassel.de"
    assert contact_page.locator("[data-sk-chat]").text_content().startswith("Der Chat ist")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2021-06-21T14:30:00Z", "Der Chat ist jetzt geöffnet, noch bis 17:00 Uhr."),
        (
            "2021-06-21T15:00:00Z",
            "Der Chat ist gerade geschlossen. "
            "Er öffnet wieder am Mittwoch, 23. Juni, um 10:00 Uhr.",
        ),
        (
            "2021-06-23T06:00:00Z",
            "Der Chat ist gerade geschlossen. Er öffnet wieder heute um 10:00 Uhr.",
        ),
        (
            "2021-12-26T23:30:00Z",
            "Der Chat ist gerade geschlossen. Er öffnet wieder heute um 16:00 Uhr.",
        ),
        (
            "2021-06-23T09:00:00Z",
            "Der Chat ist gerade geschlossen. Er öffnet wieder am Montag, 28. Juni, um 16:00 Uhr.",
        ),
    ],
)
def test_chat_notice_is_computed_for_europe_berlin(contact_page, instant, expected):
    status = contact_page.evaluate(
        "([instant, hours]) => window.SmartKassel.chatStatus(new Date(instant), hours).text",
        [instant, HOURS],
    )
    assert status == expected
