"""Themes as the screens and the API show them (``docs/protocol.md``, Themes).

Two shapes: the public list (the ``themes`` event and the projector: names, how many
inputs, which tables) and the editor's overview (the facilitator's, or a table host's for
their own table), which adds the inputs to choose from and the suggested themes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialogcafe.domain import posting, themes
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.status import SessionStatus
from dialogcafe.domain.theme_suggestions import Candidate, suggest


def theme_payload(view: themes.ThemeView) -> dict[str, Any]:
    return {
        "id": view.theme.id,
        "name": view.theme.name,
        "table": view.theme.table_number,
        "post_ids": list(view.post_ids),
        "input_count": len(view.post_ids),
        "tables": list(view.tables),
    }


def public_themes(db: Session, cafe: CafeSession) -> dict[str, Any]:
    """``{"themes": [...]}``: every theme of the session (the ``themes`` event)."""
    return {"themes": [theme_payload(view) for view in themes.session_themes(db, cafe)]}


def themes_overview(db: Session, cafe: CafeSession, table: int | None = None) -> dict[str, Any]:
    """What the editor shows: the themes, the inputs to sort (with the theme each is in)
    and suggestions from the inputs in no theme. ``table``: a host's, of their table only."""
    every = themes.session_themes(db, cafe)
    views = [view for view in every if table is None or view.theme.table_number == table]
    placed = themes.themed_post_ids(every)
    posts = [
        p for p in posting.posts_for_session(db, cafe) if table is None or p.table_number == table
    ]
    free = [Candidate(p.id, p.table_number, p.text) for p in posts if p.id not in placed]
    return {
        "open": cafe.status == SessionStatus.HARVEST,
        "table": table,
        "themes": [theme_payload(view) for view in views],
        "inputs": [
            {
                "id": p.id,
                "table": p.table_number,
                "round": p.round_number,
                "text": p.text,
                "theme_id": placed.get(p.id),
            }
            for p in posts
        ],
        "suggestions": [
            {
                "name": s.name,
                "post_ids": list(s.post_ids),
                "input_count": len(s.post_ids),
                "tables": list(s.tables),
            }
            for s in suggest(free)
        ],
    }
