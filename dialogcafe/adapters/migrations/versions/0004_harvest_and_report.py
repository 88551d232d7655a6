"""The harvest and the report: vote results shown, title-page fields, anonymised reports,
late inputs, and themes.

``cafe_sessions``: ``show_results``, ``event_date``, ``place``, ``organiser``, ``purpose``,
``anonymous_report``. ``posts.late``: written in its round, received after it. ``themes`` and
``theme_posts``: named groups of inputs across tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("show_results", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("event_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("place", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("organiser", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("purpose", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("anonymous_report", sa.Boolean(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("late", sa.Boolean(), server_default="0", nullable=False))
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("table_number", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_themes_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
    )
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_themes_session_id"), ["session_id"], unique=False)
    op.create_table(
        "theme_posts",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_theme_posts_post_id_posts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_theme_posts_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_theme_posts")),
    )
    with op.batch_alter_table("theme_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_posts_theme_id"), ["theme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("theme_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_posts_theme_id"))
    op.drop_table("theme_posts")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_themes_session_id"))
    op.drop_table("themes")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("late")
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.drop_column("anonymous_report")
        batch_op.drop_column("purpose")
        batch_op.drop_column("organiser")
        batch_op.drop_column("place")
        batch_op.drop_column("event_date")
        batch_op.drop_column("show_results")
