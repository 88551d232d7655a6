"""Downloads of a session's summary: the whole session or one table."""

from __future__ import annotations

from flask import Response
from flask_babel import get_locale

from dialogcafe.services import printing, summary_files
from dialogcafe.translation import translate
from dialogcafe.web.api import attachment, bp
from dialogcafe.web.edge import current_facilitator_id
from dialogcafe.web.links import join_url


@bp.get("/sessions/<int:session_id>/export.<fmt>")
def export(session_id: int, fmt: str) -> Response:
    """Download the session summary; the same files are refreshed under the data dir
    (only where stale; a write that fails never costs the facilitator the download)."""
    language = str(get_locale() or "")
    return attachment(summary_files.download(current_facilitator_id(), session_id, fmt, language))


@bp.get("/sessions/<int:session_id>/tables/<int:table>/export.md")
def export_table(session_id: int, table: int) -> Response:
    """Download one table's summary, e.g. for its host or as an appendix."""
    return attachment(summary_files.table_download(current_facilitator_id(), session_id, table))


@bp.get("/sessions/<int:session_id>/cards.pdf")
def table_cards(session_id: int) -> Response:
    """The table cards and the door poster to print before the café, in the page's language."""
    language = str(get_locale() or "")
    return attachment(
        printing.table_cards(current_facilitator_id(), session_id, join_url, translate, language)
    )
