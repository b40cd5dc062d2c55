"""The DuckDB store: one file (default ./thucydides.duckdb) holding articles, actors, mentions, events and quotes.

Writing (used by `Pipeline.run`)::

    store = Store(Path("news.duckdb"))
    store.start_run(run_id)                                   # runs row, started_at = now (UTC)
    known = store.known_articles()                            # {article id: content hash}: skip unchanged ones
    store.write_skipped(run_id, skipped)                      # list[Skipped] -> skipped table
    store.write_results(results, run_id)                      # list[ArticleResult], one transaction per call
    store.finish_run(run_id, summary)                         # RunSummary -> runs.summary JSON

Reading (used by the CLI; every query returns JSON-ready dicts)::

    store = Store(Path("news.duckdb"), read_only=True)
    store.events(actor="USA", dyad="USA:CHN", event_type="consult", since="2022-03", until="2022", limit=10)
    store.quotes(actor="Blinken", since=None, until=None, limit=None)
    store.actors(actor=None, limit=None)                      # with mention and event counts
    store.articles(actor=None, since=None, until=None, limit=None)

Idempotence: an article is its id plus its content hash. `write_results` deletes every previous row of each
article id (articles, events, quotes, mentions) and inserts the new ones in ONE transaction, so re-running adds
nothing twice, a changed article replaces its old rows, and a run killed midway completes when run again.

Concurrency: DuckDB allows one writing process, and no reader in another process while it writes. So readers
never open the file: a writing Store opens it for each write transaction (or `session`) and, after changes,
publishes a checkpointed copy of it as the current read snapshot (atomic rename; see thucydides.snapshots for
the protocol and its cost); a read-only Store (`serve`, the CLI's queries) reads the current snapshot through a
small pool of connections, kept open until a newer snapshot is published. Opening a file locked by another
writer is retried with exponential backoff before `StoreError` names the file. A file with tables but without
the `thucydides_meta` marker (nor all the tables of a database from before the marker) is refused, never
written into; a damaged or truncated file gives `StoreError`, not a traceback.

Tables (names and flat columns are a public contract, like the JSON records):
    articles  id, content_hash, path, url, title, source, published DATE, language, text (cleaned), raw_text,
              removals JSON, processed_at TIMESTAMP (UTC), run_id
    actors    key, name, code, sector, kind, role (one row per canonical actor ever seen; counts are computed
              from mentions/events at query time so that replacing an article cannot leave them stale)
    mentions  article_id, sentence_index, start, end, text, actor_key (NULL: unresolved), method
    events    id, article_id, sentence_index, event_type, mode, cameo, quad_class, goldstein,
              source_key, source_code, source_name, target_key, target_code, target_name,
              date (ISO at its precision), date_start DATE (first day of that period), date_precision,
              date_basis, negated, hypothetical, confidence, record JSON (= thucydides.model.to_dict(event)),
              date_earliest DATE, date_latest DATE (bounds of an event dated only relative to something)
              mentions JSON (the event's EvidenceSpans: every sentence of the article that reports it)
    quotes    id, article_id, speaker_name, speaker_code, cue, start, end, text, record JSON
    runs      run_id, started_at, finished_at, summary JSON (= to_dict(RunSummary))
    skipped   run_id, input, reason

Stories and incidents (written by `thucydides.stories.link_stories` at the end of each run, see that package;
the tables are created by its first write, so a database where stories were never computed has none of them):
    stories          story_id, label, first_published DATE, last_published DATE, article_count, source_count
    article_stories  article_id, story_id, duplicate_of (NULL, or the article it copies), relation ('original' |
                     'reprint' | 'translation' | 'related'), similarity DOUBLE (to the story when it joined it;
                     for a copy, to its original), signals JSON (why a translation was flagged)
    incidents        incident_id, story_id, event_type, mode, source_code, source_name, target_code, target_name,
                     date, date_start DATE, date_precision, article_count, source_count, first_article_id,
                     first_published DATE, contradictions JSON (list of Contradiction), record JSON (= to_dict of
                     thucydides.stories.model.Incident, members included)
    incident_events  incident_id, event_id, article_id
    quote_links      link_id, quote_id, story_id, article_id, speaker_name, speaker_code, text, similarity DOUBLE
                     (one row per version of a quotation reported by several articles)
`Store.events` rows gain `story_id` and `incident_id` (None until linked; None for hypothetical events).
The story index (internal, rewritten with the links in the same transaction; see thucydides.stories.index):
    story_signatures article_id, published DATE, day INTEGER (ordinal of the date placement uses), text_terms,
                     entity_terms, context_terms, embedding BLOB (hashed sublinear term counts: int32 ids then
                     float32 weights), minhash BLOB (uint32 values)
    story_lsh        band, bucket BIGINT, article_id (reprint candidates: articles sharing a bucket)
    story_keys       key BIGINT, day, story_id, article_id (inverted index: an article's entities and heaviest
                     text terms -> its story, with its day for the time window)
    story_df         block, feature, df (document frequencies; block '*' holds the number of indexed articles)
A database linked before the index existed is indexed once by the next `link_stories`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .model import Actor, ActorRef, ArticleResult, RunSummary, Skipped, to_dict
from .search import SEARCH_SCHEMA, compact_statements, index_statements
from .snapshots import Published, ReadPool, Snapshots, WriterLock

if TYPE_CHECKING:
    import duckdb

    from .stories.model import Incident, QuoteLink, ReportedEvent, ReportedQuote, Story, StoryAssignment, StoryInput
    from .stories.signatures import Signature, StoryIndexRows

DEFAULT_DB = Path("thucydides.duckdb")
_CACHE_SIZE = 512  # results kept per read-only Store (`Store.cached`)
_COMPACT_MIN = 200_000  # unsorted search postings worth a re-sort at the end of a run (_compact_search_terms)
_T = TypeVar("_T")


class StoreError(Exception):
    """A store problem worth showing to a user as is: missing or locked file, not a Thucydides database."""


# Column name -> DuckDB type, per table. The schema and every INSERT are generated from this one table.
_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "VARCHAR"), ("content_hash", "VARCHAR"), ("path", "VARCHAR"), ("url", "VARCHAR"),
        ("title", "VARCHAR"), ("source", "VARCHAR"), ("published", "DATE"), ("language", "VARCHAR"),
        ("text", "VARCHAR"), ("raw_text", "VARCHAR"), ("removals", "JSON"), ("processed_at", "TIMESTAMP"),
        ("run_id", "VARCHAR"),
    ),
    "actors": (
        ("key", "VARCHAR"), ("name", "VARCHAR"), ("code", "VARCHAR"), ("sector", "VARCHAR"), ("kind", "VARCHAR"),
        ("role", "VARCHAR"),
    ),
    "mentions": (
        ("article_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("actor_key", "VARCHAR"), ("method", "VARCHAR"),
    ),
    "events": (
        ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("event_type", "VARCHAR"),
        ("mode", "VARCHAR"), ("cameo", "VARCHAR"), ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"),
        ("source_key", "VARCHAR"), ("source_code", "VARCHAR"), ("source_name", "VARCHAR"),
        ("target_key", "VARCHAR"), ("target_code", "VARCHAR"), ("target_name", "VARCHAR"),
        ("date", "VARCHAR"), ("date_start", "DATE"), ("date_precision", "VARCHAR"), ("date_basis", "VARCHAR"),
        ("negated", "BOOLEAN"), ("hypothetical", "BOOLEAN"), ("confidence", "DOUBLE"), ("record", "JSON"),
        ("date_earliest", "DATE"), ("date_latest", "DATE"),
        ("mentions", "JSON"),  # list of EvidenceSpan: every mention of the event in its article
    ),
    "quotes": (
        ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("speaker_name", "VARCHAR"), ("speaker_code", "VARCHAR"),
        ("cue", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("record", "JSON"),
    ),
    "runs": (("run_id", "VARCHAR"), ("started_at", "TIMESTAMP"), ("finished_at", "TIMESTAMP"), ("summary", "JSON")),
    "skipped": (("run_id", "VARCHAR"), ("input", "VARCHAR"), ("reason", "VARCHAR")),
}
# Created by the first `write_story_links`, so that their absence says "stories not computed yet" (the web UI
# relies on it) and a database from before stories existed still reads.
_STORY_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "stories": (
        ("story_id", "VARCHAR"), ("label", "VARCHAR"), ("first_published", "DATE"), ("last_published", "DATE"),
        ("article_count", "INTEGER"), ("source_count", "INTEGER"),
    ),
    "article_stories": (
        ("article_id", "VARCHAR"), ("story_id", "VARCHAR"), ("duplicate_of", "VARCHAR"), ("relation", "VARCHAR"),
        ("similarity", "DOUBLE"), ("signals", "JSON"),
    ),
    "incidents": (
        ("incident_id", "VARCHAR"), ("story_id", "VARCHAR"), ("event_type", "VARCHAR"), ("mode", "VARCHAR"),
        ("source_code", "VARCHAR"), ("source_name", "VARCHAR"), ("target_code", "VARCHAR"),
        ("target_name", "VARCHAR"), ("date", "VARCHAR"), ("date_start", "DATE"), ("date_precision", "VARCHAR"),
        ("article_count", "INTEGER"), ("source_count", "INTEGER"), ("first_article_id", "VARCHAR"),
        ("first_published", "DATE"), ("contradictions", "JSON"), ("record", "JSON"),
    ),
    "incident_events": (("incident_id", "VARCHAR"), ("event_id", "VARCHAR"), ("article_id", "VARCHAR")),
    "quote_links": (
        ("link_id", "VARCHAR"), ("quote_id", "VARCHAR"), ("story_id", "VARCHAR"), ("article_id", "VARCHAR"),
        ("speaker_name", "VARCHAR"), ("speaker_code", "VARCHAR"), ("text", "VARCHAR"), ("similarity", "DOUBLE"),
    ),
    # the story index (thucydides.stories.signatures): what placement and reprint detection compare, so that a
    # run reads only the candidates of its new articles, never every stored text
    "story_signatures": (
        ("article_id", "VARCHAR"), ("published", "DATE"), ("day", "INTEGER"), ("text_terms", "BLOB"),
        ("entity_terms", "BLOB"), ("context_terms", "BLOB"), ("embedding", "BLOB"), ("minhash", "BLOB"),
    ),
    "story_lsh": (("band", "SMALLINT"), ("bucket", "BIGINT"), ("article_id", "VARCHAR")),
    "story_keys": (("key", "BIGINT"), ("day", "INTEGER"), ("story_id", "VARCHAR"), ("article_id", "VARCHAR")),
    "story_df": (("block", "VARCHAR"), ("feature", "INTEGER"), ("df", "INTEGER")),
}
_STORY_INDEX_TABLES = ("story_signatures", "story_lsh", "story_keys", "story_df")
# what readers need; a database linked before the index existed has these only (migrated by the next link)
_STORY_TABLES = tuple(t for t in _STORY_SCHEMA if t not in _STORY_INDEX_TABLES)
_BLOCK_COLUMNS = (("text", "text_terms"), ("entities", "entity_terms"), ("context", "context_terms"),
                  ("embedding", "embedding"))
# Tables holding rows of one article, keyed by this column: all replaced together.
_PER_ARTICLE = (("articles", "id"), ("events", "article_id"), ("quotes", "article_id"), ("mentions", "article_id"))
# The marker of a Thucydides database: nothing is written into a file that has tables but neither this one nor
# (a database from before the marker existed) all of _CORE_TABLES.
_META = "thucydides_meta"
_CORE_TABLES = frozenset({"articles", "events", "mentions", "quotes", "actors", "runs"})

_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")


class Store:
    """A Thucydides DuckDB file. A writing Store opens the file for each write and closes it; a read-only Store
    reads published snapshots through a small pool of connections (see the module docstring)."""

    def __init__(self, path: Path | str = DEFAULT_DB, *, read_only: bool = False, retries: int | None = None,
                 backoff: float = 0.05):
        """`retries` extra attempts to open a locked file, waiting `backoff` seconds, doubling each time (at
        most 1 s). Default 6 (~3 s) to read, 20 (~16 s) to write: a writer must outwait a reader that is
        copying a snapshot or another writer's batch, and never give up a run for a reader."""
        self.path = Path(path)
        self.read_only = read_only
        self.retries = (6 if read_only else 20) if retries is None else retries
        self.backoff = backoff
        self._schema_ready = False
        self._session: duckdb.DuckDBPyConnection | None = None
        self._snapshots = Snapshots(self.path)
        self._pool = ReadPool() if read_only else None
        self._local = threading.local()  # per thread: the tables of the snapshot its cursor reads
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # see `cached`
        self._cache_lock = threading.Lock()
        self._computing: dict[tuple[Any, ...], Future[Any]] = {}
        # writer: held while this Store has changes not yet published (see thucydides.snapshots)
        self._writer_lock: WriterLock | None = None
        self._dirty = False
        self._force_publish = False
        self._last_publish = 0.0
        self._publish_cost = 0.0

    def close(self) -> None:
        """Publish what this Store wrote (writer) or close its read connections (reader)."""
        if self._pool is not None:
            self._pool.close()
        elif self._dirty:
            self._force_publish = True
            with self.connect():
                pass
        self._release_writer_lock()

    # ---- connections ----
    @contextmanager
    def session(self) -> Iterator[Store]:
        """Run several calls on one open of the file (an open costs ~20 ms), then close it. Keep it as short as
        the calls themselves: while it lasts, no other process can write the file."""
        if self._session is not None:
            yield self
            return
        with self.connect() as con:
            self._session = con
            try:
                yield self
            finally:
                self._session = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection: to the current snapshot when read-only, else to the file itself (creating the schema,
        and publishing a snapshot after changes). Damage found while reading becomes a StoreError."""
        if self._session is not None:
            yield self._session
            return
        with self.errors():
            if self.read_only:
                with self._read_connection() as con:
                    yield con
            else:
                with self._write_connection() as con:
                    yield con

    @contextmanager
    def errors(self) -> Iterator[None]:
        """DuckDB's errors of a missing table or a damaged file, as StoreErrors naming this database (for work
        done on a connection outside `connect`, such as a connection shared by one web request)."""
        import duckdb

        try:
            yield
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path} is not a Thucydides database ({_line(exc)})") from exc
        except (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException,
                duckdb.FatalException) as exc:
            raise StoreError(f"cannot read database {self.path}: the file is damaged or truncated "
                             f"({_line(exc)})") from exc

    @contextmanager
    def _write_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        import duckdb

        if self._writer_lock is None:  # announce unpublished changes before making any
            try:
                self._writer_lock = self._snapshots.hold_as_writer(timeout=self._budget())
            except TimeoutError as exc:
                raise StoreError(f"database {self.path} is being copied for readers for too long: {exc}") from exc
        try:
            con = self._open(duckdb, self.path)
        except BaseException:
            if not self._dirty:
                self._release_writer_lock()
            raise
        try:
            self._local.tables = None
            if not self._schema_ready:
                self._prepare(con)
            yield con
            self._maybe_publish(con)
        finally:
            con.close()
            if not self._dirty:
                self._release_writer_lock()

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create what is missing of the schema, refusing a database that belongs to something else."""
        tables = _table_names(con)
        if tables and _META not in tables and not _CORE_TABLES <= tables:
            raise StoreError(f"{self.path} is not a Thucydides database (it has tables "
                             f"{', '.join(sorted(tables)[:6])}); not writing into it")
        for table, columns in {**_SCHEMA, **SEARCH_SCHEMA}.items():
            cols = ", ".join(f'"{name}" {kind}' for name, kind in columns)
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
            for name, kind in columns:  # a database written before a column was added gains it
                con.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {kind}')
        # looking events up by id (a page of search results, /api/events/{id}) without a scan of a million ids
        indexes = {name for (name,) in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        if "events_id" not in indexes:
            con.execute("CREATE INDEX events_id ON events (id)")
            self._dirty = True
        if _META not in tables:
            con.execute(f"CREATE TABLE {_META} (key VARCHAR, value VARCHAR)")
            con.execute(f"INSERT INTO {_META} VALUES ('format', 'thucydides'), ('created_at', ?)",
                        [_utcnow().isoformat()])
        if not set(SEARCH_SCHEMA) <= tables and "events" in tables:  # written before the index existed
            _rebuild_search_index(con)
        self._schema_ready = True
        self._dirty = self._dirty or not (set(_SCHEMA) | set(SEARCH_SCHEMA) | {_META}) <= tables

    def _maybe_publish(self, con: duckdb.DuckDBPyConnection) -> None:
        """Publish a snapshot after changes: always when forced or cheap, else when the last copy's cost is
        under a tenth of the time since it (a big file is published less often)."""
        if not self._dirty:
            return
        since = time.monotonic() - self._last_publish
        if not (self._force_publish or self._publish_cost < 0.05 or since >= 10 * self._publish_cost):
            return
        if self._force_publish:  # the end of a run
            _compact_search_terms(con)
        started = time.monotonic()
        con.execute("CHECKPOINT")  # the file alone is then complete, and we hold it: no one writes meanwhile
        self._snapshots.publish()
        self._last_publish = time.monotonic()
        self._publish_cost = self._last_publish - started
        self._dirty = self._force_publish = False

    def _release_writer_lock(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None

    def cached(self, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        """`compute()`'s result, computed once per published snapshot and `key` (a read-only Store; a writer
        computes every time). Callers asking for a key being computed wait for it rather than compute it again
        (fifty clients opening the same page cost one query). The result is shared: callers must not change it."""
        if self._pool is None:
            return compute()
        full = (self._published().path, key)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
            pending = self._computing.get(full)
            mine = pending is None
            if mine:
                pending = self._computing[full] = Future()
        if not mine:
            return pending.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._cache_lock:
                del self._computing[full]
            pending.set_exception(exc)
            raise
        with self._cache_lock:
            self._cache[full] = value
            del self._computing[full]
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        pending.set_result(value)
        return value

    def _published(self) -> Published:
        """The snapshot to read: the current one, refreshed first when the file changed since (and no writer
        holds unpublished changes)."""
        published = self._snapshots.current()
        if published is None or not self._snapshots.is_fresh(published):
            if not self.path.exists():
                raise StoreError(f"no database at {self.path}: run `thucydides run` first")
            published = self._refresh() or published or self._wait_for_snapshot()
        return published

    @contextmanager
    def _read_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        import duckdb

        assert self._pool is not None
        for attempt in range(3):
            try:
                published = self._published()
            except OSError:  # no snapshot folder can be made beside the file (a read-only folder)
                published = None
            if published is None:  # then read the file itself, opened for this call only
                con = self._open(duckdb, self.path)
                try:
                    self._local.tables = self._check_ours(con)
                    yield con
                finally:
                    con.close()
                return
            yielded = False
            try:
                with self._pool.cursor(published.path, check=self._check_ours) as (cur, tables):
                    self._local.tables = tables
                    yielded = True
                    yield cur
                    return
            except duckdb.IOException:
                if yielded or published.path.exists() or attempt == 2:
                    raise
                # pruned between reading CURRENT and opening it (a reader two publishes behind): look again
        raise AssertionError("unreachable")

    def _refresh(self) -> Published | None:
        """Publish a snapshot of the file as it is, unless a writer has unpublished changes (None then)."""
        import duckdb

        lock = self._snapshots.try_hold_as_refresher()
        if lock is None:
            return None
        try:
            published = self._snapshots.current()
            if published is not None and self._snapshots.is_fresh(published):
                return published  # another reader refreshed it meanwhile
            con = self._open(duckdb, self.path)  # read-only: shares the file with other readers, not a writer
            try:
                self._check_ours(con)
                return self._snapshots.publish()
            finally:
                con.close()
        finally:
            lock.release()

    def _wait_for_snapshot(self) -> Published:
        """No snapshot yet, and a writer holds unpublished changes: its first publish comes after one batch."""
        deadline = time.monotonic() + self._budget()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            published = self._snapshots.current() or self._refresh()
            if published is not None:
                return published
        raise StoreError(f"database {self.path} is in use by another process and has no published snapshot "
                         "yet; wait for it to finish and try again")

    def _check_ours(self, con: duckdb.DuckDBPyConnection) -> frozenset[str]:
        tables = _table_names(con)
        if _META not in tables and not _CORE_TABLES <= tables:
            raise StoreError(f"{self.path} is not a Thucydides database (no {_META} table)")
        return tables

    def tables(self, con: duckdb.DuckDBPyConnection) -> frozenset[str]:
        """The table names of the database `con` (from `connect()`) reads; cached per snapshot."""
        cached = getattr(self._local, "tables", None)
        return cached if cached is not None else _table_names(con)

    def _budget(self) -> float:
        return sum(min(self.backoff * 2 ** i, 1.0) for i in range(self.retries))

    def _open(self, duckdb: Any, path: Path) -> duckdb.DuckDBPyConnection:
        delay = self.backoff
        waited = 0.0
        for attempt in range(self.retries + 1):
            try:
                return duckdb.connect(str(path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot open database {self.path}: {_line(exc)}") from exc
                if attempt == self.retries:
                    raise StoreError(
                        f"database {self.path} is in use by another process (still locked after {waited:.1f}s); "
                        "wait for it to finish and try again") from exc
                time.sleep(delay)
                waited += delay
                delay = min(delay * 2, 1.0)
            except duckdb.Error as exc:
                raise StoreError(f"cannot open database {self.path}: {_line(exc)}") from exc
        raise AssertionError("unreachable")

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.read_only:
            raise StoreError(f"database {self.path} was opened read-only")
        with self.connect() as con:
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()
            self._dirty = True

    # ---- writing ----
    def start_run(self, run_id: str, started_at: datetime | None = None) -> None:
        """Record the start of a run (creates the database file and schema if needed)."""
        with self._transaction() as con:
            con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
            con.execute("INSERT INTO runs (run_id, started_at) VALUES (?, ?)", [run_id, started_at or _utcnow()])

    def finish_run(self, run_id: str, summary: RunSummary, finished_at: datetime | None = None) -> None:
        """Record the end of a run and its summary."""
        self._force_publish = True  # readers see the whole run now, however big the file
        with self._transaction() as con:
            con.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE run_id = ?",
                        [finished_at or _utcnow(), _json(to_dict(summary)), run_id])

    def known_articles(self) -> dict[str, str]:
        """Article id -> content hash of every stored article ({} when the file does not exist yet)."""
        if not self.path.exists():
            return {}
        with self.connect() as con:
            return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())

    def write_skipped(self, run_id: str, skipped: Sequence[Skipped]) -> None:
        """Record inputs that produced no article (or failed extraction), with the reason."""
        if not skipped:
            return
        with self._transaction() as con:
            _insert(con, "skipped", [(run_id, s.input, s.reason) for s in skipped])

    def write_results(self, results: Sequence[ArticleResult], run_id: str) -> None:
        """Store a batch of articles in one transaction, replacing all earlier rows of the same article ids."""
        if not results:
            return
        by_id = {r.article.id: r for r in results}  # the same id twice in a batch: the last one wins
        rows = _Rows.of(list(by_id.values()), run_id, _utcnow())
        with self._transaction() as con:
            for table, column in (*_PER_ARTICLE, ("search_terms", "article_id")):  # constants, not user input
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [list(by_id)])
            _insert(con, "articles", rows.articles)
            _insert(con, "mentions", rows.mentions)
            _insert(con, "events", rows.events)
            _insert(con, "quotes", rows.quotes)
            for sql in index_statements(article_filter=True):  # the text search index (thucydides.search)
                con.execute(sql, [list(by_id)] * sql.count("?"))
            if rows.actors:
                new = con.execute(
                    "SELECT k FROM (SELECT unnest(?::VARCHAR[]) AS k) WHERE k NOT IN (SELECT key FROM actors)",
                    [list(rows.actors)]).fetchall()
                _insert(con, "actors", [rows.actors[k] for (k,) in new])

    def rebuild_search_index(self) -> None:
        """Recompute the text search index from the events table (after events were written by SQL)."""
        with self._transaction() as con:
            _rebuild_search_index(con)

    # ---- reading ----
    def events(self, *, actor: str | None = None, dyad: str | None = None, event_type: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Event records (as `to_dict(event)`), ordered by date then article and sentence.

        actor: a code (case-insensitive), a full name, or one word of a name, on source or target.
        dyad: "A:B", source matching A and target matching B. event_type: case-insensitive.
        since/until: ISO dates, "YYYY-MM" or "YYYY", inclusive (until "2022-03" includes all of March); an
        event dated to a month or year compares by its first day; events without a date are left out.
        """
        where: list[str] = []
        params: list[Any] = []
        _dyad_filters(where, params, actor=actor, dyad=dyad, event_type=event_type, since=since, until=until)
        with self.connect() as con:
            if set(_STORY_TABLES) <= self.tables(con):  # a database written before stories existed has no such tables
                select = ("SELECT e.record, s.story_id, ie.incident_id FROM events e "
                          "LEFT JOIN article_stories s ON s.article_id = e.article_id "
                          "LEFT JOIN incident_events ie ON ie.event_id = e.id")
            else:
                select = "SELECT e.record, NULL, NULL FROM events e"
            sql = select + _where(where) + \
                " ORDER BY e.date_start NULLS LAST, e.article_id, e.sentence_index, e.id" + _limit(params, limit)
            return [{**json.loads(r), "story_id": story, "incident_id": incident}
                    for r, story, incident in con.execute(sql, params).fetchall()]

    def quotes(self, *, actor: str | None = None, since: str | date | None = None, until: str | date | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Quote records (as `to_dict(quote)`); actor matches the speaker, since/until the article's date."""
        where: list[str] = []
        params: list[Any] = []
        if actor:
            clause, more = _actor_match("q.speaker_code", "q.speaker_name", actor)
            where.append(clause)
            params += more
        _date_range(where, params, "a.published", since, until)
        sql = "SELECT q.record FROM quotes q LEFT JOIN articles a ON a.id = q.article_id" + _where(where) + \
            " ORDER BY a.published NULLS LAST, q.article_id, q.start, q.id" + _limit(params, limit)
        with self.connect() as con:
            return [json.loads(r) for (r,) in con.execute(sql, params).fetchall()]

    def actors(self, *, actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Canonical actors that have mentions or events now, with their counts, most frequent first."""
        where = ["(coalesce(m.n, 0) > 0 OR coalesce(e.n, 0) > 0)"]
        params: list[Any] = []
        if actor:
            clause, params = _actor_match("x.code", "x.name", actor)
            where.append(clause)
        sql = (
            "SELECT x.key, x.code, x.sector, x.kind, x.name, x.role, coalesce(m.n, 0) AS mentions, "
            "coalesce(e.n, 0) AS events FROM actors x "
            "LEFT JOIN (SELECT actor_key, count(*) AS n FROM mentions GROUP BY ALL) m ON m.actor_key = x.key "
            "LEFT JOIN (SELECT k, count(*) AS n FROM (SELECT source_key AS k FROM events UNION ALL "
            "SELECT target_key FROM events) GROUP BY ALL) e ON e.k = x.key"
            + _where(where) + " ORDER BY mentions + events DESC, x.key" + _limit(params, limit)
        )
        return self._rows(sql, params)

    def articles(self, *, actor: str | None = None, since: str | date | None = None,
                 until: str | date | None = None, limit: int | None = None,
                 with_text: bool = False) -> list[dict[str, Any]]:
        """Stored articles with event/quote counts, by publication date; actor: articles that mention it."""
        where: list[str] = []
        params: list[Any] = []
        if actor:
            clause, params = _actor_match("x.code", "x.name", actor)
            where.append("a.id IN (SELECT m.article_id FROM mentions m JOIN actors x ON x.key = m.actor_key "
                         f"WHERE {clause})")
        _date_range(where, params, "a.published", since, until)
        text = ", a.text, a.raw_text, a.removals" if with_text else ""
        sql = (
            "SELECT a.id, a.published, a.source, a.title, a.url, a.path, a.language, a.content_hash, "
            "a.processed_at, a.run_id, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes{text} FROM articles a"
            + _where(where) + " ORDER BY a.published NULLS LAST, a.id" + _limit(params, limit)
        )
        rows = self._rows(sql, params)
        if with_text:
            for row in rows:
                row["removals"] = json.loads(row["removals"]) if row["removals"] else []
        return rows

    # ---- stories and incidents (see thucydides.stories) ----
    def story_inputs(self, article_ids: Sequence[str] | None = None) -> list[StoryInput]:
        """What story linking needs of each stored article (all, or those of `article_ids`)."""
        from .stories.model import StoryInput

        where, params = "", []
        if article_ids is not None:
            where, params = " WHERE a.id IN (SELECT unnest(?::VARCHAR[]))", [list(article_ids)]
        with self.connect() as con:
            articles = con.execute("SELECT a.id, a.text, a.published, a.source, a.title, a.processed_at::DATE "
                                   "FROM articles a" + where + " ORDER BY a.published NULLS LAST, a.id",
                                   params).fetchall()
            mentions: dict[str, list[tuple]] = {}
            for row in con.execute(
                    "SELECT m.article_id, m.text, m.method, x.name FROM mentions m LEFT JOIN actors x "
                    "ON x.key = m.actor_key" + where.replace("a.id", "m.article_id")
                    + " ORDER BY m.article_id, m.start", params).fetchall():
                mentions.setdefault(row[0], []).append(row[1:])
            events: dict[str, list[tuple]] = {}
            for row in con.execute(
                    "SELECT e.article_id, e.source_code, e.target_code, e.date, e.date_basis FROM events e"
                    + where.replace("a.id", "e.article_id") + " ORDER BY e.article_id, e.sentence_index, e.id",
                    params).fetchall():
                events.setdefault(row[0], []).append(row[1:])
        out = []
        for article_id, text, published, source, title, processed in articles:
            ms = mentions.get(article_id, [])
            es = events.get(article_id, [])
            out.append(StoryInput(
                article_id=article_id, text=text or "", published=published, source=source, title=title,
                processed=processed,
                actors=tuple(name for _, _, name in ms if name),
                names=tuple(t for t, method, _ in ms if method != "coref" and t[:1].isupper()),
                dyads=tuple(f"{src or '-'}->{tgt or '-'}" for src, tgt, _, _ in es),
                dates=tuple(d for _, _, d, basis in es if d and basis in ("text", "anaphora"))))
        return out

    def story_assignments(self) -> dict[str, tuple[str, str]]:
        """Article id -> (story id, relation) of every article already in a story."""
        if not self.path.exists():
            return {}
        with self.connect() as con:
            if not set(_STORY_TABLES) <= self.tables(con):
                return {}
            return {a: (s, r) for a, s, r in con.execute(
                "SELECT article_id, story_id, relation FROM article_stories").fetchall()}

    def story_index_state(self) -> str:
        """'fresh' (stories never linked), 'ready', or 'unindexed': linked by a version without the story index
        (`link_stories` then builds it once from the placed articles)."""
        if not self.path.exists():
            return "fresh"
        with self.connect() as con:
            found = {name for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if "article_stories" not in found:
            return "fresh"
        return "ready" if set(_STORY_INDEX_TABLES) <= found else "unindexed"

    def unplaced_articles(self) -> list[str]:
        """Ids of the stored articles in no story yet (the anti-join runs in DuckDB: no id list comes back)."""
        with self.connect() as con:
            if not _has_story_tables(con):
                return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
            return [r[0] for r in con.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_stories) ORDER BY id"
            ).fetchall()]

    def story_members(self, *, story_ids: Sequence[str] = (), article_ids: Sequence[str] = ()
                      ) -> dict[str, tuple[str, str]]:
        """Article id -> (story id, relation) of the articles of `story_ids` and of `article_ids` (when placed)."""
        if not self.path.exists():
            return {}
        with self.connect() as con:
            if not _has_story_tables(con):
                return {}
            return {a: (s, r) for a, s, r in con.execute(
                "SELECT article_id, story_id, relation FROM article_stories WHERE story_id IN "
                "(SELECT unnest(?::VARCHAR[])) OR article_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(story_ids), list(article_ids)]).fetchall()}

    def story_doc_freq(self, features: dict[str, set[int]]) -> tuple[int, dict[str, dict[int, int]]]:
        """The number of indexed articles, and the document frequency of each of `features` (block -> ids)."""
        counts: dict[str, dict[int, int]] = {block: {} for block in features}
        with self.connect() as con:
            docs = con.execute("SELECT df FROM story_df WHERE block = '*'").fetchone()
            for block, ids in features.items():
                if ids:
                    counts[block].update(con.execute(
                        "SELECT feature, df FROM story_df WHERE block = ? AND feature IN "
                        "(SELECT unnest(?::INTEGER[]))", [block, sorted(ids)]).fetchall())
        return (docs[0] if docs else 0), counts

    def story_candidates(self, keys: Sequence[int], first_day: int, last_day: int,
                         exclude: Sequence[str] = ()) -> list[tuple[int, int, str]]:
        """(key, day, story id) of the indexed articles dated `first_day`..`last_day` sharing one of `keys`
        (the inverted index), `exclude`d articles left out."""
        with self.connect() as con:
            return con.execute(
                "SELECT DISTINCT key, day, story_id FROM story_keys WHERE key IN (SELECT unnest(?::BIGINT[])) "
                "AND day BETWEEN ? AND ? AND article_id NOT IN (SELECT unnest(?::VARCHAR[]))",
                [list(keys), first_day, last_day, list(exclude)]).fetchall()

    def story_lsh_matches(self, buckets: Sequence[int], exclude: Sequence[str] = ()) -> list[str]:
        """Ids of the indexed articles sharing an LSH bucket with `buckets` (the reprint index)."""
        with self.connect() as con:
            return [r[0] for r in con.execute(
                "SELECT DISTINCT article_id FROM story_lsh WHERE bucket IN (SELECT unnest(?::BIGINT[])) "
                "AND article_id NOT IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id",
                [list(buckets), list(exclude)]).fetchall()]

    def story_signatures(self, *, article_ids: Sequence[str] = (), story_ids: Sequence[str] = (),
                         exclude: Sequence[str] = (), latest: int | None = None) -> list[tuple[Signature, str | None]]:
        """Stored signatures of `article_ids` and of the articles of `story_ids` (only the `latest` of each story
        when given: by publication date, undated last, then id), `exclude`d ones left out, each with its story id
        (None: not in a story)."""
        from .stories.signatures import Signature, Terms, decode_minhash

        blocks = ", ".join(f"s.{column}" for _, column in _BLOCK_COLUMNS)
        params: list[Any] = [list(article_ids), list(story_ids), list(exclude)]
        qualify = ""
        if latest is not None:
            qualify = (" QUALIFY s.article_id IN (SELECT unnest(?::VARCHAR[])) OR j.story_id IS NULL OR j.story_id "
                       "NOT IN (SELECT unnest(?::VARCHAR[])) OR row_number() OVER (PARTITION BY j.story_id "
                       "ORDER BY s.published DESC NULLS FIRST, s.article_id DESC) <= ?")
            params += [list(article_ids), list(story_ids), latest]
        sql = (f"SELECT s.article_id, s.published, s.day, s.minhash, j.story_id, {blocks} FROM story_signatures s "
               "LEFT JOIN article_stories j ON j.article_id = s.article_id WHERE (s.article_id IN "
               "(SELECT unnest(?::VARCHAR[])) OR j.story_id IN (SELECT unnest(?::VARCHAR[]))) AND s.article_id NOT IN "
               f"(SELECT unnest(?::VARCHAR[])){qualify} ORDER BY s.published NULLS LAST, s.article_id")
        out = []
        with self.connect() as con:
            for article_id, published, day, minhash, story_id, *terms in con.execute(sql, params).fetchall():
                out.append((Signature(article_id, day, (published or date.max, article_id),
                                      {block: Terms.decode(blob) for (block, _), blob in zip(_BLOCK_COLUMNS, terms)
                                       if blob is not None}, decode_minhash(minhash)), story_id))
        return out

    def story_headers(self, article_ids: Sequence[str]) -> list[StoryInput]:
        """What a story row needs of its articles (publication date, source, title, the text's first line)."""
        from .stories.model import StoryInput

        with self.connect() as con:
            return [StoryInput(article_id=a, text=t or "", published=p, source=s, title=ti) for a, t, p, s, ti in
                    con.execute("SELECT id, split_part(coalesce(text, ''), chr(10), 1)[:200], published, source, "
                                "title FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [list(article_ids)]).fetchall()]

    def reported_events(self, article_ids: Sequence[str]) -> list[ReportedEvent]:
        """Every event of `article_ids` as reported, with its article's source and publication date."""
        from .stories.model import ReportedEvent

        sql = ("SELECT e.record, a.source, a.published FROM events e JOIN articles a ON a.id = e.article_id "
               "WHERE e.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY e.article_id, e.sentence_index, e.id")
        out = []
        with self.connect() as con:
            for record, outlet, published in con.execute(sql, [list(article_ids)]).fetchall():
                e = json.loads(record)
                src, tgt, loc = e.get("source") or {}, e.get("target") or {}, e.get("location") or None
                out.append(ReportedEvent(
                    event_id=e["id"], article_id=e["article_id"], event_type=e["event_type"],
                    source_code=src.get("code"), target_code=tgt.get("code"), date=e.get("date"),
                    date_precision=e.get("date_precision"), date_basis=e.get("date_basis"), mode=e.get("mode"),
                    source_name=src.get("name"), source_kind=src.get("kind"), target_name=tgt.get("name"),
                    target_kind=tgt.get("kind"), negated=bool(e.get("negated")),
                    hypothetical=bool(e.get("hypothetical")), modality=e.get("modality"),
                    date_earliest=e.get("date_earliest"), date_latest=e.get("date_latest"),
                    location=f"{loc.get('country') or '-'}|{loc.get('name')}" if loc else None,
                    outlet=outlet, published=published, sentence=e.get("sentence") or "",
                    trigger=e.get("trigger") or ""))
        return out

    def reported_quotes(self, article_ids: Sequence[str]) -> list[ReportedQuote]:
        """Every quote of `article_ids`."""
        from .stories.model import ReportedQuote

        sql = ("SELECT record FROM quotes WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
               "ORDER BY article_id, start, id")
        out = []
        with self.connect() as con:
            for (record,) in con.execute(sql, [list(article_ids)]).fetchall():
                q = json.loads(record)
                speaker = q.get("speaker") or {}
                out.append(ReportedQuote(
                    quote_id=q["id"], article_id=q["article_id"], text=q["text"], speaker_name=speaker.get("name"),
                    speaker_code=speaker.get("code"), speaker_text=speaker.get("text")))
        return out

    def write_story_links(self, assignments: Sequence[StoryAssignment], stories: Sequence[Story],
                          incidents: Sequence[Incident], quote_links: Sequence[QuoteLink],
                          touched: Sequence[str], index: StoryIndexRows | None = None) -> None:
        """In ONE transaction: replace the story rows of `assignments`' articles, and everything of the
        `touched` stories (their stories row, incidents, incident events and quote links) by the given rows;
        and update the story index by `index` (the signatures, LSH buckets and keys of its articles replaced,
        the document frequencies it carries set)."""
        with self._transaction() as con:
            for table, columns in _STORY_SCHEMA.items():
                cols = ", ".join(f'"{name}" {kind}' for name, kind in columns)
                con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
            if index is not None:
                _write_story_index(con, index)
            if assignments:
                con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                            [[a.article_id for a in assignments]])
                _insert(con, "article_stories", [
                    (a.article_id, a.story_id, a.duplicate_of, a.relation, a.similarity, _json(list(a.signals)))
                    for a in assignments])
            ids = list(touched)
            for table in ("stories", "incidents", "quote_links"):
                con.execute(f"DELETE FROM {table} WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            con.execute("DELETE FROM incident_events WHERE incident_id NOT IN (SELECT incident_id FROM incidents)")
            _insert(con, "stories", [(s.story_id, s.label, s.first_published, s.last_published, s.article_count,
                                      s.source_count) for s in stories])
            _insert(con, "incidents", [
                (i.incident_id, i.story_id, i.event_type, i.mode, i.source_code, i.source_name, i.target_code,
                 i.target_name, i.date, _date_start(i.date), i.date_precision, i.article_count, i.source_count,
                 i.first_article_id, i.first_published, _json([_record(c) for c in i.contradictions]),
                 _json(_record(i))) for i in incidents])
            _insert(con, "incident_events", [(i.incident_id, m.event_id, m.article_id)
                                             for i in incidents for m in i.members])
            _insert(con, "quote_links", [(link.link_id, v.quote_id, link.story_id, v.article_id, v.speaker_name,
                                          v.speaker_code, v.text, v.similarity)
                                         for link in quote_links for v in link.versions])

    def stories(self, *, actor: str | None = None, since: str | date | None = None,
                until: str | date | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories, most articles first, each with its articles (id, relation, duplicate_of) and incident count.
        actor: stories with an article mentioning it; since/until: on the story's last/first publication date."""
        where: list[str] = []
        params: list[Any] = []
        if actor:
            clause, params = _actor_match("x.code", "x.name", actor)
            where.append("s.story_id IN (SELECT j.story_id FROM article_stories j JOIN mentions m ON "
                         f"m.article_id = j.article_id JOIN actors x ON x.key = m.actor_key WHERE {clause})")
        _date_range(where, params, "s.last_published" if since else "s.first_published", since, None)
        _date_range(where, params, "s.first_published", None, until)
        sql = ("SELECT s.story_id, s.label, s.first_published, s.last_published, s.article_count, s.source_count, "
               "(SELECT count(*) FROM incidents i WHERE i.story_id = s.story_id) AS incidents, "
               "(SELECT list({'article_id': j.article_id, 'relation': j.relation, 'duplicate_of': j.duplicate_of, "
               "'similarity': j.similarity} ORDER BY j.article_id) FROM article_stories j "
               "WHERE j.story_id = s.story_id) AS articles FROM stories s" + _where(where)
               + " ORDER BY s.article_count DESC, s.first_published NULLS LAST, s.story_id" + _limit(params, limit))
        with self.connect() as con:
            if not set(_STORY_TABLES) <= self.tables(con):
                return []
            cursor = con.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [{k: _plain(v) for k, v in zip(names, row)} for row in cursor.fetchall()]

    def incidents(self, *, min_sources: int | None = None, story: str | None = None, actor: str | None = None,
                  dyad: str | None = None, event_type: str | None = None, since: str | date | None = None,
                  until: str | date | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Incident records (as `to_dict(Incident)`: members and contradictions included), by date.
        min_sources: reported by at least this many distinct sources; other filters as in `events`."""
        where: list[str] = []
        params: list[Any] = []
        if min_sources is not None:
            where.append("source_count >= ?")
            params.append(int(min_sources))
        if story:
            where.append("story_id = ?")
            params.append(story)
        _dyad_filters(where, params, actor=actor, dyad=dyad, event_type=event_type, since=since, until=until)
        sql = ("SELECT record FROM incidents" + _where(where)
               + " ORDER BY date_start NULLS LAST, first_published NULLS LAST, incident_id" + _limit(params, limit))
        with self.connect() as con:
            if not set(_STORY_TABLES) <= self.tables(con):
                return []
            return [json.loads(r) for (r,) in con.execute(sql, params).fetchall()]

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with self.connect() as con:
            cursor = con.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [{k: _plain(v) for k, v in zip(names, row)} for row in cursor.fetchall()]


# ---- row building ----
class _Rows:
    """The rows of one batch, per table, as tuples in `_SCHEMA` column order."""

    def __init__(self) -> None:
        self.articles: list[tuple] = []
        self.mentions: list[tuple] = []
        self.events: list[tuple] = []
        self.quotes: list[tuple] = []
        self.actors: dict[str, tuple] = {}

    @classmethod
    def of(cls, results: Sequence[ArticleResult], run_id: str, now: datetime) -> _Rows:
        rows = cls()
        for result in results:
            a = result.article
            rows.articles.append((
                a.id, a.content_hash, a.path, a.url, a.title, a.source, a.published, a.language, a.text,
                a.raw_text, _json([_record(r) for r in a.removals]), now, run_id,
            ))
            for m in result.mentions:
                key = m.actor.key if m.actor else None
                if m.actor:
                    rows._actor(m.actor)
                rows.mentions.append((a.id, m.sentence_index, m.start, m.end, m.text, key, m.method))
            for e in result.events:
                source_key = rows._ref(e.source)
                target_key = rows._ref(e.target)
                target = e.target
                rows.events.append((
                    e.id, a.id, e.sentence_index,  # a.id, not e.article_id: deletes must find every row
                    e.event_type, e.mode, e.cameo, e.quad_class, e.goldstein,
                    source_key, e.source.code, e.source.name, target_key, target.code if target else None,
                    target.name if target else None, e.date, _date_start(e.date),
                    e.date_precision, e.date_basis, e.negated, e.hypothetical, e.confidence, _json(_record(e)),
                    e.date_earliest, e.date_latest,
                    _json(_record(e.mentions)),
                ))
            for q in result.quotes:
                speaker = q.speaker
                rows.quotes.append((
                    q.id, a.id, speaker.name if speaker else None, speaker.code if speaker else None,
                    q.cue, q.span[0], q.span[1], q.text, _json(_record(q)),
                ))
        return rows

    def _actor(self, actor: Actor) -> str:
        if actor.key not in self.actors:
            self.actors[actor.key] = (actor.key, actor.name, actor.code, actor.sector, actor.kind, actor.role)
        return actor.key

    def _ref(self, ref: ActorRef | None) -> str | None:
        if ref is None or ref.name is None or ref.kind is None:
            return None
        # the same key formula as the mentions' actors, so event counts join with them
        return self._actor(Actor(name=ref.name, code=ref.code, sector=ref.sector, kind=ref.kind,  # type: ignore[arg-type]
                                 role=ref.role))


def _record(value: Any) -> Any:
    """Same result as `model.to_dict`, ~5x faster: dataclasses.asdict deep-copies every leaf value."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _record(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_record(v) for v in value]
    if isinstance(value, dict):
        return {k: _record(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple]) -> None:
    """Insert rows passing one list parameter per column: ~100x faster than executemany in DuckDB."""
    if not rows:
        return
    columns = _SCHEMA.get(table) or _STORY_SCHEMA[table]
    names = ", ".join(f'"{name}"' for name, _ in columns)
    values = ", ".join(
        "unnest(?::VARCHAR[])::JSON" if kind == "JSON" else f"unnest(?::{kind}[])" for _, kind in columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {values}", [list(col) for col in zip(*rows)])


def _write_story_index(con: duckdb.DuckDBPyConnection, index: StoryIndexRows) -> None:
    ids = [sig.article_id for sig in index.signatures] + list(index.removed)
    for table in ("story_signatures", "story_lsh", "story_keys"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    _insert(con, "story_signatures", [
        (sig.article_id, None if sig.order[0] == date.max else sig.order[0], sig.day,
         *((sig.blocks[block].encode() if block in sig.blocks else None) for block, _ in _BLOCK_COLUMNS),
         sig.minhash.astype("<u4").tobytes() if sig.minhash is not None else None)
        for sig in index.signatures])
    _insert(con, "story_lsh", [(band, bucket, a) for a, band, bucket in index.buckets])
    _insert(con, "story_keys", [(key, day, story, a) for a, key, day, story in index.keys])
    for block, counts in index.doc_freq.items():
        con.execute("DELETE FROM story_df WHERE block = ? AND feature IN (SELECT unnest(?::INTEGER[]))",
                    [block, list(counts)])
        _insert(con, "story_df", [(block, f, n) for f, n in counts.items() if n > 0])
    con.execute("DELETE FROM story_df WHERE block = '*'")
    _insert(con, "story_df", [("*", 0, index.docs)])


# ---- query helpers ----
def _dyad_filters(where: list[str], params: list[Any], *, actor: str | None, dyad: str | None,
                  event_type: str | None, since: str | date | None, until: str | date | None) -> None:
    """The filters events and incidents share: an actor on either side, a dyad, a type, a date range."""
    if actor:
        src, src_params = _actor_match("source_code", "source_name", actor)
        tgt, tgt_params = _actor_match("target_code", "target_name", actor)
        where.append(f"({src} OR {tgt})")
        params += src_params + tgt_params
    if dyad:
        a, b = _parse_dyad(dyad)
        src, src_params = _actor_match("source_code", "source_name", a)
        tgt, tgt_params = _actor_match("target_code", "target_name", b)
        where += [src, tgt]
        params += src_params + tgt_params
    if event_type:
        where.append("upper(event_type) = upper(?)")
        params.append(event_type)
    _date_range(where, params, "date_start", since, until)


def _actor_match(code_col: str, name_col: str, value: str) -> tuple[str, list[Any]]:
    """SQL matching an actor by code, full name or one word of its name (all case-insensitive)."""
    clause = (f"(upper({code_col}) = upper(?) OR lower({name_col}) = lower(?) "
              f"OR list_contains(string_split(lower({name_col}), ' '), lower(?)))")
    return clause, [value, value, value]


def _parse_dyad(dyad: str) -> tuple[str, str]:
    parts = [p.strip() for p in dyad.split(":")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"dyad must look like SOURCE:TARGET (e.g. USA:CHN), not {dyad!r}")
    return parts[0], parts[1]


def _period(value: str | date) -> tuple[date, date]:
    """First and last day of an ISO date, month ("2022-03") or year ("2022")."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value, value
    # hand-written: dateutil fills a missing month/day with today's, and we need the period's both ends
    match = _PERIOD.fullmatch(value.strip())
    if not match:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            d = date(year, month, day)  # type: ignore[arg-type]
            return d, d
        if month is not None:
            start = date(year, month, 1)  # type: ignore[arg-type]
            end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
            return start, date.fromordinal(end)
        return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ValueError(f"not a valid date: {value!r} ({exc})") from exc


def _date_start(value: str | None) -> date | None:
    """First day of an event's date; None when it has none or it is malformed (the row is kept, undated)."""
    try:
        return _period(value)[0] if value else None
    except ValueError:
        return None


def _date_range(where: list[str], params: list[Any], column: str, since: str | date | None,
                until: str | date | None) -> None:
    if since:
        where.append(f"{column} >= ?")
        params.append(_period(since)[0])
    if until:
        where.append(f"{column} <= ?")
        params.append(_period(until)[1])


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _limit(params: list[Any], limit: int | None) -> str:
    if limit is None:
        return ""
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    params.append(int(limit))
    return " LIMIT ?"


def _rebuild_search_index(con: duckdb.DuckDBPyConnection) -> None:
    for table in SEARCH_SCHEMA:  # constants
        con.execute(f"DELETE FROM {table}")
    for sql in index_statements(article_filter=False):
        con.execute(sql)
    _set_meta(con, "search_sorted_rows", con.execute("SELECT count(*) FROM search_terms").fetchone()[0])


def _compact_search_terms(con: duckdb.DuckDBPyConnection) -> None:
    """Re-sort search_terms by term once the rows appended unsorted since the last sort are over a fifth of
    it (and 200,000): lookups then skip row groups again. Amortised, like an LSM tree's merges. A crash in
    between leaves search_terms missing, and the next write rebuilds the index."""
    total = con.execute("SELECT count(*) FROM search_terms").fetchone()[0]
    row = con.execute(f"SELECT value FROM {_META} WHERE key = 'search_sorted_rows'").fetchone()
    appended = total - (int(row[0]) if row else 0)
    if appended <= max(_COMPACT_MIN, total // 5):
        return
    for sql in compact_statements():
        con.execute(sql)
    _set_meta(con, "search_sorted_rows", total)


def _set_meta(con: duckdb.DuckDBPyConnection, key: str, value: object) -> None:
    con.execute(f"DELETE FROM {_META} WHERE key = ?", [key])
    con.execute(f"INSERT INTO {_META} VALUES (?, ?)", [key, str(value)])


def _has_story_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return set(_STORY_TABLES) <= _table_names(con)


def _table_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    return frozenset(name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall())


def _line(exc: BaseException) -> str:
    """An error message on one line (the CLI prints one line; DuckDB's messages may have several)."""
    return " ".join(str(exc).split())


def _plain(value: Any) -> Any:
    """JSON-ready value: dates and timestamps as ISO strings."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
