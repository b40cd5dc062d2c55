"""The whole path from articles to records: ingest -> clean -> spaCy (with our components) -> store.

    pipeline = Pipeline.default()
    result = pipeline.extract(text, published="2022-03-07")          # one article, no store
    summary = pipeline.run([Path("articles/")], db=Path("x.duckdb"))  # many articles into DuckDB
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clean import clean_text
from .model import Article, ArticleResult, RunSummary, Skipped

if TYPE_CHECKING:
    from spacy.language import Language

ProgressCallback = Callable[[int, "int | None"], None]
WRITE_BATCH = 16  # articles per store transaction: short transactions let `serve` read between them


def parse_date(value: Any) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    from dateutil.parser import isoparse

    try:
        return isoparse(str(value)).date()
    except ValueError as exc:
        raise ValueError(f"not an ISO date: {value!r}") from exc


class Pipeline:
    """Runs the spaCy pipeline with Thucydides' components over articles. Configuration is passed in."""

    def __init__(self, nlp: Language | None = None, *, batch_size: int = 32):
        self._nlp = nlp
        self.batch_size = batch_size

    @classmethod
    def default(cls) -> Pipeline:
        """A pipeline on the default model, loaded once per process (loading takes about a second)."""
        return _default_pipeline()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .nlp import build_pipeline

            self._nlp = build_pipeline()
        return self._nlp

    # ---- one article ----
    def extract(self, text: str, *, published: Any = None, article_id: str = "article", title: str | None = None) -> ArticleResult:
        """Clean `text`, extract everything, return the records (nothing is stored)."""
        article = Article(id=article_id, raw_text=text, published=parse_date(published), title=title, language="en")
        results = list(self.process([article]))
        result = results[0]
        if isinstance(result, Skipped):
            raise RuntimeError(f"article {article_id}: {result.reason}")
        return result

    # ---- many articles ----
    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult | Skipped]:
        """Yield one ArticleResult per article, or a Skipped naming the article whose extraction failed."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _prepare(self, article: Article):
        if article.text is None:
            article.text, article.removals = clean_text(article.raw_text)
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.published = article.published
        doc._.url, doc._.source = article.url, article.source
        return doc

    def _process_batch(self, batch: list[Article]) -> Iterator[ArticleResult | Skipped]:
        try:
            docs = [self._prepare(a) for a in batch]
            processed = list(self.nlp.pipe(docs, batch_size=self.batch_size))
        except Exception:  # one bad article must not stop the run: redo the batch one by one to find it
            if len(batch) == 1:
                import traceback

                reason = traceback.format_exc(limit=-1).strip().splitlines()[-1]
                yield Skipped(input=batch[0].path or batch[0].id, reason=f"extraction failed: {reason}")
                return
            for article in batch:
                yield from self._process_batch([article])
            return
        for article, doc in zip(batch, processed):
            yield ArticleResult(article=article, mentions=list(doc._.actor_mentions or []),
                                events=list(doc._.events or []), quotes=list(doc._.quotes or []))

    def run(self, paths: list[Path], *, manifest: Path | None = None, db: Path = Path("thucydides.duckdb"),
            progress: ProgressCallback | None = None, link: bool = True) -> RunSummary:
        """Ingest `paths` (and/or a manifest), extract, and store into `db`. Unchanged articles are skipped.
        `link`: then place the new articles into stories and recompute the incidents (thucydides.stories)."""
        from .ingest import iter_inputs
        from .store import Store

        started = time.perf_counter()
        summary = RunSummary()
        store = Store(db)
        run_id = uuid.uuid4().hex[:12]
        with store.session():
            store.start_run(run_id)
            known = store.known_articles()
        todo: list[Article] = []
        for item in iter_inputs(paths, manifest):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            summary.articles_read += 1
            if known.get(item.id) == item.content_hash:
                summary.articles_unchanged += 1
                continue
            todo.append(item)
        if summary.skipped:
            store.write_skipped(run_id, summary.skipped)
        dyads: Counter[str] = Counter()
        pending: list[ArticleResult] = []
        done = 0
        if progress:
            progress(0, len(todo))
        for result in self.process(todo):
            done += 1
            if isinstance(result, Skipped):
                summary.failed.append(result)
            else:
                pending.append(result)
                summary.articles_processed += 1
                summary.events += len(result.events)
                summary.quotes += len(result.quotes)
                summary.mentions += len(result.mentions)
                for event in result.events:
                    dyads[f"{event.source.code}->{event.target.code if event.target else '-'}"] += 1
            if len(pending) >= WRITE_BATCH:
                store.write_results(pending, run_id)
                pending = []
            if progress:
                progress(done, len(todo))
        if pending:
            store.write_results(pending, run_id)
        if summary.failed:
            store.write_skipped(run_id, summary.failed)
        if link:
            from .stories import link_stories

            # incremental: only unplaced articles and the ones just (re)processed are placed
            link_stories(store, refresh=[a.id for a in todo])
        summary.top_dyads = dyads.most_common(10)
        summary.seconds = round(time.perf_counter() - started, 2)
        store.finish_run(run_id, summary)
        return summary


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    # cached so that `thucydides.extract` in a loop does not reload the model each call
    return Pipeline()
