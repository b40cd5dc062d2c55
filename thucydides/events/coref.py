"""Mentions of one happening in one article joined into one event record.

"Blinken spoke with Wang on Friday. The call lasted an hour. During the call, ..." is one call, not three rows.
A later mention joins an earlier event when it is a definite noun of the same type ("the call", "that
conversation", "the invasion") whose actors, if it names any, agree with the earlier event's; the joined
record keeps every mention's evidence (`Event.mentions`, one EvidenceSpan per mention, with its sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Event, EvidenceSpan


@dataclass(frozen=True)
class Anaphor:
    """A definite event noun with no actors of its own ("the call lasted an hour"), and the types it can be."""

    evidence: EvidenceSpan
    event_types: frozenset[str]


def _codes(event: Event) -> tuple[str | None, str | None]:
    return event.source.code, event.target.code if event.target else None


def _people(event: Event) -> set[str]:
    return {r.name for r in (event.source, event.target) if r is not None and r.kind == "person" and r.name}


def same_happening(later: Event, earlier: Event) -> bool:
    """Can `later` be another mention of `earlier`? Same type, asserted alike, and the same parties: the
    same dyad, the reversed dyad, or a dyad that one of the two leaves half open."""
    if later.event_type != earlier.event_type or later.negated != earlier.negated or later.hypothetical or \
            earlier.hypothetical:
        return False
    pl, pe = _people(later), _people(earlier)
    if pl and pe and not pl & pe:
        return False  # two office holders of one country are two happenings
    (ls, lt), (es, et) = _codes(later), _codes(earlier)
    if ls is None or es is None:
        return ls == es and (lt == et or lt is None or et is None)
    if ls == es:
        return lt == et or lt is None or et is None
    return {ls, lt} == {es, et}


def merge_mentions(events: list[Event], anaphoric: set[str], anaphors: list[Anaphor]) -> list[Event]:
    """Join later definite mentions (`anaphoric`: ids of events whose trigger is a definite noun) and actorless
    anaphors to the latest earlier event of the same happening; return the events that remain."""
    kept: list[Event] = []
    for event in events:
        if event.id in anaphoric:
            earlier = next((e for e in reversed(kept) if e.sentence_index < event.sentence_index
                            and same_happening(event, e)), None)
            if earlier is not None:
                _absorb(earlier, event)
                continue
        kept.append(event)
    for anaphor in anaphors:
        index = anaphor.evidence.sentence_index
        earlier = next((e for e in reversed(kept) if e.sentence_index < index and e.event_type in
                        anaphor.event_types and not e.hypothetical and not e.negated), None)
        if earlier is None:
            continue
        # "talks between X and Y" is coded once per direction: the mention belongs to both records
        for event in kept:
            if event.sentence_index == earlier.sentence_index and event.trigger_span == earlier.trigger_span \
                    and event.event_type == earlier.event_type and anaphor.evidence not in event.mentions:
                event.mentions.append(anaphor.evidence)
    for event in kept:
        # one token may reach a record twice (as a coded mention and as an anaphor): keep it once
        unique = {(m.sentence_index, m.trigger_span or m.span): m for m in event.mentions}
        event.mentions = [unique[k] for k in sorted(unique)]
    return kept


def _absorb(earlier: Event, later: Event) -> None:
    """`later` is another mention of `earlier`: keep its evidence, and what it adds (a date in words where the
    first mention had only the article's, a target the first left open)."""
    earlier.mentions.extend(later.mentions)
    if earlier.date_basis != "text" and later.date_basis == "text":
        earlier.date, earlier.date_precision = later.date, later.date_precision
        earlier.date_basis, earlier.date_text = later.date_basis, later.date_text
    if earlier.target is None and later.target is not None and later.target.code != earlier.source.code:
        earlier.target = later.target
    # "the US spoke with China ... the call between Blinken and Wang": the people name the parties better
    people = {r.code: r for r in (later.source, later.target) if r is not None and r.kind == "person" and r.code}
    if earlier.source.kind != "person" and earlier.source.code in people:
        earlier.source = people[earlier.source.code]
    if earlier.target is not None and earlier.target.kind != "person" and earlier.target.code in people:
        earlier.target = people[earlier.target.code]
