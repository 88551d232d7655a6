"""Projects, invitations, own templates, admins and a café's target group.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["facilitators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index("ix_projects_owner_id", ["owner_id"])
    op.create_table(
        "project_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "facilitator_id"),
    )
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.create_index("ix_project_members_facilitator_id", ["facilitator_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["cafe_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["facilitators.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["accepted_by"], ["facilitators.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index("ix_invitations_session_id", ["session_id"])
        batch_op.create_index("ix_invitations_project_id", ["project_id"])
    op.create_table(
        "saved_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("plan_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["facilitators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("saved_templates", schema=None) as batch_op:
        batch_op.create_index("ix_saved_templates_owner_id", ["owner_id"])
    op.create_table(
        "project_cafes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cafe_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id"),
    )
    with op.batch_alter_table("project_cafes", schema=None) as batch_op:
        batch_op.create_index("ix_project_cafes_project_id", ["project_id"])
    # Plain ALTER TABLE (not batch mode): on SQLite a batch copy of ``facilitators`` or
    # ``cafe_sessions`` would drop the old table, and its cascades would delete every café.
    op.add_column(
        "facilitators", sa.Column("is_admin", sa.Boolean(), server_default="0", nullable=False)
    )
    op.add_column(
        "cafe_sessions",
        sa.Column("target_group", sa.String(length=200), server_default="", nullable=False),
    )
    # Earlier servers had no admins: the oldest account becomes one, as a new server's
    # first account does.
    op.execute(
        "UPDATE facilitators SET is_admin = true WHERE id = (SELECT MIN(id) FROM facilitators)"
    )


def downgrade() -> None:
    op.drop_column("cafe_sessions", "target_group")
    op.drop_column("facilitators", "is_admin")
    op.drop_table("saved_templates")
    op.drop_table("invitations")
    op.drop_table("project_cafes")
    op.drop_table("project_members")
    op.drop_table("projects")
