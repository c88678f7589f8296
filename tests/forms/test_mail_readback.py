"""The read-back before queueing: kept verdicts for subjects never let a bad header through."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from forms.storage import mail_headers
from forms.storage.mail_headers import UnsafeMail, check_row

SUBJECT = "Bitte bestätigen Sie Ihre Teilnahme: Smart Kassel-Quiz"


def test_a_refused_subject_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(UnsafeMail):
            check_row("erika@beispiel.de", None, "Hallo\r\nBcc: alle@beispiel.de")


def test_a_kept_subject_verdict_does_not_cover_a_bad_address():
    check_row("erika@beispiel.de", None, SUBJECT)
    with pytest.raises(UnsafeMail):
        check_row("erika@beispiel.de\r\nBcc: alle@beispiel.de", None, SUBJECT)
    with pytest.raises(UnsafeMail):
        check_row("smart@kassel.de", "=?utf-8?q?a=0D=0AX:_y?=@beispiel.de", SUBJECT)


def test_a_header_that_ends_the_header_block_is_seen(monkeypatch):
    # As if the library wrote a blank line after the subject: the headers after it become body.
    original = mail_headers._read_back

    def blank_line_after_subject(message, utf8):
        if "Subject" in message:
            raw = message.as_string().replace("\n", "\n\n", 1)
            from email import message_from_string
            from email.policy import default

            return message_from_string(raw, policy=default)
        return original(message, utf8)

    monkeypatch.setattr(mail_headers, "_read_back", blank_line_after_subject)
    mail_headers._check_subject.cache_clear()
    with pytest.raises(UnsafeMail):
        check_row("erika@beispiel.de", None, "Ein anderer Betreff")
    mail_headers._check_subject.cache_clear()


def test_international_addresses_check_the_subject_again_in_utf8_mode():
    # smtplib writes headers as raw UTF-8 for such addresses: a verdict in ASCII mode says
    # nothing about that writing.
    mail_headers._check_subject.cache_clear()
    check_row("erika@beispiel.de", None, SUBJECT)
    check_row("erika2@beispiel.de", None, SUBJECT)
    assert mail_headers._check_subject.cache_info().currsize == 1
    check_row("jürgen@beispiel.de", None, SUBJECT)
    assert mail_headers._check_subject.cache_info().currsize == 2


@given(st.from_regex(mail_headers.PLAIN_ADDRESS, fullmatch=True))
@settings(max_examples=300, deadline=None)
def test_a_plain_address_that_skips_the_read_back_would_have_passed_it(address):
    # The fast path is sound only if every address it admits reads back unchanged.
    assume(len(address) <= 254)
    message = EmailMessage(policy=SMTP)
    message["To"] = mail_headers.mailbox(address)
    message[mail_headers.LAST_HEADER[0]] = mail_headers.LAST_HEADER[1]
    mail_headers.verify(message, {"To": [address]}, SUBJECT)


@pytest.mark.parametrize(
    "address",
    [
        "=?utf-8?q?a=0D=0ABcc:_x?=@beispiel.de",
        '"a\\r\\nb"@beispiel.de',
        "erika mustermann@beispiel.de",
        "erika@beispiel.de\nBcc: x@y.de",
        "jürgen@beispiel.de",
    ],
)
def test_anything_but_a_plain_address_is_read_back(address, monkeypatch):
    seen = []
    original = mail_headers.verify
    monkeypatch.setattr(mail_headers, "verify", lambda *a, **k: seen.append(1) or original(*a, **k))
    try:
        check_row(address, None, SUBJECT)
    except UnsafeMail:
        seen.append("refused")
    assert seen, f"{address!r} took the fast path"
