"""Story clustering against ECB+ (ecbplus_stories_dev.jsonl).

    scores = evaluate(Path("../shared/eval/ecbplus_stories_dev.jsonl"))   # StoryScores

Each document runs through the full pipeline (no publication date: ECB+ gives none) in a fixed shuffled order
(seed 0: the gold file lists documents grouped by story, an order real news never comes in), and the results go
into a temporary store in successive runs of `BATCH_SIZE` documents, each followed by `link_stories`: exactly the
path of `thucydides run` (the story index, reprints and all), with the default configuration (or, with
`embeddings=True` / `--embeddings`, MiniLM sentence embeddings added: `embedding_config`).

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
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import Metric, Ratio, read_jsonl, require_fields

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..stories.clustering import ClusterConfig


# documents per run: ~5 successive runs over the whole set. Smaller runs start the store with fewer documents to
# count term frequencies on, which costs precision early on (B-cubed F1 on the whole set: 0.865 in runs of 100,
# 0.858 in runs of 50, 0.871 in one run)
BATCH_SIZE = 100


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
             *, config: ClusterConfig | None = None, embeddings: bool = False,
             batch_size: int = BATCH_SIZE) -> StoryScores:
    """Run the pipeline over the gold documents, link them into stories in runs of `batch_size` and score (see
    the module docstring).
    `embeddings` adds MiniLM sentence embeddings to `config` (`embedding_config`; needs the extra `embeddings`,
    raises ImportError without it)."""
    from sklearn.metrics import adjusted_rand_score

    from ..actors.knowledge import ActorKnowledge
    from ..model import Article, ArticleResult, Skipped
    from ..pipeline import Pipeline
    from ..stories import DuplicateConfig, StoriesConfig, link_stories, story_input_of
    from ..store import Store
    from ..stories.duplicates import translation_signals

    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("id", "subtopic", "text"), gold_path, "ECB+ stories")
    started = time.perf_counter()
    if embeddings:  # before the pipeline runs, so a missing extra fails fast
        from ..stories.clustering import embedding_config, minilm_embedder

        config = embedding_config(minilm_embedder(), config)
    pipe = pipeline or Pipeline.default()
    gold = {str(r["id"]): str(r["subtopic"]) for r in records}
    order = list(range(len(records)))
    random.Random(0).shuffle(order)
    # no publication dates: within a run articles go by id, so the shuffled rank goes first in the id
    articles = [Article(id=f"{rank:05d}|{records[i]['id']}", raw_text=str(records[i]["text"]), language="en")
                for rank, i in enumerate(order)]
    by_id = {a.id: a for a in articles}
    inputs = []
    with tempfile.TemporaryDirectory(prefix="thucydides-eval-") as tmp:
        store = Store(Path(tmp) / "stories.duckdb")
        results = []
        for result in pipe.process(articles):
            if isinstance(result, Skipped):  # a failed document is clustered on its text alone
                article = by_id[result.input]
                result = ArticleResult(replace(article, text=article.raw_text))
            results.append(result)
            inputs.append(story_input_of(result))
        # the pipeline's own path: successive runs write their articles, then link_stories places them
        for start in range(0, len(results), batch_size):
            store.write_results(results[start:start + batch_size], f"eval-{start}")
            link_stories(store, config=StoriesConfig(cluster=config) if config else None)
        placed = store.story_assignments()
    predicted = {article_id.split("|", 1)[1]: story for article_id, (story, _) in placed.items()}
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
