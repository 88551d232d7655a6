"""When a session was closed, and how long its data is kept after that (issue 18).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 08:30:00.000000
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (not batch mode): on SQLite a batch copy of ``cafe_sessions`` would
    # drop the old table, and its cascades would delete every café (see 0007).
    op.add_column("cafe_sessions", sa.Column("closed_at", sa.DateTime(), nullable=True))
    op.add_column("cafe_sessions", sa.Column("retention_days", sa.Integer(), nullable=True))
    # Sessions closed before this release count as closed now: each gets its whole
    # retention period (and the week's warning on the dashboard) from the upgrade on,
    # instead of being deleted within the hour for a close nobody recorded.
    cafes = sa.table(
        "cafe_sessions", sa.column("status", sa.String), sa.column("closed_at", sa.DateTime)
    )
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC (models.UTCDateTime)
    op.execute(cafes.update().where(cafes.c.status == "closed").values(closed_at=now))


def downgrade() -> None:
    # Dropping columns needs SQLite 3.35 (ALTER TABLE … DROP COLUMN), no table copy.
    op.drop_column("cafe_sessions", "retention_days")
    op.drop_column("cafe_sessions", "closed_at")
