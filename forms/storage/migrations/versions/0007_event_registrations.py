"""Event registrations: seats and a waiting list in order of confirmation, cancellation links.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("queue_number", sa.Integer, nullable=True))
    op.add_column("submissions", sa.Column("seat", sa.String(10), nullable=True))
    op.add_column("submissions", sa.Column("cancel_hash", sa.String(64), nullable=True))
    op.add_column("submissions", sa.Column("cancelled_at", sa.DateTime(timezone=True)))
    op.add_column("submissions", sa.Column("reminded_at", sa.DateTime(timezone=True)))
    op.create_index(
        "uq_submissions_form_id_queue_number",
        "submissions",
        ["form_id", "queue_number"],
        unique=True,
    )
    op.create_index("uq_submissions_cancel_hash", "submissions", ["cancel_hash"], unique=True)
    op.create_table(
        "seat_counters",
        sa.Column("form_id", sa.String(100), primary_key=True),
        sa.Column("issued", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("seat_counters")
    op.drop_index("uq_submissions_cancel_hash", table_name="submissions")
    op.drop_index("uq_submissions_form_id_queue_number", table_name="submissions")
    for column in ("reminded_at", "cancelled_at", "cancel_hash", "seat", "queue_number"):
        op.drop_column("submissions", column)
