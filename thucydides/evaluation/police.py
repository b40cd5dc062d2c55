"""Police actions in real scraped news against IndiaPoliceEvents (indiapoliceevents_dev.jsonl).

    scores = evaluate(Path("../shared/eval/indiapoliceevents_dev.jsonl"))   # PoliceScores

Each article runs through the whole pipeline as shipped (`Pipeline.process`: cleaning, spaCy, our components)
exactly as scraped (lower case, mojibake), with its URL and publication date as ingest would give them; nothing
in the text is prepared for the evaluation.

Scoring rules
-------------
- Document level: an article is predicted to carry a label when at least one of our events in it (neither
  negated nor hypothetical) answers the label's question; gold labels are the article's `labels`.
- ARREST: an arrest or detention event (CAMEO 173), whoever the source.
- FORCE: violence by police: an event whose source is police (sector COP) coded CAMEO 175 (violent repression)
  or in 18x-20x (assault, fight, mass violence).
- KILL: a police-source event coded as a killing (CAMEO 1823, 186, 20x) or as firing on people (190-195)
  whose sentence says someone died ("killed", "dead", "died", "death", "lives").
- ANY_ACTION: any event whose source is police (sector COP).
- Per label: precision over the articles we flag, recall over the gold articles, F1. FAIL (police failing to
  act) is not scored: an absence of action is not an event.
- Misses (report only): `missed` gold labels we did not find, `extra` labels we gave that gold does not have.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import PRF, Metric, Ratio, f1_metric, read_jsonl, require_fields

if TYPE_CHECKING:
    from ..model import Event
    from ..pipeline import Pipeline

LABELS = ("ARREST", "FORCE", "KILL", "ANY_ACTION")
POLICE_SECTOR = "COP"
_DEATH = re.compile(r"\b(?:kill(?:ed|ing|s)?|dead|died|dies|death|deaths|lives|life)\b", re.I)
_KILL_CODES = ("1823", "186", "19", "20")


def _violent(code: str) -> bool:
    return code == "175" or code[:2] in ("18", "19", "20")


def labels_of(events: list[Event]) -> set[str]:
    """The labels an article's events answer yes to (see the module docstring)."""
    found: set[str] = set()
    for e in events:
        if e.negated or e.hypothetical or not e.cameo:
            continue
        if e.cameo.startswith("173"):
            found.add("ARREST")
        if e.source.sector != POLICE_SECTOR:
            continue
        found.add("ANY_ACTION")
        if _violent(e.cameo):
            found.add("FORCE")
            if e.cameo.startswith(_KILL_CODES) and _DEATH.search(e.sentence):
                found.add("KILL")
    return found


@dataclass(frozen=True)
class PoliceMiss:
    kind: str  # missed | extra
    article: str
    label: str
    detail: str  # extra: the events that gave the label; missed: the start of the article


@dataclass
class PoliceScores:
    articles: int
    per_label: dict[str, PRF]
    seconds: float
    misses: list[PoliceMiss] = field(default_factory=list)
    dataset: str = "indiapoliceevents"

    def metrics(self) -> list[Metric]:
        p = "police.ipe"
        return [f1_metric(f"{p}.{label.lower()}_f1", f"{label} in the article (F1)", prf)
                for label, prf in self.per_label.items()]

    def render_misses(self) -> str:
        """Every miss, quoting the evaluation text: for the user's report file only."""
        lines = [f"- [{m.kind}] {m.article} {m.label}: {m.detail}" for m in self.misses]
        return "\n".join(lines) if lines else "(none)"


def score(gold: dict[str, set[str]], predicted: dict[str, set[str]], texts: dict[str, str],
          evidence: dict[str, dict[str, list[str]]], seconds: float = 0.0) -> PoliceScores:
    """Per-label document-level precision, recall and F1 of `predicted` against `gold` (article id -> labels)."""
    per_label: dict[str, PRF] = {}
    misses: list[PoliceMiss] = []
    for label in LABELS:
        tp = flagged = wanted = 0
        for article, labels in gold.items():
            ours = label in predicted.get(article, set())
            theirs = label in labels
            tp += ours and theirs
            flagged += ours
            wanted += theirs
            if theirs and not ours:
                misses.append(PoliceMiss("missed", article, label, texts.get(article, "")[:300]))
            elif ours and not theirs:
                misses.append(PoliceMiss("extra", article, label, " | ".join(evidence.get(article, {}).get(label, []))))
        per_label[label] = PRF(precision=Ratio(tp, flagged), recall=Ratio(tp, wanted))
    return PoliceScores(articles=len(gold), per_label=per_label, seconds=round(seconds, 1), misses=misses)


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None,
             part: str | None = None) -> PoliceScores:
    """Run the pipeline over the gold articles and score document-level police actions (module docstring)."""
    from ..model import Article, Skipped
    from ..pipeline import Pipeline, parse_date

    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("id", "text", "labels"), gold_path, "IndiaPoliceEvents")
    started = time.perf_counter()
    pipe = pipeline or Pipeline.default()
    gold = {str(r["id"]): {str(label) for label in r["labels"]} for r in records}
    texts = {str(r["id"]): str(r["text"]) for r in records}
    articles = (Article(id=str(r["id"]), raw_text=str(r["text"]), published=parse_date(r.get("published")),
                        url=r.get("url"), source=r.get("source"), language="en") for r in records)
    predicted: dict[str, set[str]] = {}
    evidence: dict[str, dict[str, list[str]]] = {}
    for result in pipe.process(articles):
        if isinstance(result, Skipped):  # a failed article predicts nothing: it counts against recall
            continue
        article = result.article.id
        predicted[article] = labels_of(result.events)
        for e in result.events:
            for label in labels_of([e]):
                evidence.setdefault(article, {}).setdefault(label, []).append(
                    f"{e.cameo} {e.source.text}({e.source.sector}) '{e.trigger}': {e.sentence[:160]}")
    return score(gold, predicted, texts, evidence, time.perf_counter() - started)
