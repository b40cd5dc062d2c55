"""A writer process (as `thucydides run`) and many readers (as `serve`) on one database at the same time.

DuckDB lets no other process open a file while one writes; readers read published snapshots instead
(thucydides.snapshots). Here the writer must finish, no reader may fail, and no reader may ever see an article
without all of its events."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from thucydides.store import Store
from thucydides.web import queries as Q

EVENTS_PER_ARTICLE = 4
BATCHES = 30

# A writer as `Pipeline.run` writes: start_run, batches of 16 articles in one transaction each, finish_run.
WRITER = textwrap.dedent("""
    import sys
    from datetime import date
    from thucydides.model import Actor, ActorRef, Article, ArticleResult, Event, RunSummary
    from thucydides.store import Store

    db, batches, per_article = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    north = Actor("Northland", "NRL", None, "country")  # invented
    south = Actor("Southland", "STL", None, "country")

    def result(n):
        aid = f"art{n:05d}"
        events = [Event(id=f"{aid}:e{i}", article_id=aid, sentence=f"Northland met Southland about item {n}.",
                        sentence_index=i, span=(0, 10), event_type="CONSULT", mode=None, cameo="040",
                        quad_class=1, goldstein=1.0, source=ActorRef.of("Northland", north),
                        target=ActorRef.of("Southland", south), date="2024-01-02", date_precision="day",
                        date_basis="text", date_text=None, location=None, negated=False, hypothetical=False,
                        trigger="met", rule="test", confidence=0.9) for i in range(per_article)]
        return ArticleResult(article=Article(id=aid, raw_text="x", published=date(2024, 1, 3), text="x"),
                             mentions=[], events=events, quotes=[])

    store = Store(db)
    store.start_run("w")
    for b in range(batches):
        store.write_results([result(b * 16 + k) for k in range(16)], "w")
    store.finish_run("w", RunSummary(articles_processed=batches * 16))
    print("done", flush=True)
""")

CONSISTENCY = ("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
               "(SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM events e WHERE e.article_id = a.id) <> ?)")


def _start_writer(db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(BATCHES), str(EVENTS_PER_ARTICLE)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.duckdb"
    Store(path).start_run("setup")  # the file exists before the readers start, as for `serve`
    return path


def test_readers_in_threads_while_a_process_writes(db: Path) -> None:
    store = Store(db, read_only=True)  # one Store shared by the threads, as `serve` shares one
    errors: list[BaseException] = []
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with store.connect() as con:
                    articles, events, partial = con.execute(CONSISTENCY, [EVENTS_PER_ARTICLE]).fetchone()
                assert partial == 0, f"{partial} articles seen without all their events"
                assert events == articles * EVENTS_PER_ARTICLE
                page = Q.search_events(store, Q.EventFilter(q="southland", dyad="NRL:STL"), page_size=5)
                assert page.total % EVENTS_PER_ARTICLE == 0  # whole articles, in the search's snapshot too
                seen.append((articles, events))
            except BaseException as exc:  # noqa: BLE001 - every failure of a reader is the finding
                errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for t in readers:
        t.start()
    writer = _start_writer(db)
    try:
        out, err = writer.communicate(timeout=300)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert writer.returncode == 0, err
    assert errors == [], errors[:3]
    assert len({a for a, _ in seen}) > 2  # the readers saw the store grow, not one snapshot all along
    final = Store(db, read_only=True)
    with final.connect() as con:
        assert con.execute(CONSISTENCY, [EVENTS_PER_ARTICLE]).fetchone() == (
            BATCHES * 16, BATCHES * 16 * EVENTS_PER_ARTICLE, 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_under_load_while_run_writes(db: Path) -> None:
    """The defect: `run` died ("in use by another process") while `serve` answered many clients."""
    import httpx

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    server = subprocess.Popen([sys.executable, "-c", "from thucydides.cli import app; app()", "serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # wait for the server (bounded)
            try:
                httpx.get(base + "/api/overview", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        failures: list[str] = []
        counts: list[tuple[int, int]] = []
        stop = threading.Event()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                while not stop.is_set():
                    for url in ("/api/overview", "/api/events?dyad=NRL:STL&page_size=5", "/api/events?q=item"):
                        r = http.get(url)
                        if r.status_code != 200:  # a 503 (store error) or 500 is a failure
                            failures.append(f"{url}: {r.status_code} {r.text[:200]}")
                        elif url != "/api/overview":
                            if r.json()["total"] % EVENTS_PER_ARTICLE:  # whole articles only
                                failures.append(f"{url}: {r.json()['total']} events")
                        else:
                            c = r.json()["counts"]
                            counts.append((c["articles"], c["events"]))

        clients = [threading.Thread(target=client) for _ in range(16)]
        for t in clients:
            t.start()
        writer = _start_writer(db)
        try:
            _, err = writer.communicate(timeout=300)
        finally:
            stop.set()
            for t in clients:
                t.join()
        assert writer.returncode == 0, err
        assert failures == [], failures[:3]
        assert all(events == articles * EVENTS_PER_ARTICLE for articles, events in counts)
        assert httpx.get(base + "/api/overview").json()["counts"]["events"] == BATCHES * 16 * EVENTS_PER_ARTICLE
    finally:
        server.terminate()
        server.wait(timeout=30)
