"""Stories and corroboration: one event, many reports.

    from thucydides.stories import link_stories
    summary = link_stories(Path("news.duckdb"))          # or a Store; `Pipeline.run` calls it after each run

Steps, for the articles not yet in a story (and those a run has just re-processed):
    0. their signatures (signatures.py) are computed, and the stored articles and stories they must be compared
       with are found through the story index (index.py): never every stored article;
    1. reprints: MinHash LSH over word shingles links each to the earliest near-identical article (duplicates.py);
    2. stories: each article joins the most similar candidate story or starts one, never reclustering
       (clustering.py);
    3. translated/spun copies are flagged from garbled names and translation artefacts, and linked to the article
       of their story they align with best when there is one (duplicates.py);
    4. for every story touched: incidents (incidents.py) and cross-article quote links (quotes.py) are recomputed.
Everything, the index rows included, is written in one transaction (Store.write_story_links); ids are stable, so
re-running on the same input changes nothing. The records are in `thucydides.stories.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .clustering import ClusterConfig, StoryClusterer, place, story_input_of
from .duplicates import DuplicateConfig, aligned_share, reprint_links, translation_signals
from .index import build_index, gather
from .incidents import IncidentConfig, merge_events
from .model import (
    Contradiction, DuplicateLink, Incident, QuoteLink, ReportedEvent, Story, StoryAssignment, StoryInput,
)
from .quotes import link_quotes
from .signatures import Signature

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "ClusterConfig", "Contradiction", "DuplicateConfig", "DuplicateLink", "Incident", "IncidentConfig", "LinkSummary",
    "QuoteLink", "ReportedEvent", "Story", "StoryAssignment", "StoryClusterer", "StoryInput", "StoriesConfig",
    "link_stories", "story_input_of",
]


@dataclass(frozen=True)
class StoriesConfig:
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    duplicates: DuplicateConfig = field(default_factory=DuplicateConfig)
    incidents: IncidentConfig = field(default_factory=IncidentConfig)


@dataclass
class LinkSummary:
    """What one `link_stories` call did."""

    articles_linked: int = 0
    stories_touched: int = 0
    new_stories: int = 0
    reprints: int = 0
    translations: int = 0
    incidents: int = 0  # of the touched stories
    quote_links: int = 0


def story_id_of(article: StoryInput | Signature) -> str:
    """A story is named after the article that started it (stable across runs)."""
    return f"s-{article.article_id}"


def link_stories(store: Store | Path | str, *, refresh: Sequence[str] = (),
                 config: StoriesConfig | None = None, today: date | None = None) -> LinkSummary:
    """Place the articles that are in no story yet (plus `refresh`: articles re-processed since they were placed)
    into stories, flag copies, and recompute the incidents and quote links of every story touched. Only the
    candidates the story index finds are read (index.py); `today` dates articles with no publication or
    processing date (default: today)."""
    from ..store import Store

    if not isinstance(store, Store):
        store = Store(Path(store))
    cfg = config or StoriesConfig()
    summary = LinkSummary()
    with store.session():
        state = store.story_index_state()
        if state == "unindexed":  # linked by a version without the index: build it once
            build_index(store, cfg)
            state = "ready"
        old = store.story_members(article_ids=list(refresh))  # re-processed articles already placed
        pending = sorted(set(store.unplaced_articles()) | set(old))
        if not pending:
            return summary
        inputs = store.story_inputs(pending)
        found = gather(store, inputs, sorted(old), cfg, today or date.today(), indexed=state == "ready")
    by_id = {d.article_id: d for d in inputs}
    touched = {story for story, _ in old.values()}

    reprints = reprint_links(found.new, found.originals, cfg.duplicates)
    placements = place(found.members, found.new, found.df, cfg.cluster, story_id_of)
    story_of = dict(found.story_of)
    known_stories = set(story_of.values())
    for p in placements:  # in placement order, so an original is placed before its reprint
        link = reprints.get(p.article_id)
        story_of[p.article_id] = story_of.get(link.duplicate_of, p.story_id) if link else p.story_id
    members: dict[str, list[str]] = {}
    for article_id, story_id in story_of.items():
        members.setdefault(story_id, []).append(article_id)

    known_people = _known_people()
    assignments: list[StoryAssignment] = []
    for p in placements:
        doc = by_id[p.article_id]
        story_id = story_of[p.article_id]
        touched.add(story_id)
        link = reprints.get(p.article_id)
        if link is not None:
            assignments.append(StoryAssignment(p.article_id, story_id, "reprint", link.duplicate_of,
                                               link.similarity))
            summary.reprints += 1
            continue
        points, reasons = translation_signals(doc.text, (*doc.names, *doc.actors), known_people)
        if points >= cfg.duplicates.translation_points:
            others = [a for a in members[story_id] if a != doc.article_id]
            with store.session():  # the texts of this story only, and only for a suspected copy
                stored = {d.article_id: d for d in store.story_inputs([a for a in others if a not in by_id])}
            original, share = _best_aligned(doc, [by_id.get(a) or stored[a] for a in others if a in by_id
                                                  or a in stored], cfg.duplicates)
            assignments.append(StoryAssignment(p.article_id, story_id, "translation", original,
                                               share if original else p.similarity, tuple(reasons)))
            summary.translations += 1
            continue
        relation = "original" if p.similarity is None and story_id not in known_stories else "related"
        assignments.append(StoryAssignment(p.article_id, story_id, relation, None, p.similarity))
    summary.new_stories = len({a.story_id for a in assignments} - known_stories)

    with store.session():  # one open of the file for the reads of the touched stories
        stories, story_by_article = _touched_stories(store, touched, by_id, assignments)
        reported_events = store.reported_events(list(story_by_article))
        reported_quotes = store.reported_quotes(list(story_by_article))
    events_by_story: dict[str, list[ReportedEvent]] = {}
    for event in reported_events:
        events_by_story.setdefault(story_by_article[event.article_id], []).append(event)
    incidents = [i for s in stories for i in merge_events(s.story_id, events_by_story.get(s.story_id, []),
                                                          cfg.incidents)]
    quotes_by_story: dict[str, list] = {}
    for quote in reported_quotes:
        quotes_by_story.setdefault(story_by_article[quote.article_id], []).append(quote)
    links = [link for s in stories for link in link_quotes(s.story_id, quotes_by_story.get(s.story_id, []))]
    store.write_story_links(assignments, stories, incidents, links, sorted(touched),
                            index=found.rows({a.article_id: a.story_id for a in assignments}))
    summary.articles_linked = len(assignments)
    summary.stories_touched = len(stories)
    summary.incidents = len(incidents)
    summary.quote_links = len(links)
    return summary


def _touched_stories(store: Store, touched: set[str], by_id: dict[str, StoryInput],
                     assignments: list[StoryAssignment]) -> tuple[list[Story], dict[str, str]]:
    """The rows of the touched stories (their stored members, plus the articles just placed, minus the ones that
    moved), and article id -> story id of their members."""
    story_members: dict[str, set[str]] = {story_id: set() for story_id in touched}
    for article_id, (story_id, _) in store.story_members(story_ids=sorted(touched)).items():
        if article_id not in by_id:  # a re-placed article counts where it goes now, not where it was
            story_members[story_id].add(article_id)
    for a in assignments:
        story_members[a.story_id].add(a.article_id)
    headers = {d.article_id: d for d in store.story_headers(
        sorted({a for ids in story_members.values() for a in ids} - set(by_id)))}
    stories = [_story(story_id, [by_id.get(a) or headers[a] for a in sorted(story_members[story_id])
                                 if a in by_id or a in headers]) for story_id in sorted(touched)]
    stories = [s for s in stories if s.article_count]
    return stories, {a: s.story_id for s in stories for a in s.article_ids}


def _known_people() -> list[str]:
    from ..actors.knowledge import ActorKnowledge

    return [name for person in ActorKnowledge.load().people() for name in (person.name, *person.aliases)]


def _best_aligned(doc: StoryInput, others: list[StoryInput], cfg: DuplicateConfig) -> tuple[str | None, float]:
    """The earlier article of the story that `doc` copies best, when enough of its sentences align with it."""
    best: tuple[float, str] | None = None
    mine = (doc.published or date.max, doc.article_id)
    for other in others:
        if (other.published or date.max, other.article_id) >= mine:
            continue
        share = aligned_share(doc.text, other.text, cfg.aligned_sentence)
        if share >= cfg.aligned_share and (best is None or share > best[0]):
            best = (share, other.article_id)
    return (best[1], round(best[0], 4)) if best else (None, 0.0)


def _story(story_id: str, docs: list[StoryInput]) -> Story:
    docs = sorted(docs, key=lambda d: (d.published or date.max, d.article_id))
    dates = [d.published for d in docs if d.published]
    first = docs[0] if docs else None
    label = ""
    if first is not None:
        label = (first.title or first.text.strip().split("\n", 1)[0])[:120]
    return Story(story_id=story_id, label=label, first_published=min(dates) if dates else None,
                 last_published=max(dates) if dates else None, article_ids=[d.article_id for d in docs],
                 article_count=len(docs), source_count=len({d.source or f"article:{d.article_id}" for d in docs}))
