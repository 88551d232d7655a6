"""Reconnect resync: a change counter per session and the seq of each input's last change.

``cafe_sessions.seq`` is bumped with every change clients display, ``resync_seq`` is the
seq from which a reconnecting client gets its view whole again, and ``posts.seq`` is the
session's seq of the input's latest change (see dialogcafe/domain/sequence.py). Existing rows
start at 0, so every client connecting after the upgrade gets a full snapshot first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 20:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("resync_seq", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_posts_session_id_seq", ["session_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_session_id_seq")
        batch_op.drop_column("seq")
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.drop_column("resync_seq")
        batch_op.drop_column("seq")
