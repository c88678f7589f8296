"""The database schema, shared by the migrations, the service and the office commands."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


class UTCDateTime(sa.TypeDecorator):
    """Store UTC; always hand back timezone-aware UTC, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _unique_where_set(*columns: str, table: str = "submissions") -> sa.Index:
    """A unique index over the rows whose last column is set (NULL rows take no entry).

    A query uses it when its WHERE names that column with `=`, `<`, `IN` and the like.
    """
    where = sa.text(f"{columns[-1]} IS NOT NULL")
    name = f"uq_{table}_{'_'.join(columns)}"
    return sa.Index(name, *columns, unique=True, sqlite_where=where, postgresql_where=where)


submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(32), nullable=False, unique=True),
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("email_hash", sa.String(64), nullable=True),
    sa.Column("dedupe_hash", sa.String(64), nullable=True),
    sa.Column("all_correct", sa.Boolean, nullable=True),
    sa.Column("raffles", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("verified", sa.Boolean, nullable=False),
    # Keyed hashes naming the form rendering a post came from and what it said: a resend
    # of the same submission finds the stored one instead of making a second (idempotency).
    sa.Column("submission_key", sa.String(64), nullable=True),
    sa.Column("body_hash", sa.String(64), nullable=True),
    # Double opt-in: an entry counts once confirmed; only then it gets its Losnummer (ticket)
    # and its dedupe_hash, so the one-entry rule binds confirmed entries only. confirm_hash
    # is the SHA-256 of the mailed link's nonce, never the link itself.
    sa.Column("confirmed_at", UTCDateTime, nullable=True),
    sa.Column("ticket", sa.String(32), nullable=True),
    sa.Column("confirm_hash", sa.String(64), nullable=True),
    # Event registrations (forms.storage.seats): the number a confirmation drew (its place in
    # the order of arrival), "seat", "waiting" or "cancelled", and the cancellation link's hash.
    sa.Column("queue_number", sa.Integer, nullable=True),
    sa.Column("seat", sa.String(10), nullable=True),
    sa.Column("cancel_hash", sa.String(64), nullable=True),
    sa.Column("cancelled_at", UTCDateTime, nullable=True),
    sa.Column("reminded_at", UTCDateTime, nullable=True),
    # Unique keys on optional columns index only the rows that have a value (migration 0008):
    # most entries have no ticket, seat or link yet and pay for no index entry of them.
    _unique_where_set("form_id", "dedupe_hash"),
    _unique_where_set("ticket"),
    _unique_where_set("form_id", "queue_number"),
    _unique_where_set("cancel_hash"),
    _unique_where_set("confirm_hash"),
    _unique_where_set("form_id", "submission_key"),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "submission_id",
        sa.Integer,
        sa.ForeignKey("submissions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("to_addr", sa.Text, nullable=False),
    sa.Column("reply_to", sa.Text, nullable=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    # The random part of the mail's Message-ID: unique across databases, the same on resend.
    # 128 random bits make it unique; an index only checked that at a random page per mail.
    sa.Column("message_token", sa.String(32), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
    sa.Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
)

draws = sa.Table(
    "draws",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("raffles", sa.String(500), nullable=False),
    sa.Column("seed", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("protocol", sa.Text, nullable=False),
    sa.Column("forced", sa.Boolean, nullable=False),
)

# "Meine Daten": every request is stored alike, for known and unknown addresses, so the answer
# takes the same time; `deliver` mails a link only where data exists and drops the rest.
access_requests = sa.Table(
    "access_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("link_hash", sa.String(64), nullable=True),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("used_at", UTCDateTime, nullable=True),
    sa.Column("status", sa.String(10), nullable=False, server_default="new"),
    sa.CheckConstraint("status IN ('new', 'mailed')", name="status"),
    _unique_where_set("link_hash", table="access_requests"),
)

# One row per registration form: the last queue number handed out. Its row lock (PostgreSQL)
# or SQLite's single writer puts concurrent confirmations in one order (forms.storage.seats).
seat_counters = sa.Table(
    "seat_counters",
    metadata,
    sa.Column("form_id", sa.String(100), primary_key=True),
    sa.Column("issued", sa.Integer, nullable=False),
)

DUPLICATE_CONSTRAINT = "uq_submissions_form_id_dedupe_hash"
SUBMISSION_KEY_CONSTRAINT = "uq_submissions_form_id_submission_key"
