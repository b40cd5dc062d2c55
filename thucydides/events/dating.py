"""Dating events: which date of the sentence or the article an event takes, or which bounds.

The sentence's own date comes from `thucydides.dates`; here: the date governed by the trigger's clause when a
sentence has several, later mentions of a dated event, unresolved time expressions, and (`date_relative`) the
dates of events the sentence does not date: by tense, markers ("earlier", "since X") and anchors ("after the
invasion"); see the decisions above `date_relative`. Word sets are data (data/event_dating.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..dates import date_for_sentence, span_dates_something_else
from ..model import Event, ResolvedDate
from ..nlp import doc_text
from .wordsets import data_file, load_word_sets

_SETS = frozenset({"past_adverbs", "time_relation", "already_adverbs", "after_words", "before_words",
                   "during_words", "present_words", "speech_verbs"})


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    return load_word_sets(data_file("event_dating.yaml"), _SETS)


def _words(name: str) -> frozenset[str]:
    return _sets()[name]


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
        event.date_earliest = event.date_latest = None

    def undated(event: Event) -> bool:
        # a bounded event takes the date of the same happening when that date is within its bounds
        return event.date_basis in ("article", "bounded")

    def fits(event: Event, dated_one: Event) -> bool:
        day = (dated_one.date or "")[:10]
        return event.date_basis != "bounded" or (
            (event.date_earliest or "") <= day and (not event.date_latest or day[:len(event.date_latest)] <= event.date_latest))

    dated: list[Event] = []
    for event in events:
        if event.date_basis == "text":
            dated.append(event)
        elif undated(event):
            match = next((d for d in reversed(dated) if same_happening(event, d) and fits(event, d)), None)
            if match:
                inherit(event, match)
    for event in events:
        if event.sentence_index == 0 and undated(event):
            match = next((d for d in dated if d.sentence_index > 0 and same_happening(event, d) and fits(event, d)),
                         None)
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


def _date_entities(doc: Doc) -> list[Span]:
    """The DATE entities of `doc`, read once: spaCy rebuilds `ents` on every access, per sentence that was a
    sixth of the events component's time. The events component runs after NER, so they do not change. Token
    offsets are kept (plain ints serialize with the Doc), spans rebuilt from them."""
    found = doc.user_data.get("thucydides_date_ents")
    if found is None:
        found = doc.user_data["thucydides_date_ents"] = [(e.start, e.end) for e in doc.ents if e.label_ == "DATE"]
    return [Span(doc, start, end, label="DATE") for start, end in found]


def _unresolved_time(sent: Span) -> str | None:
    """A DATE expression in the sentence that places the event in time but did not resolve, or None.

    Durations and ages ("for five years", "a decade old") do not date an event and are ignored.
    """
    doc = sent.doc
    relation = _time_relation()
    for ent in _date_entities(doc):
        if not sent.start <= ent.start < sent.end:
            continue
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


# ---- dates of events the sentence does not date -----------------------------------------------------------
# Decisions (documented because reasonable people would choose otherwise):
# - The publication date stands in (date_basis "article") only where the text supports it: a present-tense or
#   future report (the statement is made now), "today"/"tonight", and the news lead (headline and first
#   paragraph), where a past tense reports the latest development: news leads are about the publication day or
#   the day before, which the incidents' week-before-publication window covers.
# - Elsewhere a past event with no date of its own is only known to precede the report: date_basis "bounded",
#   date None, date_latest the publication date. So is anything marked "earlier", "previously", "already", and
#   the past perfect ("had imposed") anywhere, the lead included.
# - "after/since/following X" and "before/until/ahead of X", X a date or an event the article dates elsewhere
#   ("after the invasion", dated "on February 24" in another sentence), bound the event on that side;
#   "a few weeks before X" gives an interval. "during/at/amid X", X a dated event, takes X's date (anaphora).
# - An event inside what somebody said ("X said Y had attacked Z") is before the saying; the saying itself
#   ("X said it will ...") is dated by the speech verb's tense.
_VAGUE_MOST = 10  # "a few/several/some weeks before X": hand-set, at most ten units before
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class DatedHappening:
    """An event word in a sentence the text dates ("invaded ... on February 24"), by the CAMEO codes the lexicon
    gives the word: "after the invasion" finds it through the codes "invasion" shares with "invade"."""

    sentence_index: int
    codes: frozenset[str]
    when: ResolvedDate


@dataclass(frozen=True)
class Anchors:
    """The dated happenings of an article, and how to read a word's codes."""

    happenings: list[DatedHappening]
    codes_of: Callable[[str, str], frozenset[str]]


