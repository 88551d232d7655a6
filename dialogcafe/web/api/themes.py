"""Themes over the API: the list with suggestions, and making, renaming, filling and
deleting themes (the facilitator's; a table host uses the ``theme`` socket event)."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import themes
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


@bp.get("/sessions/<int:session_id>/themes")
def list_themes(session_id: int) -> dict[str, Any]:
    """``{open, table, themes, inputs, suggestions}`` (bearer or cookie)."""
    return themes.overview(current_facilitator_id(), session_id)


@bp.post("/sessions/<int:session_id>/themes")
def create_theme(session_id: int) -> tuple[dict[str, Any], int]:
    """``{"name": …, "post_ids": [...]}`` → ``201`` with the new list."""
    body = json_body()
    owner = current_facilitator_id()
    return themes.create(
        owner, session_id, name=body.get("name"), post_ids=body.get("post_ids")
    ), 201


@bp.patch("/sessions/<int:session_id>/themes/<int:theme_id>")
def rename_theme(session_id: int, theme_id: int) -> dict[str, Any]:
    """``{"name": …}``."""
    body = json_body()
    return themes.rename(current_facilitator_id(), session_id, theme_id, name=body.get("name"))


@bp.delete("/sessions/<int:session_id>/themes/<int:theme_id>")
def delete_theme(session_id: int, theme_id: int) -> dict[str, Any]:
    """The theme goes; its inputs stay, in no theme."""
    return themes.delete(current_facilitator_id(), session_id, theme_id)


@bp.post("/sessions/<int:session_id>/themes/<int:theme_id>/posts")
def move_posts(session_id: int, theme_id: int) -> dict[str, Any]:
    """``{"post_ids": [...]}``: into this theme, out of any other."""
    body = json_body()
    return themes.move(current_facilitator_id(), session_id, theme_id, body.get("post_ids"))


@bp.delete("/sessions/<int:session_id>/themes/posts/<int:post_id>")
def unassign_post(session_id: int, post_id: int) -> dict[str, Any]:
    """The input leaves whatever theme it is in."""
    return themes.unassign(current_facilitator_id(), session_id, post_id)
