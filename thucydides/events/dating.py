"""Dating events: which date of the sentence or the article an event takes.

Word sets are data (data/event_dating.yaml).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..dates import span_dates_something_else
from ..model import Event
from .wordsets import data_file, load_word_sets

_SETS = frozenset({"past_adverbs", "time_relation"})


def _words(name: str) -> frozenset[str]:
    return load_word_sets(data_file("event_dating.yaml"), _SETS)[name]


@lru_cache(maxsize=1)
def _time_relation() -> re.Pattern[str]:
    # a four-digit year places an event in time as the words do
    words = "|".join(sorted(map(re.escape, _words("time_relation")), key=len, reverse=True))
    return re.compile(r"\b(?:" + words + r"|\d{4})\b", re.I)


def _date_repeated_mentions(events: list[Event]) -> None:
    """A later, undated mention of an event already dated in the article takes that date.

    "Blinken and Wang spoke on Saturday. ... The call between Blinken and Wang was ..." — the second sentence
    says nothing of the date, but it is the same call: same type and source country, and the earlier dyad is
    the same or only lacked its target. A headline (sentence 0) looks forward to the lede that dates it.
    """
    def codes(e: Event) -> tuple[str | None, str | None]:
        return e.source.code, e.target.code if e.target else None

    def same_people(a: Event, b: Event) -> bool:
        # two different office holders of one country are two happenings ("Sullivan met Yang"; "Biden will call Xi")
        named = lambda e: {r.name for r in (e.source, e.target) if r is not None and r.kind == "person"}
        na, nb = named(a), named(b)
        return not na or not nb or bool(na & nb)

    def same_happening(undated: Event, dated: Event) -> bool:
        (us, ut), (ds, dt) = codes(undated), codes(dated)
        if undated.event_type != dated.event_type or ut is None or undated.hypothetical or not same_people(undated, dated):
            return False
        return (us == ds and (ut == dt or dt is None)) or {us, ut} == {ds, dt}

    def inherit(event: Event, source: Event) -> None:
        event.date, event.date_precision, event.date_text = source.date, source.date_precision, source.date_text
        event.date_basis = "anaphora"

    dated: list[Event] = []
    for event in events:
        if event.date_basis == "text":
            dated.append(event)
        elif event.date_basis == "article":
            match = next((d for d in reversed(dated) if same_happening(event, d)), None)
            if match:
                inherit(event, match)
    for event in events:
        if event.sentence_index == 0 and event.date_basis == "article":
            match = next((d for d in dated if d.sentence_index > 0 and same_happening(event, d)), None)
            if match:
                inherit(event, match)


def _date_of_referenced_event(sent: Span, dated_event_nouns: dict):
    """"the call", "Saturday's meeting", "this visit": a definite mention of an event dated earlier."""
    for token in sent:
        when = dated_event_nouns.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        if when is not None and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that") or
                                    c.dep_ == "poss" for c in token.children):
            return replace(when, basis="anaphora")
    return None


def _date_governed_by(doc: Doc, sent: Span, trigger, default):
    """The date expression attached to the trigger's own clause, when the sentence has several
    ("said on Monday that ... fired on Saturday": the firing was on Saturday)."""
    dates = [d for d in (doc._.dates or ()) if d.start is not None and sent.start_char <= d.start < sent.end_char]
    if len(dates) < 2:
        return default
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for d in dates:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        for _ in range(6):  # up to the nearest verb: the clause the date belongs to
            if node.pos_ in ("VERB", "AUX") or node.head is node:
                break
            node = node.head
        if node == clause:
            return d
    return default


def _unresolved_time(sent: Span) -> str | None:
    """A DATE expression in the sentence that places the event in time but did not resolve, or None.

    Durations and ages ("for five years", "a decade old") do not date an event and are ignored.
    """
    doc = sent.doc
    relation = _time_relation()
    for ent in sent.ents:
        if ent.label_ != "DATE" or re.search(r"\bold\b", ent.text) or span_dates_something_else(ent):
            continue
        nxt = doc[ent.end] if ent.end < sent.end else None
        if nxt is not None and relation.fullmatch(nxt.text):  # "a few weeks | before the invasion"
            return doc[ent.start:nxt.right_edge.i + 1].text
        if relation.search(ent.text):
            return ent.text
    # "Earlier, the US warned ...", "X had previously said ...": before the report, but not when
    past = _words("past_adverbs")
    for token in sent:
        if token.lower_ in past and token.dep_ == "advmod" and token.head.pos_ in ("VERB", "AUX"):
            return token.text
    return None
