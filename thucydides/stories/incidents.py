"""Incidents: the events of one story's articles that report the same happening, merged, with their disagreements.

Two reported events are the same happening when (`compatible`):
    - they are of the same PLOVER type, and their modes do not differ (a phone call is not a visit);
    - their dyads agree: same source and target codes (either order for CONSULT, which is mutual); when both
      sides name a person, the same person (Blinken-Wang and Biden-Xi are two calls, even on one day); an event
      without a target merges only with another without one;
    - their dates fit within a tolerance that depends on how they were dated: a month or year the whole period,
      a date taken from the publication date the week before it (the article reports something that already
      happened), a day from the text that day, or +-2 days (a wrong weekday in one report) when both reports
      name the same two people (Blinken and Wang, not Blinken and "China").
Places are not compared: an event's place is often a place named in its sentence, not where it happened.
Merging is complete-linkage (a new report must fit every report already in the incident), dated events first;
an undated event joins only when exactly one incident of its story fits it, else it stands alone. Hypothetical
events ("would meet") and events not asserted (`modality`: denied, unverified, claimed) are not happenings and
get no incident. A bounded event (date_basis "bounded": only date_earliest/date_latest known) with both bounds
is dated by that period; with one open side it is undated, and joins an incident only within its bound.

Contradictions kept on an incident: `date` (reports give different days), `negation` (one says it happened, one
that it did not); and `stance`, set on both of two incidents of the
same story and dyad at compatible dates whose types point opposite ways (SUPPORT/AGREE/COOPERATE vs REJECT).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Contradiction, Incident, ReportedEvent

MUTUAL = frozenset({"CONSULT"})
OPPOSITE = {("SUPPORT", "REJECT"), ("AGREE", "REJECT"), ("COOPERATE", "REJECT")}


@dataclass(frozen=True)
class IncidentConfig:
    day_tolerance: int = 2  # days either side of a day-precision date read from the text
    article_window: int = 7  # days before publication for an event dated by its article's date


def _period(event: ReportedEvent, cfg: IncidentConfig, tolerance: int = 0) -> tuple[date, date] | None:
    """The days the event may have happened on (a text date +- `tolerance` days), or None when undated."""
    from ..store import _period as iso_period

    if event.date_basis == "bounded":
        bounds = _bounds(event)
        return bounds if event.date_earliest and event.date_latest else None
    if not event.date or event.date_basis == "unresolved":
        return None
    try:
        start, end = iso_period(event.date)
    except ValueError:
        return None
    if event.date_basis == "article":
        return start - timedelta(days=cfg.article_window), end
    if event.date_precision == "day":
        return start - timedelta(days=tolerance), end + timedelta(days=tolerance)
    return start, end


def _bounds(event: ReportedEvent) -> tuple[date, date]:
    """The days a bounded event may have happened on; an open side is open (date.min / date.max)."""
    try:
        earliest = date.fromisoformat(event.date_earliest) if event.date_earliest else date.min
        latest = date.fromisoformat(event.date_latest) if event.date_latest else date.max
    except ValueError:
        return date.min, date.max
    return earliest, latest


def _overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def _same_side(code_a: str | None, name_a: str | None, kind_a: str | None, code_b: str | None, name_b: str | None,
               kind_b: str | None) -> bool:
    if code_a != code_b:
        return False
    if kind_a == "person" and kind_b == "person" and name_a and name_b:
        return name_a == name_b or name_a.split()[-1] == name_b.split()[-1]
    return True


def _swapped(b: ReportedEvent) -> ReportedEvent:
    return ReportedEvent(**{**b.__dict__, "source_code": b.target_code, "source_name": b.target_name,
                            "source_kind": b.target_kind, "target_code": b.source_code,
                            "target_name": b.source_name, "target_kind": b.source_kind})


def _named_alike(a: ReportedEvent, b: ReportedEvent) -> bool:
    """Both reports name the same two people: strong enough evidence of one happening to let their days
    disagree a little (two reports of "Spain" and "Jordan" a day apart may well be two events)."""
    return (a.source_kind == b.source_kind == "person" and a.target_kind == b.target_kind == "person"
            and a.source_name == b.source_name and a.target_name == b.target_name)


def _dyad_fits(a: ReportedEvent, b: ReportedEvent, swap: bool) -> bool:
    if swap:
        b = _swapped(b)
    if a.source_code is None or b.source_code is None:
        return False
    if (a.target_code is None) != (b.target_code is None):
        return False
    return (_same_side(a.source_code, a.source_name, a.source_kind, b.source_code, b.source_name, b.source_kind)
            and _same_side(a.target_code, a.target_name, a.target_kind, b.target_code, b.target_name,
                           b.target_kind))


def compatible(a: ReportedEvent, b: ReportedEvent, config: IncidentConfig | None = None, *,
               ignore_dates: bool = False) -> bool:
    """Can `a` and `b` report the same happening? (see the module docstring)"""
    cfg = config or IncidentConfig()
    if a.event_type != b.event_type:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    straight = _dyad_fits(a, b, False)
    if not (straight or (a.event_type in MUTUAL and _dyad_fits(a, b, True))):
        return False
    if ignore_dates:
        return True
    alike = _named_alike(a, b if straight else _swapped(b))
    tolerance = cfg.day_tolerance if alike else 0
    return _overlap(_period(a, cfg, tolerance), _period(b, cfg, tolerance))


def _precise_first(event: ReportedEvent) -> tuple:
    rank = {"day": 0, "month": 1, "year": 2}.get(event.date_precision or "", 3)
    if event.date_basis in ("article", "bounded"):
        rank = 3  # the publication date stands in, or only bounds: less telling than any date read from the text
    return (rank, event.published or date.max, event.article_id, event.event_id)


def merge_events(story_id: str, events: Iterable[ReportedEvent], config: IncidentConfig | None = None
                 ) -> list[Incident]:
    """The incidents of one story's events (hypothetical events left out), ordered by first report."""
    cfg = config or IncidentConfig()
    factual = [e for e in events if not e.hypothetical and e.modality is None]
    dated = sorted((e for e in factual if _period(e, cfg) is not None), key=_precise_first)
    undated = sorted((e for e in factual if _period(e, cfg) is None), key=_precise_first)
    groups: list[list[ReportedEvent]] = []
    for event in dated:
        home = next((g for g in groups if all(compatible(m, event, cfg) for m in g)), None)
        if home is None:
            groups.append([event])
        else:
            home.append(event)
    for event in undated:
        fits = [g for g in groups if all(compatible(m, event, cfg, ignore_dates=True) and (
            event.date_basis != "bounded" or _overlap(_bounds(event), _period(m, cfg))) for m in g)]
        if len(fits) == 1:
            fits[0].append(event)
        else:
            groups.append([event])
    incidents = [_incident(story_id, g) for g in groups]
    _flag_stances(incidents, cfg)
    incidents.sort(key=lambda i: (i.first_published or date.max, i.first_article_id, i.incident_id))
    return incidents


