"""Projects over the API: a series of cafés, its members and which cafés are in it
(services/projects.py). The combined report (``export.<fmt>``) is registered elsewhere."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import projects
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


@bp.get("/projects")
def list_projects() -> dict[str, Any]:
    return projects.list_projects(current_facilitator_id())


@bp.post("/projects")
def create_project() -> tuple[dict[str, Any], int]:
    """``{"name": ..., "description": ...}``: the caller owns the new project."""
    owner = current_facilitator_id()
    body = json_body()
    return projects.create_project(owner, body.get("name"), body.get("description", "")), 201


@bp.get("/projects/<int:project_id>")
def show_project(project_id: int) -> dict[str, Any]:
    return projects.show_project(current_facilitator_id(), project_id)


@bp.patch("/projects/<int:project_id>")
def change_project(project_id: int) -> dict[str, Any]:
    """``{"name": ..., "description": ...}`` (either or both)."""
    caller = current_facilitator_id()
    return projects.change_project(caller, project_id, json_body())


@bp.delete("/projects/<int:project_id>")
def delete_project(project_id: int) -> dict[str, Any]:
    """The owner deletes the project; its cafés stay."""
    projects.delete_project(current_facilitator_id(), project_id)
    return {"id": project_id, "deleted": True}


@bp.put("/projects/<int:project_id>/sessions/<int:session_id>")
def add_cafe(project_id: int, session_id: int) -> dict[str, Any]:
    return projects.add_cafe(current_facilitator_id(), project_id, session_id)


@bp.delete("/projects/<int:project_id>/sessions/<int:session_id>")
def remove_cafe(project_id: int, session_id: int) -> tuple[dict[str, Any] | str, int]:
    """The project after, or 204 when the caller (a café's owner) is not in the project."""
    shown = projects.remove_cafe(current_facilitator_id(), project_id, session_id)
    return (shown, 200) if shown is not None else ("", 204)


@bp.get("/projects/<int:project_id>/members")
def list_project_members(project_id: int) -> dict[str, Any]:
    return projects.list_members(current_facilitator_id(), project_id)


@bp.post("/projects/<int:project_id>/members")
def add_project_member(project_id: int) -> tuple[dict[str, Any], int]:
    """``{"email": ..., "role": "co_facilitator" | "reader"}``: an existing account."""
    owner = current_facilitator_id()
    body = json_body()
    return projects.add_member(owner, project_id, body.get("email"), body.get("role")), 201


@bp.delete("/projects/<int:project_id>/members/<int:member_id>")
def remove_project_member(project_id: int, member_id: int) -> dict[str, Any]:
    return projects.remove_member(current_facilitator_id(), project_id, member_id)
