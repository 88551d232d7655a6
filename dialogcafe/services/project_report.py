"""The download of a project's combined report: its cafés compiled, then rendered.

Whether the asker may download is decided by an ``authorise`` callable (the projects
service's role check, passed in where the route is wired), so this module only needs to know
how to find a project's cafés and put their summaries together. The summaries are compiled
in one read, then rendered after it: the Word and PDF files take seconds for a big series,
and no transaction should stay open that long.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogcafe.clock import utcnow
from dialogcafe.domain import errors
from dialogcafe.domain.models import CafeSession, Project, ProjectCafe
from dialogcafe.domain.project_report import ProjectReport, build_project_report
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.files import ExportFile
from dialogcafe.exports.project_report import PROJECT_FORMATS, render_project
from dialogcafe.services.ownership import load_facilitator
from dialogcafe.services.unit_of_work import UnitOfWork, run
from dialogcafe.translation import translate

# (db, facilitator_id, project_id) -> the project, if the facilitator may download its report;
# else a DomainError (a project they have no role in looks like a missing one).
Authorise = Callable[[Session, int, int], Project]


def owner_only(db: Session, facilitator_id: int, project_id: int) -> Project:
    """The project if the facilitator owns it: the check until the projects service's role
    check (owner, co-facilitator or reader) is wired in instead."""
    load_facilitator(db, facilitator_id)
    project = db.get(Project, project_id)
    if project is None or project.owner_id != facilitator_id:
        raise errors.UnknownProject()
    return project


def project_cafes(db: Session, project_id: int) -> list[CafeSession]:
    """The project's cafés in the report's order: by date (cafés without one last), then as
    they were made."""
    return list(
        db.scalars(
            select(CafeSession)
            .join(ProjectCafe, ProjectCafe.session_id == CafeSession.id)
            .where(ProjectCafe.project_id == project_id)
            .order_by(
                CafeSession.event_date.is_(None),
                CafeSession.event_date,
                CafeSession.created_at,
                CafeSession.id,
            )
        )
    )


def compile_report(db: Session, project: Project, *, zone: str) -> ProjectReport:
    """The combined report of the project's cafés as they are now."""
    now = utcnow()
    summaries = [
        build_session_summary(db, cafe, now=now, timezone=zone)
        for cafe in project_cafes(db, project.id)
    ]
    return build_project_report(
        project.name, project.description, summaries, now=now, timezone=zone
    )


def download(
    facilitator_id: int,
    project_id: int,
    fmt: str,
    language: str,
    *,
    authorise: Authorise = owner_only,
) -> ExportFile:
    """The combined report in ``fmt`` (docx, pdf, xlsx or json) and the request's
    ``language``; an unknown format is refused before anything is read."""
    if fmt not in PROJECT_FORMATS:
        raise errors.UnknownReportFormat()
    zone = current_app.config["TIMEZONE"]  # read here: the work may run in another thread

    def work(uow: UnitOfWork) -> ProjectReport:
        project = authorise(uow.db, facilitator_id, project_id)
        return compile_report(uow.db, project, zone=zone)

    report = run(work)
    return render_project(report, fmt, f"dialogkafe-project-{project_id}", translate, language)
