"""The download of a project's combined report (every café of the project in one file)."""

from __future__ import annotations

from flask import Response
from flask_babel import get_locale

from dialogcafe.services import project_report
from dialogcafe.web.api import attachment, bp
from dialogcafe.web.edge import current_facilitator_id

# MERGE (lead): the one line to change once services/projects.py is in, so readers and
# co-facilitators of the project may download too:
#   authorise = lambda db, who, pid: projects.project_for(db, who, pid, Action.DOWNLOAD)
authorise: project_report.Authorise = project_report.owner_only


@bp.get("/projects/<int:project_id>/export.<fmt>")
def export_project(project_id: int, fmt: str) -> Response:
    """Download the combined report: ``fmt`` is docx, pdf, xlsx or json (else 404)."""
    language = str(get_locale() or "")
    who = current_facilitator_id()
    return attachment(project_report.download(who, project_id, fmt, language, authorise=authorise))
