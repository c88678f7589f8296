"""Self-service access requests ("Meine Daten"): one row per request, known address or not.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("link_hash", sa.String(64), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="new"),
        sa.CheckConstraint("status IN ('new', 'mailed')", name="ck_access_requests_status"),
    )
    op.create_index("uq_access_requests_link_hash", "access_requests", ["link_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_access_requests_link_hash", table_name="access_requests")
    op.drop_table("access_requests")
