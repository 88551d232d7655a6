"""Questions in the participant's language, and which way a text runs.

The facilitator adds translations of each question (and of the message to everyone) under a
language code. A phone shows the translation that best fits the languages it asks for, with
the original under it. Every edge (the phone, the projector, the cockpit, the reports) asks
this one module for the language codes, the choice and the direction, so an Arabic text is
right-to-left everywhere and a Norwegian one left-to-right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from dialogcafe.domain import errors, fields
from dialogcafe.domain.errors import N_

MAX_LANGUAGE_LENGTH = 16
MAX_TRANSLATIONS = 20  # per question: more is no café, and it bounds every payload
MAX_TRANSLATION_LENGTH = 500  # a question's own limit (sessions.MAX_TOPIC_LENGTH)
FIELD_LANGUAGE = N_("language")
FIELD_TRANSLATIONS = N_("translations")

# BCP 47, the part a café needs: a 2–3 letter language, then an optional script
# (4 letters) and region (2 letters or 3 digits): "ar", "pt-br", "sr-latn", "es-419".
_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?")

# Languages written right to left, and scripts that are (a tag like "ku-arab").
_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug", "iw"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})

# Offered in the facilitator's language field, and named in their own language on the phone
# (a code not listed here is shown as written).
COMMON_LANGUAGES = (
    "en",
    "nb",
    "nn",
    "pl",
    "uk",
    "ar",
    "so",
    "ti",
    "fa",
    "ru",
    "es",
    "de",
    "fr",
    "ur",
    "sv",
)
ENDONYMS: Mapping[str, str] = {
    "ar": "العربية",
    "da": "Dansk",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fi": "Suomi",
    "fr": "Français",
    "he": "עברית",
    "it": "Italiano",
    "ku": "Kurdî",
    "ckb": "کوردی",
    "lt": "Lietuvių",
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "no": "Norsk",
    "pl": "Polski",
    "ps": "پښتو",
    "pt": "Português",
    "ro": "Română",
    "ru": "Русский",
    "se": "Davvisámegiella",
    "so": "Soomaali",
    "sq": "Shqip",
    "sv": "Svenska",
    "sw": "Kiswahili",
    "ta": "தமிழ்",
    "th": "ไทย",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "Українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
    "zh": "中文",
}

Direction = Literal["ltr", "rtl"]


class InvalidLanguage(errors.InvalidField):
    """Not a language code the café can use."""

    code = "invalid_language"
    message = N_("“{value}” is not a language code. Write a code like ar, uk or pt-br.")


class TooManyTranslations(errors.InvalidField):
    code = "too_many_translations"
    message = N_("At most {limit} translations per text.")


def normalise_language(value: object) -> str:
    """``value`` as a lower-case language tag (``"pt_BR"`` → ``"pt-br"``), or
    :class:`InvalidLanguage`."""
    if not isinstance(value, str):
        raise InvalidLanguage(field=FIELD_LANGUAGE, value="")
    tag = value.strip().replace("_", "-").lower()
    if len(tag) > MAX_LANGUAGE_LENGTH or not _TAG.fullmatch(tag):
        raise InvalidLanguage(field=FIELD_LANGUAGE, value=value.strip()[:MAX_LANGUAGE_LENGTH])
    return tag


def clean_translations(
    value: object, *, max_length: int = MAX_TRANSLATION_LENGTH
) -> dict[str, str]:
    """A ``{language: text}`` object (or a list of ``{"language", "text"}`` rows, as a form
    sends them) checked and bounded; a row with an empty text is left out (removed)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        rows: Iterable[tuple[object, object]] = value.items()
    elif isinstance(value, list) and all(isinstance(row, Mapping) for row in value):
        rows = [(row.get("language"), row.get("text")) for row in value]
    else:
        raise errors.InvalidField(
            field=FIELD_TRANSLATIONS, problem=N_("must be an object of language codes and texts")
        )
    cleaned: dict[str, str] = {}
    for language, text in rows:
        words = fields.text(text, field=FIELD_TRANSLATIONS, max_length=max_length)
        if not words and not (isinstance(language, str) and language.strip()):
            continue  # an empty row of a form
        tag = normalise_language(language)
        if words:
            cleaned[tag] = words
    if len(cleaned) > MAX_TRANSLATIONS:
        raise TooManyTranslations(field=FIELD_TRANSLATIONS, limit=MAX_TRANSLATIONS)
    return cleaned


