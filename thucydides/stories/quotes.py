"""Quotes across articles: the same quotation reported by several articles of a story, linked.

Two quotes from different articles are versions of one quotation when, lower-cased, rapidfuzz's `token_set_ratio`
reaches `min_score` (70 by default: a machine translation keeps most words of a quote and reorders or swaps some)
and `token_sort_ratio` reaches `min_score - 10` (the shared words are most of both, not a stock phrase inside a
longer statement), or one is nearly verbatim inside the other; and the shorter one has at least `min_words` words (short phrases such as "no limits"
recur without being the same quote). Linking is transitive (union-find). Each version keeps its own text and
speaker attribution: a garbled attribution in one report ("the king") stays visible next to the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .model import QuoteLink, QuoteVersion, ReportedQuote


def link_quotes(story_id: str, quotes: Sequence[ReportedQuote], *, min_score: float = 70.0,
                min_words: int = 5) -> list[QuoteLink]:
    """Links between quotes of different articles of one story (only groups with 2+ articles)."""
    from rapidfuzz import fuzz

    items = [q for q in quotes if len(q.text.split()) >= min_words]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lowered = [q.text.lower() for q in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].article_id == items[j].article_id:
                continue
            if _same_quote(lowered[i], lowered[j], min_score):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    links: list[QuoteLink] = []
    for members in groups.values():
        if len({items[i].article_id for i in members}) < 2:
            continue
        members.sort(key=lambda i: (items[i].article_id, items[i].quote_id))
        first = lowered[members[0]]
        versions = [QuoteVersion(quote_id=q.quote_id, article_id=q.article_id, text=q.text,
                                 speaker_name=q.speaker_name, speaker_code=q.speaker_code,
                                 speaker_text=q.speaker_text,
                                 similarity=round(fuzz.token_set_ratio(first, lowered[i]), 1))
                    for i in members for q in (items[i],)]
        digest = hashlib.sha1(f"{story_id}|{versions[0].quote_id}".encode()).hexdigest()[:12]
        links.append(QuoteLink(link_id=f"q-{digest}", story_id=story_id, versions=versions))
    links.sort(key=lambda link: link.link_id)
    return links


def _same_quote(a: str, b: str, min_score: float) -> bool:
    """Most words shared (token_set) AND in a similar order and amount (token_sort, 10 points lower), or one
    quote nearly verbatim inside the other (partial_ratio >= 90: a longer excerpt of the same remark)."""
    from rapidfuzz import fuzz

    if fuzz.partial_ratio(a, b) >= 90:
        return True
    return fuzz.token_set_ratio(a, b) >= min_score and fuzz.token_sort_ratio(a, b) >= min_score - 10
