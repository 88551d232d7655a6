"""Every interface language in ``LANGUAGES`` has a whole catalogue: each text of the
template translated, none left fuzzy (``make translations`` compiles fuzzy guesses, so they
would reach users), every plural form filled, and every placeholder kept as it is.

English is the source language: its catalogue holds only the texts whose English wording
differs from the msgid (column codes and the like), so it is left out here.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from dialogcafe.config import load_config

CATALOGS = Path(__file__).resolve().parents[2] / "dialogcafe" / "translations"
OFFERED = load_config({"SECRET_KEY": "catalogue-test"})["LANGUAGES"]  # no key file written
TRANSLATED = sorted(code for code in OFFERED if code != "en")
# %(name)s / %(num)d, {name}, a bare %s, HTML tags and entities.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?\w+[^>]*>|&#?\w+;")


@cache
def catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def forms(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: a plural's first form against the singular msgid,
    the other forms against the plural msgid."""
    if isinstance(message.id, str):
        return [(message.id, str(message.string))]
    singular, plural = message.id
    strings = [str(text) for text in message.string or ()]
    return [(singular if n == 0 else plural, text) for n, text in enumerate(strings)]


def test_the_languages_with_a_catalogue_are_the_offered_ones() -> None:
    assert "nb" in TRANSLATED and "nn" in TRANSLATED
    for code in TRANSLATED:
        assert (CATALOGS / code / "LC_MESSAGES" / "messages.po").is_file(), code


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_and_not_fuzzy(language: str) -> None:
    template = catalogue(CATALOGS / "messages.pot")
    translated = catalogue(CATALOGS / language / "LC_MESSAGES" / "messages.po")
    missing, fuzzy = [], []
    for source in template:
        if not source.id:
            continue
        message = translated.get(source.id)
        if message is None or not all(text for _, text in forms(message)):
            missing.append(source.id)
        elif message.fuzzy:
            fuzzy.append(source.id)
        elif isinstance(source.id, tuple):
            assert len(forms(message)) == translated.num_plurals, source.id
    assert not missing, f"{language}: not translated: {missing[:5]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_placeholder_is_kept(language: str) -> None:
    translated = catalogue(CATALOGS / language / "LC_MESSAGES" / "messages.po")
    wrong = [
        (source, text)
        for message in translated
        if message.id
        for source, text in forms(message)
        if text and placeholders(source) != placeholders(text)
    ]
    assert not wrong, f"{language}: placeholders differ: {wrong[:3]}"
