"""A random token per outgoing mail, so its Message-ID is unique everywhere and kept on resend.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("message_token", sa.String(32), nullable=True))
    outbox = sa.table("outbox", sa.column("id", sa.Integer), sa.column("message_token"))
    connection = op.get_bind()
    ids = connection.execute(sa.select(outbox.c.id).where(outbox.c.message_token.is_(None)))
    for (row_id,) in list(ids):
        connection.execute(
            sa.update(outbox)
            .where(outbox.c.id == row_id)
            .values(message_token=secrets.token_hex(16))
        )
    op.create_index("uq_outbox_message_token", "outbox", ["message_token"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_outbox_message_token", table_name="outbox")
    op.drop_column("outbox", "message_token")
