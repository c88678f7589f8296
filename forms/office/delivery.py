"""Work through the outbox: claim a due mail, send it, mark it; retry with back-off, give up loudly.

A claim moves the row's ``next_attempt_at`` a lease into the future and counts the attempt, in one
short transaction. If the process dies after the server took the mail but before it was marked
sent, the lease runs out and the mail goes out a second time: at most twice, never zero times.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from forms.office.mail_transport import LogTransport, SmtpTransport
from forms.office.mailer import MailError, MailSettings, OutboundMail, build_message
from forms.storage.tables import outbox

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again after a failure, and when to stop trying."""

    base_seconds: int = 60
    cap_seconds: int = 6 * 3600
    max_attempts: int = 12
    lease_seconds: int = 300

    def delay(self, attempts: int) -> timedelta:
        """Double the wait after every failed attempt, up to the cap."""
        return timedelta(
            seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.cap_seconds)
        )


@dataclass
class DeliveryReport:
    """What one run did, for the command's output."""

    sent: int = 0
    deferred: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def claim_next(engine: sa.Engine, now: datetime, policy: RetryPolicy) -> sa.Row | None:
    """Take the next due mail for this process, or None when nothing is due."""
    due = (
        sa.select(outbox)
        .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
        .order_by(outbox.c.next_attempt_at, outbox.c.id)
        .limit(1)
    )
    for _ in range(20):
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            row = connection.execute(due).first()
            if row is None:
                return None
            same = (
                outbox.c.id == row.id,
                outbox.c.status == "pending",
                outbox.c.attempts == row.attempts,
            )
            if row.attempts >= policy.max_attempts:
                # Every claim so far ended in a crash: stop, or the mail would loop forever.
                reason = row.last_error or "Versand wiederholt abgebrochen"
                connection.execute(
                    sa.update(outbox).where(*same).values(status="failed", last_error=reason)
                )
                continue
            claimed = connection.execute(
                sa.update(outbox)
                .where(*same)
                .values(
                    attempts=row.attempts + 1,
                    next_attempt_at=now + timedelta(seconds=policy.lease_seconds),
                )
            )
            if claimed.rowcount == 1:
                return row
    return None


def mark_sent(engine: sa.Engine, row: sa.Row, now: datetime) -> None:
    """Record that the server accepted the mail."""
    with engine.begin() as connection:
        connection.execute(
            sa.update(outbox)
            .where(outbox.c.id == row.id, outbox.c.status == "pending")
            .values(status="sent", sent_at=now, last_error=None)
        )


def mark_failed(
    engine: sa.Engine,
    row: sa.Row,
    error: str,
    now: datetime,
    policy: RetryPolicy,
    permanent: bool = False,
) -> bool:
    """Keep the error and schedule the next try; return True when the mail is given up."""
    attempts = row.attempts + 1
    give_up = permanent or attempts >= policy.max_attempts
    values = {"last_error": error[:1000]}
    if give_up:
        values["status"] = "failed"
    else:
        values["next_attempt_at"] = now + policy.delay(attempts)
    with engine.begin() as connection:
        connection.execute(
            sa.update(outbox)
            .where(outbox.c.id == row.id, outbox.c.attempts == attempts)
            .values(**values)
        )
    return give_up


def deliver_once(
    engine: sa.Engine,
    transport: LogTransport | SmtpTransport,
    settings: MailSettings,
    clock: Clock,
    policy: RetryPolicy,
    limit: int | None = None,
) -> DeliveryReport:
    """Send every due mail once; stop early when the server cannot be reached."""
    report = DeliveryReport()
    try:
        while limit is None or report.sent + report.deferred + report.failed < limit:
            row = claim_next(engine, clock(), policy)
            if row is None:
                break
            mail = OutboundMail(
                row.id,
                row.created_at,
                row.to_addr,
                row.reply_to,
                row.subject,
                row.body,
                row.message_token,
            )
            try:
                transport.send(build_message(mail, settings, clock()))
            except MailError as error:
                if mark_failed(engine, row, str(error), clock(), policy, error.permanent):
                    report.failed += 1
                else:
                    report.deferred += 1
                report.errors.append(f"Mail #{row.id}: {error}")
                if error.connection:
                    break
            else:
                mark_sent(engine, row, clock())
                report.sent += 1
    finally:
        transport.close()
    return report


def failed_mails(engine: sa.Engine) -> list[sa.Row]:
    """Mails that were given up and need a person to look at them."""
    query = sa.select(outbox.c.id, outbox.c.attempts, outbox.c.last_error).where(
        outbox.c.status == "failed"
    )
    with engine.connect() as connection:
        return list(connection.execute(query.order_by(outbox.c.id)))


def retry_failed(engine: sa.Engine, now: datetime) -> int:
    """Put given-up mails back in the queue, e.g. after fixing the server settings."""
    with engine.begin() as connection:
        result = connection.execute(
            sa.update(outbox)
            .where(outbox.c.status == "failed")
            .values(status="pending", attempts=0, next_attempt_at=now)
        )
    return result.rowcount


def run_loop(
    run: Callable[[], DeliveryReport],
    sleep: Callable[[float], None],
    interval: float,
    runs: int | None = None,
) -> int:
    """Keep delivering, pausing between runs; ``runs`` bounds the loop (None: until stopped)."""
    done = 0
    while runs is None or done < runs:
        run()
        done += 1
        if runs is None or done < runs:
            sleep(interval)
    return done
