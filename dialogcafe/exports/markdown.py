"""The summary as Markdown: the readable report of the whole session and of each table.

Headings pass through ``translate`` (the organiser's language); participants' words are
escaped so they show literally, never as headings, links, code or HTML.
"""

from __future__ import annotations

import re

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import RoundSection, SessionSummary, TableSummary
from dialogcafe.exports.labels import (
    Translate,
    author_label,
    header_facts,
    table_facts,
    untranslated,
    votes_label,
)

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+\-=~>.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Show participants' text literally: no headings, links, code blocks or HTML from
    their words (leading spaces would start a code block, so they go)."""
    text = "\n".join(line.lstrip() for line in text.splitlines())
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _synthesis_markdown(section: RoundSection, t: Translate) -> list[str]:
    if not section.synthesis:
        return []
    label = t(N_("The table's main points"))
    body = escape_markdown(section.synthesis).splitlines() or [""]
    return [f"> **{label}**", ">", *(f"> {line}" if line else ">" for line in body), ""]


def _table_markdown(table: TableSummary, t: Translate) -> list[str]:
    table_heading = t(N_("Table {table}")).format(table=table.table)
    lines = [f"## {table_heading}", ""]
    if not table.rounds:
        no_rounds = t(N_("No rounds held yet."))
        lines += [f"_{no_rounds}_", ""]
    for section in table.rounds:
        heading = t(N_("Round {round}: {topic}")).format(
            round=section.round, topic=escape_markdown(section.topic)
        )
        lines += [f"### {heading}", ""]
        lines += _synthesis_markdown(section, t)
        if not section.posts:
            no_posts = t(N_("No inputs."))
            lines += [f"_{no_posts}_", ""]
            continue
        for item in section.posts:
            text = escape_markdown(item.text).replace("\n", "\n  ")
            name = author_label(item, t)
            who = f" — {escape_markdown(name)}" if name else ""
            # Votes on a continuation line: the "- text — name" line stays as it was.
            late = f" · {t(N_('sent late'))}" if item.late else ""
            lines += [f"- {text}{who}", f"  _({votes_label(item, t)}{late})_"]
        lines.append("")
    return lines


def _ranking_markdown(summary: SessionSummary, t: Translate) -> list[str]:
    heading = t(N_("Priorities (dot-voting)"))
    lines = [f"## {heading}", ""]
    if not summary.ranking:
        nothing = t(N_("No dots or likes were given."))
        return [*lines, f"_{nothing}_", ""]
    lines += [t(N_("Inputs with the most dots, then the most likes.")), ""]
    for ranked in summary.ranking:
        where = t(N_("Table {table}, round {round}")).format(table=ranked.table, round=ranked.round)
        text = escape_markdown(ranked.post.text).replace("\n", "\n   ")
        lines.append(f"{ranked.rank}. {text} — {where} _({votes_label(ranked.post, t)})_")
    return [*lines, ""]


def _themes_markdown(summary: SessionSummary, t: Translate) -> list[str]:
    """The harvest's themes across tables: how many inputs each gathers, from which tables."""
    if not summary.themes:
        return []
    lines = [f"## {t(N_('Themes'))}", ""]
    for theme in summary.themes:
        tables = ", ".join(str(table) for table in theme.tables) or "–"
        facts = t(N_("{count} inputs · tables {tables}")).format(
            count=theme.input_count, tables=tables
        )
        host = ""
        if theme.host_table is not None:
            host = " · " + t(N_("by the host of table {table}")).format(table=theme.host_table)
        lines.append(f"- **{escape_markdown(theme.name)}** — {facts}{host}")
    return [*lines, ""]


def _participation_markdown(summary: SessionSummary, t: Translate) -> list[str]:
    heading = t(N_("Participation"))
    lines = [f"## {heading}", ""]
    if not summary.participation:
        no_rounds = t(N_("No rounds held yet."))
        return [*lines, f"_{no_rounds}_", ""]
    columns = [t(N_("Table")), t(N_("Round")), t(N_("People")), t(N_("Inputs"))]
    lines += [
        "| " + " | ".join(escape_markdown(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for cell in summary.participation:
        lines.append(f"| {cell.table} | {cell.round} | {cell.participants} | {cell.posts} |")
    note = t(
        N_(
            "People: those seated at the table in that round, and anyone who wrote there; "
            "where no seating was recorded, those who wrote at least one input."
        )
    )
    return [*lines, "", f"_{note}_", ""]


def _markdown_header(
    summary: SessionSummary, t: Translate, facts: tuple[str, str, str]
) -> list[str]:
    lines = [f"# {escape_markdown(summary.title)}", ""]
    if summary.description:
        lines += [escape_markdown(summary.description), ""]
    return [*lines, *(line for fact in facts for line in (fact, ""))]


def render_markdown(
    summary: SessionSummary, translate: Translate = untranslated, language: str = ""
) -> str:
    """The whole session as one readable report (times in ``language``'s way)."""
    summary = clean_strings(summary)
    lines = _markdown_header(summary, translate, header_facts(summary, translate, language))
    topics = translate(N_("Questions"))
    lines += [f"## {topics}", ""]
    lines += [f"{i}. {escape_markdown(topic)}" for i, topic in enumerate(summary.topics, 1)]
    lines.append("")
    lines += _participation_markdown(summary, translate)
    lines += _ranking_markdown(summary, translate)
    lines += _themes_markdown(summary, translate)
    for table in summary.tables:
        lines += _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"


def render_table_markdown(
    summary: SessionSummary,
    table: TableSummary,
    translate: Translate = untranslated,
    language: str = "",
) -> str:
    """One table's summary, for its host or a per-table appendix: that table's own figures."""
    return render_clean_table_markdown(
        clean_strings(summary), clean_strings(table), translate, language
    )


def render_clean_table_markdown(
    summary: SessionSummary, table: TableSummary, translate: Translate, language: str = ""
) -> str:
    """:func:`render_table_markdown` for text already cleaned: writing every table's file
    cleans the summary once, not once per table."""
    facts = table_facts(summary, table, translate, language)
    lines = _markdown_header(summary, translate, facts) + _table_markdown(table, translate)
    return "\n".join(lines).rstrip() + "\n"
