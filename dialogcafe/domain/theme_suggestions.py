"""Suggested themes: inputs that share a word, so the facilitator need not start from zero.

Plain, predictable rules rather than a language model (no service, no new dependency, the
same answer every time): each input's words are lower-cased, stop words and short words
are dropped (the word cloud's Norwegian and English lists), and each word is cut to a stem
by a small suffix stripper that knows the common bokmål and English endings, so
"trygghet", "trygge" and "trygt" meet in one stem, as do "bolig", "boliger" and
"boligene". Then, greedily, the stem that most inputs share (ties: more tables, then the
stem's alphabetical order) becomes a suggestion with those inputs, which leave the pool,
until no stem is shared by two inputs. A suggestion is named after the word its inputs
use most. The facilitator accepts, renames or ignores each; nothing is stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dialogcafe.domain.wordcloud import STOP_WORDS, tokenise

MAX_SUGGESTIONS = 10
MIN_WORD = 3
MIN_STEM = 3

# Longest first; a suffix is cut only when at least MIN_STEM letters stay.
_SUFFIXES = tuple(
    sorted(
        {
            # bokmål: definite and plural endings, -het nouns, participles
            "hetene",
            "hetens",
            "hetenes",
            "heten",
            "heter",
            "het",
            "endes",
            "ende",
            "andes",
            "ande",
            "edes",
            "ede",
            "enes",
            "ene",
            "ane",
            "ens",
            "ers",
            "ets",
            "erte",
            "ert",
            "en",
            "er",
            "et",
            "ar",
            "as",
            "es",
            "a",
            "e",
            # English: nouns, verbs and adverbs
            "ations",
            "ation",
            "nesses",
            "ness",
            "ings",
            "ing",
            "ies",
            "ied",
            "ed",
            "ly",
            "ful",
            "s",
        },
        key=lambda suffix: (-len(suffix), suffix),
    )
)
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")


@dataclass(frozen=True)
class Candidate:
    """An input that may go into a suggestion: not yet in any theme."""

    post_id: int
    table: int
    text: str


@dataclass(frozen=True)
class Suggestion:
    """A proposed theme: a name, the shared stem, its inputs and the tables they came from."""

    name: str
    stem: str
    post_ids: tuple[int, ...]
    tables: tuple[int, ...]


def stem(word: str) -> str:
    """A lower-case word cut to its stem: one suffix off, then a doubled or neuter ``t``
    consonant end made single ("trygg", "trygt" → "tryg"), so inflected forms meet."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if len(word) > MIN_STEM and word[-1] == word[-2] and word[-1] in _CONSONANTS:
        word = word[:-1]
    if len(word) > MIN_STEM + 1 and word.endswith("t") and word[-2] in _CONSONANTS - {"s"}:
        word = word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """The words of ``text`` worth grouping by: no stop words, no short words."""
    return [word for word in tokenise(text) if len(word) >= MIN_WORD and word not in STOP_WORDS]


def suggest(candidates: Iterable[Candidate], limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Up to ``limit`` suggestions, each of at least two inputs sharing a stem; deterministic
    (the order of ``candidates`` does not matter)."""
    pool = {c.post_id: c for c in sorted(candidates, key=lambda c: c.post_id)}
    stems: dict[int, set[str]] = {}
    spellings: dict[int, Counter[tuple[str, str]]] = {}
    for post_id, candidate in pool.items():
        counted = Counter((stem(word), word) for word in words_of(candidate.text))
        spellings[post_id] = counted
        stems[post_id] = {word_stem for word_stem, _ in counted}
    suggestions: list[Suggestion] = []
    while len(suggestions) < limit:
        by_stem: dict[str, list[int]] = defaultdict(list)
        for post_id in pool:
            for word_stem in stems[post_id]:
                by_stem[word_stem].append(post_id)
        shared = [(s, ids) for s, ids in by_stem.items() if len(ids) >= 2]
        if not shared:
            break
        best, ids = min(
            shared, key=lambda item: (-len(item[1]), -_table_count(pool, item[1]), item[0])
        )
        suggestions.append(
            Suggestion(
                name=_name(best, (spellings[post_id] for post_id in ids)),
                stem=best,
                post_ids=tuple(ids),
                tables=tuple(sorted({pool[post_id].table for post_id in ids})),
            )
        )
        for post_id in ids:
            del pool[post_id]
    return suggestions


def _table_count(pool: dict[int, Candidate], ids: list[int]) -> int:
    return len({pool[post_id].table for post_id in ids})


def _name(word_stem: str, spellings: Iterable[Counter[tuple[str, str]]]) -> str:
    """The spelling of ``word_stem`` its inputs use most (ties: alphabetical), capitalised."""
    uses: Counter[str] = Counter()
    for counted in spellings:
        for (counted_stem, word), count in counted.items():
            if counted_stem == word_stem:
                uses[word] += count
    word = min(uses, key=lambda w: (-uses[w], w))
    return word[:1].upper() + word[1:]
