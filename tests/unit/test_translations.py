"""Language codes, which translation a phone shows, and which way a text runs."""

from __future__ import annotations

import pytest

from dialogcafe.domain import errors, translations
from dialogcafe.domain.translations import (
    MAX_TRANSLATIONS,
    Chosen,
    InvalidLanguage,
    TooManyTranslations,
    choose,
    clean_translations,
    language_direction,
    language_name,
    normalise_language,
    text_direction,
)


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("ar", "ar"),
        ("AR", "ar"),
        (" pt_BR ", "pt-br"),
        ("sr-Latn", "sr-latn"),
        ("es-419", "es-419"),
        ("ckb", "ckb"),
        ("zh-Hant-TW", "zh-hant-tw"),
    ],
)
def test_language_codes_are_normalised(raw: str, tag: str) -> None:
    assert normalise_language(raw) == tag


@pytest.mark.parametrize(
    "raw", ["", "a", "arab", "en-", "en-u", "1a", "en-gb-oxendict", "x" * 40, "ar;drop", None, 7]
)
def test_other_codes_are_refused(raw: object) -> None:
    with pytest.raises(InvalidLanguage):
        normalise_language(raw)


def test_translations_are_cleaned_and_empty_rows_dropped() -> None:
    rows = [
        {"language": "AR", "text": "  ما رأيك؟ "},
        {"language": "", "text": ""},
        {"language": "uk", "text": ""},  # a row emptied: removed
    ]
    assert clean_translations(rows) == {"ar": "ما رأيك؟"}
    assert clean_translations({"pl": "Co myślisz?"}) == {"pl": "Co myślisz?"}
    assert clean_translations(None) == {}


def test_translations_are_bounded() -> None:
    many = {f"a{chr(97 + i // 26)}{chr(97 + i % 26)}"[1:]: "x" for i in range(MAX_TRANSLATIONS + 1)}
    assert len(many) == MAX_TRANSLATIONS + 1
    with pytest.raises(TooManyTranslations):
        clean_translations(many)
    with pytest.raises(errors.InvalidField):
        clean_translations({"ar": "x" * 501})
    with pytest.raises(errors.InvalidField):
        clean_translations({"ar": 5})
    with pytest.raises(errors.InvalidField):
        clean_translations("ar")
    with pytest.raises(InvalidLanguage):
        clean_translations([{"language": "", "text": "text without a language"}])


def test_choice_takes_the_exact_tag_then_the_primary_language_then_the_original() -> None:
    translations = {"ar": "سؤال", "pt-br": "Pergunta", "uk": "Питання"}
    assert choose("Spørsmål", translations, ["ar"]) == Chosen("سؤال", "ar")
    assert choose("Spørsmål", translations, ["ar-EG"]) == Chosen("سؤال", "ar")
    assert choose("Spørsmål", translations, ["pt"]) == Chosen("Pergunta", "pt-br")
    assert choose("Spørsmål", translations, ["de", "uk", "ar"]) == Chosen("Питання", "uk")
    assert choose("Spørsmål", translations, ["de"]) == Chosen("Spørsmål", None)
    assert choose("Spørsmål", {}, ["ar"]) == Chosen("Spørsmål", None)
    # the original's language, or an explicit "original", ends the search
    assert choose("Spørsmål", translations, ["original", "ar"]) == Chosen("Spørsmål", None)


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("he", "rtl"),
        ("ur-PK", "rtl"),
        ("ckb", "rtl"),
        ("yi", "rtl"),
        ("ku-arab", "rtl"),
        ("pa-Arab", "rtl"),
        ("nb", "ltr"),
        ("uk", "ltr"),
        ("so", "ltr"),
        ("ku", "ltr"),
        (None, "ltr"),
        ("", "ltr"),
    ],
)
def test_language_direction(tag: str | None, direction: str) -> None:
    assert language_direction(tag) == direction


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("مرحبا بكم", "rtl"),
        ("שלום", "rtl"),
        ("Hei på deg", "ltr"),
        ("123 مرحبا", "rtl"),
        ("«Trygghet» مرحبا", "ltr"),
        ("42 !", "ltr"),
        ("", "ltr"),
    ],
)
def test_text_direction_follows_the_first_strong_letter(text: str, direction: str) -> None:
    assert text_direction(text) == direction


def test_language_names_are_in_the_language_itself() -> None:
    assert language_name("ar") == "العربية"
    assert language_name("uk-ua") == "Українська"
    assert language_name("xx") == "xx"


def test_the_languages_wanted_stop_at_the_original_s_language() -> None:
    wanted = translations.wanted_languages
    assert wanted(chosen="ar", interface="nb", browser=["nb", "en"], original="nb") == ["ar"]
    # an English interface on a Norwegian café: English first, then the browser's
    assert wanted(chosen=None, interface="en", browser=["fa", "nb"], original="nb") == [
        "en",
        "fa",
        "nb",
        "original",
    ]
    # a Norwegian reader with English as a fallback reads the original
    assert wanted(chosen=None, interface="nb", browser=["nn-NO", "en"], original="nb") == [
        "nb",
        "original",
    ]
    translated = {"en": "What makes a home safe?"}
    assert (
        choose(
            "Hva?", translated, wanted(chosen=None, interface="nb", browser=["en"], original="nb")
        ).language
        is None
    )


@pytest.mark.parametrize(
    ("cookie", "chosen"),
    [
        ("ar", "ar"),
        ("original", "original"),
        ("PT_br", "pt-br"),
        ("", None),
        ("<x>", None),
        (None, None),
    ],
)
def test_a_stored_choice_is_a_code_or_the_original(cookie: object, chosen: str | None) -> None:
    assert translations.chosen_language(cookie) == chosen


def test_replacing_rows_keeps_a_language_s_row_and_drops_the_rest() -> None:
    class Row:
        def __init__(self, language: str, text: str) -> None:
            self.language, self.text = language, text

    arabic, polish = Row("ar", "قديم"), Row("pl", "Stare")
    rows = [arabic, polish]
    translations.replace_rows(rows, {"ar": "جديد", "uk": "Нове"}, Row)
    assert rows[0] is arabic and arabic.text == "جديد"
    assert [(r.language, r.text) for r in rows] == [("ar", "جديد"), ("uk", "Нове")]
