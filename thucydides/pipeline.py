"""The whole path from articles to records: ingest -> clean -> spaCy (with our components) -> store.

    pipeline = Pipeline.default()
    result = pipeline.extract(text, published="2022-03-07")          # one article, no store
    summary = pipeline.run([Path("articles/")], db=Path("x.duckdb"))  # many articles into DuckDB

Budget per article: ingest refuses texts over `ingest.MAX_ARTICLE_CHARS`. A cleaned text longer than
`part_chars` (default PART_CHARS) is processed in parts cut at paragraph breaks (each far under spaCy's
`max_length`; its parser needs about 1 GB per 100,000 characters), each through the whole pipeline, and their
records are merged with offsets, sentence indices and ids of the whole text. `time_limit` seconds (default
ARTICLE_SECONDS) is checked between parts: an article not done then is reported as failed, with how far it
got, and the run goes on. A text of one part is processed in one go, so the limit can be overrun by the time of
one part (10-20 s on one core), never by more.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
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
PART_CHARS = 50_000  # characters processed at once: ~10-20 s on one core, so the time limit is checked that often
ARTICLE_SECONDS = 300.0  # per article; the longest news articles (~50,000 characters) take well under a minute


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

    def __init__(self, nlp: Language | None = None, *, batch_size: int = 32, part_chars: int = PART_CHARS,
                 time_limit: float = ARTICLE_SECONDS):
        self._nlp = nlp
        self.batch_size = batch_size
        self.part_chars = part_chars
        self.time_limit = time_limit

    @classmethod
    def default(cls) -> Pipeline:
        """A pipeline on the default model, loaded once per process (loading takes about a second)."""
        return _default_pipeline()

    @classmethod
    def with_knowledge(cls, actors: Sequence[Path | str] = (), lexicons: Sequence[Path | str] = ()) -> Pipeline:
        """The default pipeline plus users' own knowledge: actor files (people and organisations, see
        `ActorKnowledge.load`) and lexicon files (event triggers, see `Lexicon.load`). Their entries add to the
        packaged data or replace the entries of the same name (or lemma and part of speech). Files are read, and
        checked, here: a bad one raises a DataFileError naming its file and line."""
        if not actors and not lexicons:
            return cls.default()
        from .nlp import build_pipeline

        config = {"thucydides_actors": {"extra_files": [str(Path(p).resolve()) for p in actors]},
                  "thucydides_events": {"extra_lexicons": [str(Path(p).resolve()) for p in lexicons]}}
        return cls(build_pipeline(config=config))

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .nlp import build_pipeline

            self._nlp = build_pipeline()
        return self._nlp

    # ---- one article ----
    def extract(self, text: str, *, published: Any = None, article_id: str = "article", title: str | None = None) -> ArticleResult:
        """Clean `text`, extract everything, return the records (nothing is stored)."""
        from .decoding import strip_invisible

        article = Article(id=article_id, raw_text=strip_invisible(text), published=parse_date(published),
                          title=title, language="en")
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
            # the raw text is never shorter than the cleaned one: a long one is cleaned in _process_long
            if len(article.text if article.text is not None else article.raw_text) > self._part_limit():
                yield from self._process_batch(batch)  # keep the input order
                batch = []
                yield self._process_long(article)
                continue
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

    def _part_limit(self) -> int:
        return max(1, min(self.part_chars, self.nlp.max_length - 1))

    def _process_long(self, article: Article) -> ArticleResult | Skipped:
        """Process a long text part by part within the time limit, and merge the parts' records.

        Each part goes through the whole pipeline on its own, not as one joined Doc: some of our components
        look at the whole Doc for each sentence, so their time grows with the square of its length, and the
        time limit could not be checked while they run. What a part loses is context across its first
        paragraph break (a pronoun or "the next day" referring back into the previous part)."""
        started = time.perf_counter()
        where = article.path or article.id
        try:
            if article.text is None:
                article.text, article.removals = clean_text(article.raw_text)
            text = article.text
            parts = split_parts(text, self._part_limit())
            merged = ArticleResult(article=article)
            sentences = 0
            for number, (start, end) in enumerate(parts):
                spent = time.perf_counter() - started
                if number and spent > self.time_limit:
                    return Skipped(input=where, reason=(
                        f"over the time limit ({self.time_limit:g} s per article): {number} of {len(parts)} "
                        f"parts of its {len(text):,} characters done in {spent:.0f} s"))
                doc = self.nlp.make_doc(text[start:end])
                doc._.article_id = article.id
                doc._.published = article.published
                doc = self.nlp(doc)
                _merge_part(merged, doc, start, sentences)
                sentences += sum(1 for _ in doc.sents)
        except Exception:  # same rule as batches: one article must not stop the run
            import traceback

            reason = traceback.format_exc(limit=-1).strip().splitlines()[-1]
            return Skipped(input=where, reason=f"extraction failed: {reason}")
        if any(text[end - 1:end] != "\n" for _, end in parts[:-1]):
            article.notes.append(f"processed in {len(parts)} parts, some cut inside a paragraph (no paragraph "
                                 f"break within {self._part_limit():,} characters)")
        return merged

    def _process_batch(self, batch: list[Article]) -> Iterator[ArticleResult | Skipped]:
        if not batch:
            return
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
            progress: ProgressCallback | None = None, link: bool = True, force: bool = False) -> RunSummary:
        """Ingest `paths` (and/or a manifest), extract, and store into `db`. Unchanged articles (same text and
        metadata, see Article.content_hash) are skipped unless `force`, which re-processes everything (after
        an upgrade of the model or of the rules).
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
            if not force and known.get(item.id) == item.content_hash:
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
                where = result.article.path or result.article.id
                summary.flagged.extend(Skipped(input=where, reason=note) for note in result.article.notes)
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


