"""The JSON API (docs/protocol.md): one blueprint under ``/api``, its routes by area.

Facilitator calls carry ``Authorization: Bearer`` (reading calls also take the login
cookie; ``edge.identify_facilitator``). No call here uses the cookie to change anything,
so the blueprint is exempt from CSRF as a whole.
"""

from __future__ import annotations

from flask import Blueprint, Response

from dialogcafe.exports.files import ExportFile
from dialogcafe.web.edge import API_BLUEPRINT

bp = Blueprint(API_BLUEPRINT, __name__, url_prefix="/api")


def attachment(exported: ExportFile) -> Response:
    """A file to download, under its own name."""
    return Response(
        exported.content,
        content_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.name}"'},
    )


# The areas register their routes on ``bp`` when imported.
from dialogcafe.web.api import (  # noqa: E402
    admin,
    exports,
    hosting,
    invitations,
    joining,
    members,
    moderation,
    project_exports,
    projects,
    ready_made,
    running,
    saved_templates,
    sessions,
    themes,
    tokens,
)

__all__ = [
    "admin",
    "bp",
    "exports",
    "hosting",
    "invitations",
    "joining",
    "members",
    "moderation",
    "project_exports",
    "projects",
    "ready_made",
    "running",
    "saved_templates",
    "sessions",
    "themes",
    "tokens",
]
