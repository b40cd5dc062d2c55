"""Event coding against two gold sets: PLOVER-GSR (type, source, target) and ConfliBERT CAMEO (quad class, spans).

    scores = evaluate(Path("../shared/eval/plover_gsr.jsonl"))          # EventScores
    scores = evaluate(Path("../shared/eval/conflibert_cameo_dev.jsonl"))  # QuadScores (format detected)

Every sentence goes through the real pipeline (`Pipeline.process`, cleaning included) as an article of its own,
with no publication date. Our events are compared with the sentence's one gold event.

PLOVER-GSR scoring rules (plover_gsr.jsonl)
-------------------------------------------
- Old types are mapped: DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT; old country
  codes too: JAP->JPN, ITL->ITA, VTN->VNM.
- Actor codes. A gold country code matches our actor's `code` exactly. Gold IGO matches an actor whose sector is
  IGO or whose code is a declared international organisation (organizations.yaml, section `international`) that
  is not an NGO (so the UN, the EU, NATO, the ICJ); gold NGO matches sector NGO or a declared code whose entry is
  an NGO (ICRC, HRW); gold ISM/IMG (militant non-state) match sector REB, PRM or UAF, or kind `group`.
  An empty gold side (no source, or no target) matches only a side of ours without a code (absent or
  unresolved). Sectors are not compared.
- Acceptable (source, target) pairs of a gold record: every gold source with every gold target (a compound
  actor, "X and Y" on one side, accepts either member). A reciprocal record (markup `SRC/TAR`: "X and Y agreed",
  no separate target) accepts each member as source with no target or with another member as target.
- An event of ours is *type-correct* when its type is the sentence's gold type, and *correct* when it is
  type-correct and its (source, target) is an acceptable pair.
- type precision = type-correct events / our events; type recall = sentences whose gold type is among our
  events' types (the "gold type among the sentence's events" rate). Per type T: precision = our T events in
  gold-T sentences / our T events; recall = gold-T sentences with a T event.
- triple (type + source code + target code): precision = correct events / our events; recall = sentences with
  a correct event. F1 is the harmonic mean. The gold marks one event per sentence, so an extra event that is
  real but unannotated counts against precision: precision is a lower bound.
- extra events per correct one = (our events - correct events) / correct events (the UniversalPetrarch figure).
- source / target code accuracy: over sentences whose gold type we found, the share where some event of that
  type has a matching source (resp. target, an empty gold target included).
- confusion matrix: gold type against the gold type when we found it, else the type of our most confident
  event (earliest on ties), else "none".
- miss reasons, first that applies: no event; wrong type; source (no event of the type with a right source);
  target (the source is right, the target is not).

ConfliBERT CAMEO scoring rules (conflibert_cameo_dev.jsonl)
-----------------------------------------------------------
- Gold `quad_label` is the five-way class of the sentence's event. From the data (statements and appeals are 0,
  consultations 1, aid and release 2, rejection and accusation 3, violence 4) it is the CAMEO root grouped as
  0: 01-02, 1: 03-05, 2: 06-08, 3: 09-13 and 16 (reducing relations: sanctions, expulsions, suspended aid are
  labelled with verbal conflict), 4: 14-15 and 17-20; our event's class is its `cameo` root so grouped. (Grouping
  checked against the data: of the sentences where our main event has root 16, 67 of 71 are gold 3.)
- Our sentence class is that of our most confident event (earliest on ties); a sentence with no event is class
  0 (nothing coded: neutral). accuracy = sentences whose class is the gold class. Also: accuracy on sentences
  where we coded an event, "any event" accuracy (the gold class is among our events' classes, or no event and
  gold 0), and event rate (sentences of gold class 1-4 where we coded at least one event).
- Spans (records with span annotation): a reciprocal span is both a source and a target. Our actor text is
  located in the sentence (every occurrence); it overlaps a gold span when they share a character, or, when our
  text is not found verbatim (cleaning changed it), a word of three letters or more. source overlap = records
  with a gold source where some event of ours has a source overlapping one; target overlap likewise. A record
  where we coded no event counts as a miss.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import PRF, Metric, Ratio, f1_metric, overlaps, ratio_metric, read_jsonl, require_fields

if TYPE_CHECKING:
    from ..actors.knowledge import ActorKnowledge
    from ..model import ActorRef, Event
    from ..pipeline import Pipeline

TYPE_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CODE_MAP = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
MILITANT_CODES = frozenset({"ISM", "IMG"})
MILITANT_SECTORS = frozenset({"REB", "PRM", "UAF"})
NONE_TYPE = "none"

GDELT_ANCHOR = "GDELT audit: ~1 in 4 rows a real event of the coded type"
UP_RECALL_ANCHOR = "UniversalPetrarch: 44% of gold events found"
UP_EXTRA_ANCHOR = "UniversalPetrarch: 3.2 extra events per correct one"


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """One PLOVER-GSR record, types and codes already mapped to current ones."""

    id: str
    text: str
    event_type: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    reciprocal: bool = False  # "X and Y agreed": each member is a source, and the other one its target


@dataclass(frozen=True)
class PredictedEvent:
    """What scoring needs of one of our events."""

    event_type: str
    source: ActorRef | None
    target: ActorRef | None
    trigger: str = ""
    cameo: str | None = None
    confidence: float = 1.0
    position: int = 0  # trigger offset: orders events of a sentence
    rule: str = ""

    @classmethod
    def of(cls, event: Event) -> PredictedEvent:
        return cls(event_type=event.event_type, source=event.source, target=event.target, trigger=event.trigger,
                   cameo=event.cameo, confidence=event.confidence,
                   position=event.trigger_span[0] if event.trigger_span else event.span[0], rule=event.rule)

    def describe(self) -> str:
        """'AGREE USA/GOV -> JOR (agreed)'."""
        return f"{self.event_type} {_describe_actor(self.source)} -> {_describe_actor(self.target)} ({self.trigger})"


def _describe_actor(ref: ActorRef | None) -> str:
    if ref is None:
        return "-"
    code = ref.code or f"?{ref.text!r}"
    return f"{code}/{ref.sector}" if ref.sector else code


@dataclass(frozen=True)
class OrgCodes:
    """Which of our actor codes stand for intergovernmental and which for non-governmental organisations."""

    igo: frozenset[str]
    ngo: frozenset[str]

    @classmethod
    def from_knowledge(cls, knowledge: ActorKnowledge | None = None) -> OrgCodes:
        """From the declared international organisations: an entry whose sector is NGO is an NGO, any other
        (IGO, or a court such as the ICJ) intergovernmental."""
        from ..actors.knowledge import ActorKnowledge

        kb = knowledge or ActorKnowledge.load()
        declared = kb.acronyms()
        sector_of: dict[str, str | None] = {}
        for org in kb.organizations():  # the first entry with a declared code is the organisation itself
            if org.code in declared and org.code not in sector_of:
                sector_of[org.code] = org.sector
        return cls(igo=frozenset(c for c, s in sector_of.items() if s != "NGO"),
                   ngo=frozenset(c for c, s in sector_of.items() if s == "NGO"))


# ---------------------------------------------------------------- parsing gold
def normalize_type(event_type: str) -> str:
    """The current PLOVER name of a (possibly older) type."""
    event_type = event_type.strip().upper()
    return TYPE_MAP.get(event_type, event_type)


def normalize_code(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    code = code.strip().upper()
    return CODE_MAP.get(code, code)


def parse_plover(record: dict[str, Any]) -> GoldEvent:
    """A PLOVER-GSR JSON record as a GoldEvent."""

    def actors(key: str) -> tuple[GoldActor, ...]:
        return tuple(GoldActor(text=str(a.get("actorText") or "").strip(), code=normalize_code(a.get("code")),
                               sector=a.get("sector")) for a in record.get(key) or [])

    return GoldEvent(id=str(record["id"]), text=str(record["text"]), event_type=normalize_type(record["event"]),
                     sources=actors("source"), targets=actors("target"),
                     reciprocal="SRC/TAR" in (record.get("markup") or ""))


# ---------------------------------------------------------------- matching
def actor_matches(gold_code: str | None, ours: ActorRef | None, orgs: OrgCodes) -> bool:
    """Does our actor match a gold code? See the module docstring for the rules."""
    if gold_code is None:
        return ours is None or ours.code is None
    if ours is None:
        return False
    if gold_code == "IGO":
        return ours.sector == "IGO" or (ours.code is not None and ours.code in orgs.igo)
    if gold_code == "NGO":
        return ours.sector == "NGO" or (ours.code is not None and ours.code in orgs.ngo)
    if gold_code in MILITANT_CODES:
        return ours.sector in MILITANT_SECTORS or ours.kind == "group"
    return ours.code == gold_code


def acceptable_pairs(gold: GoldEvent) -> list[tuple[str | None, str | None]]:
    """The (source code, target code) pairs that count as right for `gold`."""
    sources = [a.code for a in gold.sources]
    if gold.reciprocal and not gold.targets:
        pairs: list[tuple[str | None, str | None]] = []
        for i, a in enumerate(sources):
            pairs.append((a, None))
            pairs.extend((a, b) for j, b in enumerate(sources) if j != i)
        return pairs
    return list(product(sources or [None], [a.code for a in gold.targets] or [None]))


def event_correct(gold: GoldEvent, event: PredictedEvent, orgs: OrgCodes) -> bool:
    """Right type and an acceptable (source, target)."""
    if event.event_type != gold.event_type:
        return False
    return any(actor_matches(s, event.source, orgs) and actor_matches(t, event.target, orgs)
               for s, t in acceptable_pairs(gold))


def _source_ok(gold: GoldEvent, event: PredictedEvent, orgs: OrgCodes) -> bool:
    return any(actor_matches(s, event.source, orgs) for s, _ in acceptable_pairs(gold))


def _target_ok(gold: GoldEvent, event: PredictedEvent, orgs: OrgCodes) -> bool:
    return any(actor_matches(t, event.target, orgs) for _, t in acceptable_pairs(gold))


def main_event(events: list[PredictedEvent]) -> PredictedEvent | None:
    """The most confident event of a sentence, the earliest on ties."""
    if not events:
        return None
    return min(events, key=lambda e: (-e.confidence, e.position))


# ---------------------------------------------------------------- PLOVER-GSR scores
@dataclass(frozen=True)
class EventMiss:
    """A gold record without a correct event: why, and what we produced instead."""

    id: str
    sentence: str
    gold_type: str
    gold_sources: tuple[str, ...]
    gold_targets: tuple[str, ...]
    reason: str  # no event | wrong type | source | target
    produced: tuple[str, ...]


@dataclass
class EventScores:
    """PLOVER-GSR scores (see the module docstring for every rule)."""

    records: int
    events: int  # ours
    type: PRF
    triple: PRF
    per_type: dict[str, PRF]
    confusion: dict[str, dict[str, int]]  # gold type -> our type -> sentences
    source_code: Ratio
    target_code: Ratio
    correct_events: int
    miss_reasons: dict[str, int]
    misses: list[EventMiss] = field(default_factory=list)
    dataset: str = "plover_gsr"

    @property
    def extra_per_correct(self) -> float | None:
        return (self.events - self.correct_events) / self.correct_events if self.correct_events else None

    @property
    def macro_type_f1(self) -> float | None:
        values = [p.f1 for p in self.per_type.values() if p.f1 is not None]
        return sum(values) / len(values) if values else None

    def metrics(self) -> list[Metric]:
        p = "events.plover"
        return [
            ratio_metric(f"{p}.type_recall", "gold type among the sentence's events", self.type.recall),
            ratio_metric(f"{p}.type_precision", "type precision (events of the gold type)", self.type.precision,
                         anchor=GDELT_ANCHOR),
            f1_metric(f"{p}.type_f1", "type F1", self.type),
            Metric(f"{p}.type_macro_f1", "type F1, macro over types", self.macro_type_f1,
                   f"{len(self.per_type)} types"),
            ratio_metric(f"{p}.triple_recall", "type+source+target recall", self.triple.recall,
                         anchor=UP_RECALL_ANCHOR),
            ratio_metric(f"{p}.triple_precision", "type+source+target precision", self.triple.precision),
            f1_metric(f"{p}.triple_f1", "type+source+target F1", self.triple),
            Metric(f"{p}.extra_per_correct", "extra events per correct one", self.extra_per_correct,
                   f"{self.events - self.correct_events}/{self.correct_events}", anchor=UP_EXTRA_ANCHOR,
                   higher_is_better=False),
            ratio_metric(f"{p}.source_code", "source code accuracy (gold type found)", self.source_code),
            ratio_metric(f"{p}.target_code", "target code accuracy (gold type found)", self.target_code),
        ]


def score_plover(golds: list[GoldEvent], predicted: list[list[PredictedEvent]], orgs: OrgCodes) -> EventScores:
    """Score our events (one list per gold record, same order) against PLOVER-GSR gold."""
    if len(golds) != len(predicted):
        raise ValueError(f"{len(golds)} gold records but {len(predicted)} predictions")
    type_right = type_found = triple_right = triple_found = n_events = 0
    by_type_events: Counter[str] = Counter()
    by_type_right: Counter[str] = Counter()
    by_type_gold: Counter[str] = Counter()
    by_type_found: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = {}
    source_ok = target_ok = 0
    reasons: Counter[str] = Counter()
    misses: list[EventMiss] = []
    for gold, events in zip(golds, predicted):
        n_events += len(events)
        by_type_gold[gold.event_type] += 1
        for e in events:
            by_type_events[e.event_type] += 1
        of_type = [e for e in events if e.event_type == gold.event_type]
        type_right += len(of_type)
        by_type_right[gold.event_type] += len(of_type)
        correct = [e for e in of_type if event_correct(gold, e, orgs)]
        triple_right += len(correct)
        shown = main_event(events)
        column = gold.event_type if of_type else (shown.event_type if shown else NONE_TYPE)
        confusion.setdefault(gold.event_type, Counter())[column] += 1
        if of_type:
            type_found += 1
            by_type_found[gold.event_type] += 1
            has_source = any(_source_ok(gold, e, orgs) for e in of_type)
            source_ok += has_source
            target_ok += any(_target_ok(gold, e, orgs) for e in of_type)
        if correct:
            triple_found += 1
            continue
        if not events:
            reason = "no event"
        elif not of_type:
            reason = "wrong type"
        elif not has_source:
            reason = "source"
        else:
            reason = "target"
        reasons[reason] += 1
        misses.append(EventMiss(id=gold.id, sentence=gold.text, gold_type=gold.event_type,
                                gold_sources=tuple(a.code or "-" for a in gold.sources),
                                gold_targets=tuple(a.code or "-" for a in gold.targets),
                                reason=reason, produced=tuple(e.describe() for e in events)))
    n = len(golds)
    per_type = {t: PRF(Ratio(by_type_right[t], by_type_events[t]), Ratio(by_type_found[t], by_type_gold[t]))
                for t in sorted(set(by_type_gold) | set(by_type_events))}
    return EventScores(
        records=n, events=n_events,
        type=PRF(Ratio(type_right, n_events), Ratio(type_found, n)),
        triple=PRF(Ratio(triple_right, n_events), Ratio(triple_found, n)),
        per_type=per_type,
        confusion={g: dict(c) for g, c in sorted(confusion.items())},
        source_code=Ratio(source_ok, type_found), target_code=Ratio(target_ok, type_found),
        correct_events=triple_right, miss_reasons=dict(reasons.most_common()), misses=misses,
    )


# ---------------------------------------------------------------- ConfliBERT quad classes
PENTACLASS_NAMES = {0: "statement/appeal", 1: "verbal cooperation", 2: "material cooperation",
                    3: "verbal conflict", 4: "material conflict"}


def pentaclass(cameo: str | None) -> int | None:
    """ConfliBERT's five-way class of a CAMEO code (by its two-digit root); None for an unknown code."""
    if not cameo or len(cameo) < 2 or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    if root == 16:
        return 3
    for cls, last in ((0, 2), (1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= root <= last:
            return cls
    return None


@dataclass(frozen=True)
class GoldQuad:
    """One ConfliBERT record: class, and the character spans of its annotated actors."""

    id: str
    text: str
    label: int
    annotated: bool
    sources: tuple[tuple[int, int], ...] = ()
    targets: tuple[tuple[int, int], ...] = ()  # reciprocal spans are in both


def _bio_spans(text: str, tokens: list[str], tags: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Character spans by BIO label; tokens are found in `text` left to right (a token not found is skipped)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    cursor = 0
    current: tuple[str, int, int] | None = None
    for token, tag in zip(tokens, tags):
        at = text.find(token, cursor)
        if at < 0:
            continue
        cursor = at + len(token)
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != tag[2:])):
            if current:
                spans.setdefault(current[0], []).append((current[1], current[2]))
            current = (tag[2:], at, cursor)
        elif tag.startswith("I-") and current is not None:
            current = (current[0], current[1], cursor)
        else:
            if current:
                spans.setdefault(current[0], []).append((current[1], current[2]))
            current = None
    if current:
        spans.setdefault(current[0], []).append((current[1], current[2]))
    return spans


def parse_conflibert(record: dict[str, Any]) -> GoldQuad:
    """A ConfliBERT JSON record as a GoldQuad (BIO tags S, T, R: source, target, reciprocal)."""
    text = str(record["text"])
    spans = _bio_spans(text, record.get("tokens") or [], record.get("tags") or [])
    reciprocal = spans.get("R", [])
    return GoldQuad(id=str(record["id"]), text=text, label=int(record["quad_label"]),
                    annotated=bool(record.get("has_span_annotation")),
                    sources=tuple(spans.get("S", []) + reciprocal), targets=tuple(spans.get("T", []) + reciprocal))


_WORD = re.compile(r"\w{3,}")


def actor_overlaps(text: str, ours: ActorRef | None, spans: tuple[tuple[int, int], ...]) -> bool:
    """Does our actor phrase overlap one of the gold character spans of `text`? See the module docstring."""
    if ours is None or not ours.text.strip() or not spans:
        return False
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(ours.text.strip()), text)]
    if found:
        return any(overlaps(span, spans) for span in found)
    words = {w.lower() for w in _WORD.findall(ours.text)}
    return any(words & {w.lower() for w in _WORD.findall(text[s:e])} for s, e in spans)


