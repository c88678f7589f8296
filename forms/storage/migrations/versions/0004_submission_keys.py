"""Submission keys: a resend of one submission finds the stored entry instead of a second one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("submission_key", sa.String(64), nullable=True))
    op.add_column("submissions", sa.Column("body_hash", sa.String(64), nullable=True))
    op.create_index(
        "uq_submissions_form_id_submission_key",
        "submissions",
        ["form_id", "submission_key"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_submissions_form_id_submission_key", table_name="submissions")
    op.drop_column("submissions", "body_hash")
    op.drop_column("submissions", "submission_key")
