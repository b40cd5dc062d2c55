"""The story index in the store: how `link_stories` finds what its new articles must be compared with.

    found = gather(store, inputs, refreshed, config, today)   # Candidates: signatures, document frequencies,
                                                               # candidate stories' members, LSH matches
    rows = found.rows(placed_story_of)                         # StoryIndexRows, written with the story links

Reads are bounded by the new articles and their candidates, never by the store: candidate stories come from the
inverted index (`story_keys`: entity features and heavy text terms -> story, with the article's day, queried within
`ClusterConfig.window_days`), reprint candidates from the LSH bucket table (`story_lsh`), and document frequencies
only for the features at hand (`story_df`). `build_index` migrates a database linked before the index existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .duplicates import DuplicateConfig
from .model import StoryInput
from .signatures import (
    BLOCKS, DocFreq, Signature, StoryIndexRows, featurize, index_keys, lsh_buckets, query_keys,
)

if TYPE_CHECKING:
    from ..store import Store
    from . import StoriesConfig

MIGRATION_CHUNK = 1000  # articles read at a time when building the index of an old database


@dataclass
class Candidates:
    """What one link compares its new articles with (see the module docstring)."""

    new: list[Signature]
    keys: list[set[int]]  # index keys stored for each new signature
    members: list[tuple[Signature, str]] = field(default_factory=list)  # articles of the candidate stories
    originals: list[Signature] = field(default_factory=list)  # stored articles sharing an LSH bucket with a new one
    story_of: dict[str, str] = field(default_factory=dict)  # every loaded stored article -> its story
    df: DocFreq = field(default_factory=DocFreq)
    removed: list[str] = field(default_factory=list)  # re-placed articles: their old index rows go
    changed: dict[str, set[int]] = field(default_factory=dict)  # features whose document frequency changed
    duplicates: DuplicateConfig = field(default_factory=DuplicateConfig)

    def rows(self, story_of: dict[str, str]) -> StoryIndexRows:
        """The index rows of the new articles, now placed (`story_of`: article id -> story id)."""
        rows = StoryIndexRows(signatures=list(self.new), removed=list(self.removed), docs=self.df.docs)
        for sig, keys in zip(self.new, self.keys):
            rows.buckets += [(sig.article_id, band, bucket) for band, bucket in lsh_buckets(sig.minhash, self.duplicates)]
            if sig.day is not None:
                rows.keys += [(sig.article_id, key, sig.day, story_of[sig.article_id]) for key in sorted(keys)]
        rows.doc_freq = {block: {f: self.df.counts.get(block, {}).get(f, 0) for f in features}
                         for block, features in self.changed.items() if features}
        return rows


def _features(sigs: Sequence[Signature]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {block: set() for block in BLOCKS}
    for sig in sigs:
        for block, terms in sig.blocks.items():
            out[block].update(terms.indices.tolist())
    return out


def _missing(features: dict[str, set[int]], df: DocFreq) -> dict[str, set[int]]:
    return {block: {f for f in ids if f not in df.counts.get(block, {})} for block, ids in features.items()}


def gather(store: Store, inputs: Sequence[StoryInput], refreshed: Sequence[str], cfg: StoriesConfig,
           today: date, indexed: bool) -> Candidates:
    """Signatures of `inputs` and everything stored they must be compared with. `refreshed`: those of them that
    were placed before (their old signatures leave the counts and the candidates); `indexed`: the index exists."""
    new = featurize(inputs, cfg.cluster, cfg.duplicates, today=today)
    old = [sig for sig, _ in store.story_signatures(article_ids=refreshed)] if indexed and refreshed else []
    changed = _features([*new, *old])
    df = DocFreq(*store.story_doc_freq(changed)) if indexed else DocFreq()
    df.add(old, -1)
    df.add(new)
    found = Candidates(new=new, keys=[], df=df, removed=list(refreshed), changed=changed,
                       duplicates=cfg.duplicates)
    weighted = df.weigh(new, cfg.cluster.max_df, cfg.cluster.max_df_from)
    found.keys = [index_keys(weighted, row, cfg.cluster.index_terms) for row in range(len(new))]
    if not indexed:
        return found
    window = cfg.cluster.window_days
    days = [sig.day for sig in new if sig.day is not None]
    stories: set[str] = set()
    if days:
        hits: dict[int, list[tuple[int, str]]] = {}
        wanted = [query_keys(sig) for sig in new]
        for key, day, story in store.story_candidates(sorted(set().union(*wanted)), min(days) - window,
                                                      max(days) + window, exclude=refreshed):
            hits.setdefault(key, []).append((day, story))
        for sig, keys in zip(new, wanted):
            shared: dict[str, set[int]] = {}
            for key in keys:
                for day, story in hits.get(key, ()):
                    if sig.day is None or abs(day - sig.day) <= window:
                        shared.setdefault(story, set()).add(key)
            stories.update(story for story, found_keys in shared.items()
                           if len(found_keys) >= cfg.cluster.shared_keys)
    buckets = sorted({bucket for sig in new for _, bucket in lsh_buckets(sig.minhash, cfg.duplicates)})
    matches = set(store.story_lsh_matches(buckets, exclude=refreshed)) if buckets else set()
    loaded = store.story_signatures(article_ids=sorted(matches), story_ids=sorted(stories), exclude=refreshed,
                                    latest=cfg.cluster.story_members)
    found.members = [(sig, story) for sig, story in loaded if story in stories]
    found.originals = [sig for sig, _ in loaded if sig.article_id in matches]
    found.story_of = {sig.article_id: story for sig, story in loaded if story}
    missing = _missing(_features([sig for sig, _ in found.members]), df)
    if any(missing.values()):
        _, counts = store.story_doc_freq(missing)
        for block, values in counts.items():
            df.counts.setdefault(block, {}).update(values)
    return found


def build_index(store: Store, cfg: StoriesConfig) -> int:
    """Index the placed articles of a database linked before the story index existed (once: the index is then
    kept up to date by every link). Returns the number of articles indexed."""
    placed = {a: s for a, (s, _) in store.story_assignments().items()}
    ids = sorted(placed)
    sigs: list[Signature] = []
    for start in range(0, len(ids), MIGRATION_CHUNK):
        sigs += featurize(store.story_inputs(ids[start:start + MIGRATION_CHUNK]), cfg.cluster, cfg.duplicates,
                          today=date.today())
    df = DocFreq.of(sigs)
    found = Candidates(new=sigs, keys=[], df=df, changed=_features(sigs), duplicates=cfg.duplicates)
    for start in range(0, len(sigs), MIGRATION_CHUNK):
        chunk = sigs[start:start + MIGRATION_CHUNK]
        weighted = df.weigh(chunk, cfg.cluster.max_df, cfg.cluster.max_df_from)
        found.keys += [index_keys(weighted, row, cfg.cluster.index_terms) for row in range(len(chunk))]
    store.write_story_links([], [], [], [], [], index=found.rows(placed))
    return len(sigs)