@dataclass(frozen=True)
class QuadMiss:
    id: str
    sentence: str
    gold: int
    ours: int
    produced: tuple[str, ...]


@dataclass
class QuadScores:
    """ConfliBERT CAMEO scores (see the module docstring for every rule)."""

    records: int
    accuracy: Ratio
    accuracy_with_event: Ratio
    any_event_accuracy: Ratio
    event_rate: Ratio
    per_class: dict[int, PRF]
    confusion: dict[int, dict[int, int]]  # gold class -> our class -> sentences
    source_overlap: Ratio
    target_overlap: Ratio
    misses: list[QuadMiss] = field(default_factory=list)
    dataset: str = "conflibert_cameo"

    def metrics(self) -> list[Metric]:
        p = "events.conflibert"
        return [
            ratio_metric(f"{p}.quad_accuracy", "quad class accuracy (main event; no event = 0)", self.accuracy),
            ratio_metric(f"{p}.quad_accuracy_with_event", "quad class accuracy where we coded an event",
                         self.accuracy_with_event),
            ratio_metric(f"{p}.quad_any_event", "gold class among our events' classes", self.any_event_accuracy),
            ratio_metric(f"{p}.event_rate", "sentences of class 1-4 with an event", self.event_rate),
            ratio_metric(f"{p}.source_overlap", "source span overlap", self.source_overlap),
            ratio_metric(f"{p}.target_overlap", "target span overlap", self.target_overlap),
        ]