def dated_happenings(doc: Doc, codes_of: Callable[[str, str], frozenset[str]]) -> Anchors:
    """Every event word (lexicon verb or noun) of a sentence with a day or month date from the text, in order.
    `codes_of(lemma, "verb"|"noun")` gives the CAMEO root codes (two digits: "invade" and "invasion" share one)
    of a word's lexicon entries."""
    out = []
    for index, sent in enumerate(doc.sents):
        when = date_for_sentence(doc, sent)
        if when is None or when.basis != "text" or when.precision == "year":
            continue
        for token in sent:
            pos = "noun" if token.pos_ == "NOUN" else "verb" if token.pos_ == "VERB" else None
            codes = codes_of(token.lemma_.lower(), pos) if pos else frozenset()
            if codes:
                out.append(DatedHappening(index, codes, when))
    return Anchors(out, codes_of)


def date_relative(event: Event, doc: Doc, sent: Span, trigger: Token, anchors: Anchors) -> None:
    """Re-date an event its sentence does not date (basis "article"/"unresolved"), or dates only through a
    relation ("after February 24"), by the rules above. Changes `event` in place."""
    published = doc._.published
    if isinstance(published, datetime):
        published = published.date()
    if published is None or event.date_basis not in ("article", "unresolved", "text"):
        return
    clause = _clause(trigger)
    relation = _relation(doc, sent, clause, event.sentence_index, anchors)
    if relation is not None and event.date_basis == "text" and relation.when.text != event.date_text:
        relation = None  # "on March 2 ... after the invasion": the event's own date wins
    if relation is not None:
        _apply_relation(event, relation, published, clause)
        return
    if event.date_basis == "text":
        return
    tense = _tense(clause)
    if tense == "past-perfect" or _has_word(clause, _words("past_adverbs") | _words("already_adverbs")):
        _bound(event, None, published, event.date_text)
        return
    if event.date_basis == "unresolved":
        return
    present = _words("present_words")
    if any(t.lower_ in present or t.i + 1 < sent.end and f"{t.lower_} {doc[t.i + 1].lower_}" in present
           for t in sent):
        return
    if tense in ("past", "perfect") and not _in_lead(doc, sent):
        _bound(event, None, published, None)


@dataclass(frozen=True)
class _Relation:
    kind: str  # after | before | during
    start: date
    end: date
    text: str
    when: ResolvedDate  # the date or the dated event related to
    least: int | None = None  # "three weeks before X": days before X, least and most
    most: int | None = None


def _clause(trigger: Token) -> Token:
    """The verb whose clause the trigger belongs to (the trigger itself when it is a verb)."""
    node = trigger
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _relation(doc: Doc, sent: Span, clause: Token, sent_index: int, anchors: Anchors) -> _Relation | None:
    after, before, during = _words("after_words"), _words("before_words"), _words("during_words")
    for word in sent:
        lower = word.lower_
        if word.dep_ not in ("prep", "mark", "advmod") or lower not in after | before | during:
            continue
        governor = word.head.head if word.dep_ == "mark" else word.head  # "after X met Y": the clause it opens
        if _clause(governor).i != clause.i:
            continue
        obj = _object_of(word)
        if obj is None:
            continue
        kind = "after" if lower in after else "before" if lower in before else "during"
        found, from_anchor = _date_in(doc, obj), False
        if found is None and obj.pos_ in ("NOUN", "PROPN"):
            found, from_anchor = _anchor_date(anchors.codes_of(obj.lemma_.lower(), "noun"), sent_index, anchors), True
        if found is None or kind == "during" and not from_anchor:
            continue  # "during February" is the sentence's own date
        start, end = _period_of(found)
        least, most = _duration_before(word)
        phrase_start = word.left_edge.i if least is None or word.left_edge.i < word.i else word.head.left_edge.i
        return _Relation(kind, start, end, doc[min(phrase_start, word.i):obj.right_edge.i + 1].text, found,
                         least, most)
    return None


def _object_of(word: Token) -> Token | None:
    """"after the invasion" -> invasion; "ahead of the summit" -> summit; "after X met Y" -> met."""
    if word.dep_ == "mark":
        return word.head
    for child in word.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
        if child.dep_ == "prep" and child.lower_ == "of":  # "ahead of"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _date_in(doc: Doc, obj: Token) -> ResolvedDate | None:
    lo, hi = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
    return next((d for d in (doc._.dates or ()) if d.start is not None and lo <= d.start < hi), None)


