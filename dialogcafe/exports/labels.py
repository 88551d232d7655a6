"""Words every summary format puts next to an input, so Markdown and Word say the same.

The caller passes its translate function: the domain stays free of Flask, and the files
written to the data dir use the organisation's language whoever asked for them.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogcafe.domain.errors import N_
from dialogcafe.domain.summaries import SessionSummary, SummaryPost
from dialogcafe.domain.timestamps import iso

Translate = Callable[[str], str]


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


def header_facts(summary: SessionSummary, t: Translate) -> tuple[str, str, str]:
    """The lines under a report's title: code, rounds and inputs; people; when it was made."""
    facts = t(N_("Join code {code} · Rounds held: {rounds} of {total} · Inputs: {inputs}")).format(
        code=summary.join_code,
        rounds=summary.rounds_held,
        total=summary.round_count,
        inputs=summary.post_count,
    )
    people = t(N_("Participants: {people} · Syntheses: {syntheses}")).format(
        people=summary.participant_count, syntheses=summary.synthesis_count
    )
    created = t(N_("Created {time}")).format(time=iso(summary.generated_at))
    return facts, people, created
