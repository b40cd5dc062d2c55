"""Truecasing: capitals restored in text written without them (all lower case, or all capitals), before parsing.

    truecaser = Truecaser.build(knowledge, gazetteer, common_words, stop_words)
    truecaser("police arrested 20 people in ahmedabad.")   # "Police arrested 20 people in Ahmedabad."

spaCy's small model reads case: on lower-cased scraped news its sentence splits, tags and entities fail, and
every later stage with them. The truecaser changes letters' case only, never the length of the text, so every
offset into the truecased text is an offset into the stored text too.

When: per article, by `case_of` — "lower" when most sentences start in lower case (or the text has almost no
capitals), "upper" when nearly all letters are capitals; "cased" text is returned unchanged.
What is capitalised: sentence starts (after . ! ? and line breaks, and after a dateline "city:"), the pronoun
"i", days and months, and names the project itself knows: the gazetteer's places, the registry's countries, demonyms, capitals,
organisations (acronyms in capitals: "BJP"), people and peoples. A one-word name that is also an ordinary English
word ("march", "mobile", "polish", "congress") is left alone unless it is a country or demonym or a big city;
`common_words` says which words are ordinary (WordNet's index, which spaCy's lemmatizer ships).
Written by hand: the truecasers on PyPI ship statistical models trained on other data or need a corpus, and the
project's own names are what its later stages look up anyway.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Literal

if TYPE_CHECKING:
    from .actors.knowledge import ActorKnowledge
    from .places import Gazetteer

Case = Literal["cased", "lower", "upper"]

MAX_WORDS = 5  # longest name matched, in words
BIG_CITY = 1_000_000  # a one-word city name that is also a common noun ("delhi"?) must be this big
NAMED_CITY = 100_000  # a several-word city name made of common words ("new delhi") must be this big
UPPER_SHARE = 0.7  # share of capitals among letters above which text is all caps
LOWER_START_SHARE = 0.6  # share of sentences starting in lower case above which text is lower-cased
MIN_CAPITAL_SHARE = 0.01  # fewer capitals than this (per letter) and the text has no case signal

SAMPLE = 20_000  # characters judged by `case_of`

_WORD = re.compile(r"[^\W_]+")
_ASCII_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_CAPITALS + bytes(range(ord("a"), ord("z") + 1))
_SENTENCE_START = re.compile(r"(?:\A|[.!?][\"'”’)\]]*\s+|\n\s*)[\"'“‘(\[]*(\w)")
_DATELINE = re.compile(r"(?m)^[^\W\d_][\w .'’-]{1,30}:\s+[\"'“‘]*(\w)")
_PRONOUN_I = re.compile(r"(?<![\w.'’-])i(?![\w.'’-])")
_SEPARATOR = re.compile(r"[\s\-]{1,3}|\.\s?")  # between the words of one name: "new delhi", "st. louis"


def case_of(text: str) -> Case:
    """How `text` is cased: "upper" (all capitals), "lower" (no case signal) or "cased". Judged on its first
    `SAMPLE` characters, counting ASCII letters (bytes.translate runs in C: this is on every article's path)."""
    sample = text[:SAMPLE].encode("ascii", "ignore")
    letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS))
    if letters < 20:
        return "cased"
    capitals = len(sample) - len(sample.translate(None, _ASCII_CAPITALS))
    if capitals / letters >= UPPER_SHARE:
        return "upper"
    if capitals / letters < MIN_CAPITAL_SHARE:
        return "lower"
    starts = [m.group(1) for m in _SENTENCE_START.finditer(text, 0, SAMPLE) if not m.group(1).isdigit()]
    if len(starts) >= 3 and sum(c.islower() for c in starts) / len(starts) >= LOWER_START_SHARE:
        return "lower"
    return "cased"


def _same_length(text: str, upper: bool) -> str:
    """Lower- or upper-cased, character by character, keeping a character whose case mapping is longer."""
    if upper:
        out = text.upper()
        return out if len(out) == len(text) else "".join(c.upper() if len(c.upper()) == 1 else c for c in text)
    out = text.lower()
    return out if len(out) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Name:
    """How to write one known name: per word, the spelling (same length as the word) or None for "capitalise"."""

    spellings: tuple[str | None, ...]


