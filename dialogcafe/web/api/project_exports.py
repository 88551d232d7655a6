"""The download of a project's combined report (every café of the project in one file)."""

from __future__ import annotations

from flask import Response
from flask_babel import get_locale

from dialogcafe.services import project_report
from dialogcafe.web.api import attachment, bp
from dialogcafe.web.edge import current_facilitator_id


@bp.get("/projects/<int:project_id>/export.<fmt>")
def export_project(project_id: int, fmt: str) -> Response:
    """Download the combined report: ``fmt`` is docx, pdf, xlsx or json (else 404)."""
    language = str(get_locale() or "")
    who = current_facilitator_id()
    return attachment(project_report.download(who, project_id, fmt, language))
