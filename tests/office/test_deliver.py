"""`deliver` against a real SMTP server that goes down, refuses and misbehaves."""

import logging
from collections import Counter
from email.policy import default

import pytest
import sqlalchemy as sa

from forms import create_app
from forms.definitions import validation
from forms.office import delivery
from forms.storage import entries
from forms.storage.db import engine
from forms.storage.migrate import upgrade
from forms.storage.tables import outbox

from .conftest import count_rows


def _outbox(app):
    with app.app_context(), engine().connect() as connection:
        return list(connection.execute(sa.select(outbox).order_by(outbox.c.id)))


def _deliver(runner, *args):
    return runner.invoke(args=["deliver", *args])


def _assert_each_sent_once(app, smtp):
    rows = _outbox(app)
    assert {row.status for row in rows} == {"sent"}
    ids = Counter(message["Message-ID"] for message in smtp.messages)
    assert ids == Counter(f"<{row.message_token}@kassel.de>" for row in rows)


def test_every_mail_goes_to_its_recipients(app, runner, add_entry, mail_config, smtp):
    reference = add_entry(email="jonas@beispiel.de")
    add_entry(email="mira@beispiel.de")
    result = _deliver(runner)
    assert result.exit_code == 0, result.output
    assert "Versendet: 4" in result.output
    _assert_each_sent_once(app, smtp)
    envelopes = sorted(tuple(rcpt) for rcpt, _ in smtp.inbox.received)
    assert envelopes.count(("smart@kassel.de",)) == 2
    confirmation = next(m for r, m in smtp.inbox.received if r == ["jonas@beispiel.de"])
    assert reference in confirmation.get_content()
    assert confirmation["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize(
    ("failure", "expected_error"),
    [
        ("down", "Verbindung zum Mailserver fehlgeschlagen"),
        ("refuse-login", "Anmeldung abgelehnt"),
        ("reject-recipient", "Empfänger abgelehnt: 550"),
        ("drop-connection", "Verbindung zum Mailserver fehlgeschlagen"),
    ],
)
def test_outage_then_recovery_delivers_every_mail_exactly_once(
    app, runner, add_entry, mail_config, smtp, clock, failure, expected_error
):
    app.config.update(MAIL_USERNAME="buero", MAIL_PASSWORD="richtig")
    for n in range(3):
        add_entry(email=f"person{n}@beispiel.de")
    if failure == "down":
        smtp.stop()
    else:
        smtp.inbox.mode = failure
    result = _deliver(runner)
    assert result.exit_code == 0, result.output
    assert "Versendet: 0" in result.output
    assert expected_error in result.output
    assert "@beispiel.de" not in result.output
    rows = _outbox(app)
    assert {row.status for row in rows} == {"pending"}
    assert any(expected_error in (row.last_error or "") for row in rows)
    assert smtp.messages == []

    if failure == "down":
        smtp.start()
    smtp.inbox.mode = "ok"
    attempted = sum(1 for row in rows if row.attempts)
    # Mails not yet tried go out now; the ones that failed wait for their back-off.
    assert f"Versendet: {6 - attempted}," in _deliver(runner).output
    clock.advance(minutes=2)
    result = _deliver(runner)
    assert result.exit_code == 0, result.output
    _assert_each_sent_once(app, smtp)
    assert len(smtp.messages) == 6


def test_after_the_cap_the_mail_is_failed_and_deliver_exits_non_zero(
    app, runner, add_entry, mail_config, smtp, clock
):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    add_entry(email="jonas@beispiel.de")
    smtp.inbox.mode = "reject-recipient"
    outputs = []
    for _ in range(3):
        outputs.append(_deliver(runner))
        clock.advance(hours=1)
    assert [r.exit_code for r in outputs] == [0, 0, 1]
    assert "aufgegeben: 2" in outputs[-1].output
    assert "--retry-failed" in outputs[-1].output
    assert count_rows(app, outbox, status="failed") == 2
    assert smtp.messages == []

    smtp.inbox.mode = "ok"
    assert _deliver(runner).exit_code == 1  # still failed until someone re-queues them
    result = _deliver(runner, "--retry-failed")
    assert result.exit_code == 0, result.output
    assert "2 aufgegebene E-Mails neu eingereiht" in result.output
    _assert_each_sent_once(app, smtp)


