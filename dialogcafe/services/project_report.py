"""The download of a project's combined report: its cafés compiled, then rendered.

Readers, co-facilitators and the owner of a project may download it (domain/projects.py).
The summaries are compiled
in one read, then rendered after it: the Word and PDF files take seconds for a big series,
and no transaction should stay open that long.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors, projects
from dialogcafe.domain.models import Project
from dialogcafe.domain.project_report import ProjectReport, build_project_report
from dialogcafe.domain.roles import Action
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.files import ExportFile
from dialogcafe.exports.project_report import PROJECT_FORMATS, render_project
from dialogcafe.services.ownership import load_facilitator
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.translation import translate


def compile_report(db: Session, project: Project, *, zone: str) -> ProjectReport:
    """The combined report of the project's cafés as they are now."""
    now = utcnow()
    summaries = [
        build_session_summary(db, cafe, now=now, timezone=zone)
        for cafe in projects.cafes_of(db, project)
    ]
    return build_project_report(
        project.name, project.description, summaries, now=now, timezone=zone
    )


def download(
    facilitator_id: int,
    project_id: int,
    fmt: str,
    language: str,
) -> ExportFile:
    """The combined report in ``fmt`` (docx, pdf, xlsx or json) and the request's
    ``language``; an unknown format is refused before anything is read."""
    if fmt not in PROJECT_FORMATS:
        raise errors.UnknownReportFormat()
    zone = current_app.config["TIMEZONE"]  # read here: the work may run in another thread

    def work(uow: UnitOfWork) -> ProjectReport:
        load_facilitator(uow.db, facilitator_id)
        project = projects.project_for(uow.db, facilitator_id, project_id, Action.DOWNLOAD)
        return compile_report(uow.db, project, zone=zone)

    report = run(work)
    return render_project(report, fmt, f"dialogkafe-project-{project_id}", translate, language)