def _merge_part(merged: ArticleResult, doc: Any, offset: int, sentences: int) -> None:
    """Append the records of a part's Doc to `merged`, with offsets, sentence indices and ids (numbered on
    from the previous parts', as one Doc would number them) made relative to the whole text."""
    from dataclasses import replace

    article_id = merged.article.id
    quote_ids: dict[str, str] = {}
    for quote in doc._.quotes or []:
        quote_ids[quote.id] = f"{article_id}:q{len(merged.quotes)}"
        merged.quotes.append(replace(quote, id=quote_ids[quote.id], span=_moved(quote.span, offset),
                                     sentence_index=quote.sentence_index + sentences))
    for event in doc._.events or []:
        place = event.location
        if place is not None and place.start is not None and place.end is not None:
            place = replace(place, start=place.start + offset, end=place.end + offset)
        merged.events.append(replace(
            event, id=f"{article_id}:e{len(merged.events)}", span=_moved(event.span, offset),
            trigger_span=_moved(event.trigger_span, offset) if event.trigger_span else None,
            sentence_index=event.sentence_index + sentences, location=place,
            quote_id=quote_ids.get(event.quote_id, event.quote_id) if event.quote_id else None))
    merged.mentions.extend(replace(m, start=m.start + offset, end=m.end + offset,
                                   sentence_index=m.sentence_index + sentences) for m in doc._.actor_mentions or [])


def _moved(span: tuple[int, int], offset: int) -> tuple[int, int]:
    return (span[0] + offset, span[1] + offset)


def split_parts(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive parts of `text`, each at most `limit` characters, together exactly
    `text`. A part ends after the last paragraph break (blank line) that fits, else the last line break, else
    the last sentence end (". "), else the last space, else at `limit` itself."""
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = window.rfind(mark)
            if found > 0:
                cut = found + len(mark)
                break
        if cut <= 0:
            cut = limit
        parts.append((start, start + cut))
        start += cut
    parts.append((start, len(text)))
    return parts


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    # cached so that `thucydides.extract` in a loop does not reload the model each call
    return Pipeline()
