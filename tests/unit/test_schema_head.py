"""``schema.HEAD_REVISION`` is the newest migration: the start-up check trusts it.

A start compares the database's recorded revision with the constant instead of asking
Alembic (``schema.is_at_head``), so a new migration that leaves the constant behind would
make every start run Alembic for nothing, and one that sets it ahead would skip the
upgrade. Write the new revision into ``dialogcafe/adapters/schema.py`` with the migration.
"""

from __future__ import annotations

from alembic.script import ScriptDirectory

from dialogcafe.adapters.schema import BASELINE_REVISION, HEAD_REVISION, MIGRATIONS_DIR


def test_head_revision_is_alembics_head() -> None:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert scripts.get_heads() == [HEAD_REVISION], (
        f"dialogcafe/adapters/schema.py: HEAD_REVISION = {HEAD_REVISION!r}, but the migrations' "
        f"head is {scripts.get_heads()}: update the constant with the new migration"
    )
    assert scripts.get_base() == BASELINE_REVISION
