"""The moderation log as a CSV file, so an organiser can account for what was hidden and why.

Which decisions the log holds is the domain's (``domain.moderation.moderation_log``); this
module only writes them out (an erasure of one person's inputs has no input, only who
erased how many): headings and actions in the organiser's language (the stable
codes when untranslated), and the reasons and inputs guarded like every other CSV cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from dialogcafe.domain.errors import N_
from dialogcafe.domain.moderation import APPROVE, ERASED, HIDE, UNHIDE, LogEntry
from dialogcafe.domain.output_text import clean_for_output
from dialogcafe.domain.timestamps import iso
from dialogcafe.exports.csv_cells import plain_text_cell
from dialogcafe.exports.labels import Translate, untranslated

LOG_COLUMNS: Sequence[str] = (
    N_("timestamp"),
    N_("post id"),
    N_("table"),
    N_("round"),
    N_("action"),
    N_("reason"),
    N_("input"),
    N_("erased by"),
    N_("inputs erased"),
)
# Each action's code is its msgid too: "hide" reads "skjult" in a Norwegian log.
ACTION_LABELS = {
    HIDE: N_("hide"),
    UNHIDE: N_("unhide"),
    APPROVE: N_("approve"),
    ERASED: N_("erased"),
}


def render_log_csv(entries: Sequence[LogEntry], translate: Translate = untranslated) -> str:
    """The log as CSV for the organiser; headings and actions in their language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([translate(column) for column in LOG_COLUMNS])
    for entry in entries:
        writer.writerow(
            [
                iso(entry.created_at),
                entry.post_id,
                entry.table,
                entry.round,
                translate(ACTION_LABELS.get(entry.action, entry.action)),
                plain_text_cell(clean_for_output(entry.reason)),
                plain_text_cell(clean_for_output(entry.text)),
                plain_text_cell(clean_for_output(entry.by)),
                "" if entry.count is None else entry.count,
            ]
        )
    return buffer.getvalue()
