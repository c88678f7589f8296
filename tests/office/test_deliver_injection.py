"""Whatever reached the outbox, the SMTP server never sees another recipient or header."""

import pytest
import sqlalchemy as sa

from forms.storage.db import engine
from forms.storage.tables import outbox

from .conftest import count_rows

PAYLOADS = [
    "=?UTF-8?Q?=0D=0ABcc=3A_evil?=@attacker.de",
    "=?UTF-8?Q?x=0D=0A=0D=0AGewonnen!_Klicken_Sie_hier?=@attacker.de",
    "=?utf-8?b?DQpCY2M6IGV2aWxAYXR0YWNrZXIuZGU=?=@attacker.de",
    "x@attacker.de=?UTF-8?Q?=0ABcc:_evil@attacker.de?=",
    "Erika =?UTF-8?Q?=0D=0ABcc=3A_evil@attacker.de?= <erika@beispiel.de>",
    "erika@beispiel.de\r\nBcc: evil@attacker.de",
    "erika@beispiel.de\u2028Bcc: evil@attacker.de",
    "x\u200b@beispiel.de",
    "\u202eed.leipsieb@x",
]
STANDARD_HEADERS = {
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}


def _tamper(app, **values):
    """Write straight into the outbox, as a bug or an intruder past validation could."""
    with app.app_context(), engine().begin() as connection:
        connection.execute(sa.update(outbox).values(**values))


def _assert_nothing_extra(smtp, intended):
    for recipients, message in smtp.inbox.received:
        assert set(recipients) <= intended
        assert set(message.keys()) <= STANDARD_HEADERS
        assert len(message.get_all("To")) == 1
        assert {a.addr_spec for a in message["To"].addresses} <= intended
        assert "evil" not in message.get_content().lower()
        assert "Gewonnen" not in message.get_content()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("column", ["reply_to", "to_addr", "subject"])
def test_hostile_outbox_values_never_add_a_recipient_or_header(
    app, runner, add_entry, mail_config, smtp, payload, column
):
    add_entry("kontakt", email="erika@beispiel.de")
    _tamper(app, **{column: payload})
    result = runner.invoke(args=["deliver"])
    _assert_nothing_extra(smtp, {"smart@kassel.de", "erika@beispiel.de"})
    if column != "subject" or "=?" in payload:
        # Addresses with injections, and encoded words anywhere, are given up, never sent.
        assert smtp.messages == [], [m.as_string() for m in smtp.messages]
        assert result.exit_code == 1
        assert count_rows(app, outbox, status="failed") == 1
        assert "evil" not in result.output and "attacker" not in result.output
    else:
        # Line breaks in a subject are flattened into harmless text.
        assert len(smtp.messages) == 1


def test_the_quiz_confirmation_goes_only_to_the_entrant(app, runner, add_entry, mail_config, smtp):
    add_entry(email="jonas@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        connection.execute(
            sa.update(outbox).where(outbox.c.kind == "confirmation").values(to_addr=PAYLOADS[0])
        )
    result = runner.invoke(args=["deliver"])
    assert result.exit_code == 1
    assert [recipients for recipients, _ in smtp.inbox.received] == [["smart@kassel.de"]]
    _assert_nothing_extra(smtp, {"smart@kassel.de"})