def _anchor_date(codes: frozenset[str], sent_index: int, anchors: Anchors) -> ResolvedDate | None:
    """The date of the event a noun with `codes` names, from another sentence: the nearest before, else the
    first after."""
    same = [a for a in anchors.happenings if a.codes & codes and a.sentence_index != sent_index]
    earlier = [a for a in same if a.sentence_index < sent_index]
    pick = earlier[-1] if earlier else (same[0] if same else None)
    return pick.when if pick is not None else None


def _duration_before(word: Token) -> tuple[int | None, int | None]:  # also "after"
    """"a few weeks | before X", "three days | after X": the least and most days the duration can be."""
    head = next((c for c in word.children if c.dep_ == "npadvmod" and c.i < word.i), word.head)
    if head.lemma_.lower() not in _UNITS or head.i >= word.i:
        return None, None
    unit = _UNITS[head.lemma_.lower()]
    count = next((c for c in head.children if c.dep_ == "nummod"), None)
    if count is not None and count.like_num:
        try:
            n = int(count.text)
        except ValueError:
            n = _SPELLED.get(count.lower_)
        if n is not None:
            return max(n - 1, 0) * unit, (n + 1) * unit
    if head.tag_ == "NNS":
        return unit, _VAGUE_MOST * unit  # "a few weeks", "several days", "some months"
    return 0, 2 * unit  # "a week before X"


_SPELLED = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12}


def _period_of(when: ResolvedDate) -> tuple[date, date]:
    start = when.value
    if when.precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    if when.precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start.replace(day=1), following - timedelta(days=1)
    return start, start


def _apply_relation(event: Event, relation: _Relation, published: date, clause: Token) -> None:
    if relation.kind == "during":
        event.date, event.date_precision, event.date_text = relation.when.iso, relation.when.precision, relation.text
        event.date_basis = "anaphora"
        return
    future = _tense(clause) == "future"
    if relation.kind == "after":
        earliest, latest = relation.start, None if future else published
        if relation.least is not None:  # "three days after X"
            earliest = relation.start + timedelta(days=relation.least)
            latest = relation.start + timedelta(days=relation.most) if future else \
                min(relation.start + timedelta(days=relation.most), published)
        _bound(event, earliest, latest, relation.text)
        return
    latest = relation.start - timedelta(days=1)
    earliest = None
    if relation.least is not None:
        latest = relation.start - timedelta(days=relation.least)
        earliest = relation.start - timedelta(days=relation.most)
    _bound(event, earliest, min(latest, published) if not future else latest, relation.text)


def _bound(event: Event, earliest: date | None, latest: date | None, text: str | None) -> None:
    event.date = event.date_precision = None
    event.date_basis = "bounded"
    event.date_text = text
    event.date_earliest = earliest.isoformat() if earliest else None
    event.date_latest = latest.isoformat() if latest else None


def _has_word(clause: Token, words: frozenset[str]) -> bool:
    return any(c.lower_ in words and c.dep_ == "advmod" for c in clause.children)


def _tense(clause: Token) -> str | None:
    """past | perfect | past-perfect | present | future | None, of the clause; an infinitive or a participle
    takes its governor's, and what a speaker says in the present or the future takes the speaking's."""
    node = clause
    for _ in range(4):
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if "had" in words or "'d" in words and node.tag_ == "VBN":
            return "past-perfect"
        if words & {"has", "have", "'ve", "'s"} and node.tag_ == "VBN":
            return "perfect"
        if node.tag_ == "VBD" or any(a.tag_ == "VBD" and a.lower_ not in ("would", "could") for a in auxes):
            return "past"
        modal = words & {"will", "would", "shall", "'ll", "wo", "could", "may", "might", "can"}
        speech = node.dep_ == "ccomp" and node.head.lemma_.lower() in _words("speech_verbs")
        if modal or node.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            if speech:  # "X said it will ...": the statement's time is the saying's
                node = node.head
                continue
            return "future" if modal else "present"
        if node.head.i == node.i or node.dep_ not in ("xcomp", "advcl", "acl", "relcl", "conj", "pcomp", "ccomp"):
            return None
        node = _clause(node.head)  # "the resolution condemning X" (that they voted against): the voting's
    return None


def _in_lead(doc: Doc, sent: Span) -> bool:
    """The headline and the first paragraph: at most one non-empty line of text before the sentence."""
    before = doc_text(doc)[:sent.start_char]
    return sent.start == 0 or sum(1 for line in before.split("\n") if line.strip()) <= 1
