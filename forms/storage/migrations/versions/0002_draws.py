"""Raffle draws with their protocols.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draws",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("raffles", sa.String(500), nullable=False),
        sa.Column("seed", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("protocol", sa.Text, nullable=False),
        sa.Column("forced", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_draws"),
    )
    op.create_index("ix_draws_form_id", "draws", ["form_id"])


def downgrade() -> None:
    op.drop_table("draws")
