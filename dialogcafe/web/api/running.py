"""Running the café over the API: the timer, the message to everyone, and the settings."""

from __future__ import annotations

from typing import Any

from dialogcafe.services import running
from dialogcafe.web.api import bp
from dialogcafe.web.edge import current_facilitator_id, json_body


@bp.post("/sessions/<int:session_id>/timer/<action>")
def timer(session_id: int, action: str) -> dict[str, Any]:
    """``pause``, ``resume``, or ``extend`` with ``{"minutes": 1}`` or ``5``."""
    owner = current_facilitator_id()
    minutes = json_body().get("minutes") if action == "extend" else None
    return running.change_timer(owner, session_id, action, minutes)


@bp.post("/sessions/<int:session_id>/broadcast")
def broadcast(session_id: int) -> dict[str, Any]:
    """``{"text": …, "translations": {"ar": …}}`` on every phone and the projector; ``""``
    takes it down (``translations`` optional: a changed text without them drops the old)."""
    owner = current_facilitator_id()
    body = json_body()
    return running.send_broadcast(owner, session_id, body.get("text"), body.get("translations"))


@bp.patch("/sessions/<int:session_id>")
def patch_session(session_id: int) -> dict[str, Any]:
    """Change settings: ``approve_first``, ``hide_other_tables``, ``dots_per_participant``."""
    owner = current_facilitator_id()
    return running.change_settings(owner, session_id, json_body())


@bp.get("/sessions/<int:session_id>/projector")
def projector_state(session_id: int) -> dict[str, Any]:
    """The ``projector`` payload now (bearer or login cookie): the projector refreshes its
    word cloud with it as inputs arrive."""
    return running.projector_choice(current_facilitator_id(), session_id)


@bp.put("/sessions/<int:session_id>/projector")
def projector_view(session_id: int) -> dict[str, Any]:
    """``{"view": "join" | "round" | "wall" | "syntheses" | "results" | "cloud" | "auto"}``:
    what the projector shows; answers with the ``projector`` payload."""
    owner = current_facilitator_id()
    return running.choose_projector_view(owner, session_id, json_body().get("view"))
