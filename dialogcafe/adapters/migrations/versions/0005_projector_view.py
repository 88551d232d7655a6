"""The projector's view: ``cafe_sessions.projector_view`` replaces ``show_word_cloud``.

The facilitator now chooses one of several views (domain/projector.py) instead of switching
only the word cloud; a session that showed the cloud keeps showing it ("cloud"), every
other one follows the phase ("auto").

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_sessions = sa.table(
    "cafe_sessions",
    sa.column("show_word_cloud", sa.Boolean()),
    sa.column("projector_view", sa.String(16)),
)


def upgrade() -> None:
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("projector_view", sa.String(length=16), server_default="auto", nullable=False)
        )
    op.execute(
        _sessions.update()
        .where(_sessions.c.show_word_cloud == sa.true())
        .values(projector_view="cloud")
    )
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.drop_column("show_word_cloud")


def downgrade() -> None:
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("show_word_cloud", sa.Boolean(), server_default="0", nullable=False)
        )
    op.execute(
        _sessions.update()
        .where(_sessions.c.projector_view == "cloud")
        .values(show_word_cloud=sa.true())
    )
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.drop_column("projector_view")
