"""Unique keys on optional columns index only the rows that have a value; drop unread indexes.

Every entry paid one entry in each of nine indexes, most of them for NULL (a contact message
has no ticket, queue number, cancellation or confirmation link). Partial indexes
(`WHERE col IS NOT NULL`) keep the same uniqueness, and every query that looks a key up
(`col = :value`) still uses them. Two indexes that no query reads are dropped.

SQLite cannot drop the one-entry key declared in CREATE TABLE, so the table is rebuilt, and
the outbox rows that dropping the old table deletes by cascade are put back.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ONE_ENTRY_KEY = "uq_submissions_form_id_dedupe_hash"
# name -> (table, columns, the optional column whose NULL rows need no entry)
PARTIAL = {
    ONE_ENTRY_KEY: ("submissions", ["form_id", "dedupe_hash"], "dedupe_hash"),
    "uq_submissions_ticket": ("submissions", ["ticket"], "ticket"),
    "uq_submissions_form_id_queue_number": (
        "submissions",
        ["form_id", "queue_number"],
        "queue_number",
    ),
    "uq_submissions_cancel_hash": ("submissions", ["cancel_hash"], "cancel_hash"),
    "uq_submissions_confirm_hash": ("submissions", ["confirm_hash"], "confirm_hash"),
    "uq_submissions_form_id_submission_key": (
        "submissions",
        ["form_id", "submission_key"],
        "submission_key",
    ),
    "uq_access_requests_link_hash": ("access_requests", ["link_hash"], "link_hash"),
}
# Indexes no query reads: `access` scans all entries (also those stored without an address
# hash), and a message token's 128 random bits are what make it unique, not an index.
UNUSED = {
    "ix_submissions_email_hash": ("submissions", ["email_hash"], False),
    "uq_outbox_message_token": ("outbox", ["message_token"], True),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, (table, _columns, _optional) in PARTIAL.items():
        if name == ONE_ENTRY_KEY and not sqlite:
            op.drop_constraint(name, table, type_="unique")
        elif name != ONE_ENTRY_KEY:
            op.drop_index(name, table_name=table)
    for name, (table, _columns, _unique) in UNUSED.items():
        op.drop_index(name, table_name=table)
    if sqlite and _is_index(ONE_ENTRY_KEY):
        op.drop_index(ONE_ENTRY_KEY, table_name="submissions")  # as a downgrade left it
    elif sqlite:
        _rebuild_submissions_without_one_entry_constraint()
    for name, (table, columns, optional) in PARTIAL.items():
        where = sa.text(f"{optional} IS NOT NULL")
        op.create_index(
            name, table, columns, unique=True, sqlite_where=where, postgresql_where=where
        )


def downgrade() -> None:
    """Full unique indexes again (on SQLite the one-entry key as an index, same effect)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, (table, columns, _optional) in PARTIAL.items():
        op.drop_index(name, table_name=table)
        if name == ONE_ENTRY_KEY and not sqlite:
            op.create_unique_constraint(name, table, columns)
        else:
            op.create_index(name, table, columns, unique=True)
    for name, (table, columns, unique) in UNUSED.items():
        op.create_index(name, table, columns, unique=unique)


def _is_index(name: str) -> bool:
    query = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?"
    return op.get_bind().exec_driver_sql(query, (name,)).scalar_one() == 1


def _rebuild_submissions_without_one_entry_constraint() -> None:
    bind = op.get_bind()
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'submissions'"
    ).scalar_one()
    rebuilt, found = re.subn(rf",\s*CONSTRAINT {ONE_ENTRY_KEY} UNIQUE \([^)]*\)", "", create)
    if found != 1:
        raise RuntimeError(f"{ONE_ENTRY_KEY} not found once in: {create}")
    rebuilt = re.sub(r"^CREATE TABLE \"?submissions\"?", "CREATE TABLE submissions_0008", rebuilt)
    indexes = (
        bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' "
            "AND sql IS NOT NULL"
        )
        .scalars()
        .all()
    )
    bind.exec_driver_sql(rebuilt)
    bind.exec_driver_sql("INSERT INTO submissions_0008 SELECT * FROM submissions")
    # Dropping the old table deletes its rows first, and with foreign keys on (they cannot be
    # switched off inside the migration's transaction) their mails by cascade: keep them.
    bind.exec_driver_sql("CREATE TEMP TABLE outbox_0008 AS SELECT * FROM outbox")
    bind.exec_driver_sql("DROP TABLE submissions")
    bind.exec_driver_sql("ALTER TABLE submissions_0008 RENAME TO submissions")
    bind.exec_driver_sql("INSERT OR IGNORE INTO outbox SELECT * FROM outbox_0008")
    bind.exec_driver_sql("DROP TABLE outbox_0008")
    for sql in indexes:
        bind.exec_driver_sql(sql)
    if bind.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("rebuilding submissions left mails without their entry")