def primary(tag: str) -> str:
    return tag.split("-", 1)[0]


@dataclass(frozen=True)
class Chosen:
    """The text to show and its language (``None``: the original)."""

    text: str
    language: str | None


def choose(original: str, translations: Mapping[str, str], wanted: Iterable[str]) -> Chosen:
    """The translation for the first wanted language that has one: its exact tag, else one
    with the same primary language ("ar-eg" finds "ar", "pt" finds "pt-br"); else the
    original. A wanted language the original is in (``"original"`` or its tag) stops the
    search there."""
    for want in wanted:
        tag = want.strip().replace("_", "-").lower()
        if not tag:
            continue
        if tag == "original":
            break
        if tag in translations:
            return Chosen(translations[tag], tag)
        same = sorted(t for t in translations if primary(t) == primary(tag))
        if same:
            return Chosen(translations[same[0]], same[0])
    return Chosen(original, None)


def language_direction(tag: str | None) -> Direction:
    """Which way a language is written: ``rtl`` for Arabic, Persian, Hebrew, Urdu and the
    like (or a tag naming such a script, "ku-arab"), else ``ltr``."""
    if not tag:
        return "ltr"
    parts = tag.lower().replace("_", "-").split("-")
    if parts[0] in _RTL_LANGUAGES or any(part in _RTL_SCRIPTS for part in parts[1:]):
        return "rtl"
    return "ltr"


def text_direction(text: str) -> Direction:
    """Which way a text of unknown language runs, as HTML's ``dir="auto"`` decides: by its
    first letter of a strong direction (digits and punctuation have none); ``ltr`` when
    there is none. The reports use it, where no browser decides."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def language_name(tag: str) -> str:
    """A language named in itself ("ar" → "العربية"); an unknown code as written."""
    return ENDONYMS.get(tag) or ENDONYMS.get(primary(tag)) or tag


def replace_rows(
    rows: list[Any], chosen: Mapping[str, str], make: Callable[[str, str], Any]
) -> None:
    """Make a relationship's translation rows (``language``, ``text``) say ``chosen``: rows
    of languages still there keep their row with the new text, new ones are added, the rest
    dropped (a delete and an insert of one language in one flush would break its unique key)."""
    by_language = {row.language: row for row in rows}
    for row in list(rows):
        if row.language not in chosen:
            rows.remove(row)
    for tag, text in chosen.items():
        if tag in by_language:
            by_language[tag].text = text
        else:
            rows.append(make(tag, text))


ORIGINAL = "original"  # a phone's choice: the question as the facilitator wrote it
# Norwegian written either way, or just "no": a reader of one reads the others.
_SAME_LANGUAGE = ({"no", "nb", "nn"},)


def same_language(one: str, other: str) -> bool:
    a, b = primary(one.lower()), primary(other.lower())
    return a == b or any(a in group and b in group for group in _SAME_LANGUAGE)


def wanted_languages(
    *, chosen: str | None, interface: str, browser: Iterable[str], original: str
) -> list[str]:
    """The languages to look for, best first (:func:`choose`): the phone's own choice
    alone; else the interface language, then the browser's, up to the first the original
    is written in (a Norwegian reader whose browser also lists English reads the original)."""
    if chosen:
        return [chosen]
    wanted: list[str] = []
    for tag in (interface, *browser):
        wanted.append(tag)
        if same_language(tag, original):
            wanted.append(ORIGINAL)
            break
    return wanted


def chosen_language(value: object) -> str | None:
    """A phone's stored choice (a cookie) as a tag or :data:`ORIGINAL`; ``None`` when
    there is none or it is no language code (a stale or crafted cookie is ignored)."""
    if value == ORIGINAL:
        return ORIGINAL
    try:
        return normalise_language(value)
    except InvalidLanguage:
        return None


MAX_OFFERED = 30  # languages on a phone's choice list


def offered_languages(all_translations: Iterable[Iterable[str]]) -> list[str]:
    """The café's translation languages (of every question), sorted, at most
    :data:`MAX_OFFERED`."""
    tags = sorted({tag for languages in all_translations for tag in languages})
    return tags[:MAX_OFFERED]
