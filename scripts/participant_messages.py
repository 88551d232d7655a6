"""The participant scope: which texts a participant-only language must translate.

Participant-only languages (``PARTICIPANT_LANGUAGES`` in dialogcafe/config.py) translate only
what a person with a phone can meet: the join, table and error pages, the front page where a
code is typed, the phone's script texts, and the errors a phone's ordinary use can cause.
This module computes that set from the source, so it stays true when templates change:

* templates: every text in the entry templates below and in every template they extend,
  include or import, followed to the end (so a new partial on the phone is in scope);
* Python modules whose every text a participant can meet (error pages, field checks);
* the domain errors a phone can meet, named here, and the field names such errors show.

The catalogue test (tests/unit/test_participant_catalogues.py) fails when a participant language
misses one of these texts. From the command line:

    python -m scripts.participant_messages missing       # what each catalogue lacks
    python -m scripts.participant_messages fill pl FILE  # copy a JSON {msgid: msgstr} in
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po, write_po
from jinja2 import Environment, FileSystemLoader, meta

from dialogcafe.config import load_config
from dialogcafe.domain import errors

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CATALOGUES = ROOT / "dialogcafe" / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "lazy_gettext": None}

# The pages a participant sees; the templates they pull in are found from these.
ENTRY_TEMPLATES = (
    "home.html",  # the front page: type a code (and its wrong-code error)
    "participant/join.html",
    "participant/table.html",  # round, posting, voting, moving, closed, table host
    "error.html",  # every error page, also after a participant's request
)
# Modules whose every text a participant can meet.
PYTHON_MODULES = (
    "dialogcafe/web/error_pages.py",  # error page headings and texts, the way back
    "dialogcafe/domain/fields.py",  # "{field}: must be ..." for a name or an input
    "dialogcafe/domain/posting.py",  # an input's round and client id
)
# Domain errors a phone can meet in ordinary use (joining, posting, liking, voting, hosting).
PARTICIPANT_ERRORS = (
    "Unavailable",
    "InternalError",
    "RateLimited",
    "SendingTooFast",
    "RequestTimeout",
    "InvalidField",
    "UnknownSession",
    "UnknownTable",
    "SessionClosed",
    "RoundNotStarted",
    "EmptyPost",
    "PostTooLong",
    "UnknownPost",
    "NotYourTable",
    "OtherTablesHidden",
    "VotingClosed",
    "NoDotsLeft",
    "NoDotToRemove",
    "NotHost",
    "WrongHostCode",
    "HostTaken",
    "HarvestStarted",
    "ThemesClosed",
    "UnknownTheme",
    "ThemeOtherTable",
)
# Field names a participant's own form or phone sends ("nickname: must be ...").
PARTICIPANT_FIELDS = ("nickname", "text", "client_id", "liked", "add", "post_id", "name")
# A wait of 1 s, 30 s, 1 min, 10 min, 1 h and 2 h names every wording of RateLimited.
_WAITS = (1, 30, 60, 600, 3600, 7200)


def template_closure(entries: Iterable[str] = ENTRY_TEMPLATES) -> list[str]:
    """The entry templates and every template they extend, include or import, in order."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), extensions=["jinja2.ext.i18n"])
    seen: list[str] = []
    todo = list(entries)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.append(name)
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        todo.extend(n for n in meta.find_referenced_templates(env.parse(source)) if n)
    return seen


def _messages_in(path: Path, method: str) -> Iterator[str]:
    for _line, message, _comments, _context in extract_from_file(
        method, str(path), keywords=KEYWORDS, options={"extensions": "jinja2.ext.i18n"}
    ):
        yield message[0] if isinstance(message, tuple) else message


def _error_messages() -> Iterator[str]:
    for name in PARTICIPANT_ERRORS:
        yield getattr(errors, name).message
    for seconds in _WAITS:
        yield errors.RateLimited(seconds).params["detail"]
    yield from PARTICIPANT_FIELDS


