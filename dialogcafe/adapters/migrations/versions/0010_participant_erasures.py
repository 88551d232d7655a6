"""The record of one person's inputs erased on request (issue 18, privacy).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 08:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: no batch copy of an existing one (see 0007, 0008).
    op.create_table(
        "participant_erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("erased_by", sa.String(length=254), nullable=False),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cafe_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("participant_erasures", schema=None) as batch_op:
        batch_op.create_index("ix_participant_erasures_session_id", ["session_id"])


def downgrade() -> None:
    op.drop_table("participant_erasures")