def score_quad(golds: list[GoldQuad], predicted: list[list[PredictedEvent]]) -> QuadScores:
    """Score our events (one list per gold record, same order) against ConfliBERT gold."""
    if len(golds) != len(predicted):
        raise ValueError(f"{len(golds)} gold records but {len(predicted)} predictions")
    right = with_event = with_event_right = any_right = 0
    eventful = eventful_found = 0
    ours_by_class: Counter[int] = Counter()
    right_by_class: Counter[int] = Counter()
    gold_by_class: Counter[int] = Counter()
    confusion: dict[int, Counter[int]] = {}
    src_total = src_right = tgt_total = tgt_right = 0
    misses: list[QuadMiss] = []
    for gold, events in zip(golds, predicted):
        classes = [c for c in (pentaclass(e.cameo) for e in events) if c is not None]
        shown = main_event([e for e in events if pentaclass(e.cameo) is not None])
        ours = (pentaclass(shown.cameo) or 0) if shown else 0
        gold_by_class[gold.label] += 1
        ours_by_class[ours] += 1
        confusion.setdefault(gold.label, Counter())[ours] += 1
        if ours == gold.label:
            right += 1
            right_by_class[ours] += 1
        else:
            misses.append(QuadMiss(gold.id, gold.text, gold.label, ours, tuple(e.describe() for e in events)))
        if classes:
            with_event += 1
            with_event_right += ours == gold.label
        any_right += gold.label in classes or (not classes and gold.label == 0)
        if gold.label != 0:
            eventful += 1
            eventful_found += bool(events)
        if gold.annotated and gold.sources:
            src_total += 1
            src_right += any(actor_overlaps(gold.text, e.source, gold.sources) for e in events)
        if gold.annotated and gold.targets:
            tgt_total += 1
            tgt_right += any(actor_overlaps(gold.text, e.target, gold.targets) for e in events)
    per_class = {c: PRF(Ratio(right_by_class[c], ours_by_class[c]), Ratio(right_by_class[c], gold_by_class[c]))
                 for c in sorted(set(gold_by_class) | set(ours_by_class))}
    return QuadScores(
        records=len(golds), accuracy=Ratio(right, len(golds)),
        accuracy_with_event=Ratio(with_event_right, with_event), any_event_accuracy=Ratio(any_right, len(golds)),
        event_rate=Ratio(eventful_found, eventful), per_class=per_class,
        confusion={g: dict(c) for g, c in sorted(confusion.items())},
        source_overlap=Ratio(src_right, src_total), target_overlap=Ratio(tgt_right, tgt_total), misses=misses,
    )


