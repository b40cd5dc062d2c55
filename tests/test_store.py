"""The DuckDB store, on hand-built records (no spaCy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest

from thucydides import store as store_module
from thucydides.model import (
    Actor, ActorMention, ActorRef, Article, ArticleResult, Event, Place, Quote, Removal, RunSummary, Skipped, Speaker,
    to_dict,
)
from thucydides.store import Store, StoreError

USA = Actor("United States", "USA", None, "country")
CHN = Actor("China", "CHN", None, "country")
HART = Actor("Lena Hart", "FRA", "GOV", "person", "Foreign Minister")  # invented person


def make_event(article_id: str, n: int, event_type: str, source: Actor, target: Actor | None,
               when: str | None, precision: str | None = "day") -> Event:
    return Event(
        id=f"{article_id}:e{n}", article_id=article_id, sentence=f"Sentence {n} of {article_id}.", sentence_index=n,
        span=(n * 10, n * 10 + 9), event_type=event_type, mode=None, cameo="040", quad_class=1, goldstein=1.0,
        source=ActorRef.of(source.name, source), target=ActorRef.of(target.name, target) if target else None,
        date=when, date_precision=precision if when else None, date_basis="text" if when else None, date_text=None,
        location=Place("Geneva", "CHE", 46.2, 6.14) if n == 0 else None, negated=False, hypothetical=False, trigger="met", rule="verb:meet", confidence=0.8,
    )


def make_result(article_id: str = "a1", raw: str = "Raw text one.", published: date = date(2023, 5, 2),
                events: list[Event] | None = None) -> ArticleResult:
    article = Article(id=article_id, raw_text=raw, published=published, source="Test Wire", title=f"Title {article_id}",
                      path=f"/in/{article_id}.txt", language="en", text=raw.strip(),
                      removals=[Removal(0, 3, "share-line", "Raw")])
    if events is None:
        events = [
            make_event(article_id, 0, "CONSULT", USA, CHN, "2023-05-01"),
            make_event(article_id, 1, "ACCUSE", CHN, USA, "2023-04", "month"),
            make_event(article_id, 2, "AID", HART, CHN, None),
        ]
    mentions = [
        ActorMention("United States", 0, 13, 0, USA, "country"),
        ActorMention("China", 18, 23, 0, CHN, "country"),
        ActorMention("Hart", 30, 34, 2, HART, "registry"),
        ActorMention("the envoy", 40, 49, 2, None, "unresolved"),
    ]
    quotes = [Quote(id=f"{article_id}:q0", article_id=article_id, text="We will keep talking",
                    speaker=Speaker("Hart", "Lena Hart", "FRA", "GOV"), cue="said", span=(50, 70), sentence_index=3)]
    return ArticleResult(article=article, mentions=mentions, events=events, quotes=quotes)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "quotes", "mentions", "actors")}
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    Store(path).write_results([make_result("a1"), make_result("a2", raw="Raw text two.", published=date(2023, 6, 10),
                                                              events=[make_event("a2", 0, "THREATEN", CHN, HART, "2023-06-09")])],
                              run_id="r1")
    return path


def test_tables_created(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    Store(path).start_run("r0")
    con = duckdb.connect(str(path), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    event_columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
    published_type = con.execute("SELECT data_type FROM information_schema.columns "
                                 "WHERE table_name = 'articles' AND column_name = 'published'").fetchone()[0]
    con.close()
    assert tables == {"articles", "actors", "mentions", "events", "quotes", "runs", "skipped",
                      "thucydides_meta", "search_vocab", "search_terms", "event_actor_names"}  # marker, indexes
    assert {"source_code", "target_name", "date_start", "negated", "record"} <= event_columns
    assert published_type == "DATE"


def test_rows_and_records(db: Path) -> None:
    assert counts(db) == {"articles": 2, "events": 4, "quotes": 2, "mentions": 8, "actors": 3}
    con = duckdb.connect(str(db), read_only=True)
    published, removals = con.execute("SELECT published, removals FROM articles WHERE id = 'a1'").fetchone()
    con.close()
    assert published == date(2023, 5, 2)
    assert '"share-line"' in removals
    record = Store(db, read_only=True).events(event_type="consult")[0]
    # the full event, as the JSON contract says, plus its story and incident (none: not linked yet)
    assert record == {**to_dict(make_result("a1").events[0]), "story_id": None, "incident_id": None}
    assert record["source"]["code"] == "USA" and record["location"]["name"] == "Geneva"
    assert Store(db, read_only=True).quotes()[0] == to_dict(make_result("a1").quotes[0])


def test_rewrite_is_idempotent(db: Path) -> None:
    before = counts(db)
    store = Store(db)
    store.write_results([make_result("a1")], run_id="r2")
    store.write_results([make_result("a1"), make_result("a1")], run_id="r3")  # same id twice in one batch
    assert counts(db) == before


def test_changed_article_replaces_its_rows(db: Path) -> None:
    store = Store(db)
    old_hash = store.known_articles()["a1"]
    changed = make_result("a1", raw="Raw text one, corrected.", events=[make_event("a1", 0, "YIELD", USA, None, None)])
    store.write_results([changed], run_id="r2")
    known = store.known_articles()
    assert known["a1"] == changed.article.content_hash != old_hash
    assert [e["event_type"] for e in store.events() if e["article_id"] == "a1"] == ["YIELD"]
    assert counts(db)["events"] == 2  # a1's three old events gone, a2's one kept


def test_failed_batch_rolls_back(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_insert = store_module._insert

    def failing_insert(con, table, rows):  # fail after the deletes and some inserts have run
        if table == "quotes":
            raise RuntimeError("disk full")
        real_insert(con, table, rows)

    monkeypatch.setattr(store_module, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        Store(db).write_results([make_result("a1", raw="New text.", events=[])], run_id="r2")
    assert counts(db)["events"] == 4
    assert Store(db).known_articles()["a1"] == make_result("a1").article.content_hash


def test_event_filters(db: Path) -> None:
    store = Store(db, read_only=True)
    ids = lambda rows: [r["id"] for r in rows]  # noqa: E731
    assert ids(store.events()) == ["a1:e1", "a1:e0", "a2:e0", "a1:e2"]  # by date, undated last
    assert ids(store.events(actor="usa")) == ["a1:e1", "a1:e0"]
    assert ids(store.events(actor="Hart")) == ["a2:e0", "a1:e2"]  # one word of a name
    assert ids(store.events(actor="Lena Hart")) == ["a2:e0", "a1:e2"]
    assert store.events(actor="Len") == []  # no partial words
    assert ids(store.events(dyad="USA:CHN")) == ["a1:e0"]
    assert ids(store.events(dyad="chn:united states")) == ["a1:e1"]
    assert ids(store.events(event_type="threaten")) == ["a2:e0"]
    assert ids(store.events(since="2023-05-01")) == ["a1:e0", "a2:e0"]  # month-dated a1:e1 starts 2023-04-01
    assert ids(store.events(until="2023-04-30")) == ["a1:e1"]
    assert ids(store.events(until="2023-05")) == ["a1:e1", "a1:e0"]  # a month as `until` includes all of it
    assert ids(store.events(since="2023", until=date(2023, 5, 31))) == ["a1:e1", "a1:e0"]
    assert ids(store.events(limit=2)) == ["a1:e1", "a1:e0"]
    with pytest.raises(ValueError, match="SOURCE:TARGET"):
        store.events(dyad="USA")
    with pytest.raises(ValueError, match="ISO date"):
        store.events(since="yesterday")


def test_filter_values_are_parameters(db: Path) -> None:
    store = Store(db, read_only=True)
    assert store.events(actor="x' OR 1=1 --") == []
    assert store.events(event_type="CONSULT' OR 'a'='a") == []
    assert counts(db)["events"] == 4


def test_quotes_actors_articles(db: Path) -> None:
    store = Store(db, read_only=True)
    quotes = store.quotes(actor="FRA")
    assert [q["id"] for q in quotes] == ["a1:q0", "a2:q0"]
    assert quotes[0]["speaker"]["name"] == "Lena Hart" and quotes[0]["span"] == [50, 70]
    assert [q["id"] for q in store.quotes(since="2023-06")] == ["a2:q0"]  # by the article's date
    assert store.quotes(actor="CHN") == []

    actors = {a["code"]: a for a in store.actors()}
    assert actors["CHN"]["mentions"] == 2 and actors["CHN"]["events"] == 4
    assert actors["FRA"]["kind"] == "person" and actors["FRA"]["role"] == "Foreign Minister"
    assert [a["code"] for a in store.actors(actor="china")] == ["CHN"]
    assert len(store.actors(limit=1)) == 1

    articles = store.articles()
    assert [(a["id"], a["published"], a["events"], a["quotes"]) for a in articles] == [
        ("a1", "2023-05-02", 3, 1), ("a2", "2023-06-10", 1, 1)]
    assert "text" not in articles[0]
    assert [a["id"] for a in store.articles(since="2023-06-01")] == ["a2"]
    assert [a["id"] for a in store.articles(actor="USA")] == ["a1", "a2"]
    assert store.articles(actor="Atlantis") == []
    full = store.articles(limit=1, with_text=True)[0]
    assert full["raw_text"] == "Raw text one." and full["removals"][0]["reason"] == "share-line"


def test_actor_counts_follow_replacement(db: Path) -> None:
    store = Store(db)
    store.write_results([make_result("a1", events=[])], run_id="r2")
    store.write_results([ArticleResult(article=make_result("a2").article)], run_id="r2")  # no mentions any more
    by_code = {a["code"]: a for a in store.actors()}
    assert by_code["USA"]["events"] == 0 and by_code["USA"]["mentions"] == 1
    assert store.actors(actor="Atlantis") == []


def test_runs_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "runs.duckdb"
    store = Store(path)
    assert store.known_articles() == {}
    assert not path.exists()  # asking what is known does not create the file
    store.start_run("r1")
    store.write_skipped("r1", [Skipped("in/empty.txt", "empty"), Skipped("in/x.bin", "binary")])
    store.finish_run("r1", RunSummary(articles_read=3, skipped=[Skipped("in/empty.txt", "empty")],
                                      top_dyads=[("USA->CHN", 2)]))
    con = duckdb.connect(str(path), read_only=True)
    skipped = con.execute("SELECT input, reason FROM skipped ORDER BY input").fetchall()
    finished, summary = con.execute("SELECT finished_at, summary->>'$.articles_read' FROM runs").fetchone()
    con.close()
    assert skipped == [("in/empty.txt", "empty"), ("in/x.bin", "binary")]
    assert finished is not None and summary == "3"


def test_read_only_store(db: Path) -> None:
    store = Store(db, read_only=True)
    assert len(store.events()) == 4
    with pytest.raises(StoreError, match="read-only"):
        store.write_results([make_result("a3")], run_id="r2")


def test_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError, match=r"no database at .*none\.duckdb: run `thucydides run` first"):
        Store(missing, read_only=True).events()
    assert not missing.exists()


def test_not_a_thucydides_database(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a Thucydides database"):
        Store(path, read_only=True).events()


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the write lock on `path` for `seconds`; returns once it holds it."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("locked", flush=True)
        time.sleep({seconds})
        con.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_locked_file_is_read_from_its_snapshot(db: Path) -> None:
    # a writer holds the file: readers read the snapshot its last write published, without waiting
    proc = _hold_lock(db, 5)
    try:
        assert len(Store(db, read_only=True, retries=0).events()) == 4
    finally:
        proc.kill()
        proc.wait()


def test_locked_file_without_snapshot_fails_clearly(db: Path) -> None:
    shutil.rmtree(db.with_name(db.name + ".snapshots"))  # as a database written by an older version
    proc = _hold_lock(db, 5)
    try:
        with pytest.raises(StoreError, match=r"t\.duckdb is in use by another process"):
            Store(db, read_only=True, retries=2, backoff=0.01).events()
    finally:
        proc.kill()
        proc.wait()


def test_locked_file_is_retried(db: Path) -> None:
    shutil.rmtree(db.with_name(db.name + ".snapshots"))
    proc = _hold_lock(db, 0.3)
    try:
        assert len(Store(db, read_only=True, retries=8, backoff=0.05).events()) == 4
    finally:
        proc.wait()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3])  # the tables' blocks are gone, the header is not


def _not_duckdb(path: Path) -> None:
    path.write_text("id,name\n1,a spreadsheet saved under the wrong name\n")


@pytest.mark.parametrize("damage, message", [
    (_truncate, "damaged or truncated"),  # cut short (a full disk, a copy interrupted)
    (_not_duckdb, "not a valid DuckDB database file"),  # some other file under a .duckdb name
])
def test_damaged_file_is_a_clean_error(db: Path, damage, message: str) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from thucydides.cli import app
    from thucydides.web.app import create_app

    damage(db)
    with pytest.raises(StoreError, match=rf"t\.duckdb.*{message}"):
        Store(db, read_only=True).events()
    with pytest.raises(StoreError, match=message):
        Store(db).write_results([make_result("a3")], run_id="r2")
    result = CliRunner().invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    response = TestClient(create_app(db), base_url="http://localhost").get("/api/events")
    assert response.status_code == 503 and message in response.json()["detail"]


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "crm.duckdb"  # another program's database
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)")
        con.execute("INSERT INTO customers VALUES (1, 'Ada')")
    return path


def test_foreign_database_is_never_written(foreign: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app
    from thucydides.pipeline import Pipeline

    with pytest.raises(StoreError, match=r"crm\.duckdb is not a Thucydides database .*customers.*not writing"):
        Store(foreign).write_results([make_result("a1")], run_id="r1")
    # `thucydides run` stops at its first write, with one line (no spaCy needed to get there)
    monkeypatch.setattr(Pipeline, "default", classmethod(lambda cls: cls.__new__(cls)))
    (foreign.parent / "in.txt").write_text("An invented article.")
    result = CliRunner().invoke(app, ["run", str(foreign.parent / "in.txt"), "--db", str(foreign)])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        line for line in result.output.splitlines() if line.strip()]
    assert "not a Thucydides database" in result.output
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("customers",)]
    with pytest.raises(StoreError, match="not a Thucydides database"):
        Store(foreign, read_only=True).events()


def test_an_empty_database_file_is_ours_to_fill(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()  # created, no tables yet
    Store(path).write_results([make_result("a1")], run_id="r1")
    assert len(Store(path, read_only=True).events()) == 3


def test_a_database_from_before_the_marker_is_still_ours(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE thucydides_meta")
    Store(db).write_results([make_result("a3")], run_id="r2")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT value FROM thucydides_meta WHERE key = 'format'").fetchone() == ("thucydides",)
    assert len(Store(db, read_only=True).events()) == 7


def test_database_in_a_read_only_folder_is_read_directly(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thucydides.snapshots import Snapshots

    def cannot_write(self: Snapshots) -> None:  # as mkdir/open in a folder without write permission
        raise PermissionError(13, "Permission denied", str(self.dir))

    shutil.rmtree(db.with_name(db.name + ".snapshots"))
    monkeypatch.setattr(Snapshots, "try_hold_as_refresher", cannot_write)
    assert len(Store(db, read_only=True).events()) == 4
    assert not db.with_name(db.name + ".snapshots").exists()
