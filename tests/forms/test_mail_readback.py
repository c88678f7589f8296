"""The read-back before queueing: kept verdicts for subjects never let a bad header through."""

from __future__ import annotations

import pytest

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
