"""The projector's word cloud: the words a session's inputs use most.

Plain Python and plain HTML output (spans with size classes, no canvas), so it works
under a strict CSP and screen readers get the same words as an ordered list. Common
Norwegian (bokmål and some nynorsk) and English words are dropped, or every cloud would
say "og", "det" and "the".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOP_WORDS = 60
SIZE_STEPS = 6
# Unicode letters (æ, ø, å, é …), optionally joined by an apostrophe or hyphen.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_NORWEGIAN = """
alle alt andre annen annet at av bare begge ble blei bli blir blitt bort både båe da de
dei deim deira deires dem den denne der dere deres det dette di din disse ditt du dykk
dykkar då eg ein eit eitt eller elles en enn er et ett etter for fordi fra frå før ha
hadde han hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem
hver hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen inn inni ja jeg kan
kom korleis korso kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med meg
meget mellom men mens mer mest min mine mitt mot mye må måtte ned nei no noe noen noka
noko nokon nokor nokre nå når og også om opp oss over på samme seg selv si sia sidan
siden sin sine sitt sjøl skal skulle slik so som somme somt så sånn til um upp ut uten
var vart varte ved vere verte vi vil ville vore vors vort vår være vært å
"""

# Short everyday verbs, adverbs and prepositions: true in every input, telling in none.
_NORWEGIAN_COMMON = """
altså andres annerledes bak blant bør derfor dermed egen egentlig eget enda ennå faktisk
fikk finnes fins fort fram frem får ganske gikk gjennom gjerne gjort gjør gjøre gå går
helt hos ifra igjen imot innen kanskje komme kommer langs lenge litt mindre måte nesten
nok ofte rundt sa sagt se ser sett sier sjelden snart stå står ta tar tatt tenker tror
veldig vet videre vite vær
"""

_ENGLISH_COMMON = """
always gets getting go goes going like make makes many much need needs often one really
say see take takes thing things think us want way well
"""

_ENGLISH = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further get got had has have having he her here hers herself him himself
his how i if in into is it its itself just let me more most my myself no nor not now
of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves
"""

STOP_WORDS: frozenset[str] = frozenset(
    (_NORWEGIAN + _NORWEGIAN_COMMON + _ENGLISH + _ENGLISH_COMMON).split()
)


@dataclass(frozen=True)
class CloudWord:
    """A word, how often it was used, and its size step (1 = smallest … SIZE_STEPS)."""

    word: str
    count: int
    size: int


def tokenise(text: str) -> list[str]:
    """Lower-cased words of ``text``; digits and punctuation split words and are dropped."""
    return [match.group(0).lower() for match in _WORD.finditer(text)]


def keep(word: str) -> bool:
    """A word worth showing: not a stop word, longer than one letter."""
    return len(word) > 1 and word not in STOP_WORDS


def count_words(texts: Iterable[str]) -> Counter[str]:
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(word for word in tokenise(text) if keep(word))
    return counter


def word_cloud(texts: Iterable[str], limit: int = TOP_WORDS) -> list[CloudWord]:
    """The ``limit`` most used words, most used first (ties alphabetical), with sizes.

    Sizes follow the logarithm of the count between the rarest and the most used word
    shown, so one very common word does not flatten all the others into one size, and
    words used equally often get the same size.
    """
    top = sorted(count_words(texts).items(), key=lambda item: (-item[1], item[0]))[:limit]
    if not top:
        return []
    low, high = math.log(top[-1][1]), math.log(top[0][1])
    span = high - low

    def size(count: int) -> int:
        if span == 0:
            return SIZE_STEPS // 2
        return 1 + round((math.log(count) - low) * (SIZE_STEPS - 1) / span)

    return [CloudWord(word=word, count=count, size=size(count)) for word, count in top]