@cache
def participant_msgids() -> frozenset[str]:
    """Every msgid (a plural's singular) a participant can meet."""
    found: set[str] = set()
    for name in template_closure():
        found.update(_messages_in(TEMPLATES / name, "jinja2"))
    for module in PYTHON_MODULES:
        found.update(_messages_in(ROOT / module, "python"))
    found.update(_error_messages())
    return frozenset(m for m in found if m)


def read_catalogue(code: str) -> Catalog:
    with (CATALOGUES / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=code)


def key(message_id: str | tuple[str, ...]) -> str:
    """A catalogue entry's msgid, or a plural entry's singular."""
    return message_id if isinstance(message_id, str) else message_id[0]


def gaps(catalogue: Catalog, wanted: Iterable[str] | None = None) -> list[str]:
    """Msgids in ``wanted`` (default: all) whose entry is missing, empty or fuzzy."""
    entries = {key(m.id): m for m in catalogue if m.id}
    names = sorted(entries if wanted is None else wanted)
    result = []
    for name in names:
        message = entries.get(name)
        strings = message.string if message is not None else ""
        texts = strings if isinstance(strings, (tuple, list)) else (strings,)
        if message is None or message.fuzzy or not all(texts):
            result.append(name)
    return result


REVIEW_PREFIX = "Review:"
REVIEW_NEEDED = "needed"


def review_status(catalogue: Catalog) -> str | None:
    """The catalogue's ``# Review: ...`` header line: ``needed`` until a native speaker has
    read it, then ``done by <name>, <date>``; None when the file has no such line."""
    for line in catalogue.header_comment.splitlines():
        text = line.lstrip("#").strip()
        if text.startswith(REVIEW_PREFIX):
            return text.removeprefix(REVIEW_PREFIX).strip()
    return None


def header(language_name: str, code: str) -> str:
    """A new participant catalogue's header comment, marked as not yet reviewed."""
    return "\n".join(
        (
            f"# {language_name} ({code}) translations for Dialogkafé: participant pages only.",
            "# The texts in scope: scripts/participant_messages.py; see docs/translations.md.",
            f"# {REVIEW_PREFIX} {REVIEW_NEEDED}",
            "# (a draft: a native speaker reads it before a public event, then writes",
            "# 'Review: done by <name>, <date>' on the line above)",
        )
    )


def fill(code: str, translations: dict[str, str | list[str]]) -> int:
    """Copy ``translations`` (msgid → msgstr, or a plural's forms) into ``code``'s catalogue,
    for the msgids it has; returns how many were set."""
    catalogue = read_catalogue(code)
    count = 0
    for message in catalogue:
        text = translations.get(key(message.id)) if message.id else None
        if not text:
            continue
        if isinstance(message.id, tuple):
            forms = [text] if isinstance(text, str) else list(text)
            forms += [forms[-1]] * (catalogue.num_plurals - len(forms))
            message.string = tuple(forms[: catalogue.num_plurals])
        else:
            message.string = text if isinstance(text, str) else text[0]
        message.flags.discard("fuzzy")
        count += 1
    with (CATALOGUES / code / "LC_MESSAGES" / "messages.po").open("wb") as po:
        write_po(po, catalogue, width=100)
    return count


def main(argv: list[str]) -> int:
    config = load_config()
    if argv[:1] == ["fill"] and len(argv) == 3:
        data = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(f"{argv[1]}: {fill(argv[1], data)} entries set")
        return 0
    if argv[:1] in (["missing"], []):
        scope = participant_msgids()
        print(f"participant scope: {len(scope)} msgids")
        for code in (*config["LANGUAGES"], *config["PARTICIPANT_LANGUAGES"]):
            wanted = None if code in config["LANGUAGES"] else scope
            missing = gaps(read_catalogue(code), wanted)
            print(f"{code}: {len(missing)} missing")
            for msgid in missing:
                print(f"  {msgid!r}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
