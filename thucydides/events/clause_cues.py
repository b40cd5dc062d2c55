"""Cue words and phrases inside a clause, answered in O(log n) from one index per document (issue 11).

"X said that ... Y said that ... Z said that ...": every reported clause is asked whether it criticises or
rules something out. Scanning each clause's subtree costs the clause's length, and nested clauses of one
long sentence make that quadratic (a 20,000-word sentence took minutes). The index is built once per document
in one pass over its tokens; a clause is asked about as the token range [left_edge, right_edge] of its head
(the parser's trees are projective, so a subtree is that range).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class _PhraseHits:
    """Matches of a set of phrases in the document, as token ranges sorted by first token."""

    starts: tuple[int, ...]
    min_end_from: tuple[int, ...]  # min_end_from[k]: the smallest last token among matches k, k+1, ...

    @classmethod
    def find(cls, doc: Doc, phrases: tuple[str, ...]) -> _PhraseHits:
        if not phrases or not len(doc):
            return cls((), ())
        # the same text the subtree scan joined: lower-cased tokens separated by one space
        lowers = [t.lower_ for t in doc]
        text = " ".join(lowers)
        token_at: list[int] = []
        for i, word in enumerate(lowers):
            token_at.extend([i] * (len(word) + 1))
        hits: list[tuple[int, int]] = []
        for phrase in phrases:
            at = text.find(phrase)
            while at != -1:
                hits.append((token_at[at], token_at[at + len(phrase) - 1]))
                at = text.find(phrase, at + 1)
        hits.sort()
        min_end = [0] * len(hits)
        lowest = len(doc)
        for k in range(len(hits) - 1, -1, -1):
            lowest = min(lowest, hits[k][1])
            min_end[k] = lowest
        return cls(tuple(h[0] for h in hits), tuple(min_end))

    def within(self, lo: int, hi: int) -> bool:
        k = bisect_left(self.starts, lo)
        return k < len(self.starts) and self.min_end_from[k] <= hi


class ClauseCues:
    """Which token ranges of one document hold a critical or a rejecting cue (statement_cues.yaml)."""

    def __init__(self, doc: Doc, critical: frozenset[str], critical_phrases: tuple[str, ...],
                 rejecting_phrases: tuple[str, ...]):
        self.doc = doc
        # critical_before[i]: how many of the first i tokens are critical words
        counts = [0]
        for t in doc:
            counts.append(counts[-1] + (t.lemma_.lower() in critical or t.lower_ in critical))
        self._critical_before = counts
        self._critical_phrases = _PhraseHits.find(doc, critical_phrases)
        self._rejecting_phrases = _PhraseHits.find(doc, rejecting_phrases)

    @staticmethod
    def _range(clause: Token) -> tuple[int, int]:
        return clause.left_edge.i, clause.right_edge.i

    def critical(self, clause: Token) -> bool:
        lo, hi = self._range(clause)
        return self._critical_before[hi + 1] > self._critical_before[lo] or self._critical_phrases.within(lo, hi)

    def rejecting(self, clause: Token) -> bool:
        lo, hi = self._range(clause)
        return self._rejecting_phrases.within(lo, hi)