def test_a_crash_between_sending_and_marking_sends_again_after_the_lease(
    app, runner, add_entry, mail_config, smtp, clock, monkeypatch
):
    add_entry(email="jonas@beispiel.de")
    app.config["MAIL_LEASE_SECONDS"] = 300

    def crash(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(delivery, "mark_sent", crash)
    _deliver(runner, "--limit", "1")
    monkeypatch.undo()
    assert len(smtp.messages) == 1
    assert count_rows(app, outbox, status="pending") == 2

    clock.advance(seconds=299)
    _deliver(runner)
    assert len(smtp.messages) == 2  # only the other mail; the claimed one is leased
    clock.advance(seconds=2)
    assert _deliver(runner).exit_code == 0
    ids = Counter(message["Message-ID"] for message in smtp.messages)
    assert sorted(ids.values()) == [1, 2]  # sent at most twice, never lost
    assert count_rows(app, outbox, status="sent") == 2


def test_header_injection_arrives_as_plain_text_and_non_ascii_is_encoded(
    app, runner, add_entry, mail_config, smtp
):
    add_entry("kontakt", email="erika@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        connection.execute(
            sa.update(outbox).values(
                subject="Grüße\r\nBcc: opfer@example.org",
                reply_to="Erika Weiß\r\nBcc: opfer@example.org <erika@beispiel.de>",
            )
        )
    assert _deliver(runner).exit_code == 0
    (recipients, message), *_ = smtp.inbox.received
    assert recipients == ["smart@kassel.de"]
    assert message["Bcc"] is None
    assert message["Subject"] == "Grüße Bcc: opfer@example.org"
    assert message["Reply-To"].addresses[0].addr_spec == "erika@beispiel.de"
    assert message["Reply-To"].addresses[0].display_name == "Erika Weiß Bcc: opfer@example.org"
    raw = message.as_bytes(policy=default)
    assert b"\nBcc:" not in raw


def test_loop_keeps_delivering_until_the_server_is_back(
    app, runner, add_entry, mail_config, smtp, clock
):
    add_entry(email="jonas@beispiel.de")
    smtp.stop()

    def sleep(seconds):
        clock.advance(seconds=seconds)
        if smtp._controller is None:
            smtp.start()

    app.config["SLEEP"] = sleep
    result = _deliver(runner, "--loop", "--interval", "90", "--runs", "3")
    assert result.exit_code == 0, result.output
    assert result.output.count("Versendet:") == 3
    _assert_each_sent_once(app, smtp)


def test_without_mail_server_mails_go_to_the_log_without_addresses(app, runner, add_entry, caplog):
    add_entry(email="jonas@beispiel.de")
    with caplog.at_level(logging.INFO, logger="forms.office.mail_transport"):
        result = _deliver(runner)
    assert result.exit_code == 0
    assert "MAIL_SERVER ist nicht gesetzt" in result.output
    assert "nicht versendet (kein MAIL_SERVER) an 1 Empfänger" in caplog.text
    assert "jonas@beispiel.de" not in caplog.text
    assert "smart@kassel.de" not in caplog.text


def test_claims_never_hand_one_mail_to_two_processes(app, add_entry, clock):
    add_entry(email="jonas@beispiel.de")
    policy = delivery.RetryPolicy()
    with app.app_context():
        first = delivery.claim_next(engine(), clock.now(), policy)
        second = delivery.claim_next(engine(), clock.now(), policy)
        third = delivery.claim_next(engine(), clock.now(), policy)
    assert first.id != second.id
    assert third is None


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgres_skips_rows_another_deliver_holds(app, add_entry, clock):
    add_entry(email="jonas@beispiel.de")
    with app.app_context():
        rows = _outbox(app)
        with engine().connect() as other:
            other.begin()
            other.execute(
                sa.select(outbox).where(outbox.c.id == rows[0].id).with_for_update()
            ).all()
            claimed = delivery.claim_next(engine(), clock.now(), delivery.RetryPolicy())
            other.rollback()
    assert claimed.id == rows[1].id


def test_international_addresses_are_delivered_with_smtputf8(
    app, runner, add_entry, mail_config, smtp
):
    add_entry(email="jürgen@müller-straße.de")
    result = _deliver(runner)
    assert result.exit_code == 0, result.output
    confirmation = next(m for r, m in smtp.inbox.received if r == ["jürgen@müller-straße.de"])
    assert confirmation["To"].addresses[0].addr_spec == "jürgen@müller-straße.de"
    _assert_each_sent_once(app, smtp)


def test_a_broken_stored_address_is_given_up_at_once(app, runner, add_entry, mail_config, smtp):
    add_entry("kontakt", email="erika@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        connection.execute(sa.update(outbox).values(to_addr="kein-at-zeichen"))
    result = _deliver(runner)
    assert result.exit_code == 1
    assert "Ungültige E-Mail-Adresse" in result.output
    assert count_rows(app, outbox, status="failed") == 1
    assert smtp.messages == []


def test_a_mail_that_crashes_every_run_is_given_up_after_the_cap(
    app, runner, add_entry, mail_config, smtp, clock, monkeypatch
):
    app.config.update(MAIL_MAX_ATTEMPTS=2, MAIL_LEASE_SECONDS=60)
    add_entry("kontakt", email="erika@beispiel.de")

    def crash(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(delivery, "build_message", crash)
    for _ in range(2):
        assert isinstance(_deliver(runner).exception, RuntimeError)
        clock.advance(seconds=61)
    monkeypatch.undo()
    result = _deliver(runner)
    assert result.exit_code == 1
    assert "Versand wiederholt abgebrochen" in result.output
    assert smtp.messages == []


def test_starttls_against_a_server_without_it_waits_with_a_clear_error(
    app, runner, add_entry, mail_config, smtp
):
    app.config["MAIL_SECURITY"] = "starttls"
    add_entry("kontakt", email="erika@beispiel.de")
    result = _deliver(runner)
    assert result.exit_code == 0
    assert "Verbindung zum Mailserver fehlgeschlagen: STARTTLS extension not supported" in (
        result.output
    )
    assert count_rows(app, outbox, status="pending") == 1
    assert smtp.messages == []


def test_message_ids_differ_between_databases_that_count_alike(
    app, runner, add_entry, mail_config, smtp, tmp_path, clock
):
    """A second installation has the same outbox ids at the same moment, never the same ids."""
    add_entry(email="jonas@beispiel.de")
    assert _deliver(runner).exit_code == 0
    other = create_app(app.config | {"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"})
    with other.app_context():
        upgrade(engine())
    definition = other.extensions["forms_definitions"]["kontakt"]
    values = dict(next(e for e in definition.examples if e.valid).data)
    result = validation.validate(definition, values)
    for _ in range(2):
        with other.app_context(), engine().connect() as connection:
            entries.save(
                connection,
                definition,
                result.values,
                all_correct=None,
                verified=True,
                now=clock.now(),
                secret="other-secret",
            )
    assert other.test_cli_runner().invoke(args=["deliver"]).exit_code == 0
    other.extensions["forms_engine"].dispose()
    ids = [message["Message-ID"] for message in smtp.messages]
    assert len(ids) == 4
    assert len(set(ids)) == 4
