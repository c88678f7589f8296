"""Confirmed entries (double opt-in): confirmation time, Losnummer and the link's hash.

Entries stored before this revision were accepted under the old rules and told their Losnummer
by mail already, so they count as confirmed at arrival with their reference as Losnummer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("confirmed_at", sa.DateTime(timezone=True)))
    op.add_column("submissions", sa.Column("ticket", sa.String(32), nullable=True))
    op.add_column("submissions", sa.Column("confirm_hash", sa.String(64), nullable=True))
    op.execute("UPDATE submissions SET confirmed_at = created_at, ticket = reference")
    op.create_index("uq_submissions_ticket", "submissions", ["ticket"], unique=True)
    op.create_index("uq_submissions_confirm_hash", "submissions", ["confirm_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_submissions_confirm_hash", table_name="submissions")
    op.drop_index("uq_submissions_ticket", table_name="submissions")
    op.drop_column("submissions", "confirm_hash")
    op.drop_column("submissions", "ticket")
    op.drop_column("submissions", "confirmed_at")