class Truecaser:
    """Restores capitals in text with no case signal. Build with `Truecaser.build`."""

    def __init__(self, names: dict[tuple[str, ...], Name]):
        self.names = names
        self.longest: dict[str, int] = {}  # first word of a name -> the most words a name starting with it has
        for key in names:
            self.longest[key[0]] = max(len(key), self.longest.get(key[0], 0))

    @classmethod
    def build(cls, knowledge: ActorKnowledge, gazetteer: Gazetteer, word_classes: dict[str, frozenset[str]],
              stop_words: Iterable[str]) -> Truecaser:
        """Names from the registry and the gazetteer. `word_classes` maps noun, verb, adj, adv to the ordinary
        English words of that class (lower case); `stop_words` are never capitalised alone."""
        stops = frozenset(stop_words)
        nouns = word_classes.get("noun", frozenset())
        other = frozenset().union(*(v for k, v in word_classes.items() if k != "noun"))
        verbs_advs = word_classes.get("verb", frozenset()) | word_classes.get("adv", frozenset())
        names: dict[tuple[str, ...], Name] = {}

        def ordinary(word: str) -> bool:
            return word in nouns or word in other or word in stops

        def add(words: tuple[str, ...], acronyms: frozenset[str] = frozenset()) -> None:
            if not words or (len(words) == 1 and (words[0] in stops or len(words[0]) < 3)):
                return
            spelled = next((a for a in acronyms if a.lower() == "".join(words)), None) if len(words) == 1 else None
            names[words] = Name(tuple(spelled for _ in words))

        for key, kind, acronyms in knowledge.name_forms():
            words = tuple(_WORD.findall(key))
            if not words:
                continue
            if len(words) > 1:
                keep = kind != "capital" or not all(ordinary(w) for w in words)
            elif kind in ("country", "demonym"):
                keep = words[0] not in verbs_advs  # "Indian" is an adjective and a name; "polish" a verb
            else:
                keep = not ordinary(words[0])
            if keep:
                add(words, acronyms)
        # days and months (the calendar module's English names): "march" the verb and "may" the modal stay
        for word in (*calendar.day_name, *calendar.month_name):
            key = word.lower()
            if key and key not in verbs_advs and key not in stops:
                add((key,))
        for key, entry in gazetteer.names():
            words = tuple(_WORD.findall(key))
            if not words or words in names:
                continue
            if len(words) == 1:
                big = entry.kind != "city" or entry.population >= BIG_CITY
                keep = not ordinary(words[0]) or (big and words[0] not in other and words[0] not in stops)
            else:
                keep = not all(ordinary(w) for w in words) or entry.kind != "city" or entry.population >= NAMED_CITY
            if keep:
                add(words)
        return cls(names)

    def __call__(self, text: str) -> str:
        """`text` truecased when it has no case signal (`case_of`), else unchanged; always the same length."""
        return self.apply(text, case_of(text))

    def apply(self, text: str, case: Case) -> str:
        """`text` truecased as text of the given case (from `case_of`)."""
        if case == "cased":
            return text
        base = _same_length(text, upper=False) if case == "upper" else text
        chars = list(base)

        def capitalise(i: int) -> None:
            chars[i] = chars[i].upper() if len(chars[i].upper()) == 1 else chars[i]

        for pattern in (_SENTENCE_START, _DATELINE):
            for m in pattern.finditer(base):
                capitalise(m.start(1))
        for m in _PRONOUN_I.finditer(base):
            capitalise(m.start())
        lowered = base.lower() if len(base.lower()) == len(base) else _same_length(base, upper=False)
        matches = list(_WORD.finditer(lowered))
        words = [m.group(0) for m in matches]
        n = len(words)
        i = 0
        while i < n:
            longest = self.longest.get(words[i])
            if longest is None:
                i += 1
                continue
            found = 0
            for size in range(min(longest, n - i), 0, -1):
                name = self.names.get(tuple(words[i:i + size]) if size > 1 else (words[i],))
                if name is None or (size > 1 and not all(
                        _SEPARATOR.fullmatch(lowered, matches[j].end(), matches[j + 1].start())
                        for j in range(i, i + size - 1))):
                    continue
                for m, spelling in zip(matches[i:i + size], name.spellings):
                    if spelling is not None and len(spelling) == m.end() - m.start():
                        chars[m.start():m.end()] = list(spelling)
                    else:
                        capitalise(m.start())
                found = size
                break
            i += found or 1
        return "".join(chars)

