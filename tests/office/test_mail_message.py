"""Mails are well-formed, encoded and immune to header injection, even before any SMTP."""

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest

from forms.office.mailer import (
    MailError,
    MailSettings,
    OutboundMail,
    build_message,
    one_line,
    redact,
)

NOW = datetime(2021, 6, 20, 12, 0, tzinfo=UTC)
SETTINGS = MailSettings.from_mapping(
    {"MAIL_SERVER": "mail.example", "MAIL_FROM": "Smart Kassel-Büro <smart@kassel.example>"}
)


def _roundtrip(mail: OutboundMail):
    return message_from_bytes(build_message(mail, SETTINGS, NOW).as_bytes(), policy=default)


def test_non_ascii_headers_and_body_survive_encoding():
    mail = OutboundMail(
        7,
        NOW,
        "buero@kassel.example",
        "Jürgen Weiß <j@example.org>",
        "Kontakt: Größe & Übermaß",
        "Grüße aus Kassel\n",
    )
    raw = build_message(mail, SETTINGS, NOW).as_bytes()
    assert raw.isascii()
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == "Kontakt: Größe & Übermaß"
    assert parsed["Reply-To"].addresses[0].display_name == "Jürgen Weiß"
    assert parsed["From"].addresses[0].display_name == "Smart Kassel-Büro"
    assert parsed.get_content().splitlines() == ["Grüße aus Kassel"]
    assert parsed.get_content_charset() == "utf-8"


def test_message_id_comes_from_the_stored_token_so_a_resend_keeps_it():
    first = _roundtrip(OutboundMail(42, NOW, "a@example.org", None, "x", "y", "a1" * 16))
    again = _roundtrip(OutboundMail(42, NOW, "a@example.org", None, "x", "y", "a1" * 16))
    assert first["Message-ID"] == again["Message-ID"] == f"<{'a1' * 16}@kassel.example>"
    assert first["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_cr_lf_in_subject_and_name_cannot_add_headers(breaker):
    mail = OutboundMail(
        1,
        NOW,
        "buero@kassel.example",
        f"Max{breaker}Bcc: opfer@example.org <max@example.org>",
        f"Hallo{breaker}Bcc: opfer@example.org",
        "Text",
    )
    parsed = _roundtrip(mail)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hallo Bcc: opfer@example.org"
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["max@example.org"]
    assert [a.addr_spec for a in parsed["To"].addresses] == ["buero@kassel.example"]


def test_several_office_addresses_become_one_to_header():
    parsed = _roundtrip(OutboundMail(3, NOW, "a@kassel.example, b@kassel.example", None, "s", "b"))
    assert [a.addr_spec for a in parsed["To"].addresses] == ["a@kassel.example", "b@kassel.example"]


@pytest.mark.parametrize("to", ["", "kein-at-zeichen", "@kassel.example", "a@"])
def test_unusable_recipient_is_a_mail_error(to):
    with pytest.raises(MailError):
        build_message(OutboundMail(1, NOW, to, None, "s", "b"), SETTINGS, NOW)


def test_one_line_collapses_control_characters():
    assert one_line("a\r\n\tb\x00c  d") == "a b c d"


def test_redact_hides_addresses_in_server_replies():
    assert redact("550 <max@example.org>: rejected") == "550 <<Adresse>>: rejected"


@pytest.mark.parametrize(
    ("config", "security", "port"),
    [
        ({}, "starttls", 587),
        ({"MAIL_SECURITY": "tls"}, "tls", 465),
        ({"MAIL_SECURITY": "none", "MAIL_PORT": 0}, "none", 25),
        ({"MAIL_SECURITY": "NONE", "MAIL_PORT": "2525"}, "none", 2525),
    ],
)
def test_security_and_port_defaults(config, security, port):
    settings = MailSettings.from_mapping(config)
    assert (settings.security, settings.port) == (security, port)


def test_unknown_security_mode_is_refused():
    with pytest.raises(ValueError, match="MAIL_SECURITY"):
        MailSettings.from_mapping({"MAIL_SECURITY": "ssl3"})


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.53", "localhost", "LOCALHOST.", "::1", "[::1]"]
)
def test_plain_smtp_is_allowed_to_a_server_on_this_machine(host):
    settings = MailSettings.from_mapping({"MAIL_SECURITY": "none", "MAIL_SERVER": host})
    assert settings.security == "none"


@pytest.mark.parametrize("host", ["mail.example", "10.0.0.5", "localhost.evil.example", "::2"])
def test_plain_smtp_to_another_host_is_refused(host):
    with pytest.raises(ValueError, match="allowed only for a server on this machine"):
        MailSettings.from_mapping({"MAIL_SECURITY": "none", "MAIL_SERVER": host})


def test_the_service_refuses_to_start_with_plain_smtp_to_another_host(tmp_path):
    from forms import create_app

    with pytest.raises(RuntimeError, match=r"MAIL_SECURITY=none .* 'mail\.example'"):
        create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'forms.sqlite3'}",
                "SECRET_KEY": "x",
                "MAIL_SERVER": "mail.example",
                "MAIL_SECURITY": "none",
            }
        )


def test_a_citizens_mail_answers_to_the_office_and_a_contact_notice_to_the_sender():
    receipt = _roundtrip(OutboundMail(5, NOW, "erika@example.org", None, "Ihre Teilnahme", "b"))
    assert [a.addr_spec for a in receipt["Reply-To"].addresses] == ["smart@kassel.de"]
    notice = _roundtrip(OutboundMail(6, NOW, "buero@kassel.example", "max@example.org", "s", "b"))
    assert [a.addr_spec for a in notice["Reply-To"].addresses] == ["max@example.org"]
    own = MailSettings.from_mapping({"MAIL_REPLY_TO": "Büro <buero@kassel.example>"})
    mail = OutboundMail(7, NOW, "erika@example.org", None, "s", "b")
    parsed = message_from_bytes(build_message(mail, own, NOW).as_bytes(), policy=default)
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["buero@kassel.example"]
