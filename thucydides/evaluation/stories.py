"""Story clustering against ECB+ (ecbplus_stories_dev.jsonl).

    scores = evaluate(Path("../shared/eval/ecbplus_stories_dev.jsonl"))   # StoryScores

Each document runs through the full pipeline (no publication date: ECB+ gives none) and is clustered by
`thucydides.stories.StoryClusterer` with its default configuration, exactly as `thucydides run` does (or, with
`embeddings=True` / `--embeddings`, with MiniLM sentence embeddings added: `embedding_config`), in one
incremental pass over the documents in a fixed shuffled order (seed 0): the gold file lists documents grouped by
story, an order real news never comes in.

Scoring rules
-------------
- Gold: a subtopic is a story. Each topic pairs two different events of the same kind (ECB and ECB+ halves),
  so telling the halves apart is the hard case.
- B-cubed precision / recall / F1 (Bagga & Baldwin): per document, the share of its predicted story that is in
  its gold story (precision) and of its gold story that is in its predicted story (recall), averaged.
- ARI: adjusted Rand index of the predicted stories against the gold subtopics.
- translation false alarms: documents flagged as machine-translated copies; ECB+ is original English news,
  so every flag is a false alarm (lower is better).
- Misses (report only): `merged` predicted stories holding documents of several gold stories, `split` gold
  stories spread over several predicted stories.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import Metric, Ratio, read_jsonl, require_fields

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..stories.clustering import ClusterConfig


@dataclass(frozen=True)
class StoryMiss:
    kind: str  # merged | split
    detail: str


@dataclass
class StoryScores:
    documents: int
    gold_stories: int
    predicted_stories: int
    precision: float
    recall: float
    ari: float
    translation_flags: Ratio
    seconds: float
    misses: list[StoryMiss] = field(default_factory=list)
    dataset: str = "ecbplus_stories"

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def metrics(self) -> list[Metric]:
        p = "stories.ecbplus"
        return [
            Metric(f"{p}.bcubed_f1", "B-cubed F1 (subtopic = story)", self.f1,
                   detail=f"P {self.precision:.3f} R {self.recall:.3f}"),
            Metric(f"{p}.ari", "adjusted Rand index", self.ari,
                   detail=f"{self.predicted_stories} stories for {self.gold_stories} gold"),
            Metric(f"{p}.translation_false_alarms", "original articles flagged as translations",
                   self.translation_flags.value, detail=f"{self.translation_flags.right}/{self.translation_flags.total}",
                   higher_is_better=False),
        ]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of `predicted` (item -> cluster) against `gold` (same items)."""
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        pred_members[cluster].add(item)
    for item, cluster in gold.items():
        gold_members[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, theirs = pred_members[predicted[item]], gold_members[gold[item]]
        shared = len(mine & theirs)
        precision += shared / len(mine)
        recall += shared / len(theirs)
    n = len(gold) or 1
    return precision / n, recall / n


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None,
             *, config: ClusterConfig | None = None, embeddings: bool = False) -> StoryScores:
    """Run the pipeline over the gold documents, cluster them into stories and score (see the module docstring).
    `embeddings` adds MiniLM sentence embeddings to `config` (`embedding_config`; needs the extra `embeddings`,
    raises ImportError without it)."""
    from sklearn.metrics import adjusted_rand_score

    from ..actors.knowledge import ActorKnowledge
    from ..model import Article, Skipped
    from ..pipeline import Pipeline
    from ..stories import DuplicateConfig, StoryClusterer, story_id_of, story_input_of
    from ..stories.duplicates import translation_signals

    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("id", "subtopic", "text"), gold_path, "ECB+ stories")
    started = time.perf_counter()
    if embeddings:  # before the pipeline runs, so a missing extra fails fast
        from ..stories.clustering import embedding_config, minilm_embedder

        config = embedding_config(minilm_embedder(), config)
    pipe = pipeline or Pipeline.default()
    gold = {str(r["id"]): str(r["subtopic"]) for r in records}
    inputs = []
    for result in pipe.process(Article(id=str(r["id"]), raw_text=str(r["text"]), language="en") for r in records):
        if not isinstance(result, Skipped):  # a failed document is clustered on its text alone
            inputs.append(story_input_of(result))
    done = {d.article_id for d in inputs}
    from ..stories.model import StoryInput

    inputs += [StoryInput(article_id=str(r["id"]), text=str(r["text"])) for r in records if str(r["id"]) not in done]
    order = list(range(len(inputs)))
    random.Random(0).shuffle(order)
    # no publication dates: the clusterer orders by id, so the shuffled rank goes first in the id
    ranked = [replace(inputs[i], article_id=f"{rank:05d}|{inputs[i].article_id}") for rank, i in enumerate(order)]
    placements = StoryClusterer(config).assign([], ranked, story_id_of)
    predicted = {p.article_id.split("|", 1)[1]: p.story_id for p in placements}
    precision, recall = bcubed(predicted, gold)
    ids = list(gold)
    ari = adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids])
    people = [n for person in ActorKnowledge.load().people() for n in (person.name, *person.aliases)]
    threshold = DuplicateConfig().translation_points
    flagged = sum(translation_signals(d.text, (*d.names, *d.actors), people)[0] >= threshold for d in inputs)
    return StoryScores(
        documents=len(gold), gold_stories=len(set(gold.values())), predicted_stories=len(set(predicted.values())),
        precision=precision, recall=recall, ari=float(ari), translation_flags=Ratio(flagged, len(inputs)),
        seconds=round(time.perf_counter() - started, 1), misses=_misses(predicted, gold))


def _misses(predicted: dict[str, str], gold: dict[str, str]) -> list[StoryMiss]:
    misses = []
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for item, story in predicted.items():
        by_pred[story][gold[item]] += 1
        by_gold[gold[item]][story] += 1
    for story, counts in sorted(by_pred.items()):
        if len(counts) > 1:
            misses.append(StoryMiss("merged", f"{story}: " + ", ".join(f"{g} x{n}" for g, n in counts.most_common())))
    for subtopic, counts in sorted(by_gold.items()):
        if len(counts) > 1:
            misses.append(StoryMiss("split", f"{subtopic}: {len(counts)} stories, sizes "
                                    + ", ".join(str(n) for _, n in counts.most_common())))
    return misses
