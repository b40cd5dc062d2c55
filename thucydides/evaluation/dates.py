"""Date resolution against TimeBank + AQUAINT TIMEX3 gold (timex_tbaq_dev.jsonl).

    scores = evaluate(Path("../shared/eval/timex_tbaq_dev.jsonl"))   # DateScores

Each document is parsed by spaCy with the dates component (`build_pipeline(components=("thucydides_dates",))`,
or the given pipeline's spaCy object), its creation date (`dct`) as the publication date. The raw text is used,
not cleaned, so that the gold character offsets hold.

Scoring rules
-------------
- Scored: gold TIMEX3 of type DATE whose value is a calendar day (1998-03-06), month (1998-03) or year (1998).
  Other values (weeks, seasons, PRESENT_REF, decades, times) are not scored. Right means the exact ISO value at
  the gold precision: "1998-03" is wrong for a gold "1998-03-06", and the reverse.
- component accuracy (the headline): the real component's `doc._.dates` (its own spans); a gold expression is
  right when a date of ours overlapping its span has the gold value. Also given by gold precision (day, month,
  year): "exact match by precision".
- component precision: of our dates, those that overlap a scored gold expression and carry its value; dates that
  overlap only unscored gold expressions are left out, dates that overlap no gold expression count as wrong.
- expression accuracy (diagnostic): `resolve_expression(gold text, creation date)`, no context.
- context accuracy (diagnostic): the gold span resolved in its parsed document (`resolve_in_context`: tense from
  the governing verb, "a day later" anchored on the previous resolved date), i.e. what the component does with
  the right span. component < context means spans missed; context < 1 means resolution errors.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import Metric, Ratio, overlaps, ratio_metric, read_jsonl, require_fields

if TYPE_CHECKING:
    from spacy.language import Language

    from ..model import ResolvedDate
    from ..pipeline import Pipeline

SCORED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}


def gold_precision(value: str) -> str | None:
    """'day', 'month' or 'year' for a scored gold value, None for values not scored."""
    return PRECISION_OF_LENGTH[len(value)] if SCORED.fullmatch(value) else None


@dataclass(frozen=True)
class DateMiss:
    doc_id: str
    text: str
    gold: str
    got: str  # the context resolution of the gold span, "None" when it did not resolve
    component: str  # values of our overlapping dates, "-" when none
    dct: str


@dataclass
class DateScores:
    documents: int
    scored: int
    component: Ratio
    by_precision: dict[str, Ratio]  # component accuracy by gold precision
    component_precision: Ratio
    expression: Ratio
    context: Ratio
    context_by_precision: dict[str, Ratio]
    misses: list[DateMiss] = field(default_factory=list)
    dataset: str = "timex_tbaq"

    def metrics(self) -> list[Metric]:
        p = "dates.tbaq"
        out = [ratio_metric(f"{p}.component", "component: exact value (all precisions)", self.component)]
        for kind in ("day", "month", "year"):
            if kind in self.by_precision:
                out.append(ratio_metric(f"{p}.component_{kind}", f"component: exact value, gold {kind}",
                                        self.by_precision[kind]))
        out += [
            ratio_metric(f"{p}.component_precision", "component precision (our dates right)",
                         self.component_precision),
            ratio_metric(f"{p}.context", "gold span resolved in context", self.context),
            ratio_metric(f"{p}.expression", "gold expression alone", self.expression),
        ]
        return out


def _build_nlp(pipeline: Pipeline | None) -> Language:
    if pipeline is not None:
        return pipeline.nlp
    from ..nlp import build_pipeline

    return build_pipeline(components=("thucydides_dates",))  # the other components do not touch doc._.dates


def score_documents(records: list[dict[str, Any]], nlp: Language) -> DateScores:
    """Parse each gold document with `nlp` (which must set doc._.dates) and score it."""
    from ..dates import is_relative_to_previous, resolve_expression, resolve_in_context

    total = 0
    right: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_kind_right: Counter[str] = Counter()
    by_kind_context: Counter[str] = Counter()
    ours_counted = ours_right = 0
    misses: list[DateMiss] = []
    for record in records:
        dct = date.fromisoformat(record["dct"][:10])
        timexes = sorted((t for t in record["timexes"] if t.get("type") == "DATE"), key=lambda t: t["start"])
        doc = nlp.make_doc(record["text"])
        doc._.published = dct
        doc._.article_id = record["id"]
        doc = nlp(doc)
        ours: list[ResolvedDate] = [d for d in doc._.dates or [] if d.start is not None and d.end is not None]
        previous = None
        for t in timexes:
            gold = t["value"]
            in_context = resolve_in_context(doc, t["start"], t["end"], dct, previous)
            if in_context is not None and not is_relative_to_previous(t["text"]):
                previous = in_context  # as the component does: relatives count from the last explicit date
            kind = gold_precision(gold)
            if kind is None:
                continue
            total += 1
            by_kind[kind] += 1
            alone = resolve_expression(t["text"], dct)
            right["expression"] += alone is not None and alone.iso == gold
            context_ok = in_context is not None and in_context.iso == gold
            right["context"] += context_ok
            by_kind_context[kind] += context_ok
            hits = [d for d in ours if overlaps((d.start, d.end), [(t["start"], t["end"])])]
            if any(d.iso == gold for d in hits):
                right["component"] += 1
                by_kind_right[kind] += 1
            else:
                misses.append(DateMiss(doc_id=record["id"], text=t["text"], gold=gold,
                                       got=in_context.iso if in_context else "None",
                                       component=", ".join(d.iso for d in hits) or "-", dct=record["dct"][:10]))
        scored_gold = [((t["start"], t["end"]), t["value"]) for t in record["timexes"]
                       if t.get("type") == "DATE" and gold_precision(t["value"])]
        other_gold = [(t["start"], t["end"]) for t in record["timexes"]
                      if not (t.get("type") == "DATE" and gold_precision(t["value"]))]
        for d in ours:
            span = (d.start, d.end)
            values = [value for gold_span, value in scored_gold if overlaps(span, [gold_span])]
            if not values and overlaps(span, other_gold):
                continue  # only unscored gold expressions: cannot judge
            ours_counted += 1
            ours_right += d.iso in values
    kinds = ("day", "month", "year")
    return DateScores(
        documents=len(records), scored=total, component=Ratio(right["component"], total),
        by_precision={k: Ratio(by_kind_right[k], by_kind[k]) for k in kinds if by_kind[k]},
        component_precision=Ratio(ours_right, ours_counted),
        expression=Ratio(right["expression"], total), context=Ratio(right["context"], total),
        context_by_precision={k: Ratio(by_kind_context[k], by_kind[k]) for k in kinds if by_kind[k]},
        misses=misses,
    )


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None) -> DateScores:
    """Score date resolution on a TimeBank/AQUAINT gold file (the first `limit` documents when given)."""
    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("id", "dct", "text", "timexes"), gold_path, "TIMEX3")
    return score_documents(records, _build_nlp(pipeline))