# ---------------------------------------------------------------- running the pipeline
def predict(texts: list[tuple[str, str]], pipeline: Pipeline | None = None) -> list[list[PredictedEvent]]:
    """Our events for each (id, sentence), each sentence an article of its own with no publication date."""
    from ..model import Article, Skipped
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline.default()
    out: list[list[PredictedEvent]] = []
    for result in pipe.process(Article(id=i, raw_text=t, language="en") for i, t in texts):
        # a sentence whose extraction failed has no events: it is scored as such, not dropped
        out.append([] if isinstance(result, Skipped) else [PredictedEvent.of(e) for e in result.events])
    return out


def is_conflibert(record: dict[str, Any]) -> bool:
    return "quad_label" in record


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None,
             *, orgs: OrgCodes | None = None) -> EventScores | QuadScores:
    """Run the pipeline over a gold file's sentences and score it: PLOVER-GSR gives EventScores, ConfliBERT
    (records with `quad_label`) QuadScores. `limit`: the first N records only."""
    records = read_jsonl(gold_path, limit, part)
    if records and is_conflibert(records[0]):
        require_fields(records, ("id", "text", "quad_label"), gold_path, "ConfliBERT")
        quads = [parse_conflibert(r) for r in records]
        return score_quad(quads, predict([(g.id, g.text) for g in quads], pipeline))
    require_fields(records, ("id", "text", "event", "source", "target"), gold_path, "PLOVER-GSR")
    golds = [parse_plover(r) for r in records]
    predicted = predict([(g.id, g.text) for g in golds], pipeline)
    return score_plover(golds, predicted, orgs or OrgCodes.from_knowledge())
