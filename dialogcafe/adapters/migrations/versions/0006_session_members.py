"""Co-facilitators and readers: ``session_members`` (domain/roles.py).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cafe_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "facilitator_id"),
    )
    with op.batch_alter_table("session_members", schema=None) as batch_op:
        batch_op.create_index("ix_session_members_facilitator_id", ["facilitator_id"])


def downgrade() -> None:
    op.drop_table("session_members")