def incident_id_of(story_id: str, anchor_event_id: str) -> str:
    """A stable id: the same story and first report give the same incident id on every run."""
    digest = hashlib.sha1(f"{story_id}|{anchor_event_id}".encode()).hexdigest()[:12]
    return f"i-{digest}"


def _incident(story_id: str, members: Sequence[ReportedEvent]) -> Incident:
    by_report = sorted(members, key=lambda e: (e.published or date.max, e.article_id, e.event_id))
    first = by_report[0]
    # the most specific report names the sides: a person's name says more than their government's
    rep = max(members, key=lambda e: ((e.source_kind == "person") + (e.target_kind == "person"),
                                      (e.source_name is not None) + (e.target_name is not None)))
    best = sorted(members, key=_precise_first)[0]
    texts = [e for e in members if e.date and e.date_basis in ("text", "anaphora") and e.date_precision == "day"]
    if texts:  # the day most reports give, earliest on a tie
        counts = Counter(e.date for e in texts)
        day = min(counts, key=lambda d: (-counts[d], d))
        date_value, precision = day, "day"
    else:
        date_value, precision = best.date, best.date_precision
    outlets = {e.outlet or f"article:{e.article_id}" for e in members}
    return Incident(
        incident_id=incident_id_of(story_id, first.event_id), story_id=story_id, event_type=first.event_type,
        mode=next((e.mode for e in members if e.mode), None),
        source_code=rep.source_code, source_name=rep.source_name,
        target_code=rep.target_code, target_name=rep.target_name,
        date=date_value, date_precision=precision,
        article_count=len({e.article_id for e in members}), source_count=len(outlets),
        first_article_id=first.article_id, first_published=first.published,
        members=list(by_report), contradictions=_contradictions(members),
    )


def _contradictions(members: Sequence[ReportedEvent]) -> list[Contradiction]:
    found: list[Contradiction] = []
    days: dict[str, list[ReportedEvent]] = {}
    for e in members:
        if e.date and e.date_precision == "day" and e.date_basis in ("text", "anaphora"):
            days.setdefault(e.date, []).append(e)
    if len(days) > 1 and len({e.article_id for group in days.values() for e in group}) > 1:
        found.append(Contradiction(
            kind="date", detail="reports give different days: " + ", ".join(
                f"{d} ({', '.join(sorted({e.article_id for e in es}))})" for d, es in sorted(days.items())),
            event_ids=tuple(e.event_id for d in sorted(days) for e in days[d]), values=tuple(sorted(days))))
    negated = [e for e in members if e.negated]
    if negated and len(negated) < len(members):
        found.append(Contradiction(
            kind="negation", detail=f"{len(negated)} report(s) say it did not happen, "
                                    f"{len(members) - len(negated)} that it did",
            event_ids=tuple(e.event_id for e in members), values=tuple(str(e.negated).lower() for e in members)))
    return found


def _flag_stances(incidents: list[Incident], cfg: IncidentConfig) -> None:
    for i, a in enumerate(incidents):
        for b in incidents[i + 1:]:
            if (a.event_type, b.event_type) not in OPPOSITE and (b.event_type, a.event_type) not in OPPOSITE:
                continue
            if not a.target_code or a.source_code != b.source_code or a.target_code != b.target_code:
                continue
            if {e.article_id for e in a.members} == {e.article_id for e in b.members} and \
                    len({e.article_id for e in a.members}) == 1:
                continue  # one article saying both is nuance, not two reports disagreeing
            if not any(_overlap(_period(x, cfg), _period(y, cfg)) for x in a.members for y in b.members):
                continue
            detail = (f"{a.source_code}->{a.target_code}: {a.event_type} ({a.incident_id}) vs "
                      f"{b.event_type} ({b.incident_id})")
            ids = tuple(e.event_id for e in (*a.members, *b.members))
            for incident in (a, b):
                incident.contradictions.append(Contradiction(
                    kind="stance", detail=detail, event_ids=ids, values=(a.event_type, b.event_type)))
