"""Words every summary format puts next to an input, so Markdown and Word say the same.

The caller passes its translate function: the domain stays free of Flask, and the files
written to the data dir use the organisation's language whoever asked for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dialogcafe.domain.errors import N_
from dialogcafe.domain.summaries import SessionSummary, SummaryPost, TableSummary

Translate = Callable[[str], str]

_MONTHS = {
    "nb": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


_LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "no": "nb-NO", "en": "en-GB"}


def language_tag(language: str) -> str:
    """A BCP 47 tag Word and PDF readers understand ("nb" → "nb-NO"); "" when unknown."""
    language = language.replace("_", "-").strip()
    return _LANGUAGE_TAGS.get(language.lower(), language)


def _norwegian(language: str) -> bool:
    return language.replace("_", "-").lower().split("-")[0] in ("nb", "nn", "no")


def format_date(day: date, language: str) -> str:
    """A date as people write it: "1. desember 2026" in Norwegian, "1 December 2026" else."""
    if _norwegian(language):
        return f"{day.day}. {_MONTHS['nb'][day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS['en'][day.month - 1]} {day.year}"


def local_moment(moment: datetime, zone: str) -> datetime:
    """A stored (UTC) moment on the organisers' clock."""
    return moment.astimezone(ZoneInfo(zone))


def format_clock(moment: datetime, zone: str, language: str) -> str:
    """The time of day in ``zone``: "17.10" in Norwegian, "17:10" else."""
    local = local_moment(moment, zone)
    separator = "." if _norwegian(language) else ":"
    return f"{local.hour:02d}{separator}{local.minute:02d}"


def format_moment(moment: datetime, zone: str, language: str) -> str:
    """A moment in ``zone`` the way a report's reader writes it: "1. desember 2026 kl. 17.10"
    in Norwegian, "1 December 2026, 17:10" in English (and any other language)."""
    day = format_date(local_moment(moment, zone).date(), language)
    clock = format_clock(moment, zone, language)
    return f"{day} kl. {clock}" if _norwegian(language) else f"{day}, {clock}"


def untranslated(text: str) -> str:
    """The default ``translate``: the source texts as they are, for callers without a language."""
    return text


def author_label(item: SummaryPost, t: Translate) -> str:
    """The name shown after an input: the nickname, or whom a host wrote it for."""
    if item.on_behalf:
        if item.on_behalf_name:
            return t(N_("on behalf of {name}")).format(name=item.on_behalf_name)
        return t(N_("on behalf of someone without a phone"))
    return item.nickname


def votes_label(item: SummaryPost, t: Translate) -> str:
    """ "Likes: 3 · Dots: 1" for an input."""
    return t(N_("Likes: {likes} · Dots: {dots}")).format(likes=item.likes, dots=item.dots)


def header_facts(summary: SessionSummary, t: Translate, language: str = "") -> tuple[str, str, str]:
    """The lines under a report's title: code, rounds and inputs; people; when it was made."""
    facts = t(N_("Join code {code} · Rounds held: {rounds} of {total} · Inputs: {inputs}")).format(
        code=summary.join_code,
        rounds=summary.rounds_held,
        total=summary.round_count,
        inputs=summary.post_count,
    )
    people = t(N_("Participants: {people} · The table's main points: {syntheses}")).format(
        people=summary.participant_count, syntheses=summary.synthesis_count
    )
    created = t(N_("Created {time}")).format(
        time=format_moment(summary.generated_at, summary.timezone, language)
    )
    return facts, people, created


def table_facts(
    summary: SessionSummary, table: TableSummary, t: Translate, language: str = ""
) -> tuple[str, str, str]:
    """:func:`header_facts` for one table's own summary: that table's figures only."""
    facts = t(N_("Join code {code} · Rounds: {rounds} · Inputs at this table: {inputs}")).format(
        code=summary.join_code, rounds=len(table.rounds), inputs=table.post_count
    )
    people = t(
        N_("People at this table per round: {people} · The table's main points: {syntheses}")
    ).format(
        people=", ".join(str(section.participants) for section in table.rounds) or "0",
        syntheses=sum(1 for section in table.rounds if section.synthesis),
    )
    created = t(N_("Created {time}")).format(
        time=format_moment(summary.generated_at, summary.timezone, language)
    )
    return facts, people, created
