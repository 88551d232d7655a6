"""The projector's word cloud: tokens, stop words and sizes."""

from __future__ import annotations

from dialogcafe.domain.wordcloud import SIZE_STEPS, STOP_WORDS, tokenise, word_cloud


def test_tokenise_keeps_norwegian_letters_and_lowercases() -> None:
    assert tokenise("Æble, ØL og Blåbær! 2026 hus-bank") == [
        "æble",
        "øl",
        "og",
        "blåbær",
        "hus-bank",
    ]


def test_stop_words_numbers_and_single_letters_are_dropped() -> None:
    cloud = word_cloud(["Det er en trygg bolig og the home is safe", "i 42 x Trygg BOLIG"])
    assert [(w.word, w.count) for w in cloud] == [
        ("bolig", 2),
        ("trygg", 2),
        ("home", 1),
        ("safe", 1),
    ]
    assert {"og", "det", "er", "en", "the", "is", "i"} <= STOP_WORDS


def test_top_words_are_limited_and_scaled() -> None:
    texts = ["nabo " * 9, "trapp " * 3, "lys"] + [f"ord{c}" for c in "abc"]
    cloud = word_cloud(texts, limit=3)
    assert [w.word for w in cloud] == ["nabo", "trapp", "lys"]
    assert cloud[0].size == SIZE_STEPS and cloud[-1].size == 1
    assert all(1 <= w.size <= SIZE_STEPS for w in cloud)
    assert word_cloud(["og det"]) == []


def test_everyday_verbs_and_adverbs_are_stop_words() -> None:
    fillers = "tar imot mot får gjør kan vil skal må bør blir litt mye også bare så"
    assert set(fillers.split()) <= STOP_WORDS
    cloud = word_cloud(["Vi tar imot nye naboer", "Det blir litt mye, men naboer får hjelp"])
    assert [w.word for w in cloud] == ["naboer", "hjelp", "nye"]


def test_sizes_spread_over_several_steps_by_log_of_the_count() -> None:
    counts = {"kvelden": 12, "lys": 6, "benk": 4, "buss": 3, "gate": 2, "hage": 1}
    cloud = word_cloud([f"{word} " * count for word, count in counts.items()])
    sizes = {w.word: w.size for w in cloud}
    assert sizes["kvelden"] == SIZE_STEPS and sizes["hage"] == 1
    assert len(set(sizes.values())) >= 5  # not one huge word and the rest alike
    assert [w.size for w in cloud] == sorted((w.size for w in cloud), reverse=True)
    # Equal counts, equal sizes; a single count in the cloud gets the middle size.
    assert {w.size for w in word_cloud(["benk lys", "benk lys"])} == {SIZE_STEPS // 2}
