"""Logins that can be revoked, API tokens that expire, and a delay after failed log-ins.

``facilitators.login_generation`` is carried in every login cookie; logging out bumps it.
``api_tokens.expires_at`` and ``revoked_at``: tokens issued before this upgrade expire 30
days after it. ``login_throttles`` counts failed log-ins per (hashed) e-mail address.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 18:05:00.000000
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_TOKENS_LIVE = timedelta(days=30)


def upgrade() -> None:
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("login_generation", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
    expires = (datetime.now(UTC) + OLD_TOKENS_LIVE).replace(tzinfo=None)
    op.execute(sa.text("UPDATE api_tokens SET expires_at = :expires").bindparams(expires=expires))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)
    op.create_table(
        "login_throttles",
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email_hash", name=op.f("pk_login_throttles")),
    )
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_throttles_last_failure_at"), ["last_failure_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttles_last_failure_at"))
    op.drop_table("login_throttles")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.drop_column("login_generation")
