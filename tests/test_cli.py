"""The `thucydides` command, on a database prepared with Store from hand-built records (no spaCy)."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thucydides import __version__
from thucydides.cli import app
from thucydides.model import (
    Actor, ActorMention, ActorRef, Article, ArticleResult, Event, Quote, RunSummary, Skipped, Speaker,
)
from thucydides.store import Store, StoreError

runner = CliRunner()

ROK = Actor("South Korea", "KOR", None, "country")
JPN = Actor("Japan", "JPN", None, "country")
OKAFOR = Actor("Ada Okafor", "NGA", "GOV", "person", "Trade Minister")  # invented person


def make_event(article_id: str, n: int, event_type: str, source: Actor, target: Actor, when: str) -> Event:
    return Event(
        id=f"{article_id}:e{n}", article_id=article_id, sentence=f"The ministers of {article_id} met, sentence {n}.",
        sentence_index=n, span=(0, 40), event_type=event_type, mode="visit", cameo="042", quad_class=1,
        goldstein=1.9, source=ActorRef.of(source.name, source), target=ActorRef.of(target.name, target), date=when,
        date_precision="day", date_basis="text", date_text="on Tuesday", location=None, negated=False,
        hypothetical=False, trigger="visited", rule="verb:visit", confidence=0.7,
    )


def make_result(article_id: str, published: date, events: list[Event]) -> ArticleResult:
    article = Article(id=article_id, raw_text=f"Text of {article_id}.", published=published, title=f"About {article_id}",
                      source="Invented Daily", text=f"Text of {article_id}.")
    mentions = [ActorMention("Seoul", 0, 5, 0, ROK, "capital"), ActorMention("Okafor", 9, 15, 1, OKAFOR, "registry")]
    quotes = [Quote(id=f"{article_id}:q0", article_id=article_id, text="Trade must flow both ways",
                    speaker=Speaker("Okafor", "Ada Okafor", "NGA", "GOV"), cue="told reporters", span=(20, 45))]
    return ArticleResult(article=article, mentions=mentions, events=events, quotes=quotes)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    Store(path).write_results([
        make_result("n1", date(2024, 2, 6), [make_event("n1", 0, "CONSULT", ROK, JPN, "2024-02-06"),
                                             make_event("n1", 1, "COOPERATE", OKAFOR, ROK, "2024-02-05")]),
        make_result("n2", date(2024, 3, 1), [make_event("n2", 0, "DEMAND", JPN, ROK, "2024-02-28")]),
    ], run_id="r1")
    return path


def invoke(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})  # tables: no folded cells


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"thucydides {__version__}"


@pytest.mark.parametrize("kind, expected", [
    ("events", ["n1:e1", "n1:e0", "n2:e0"]),
    ("quotes", ["n1:q0", "n2:q0"]),
    ("actors", [None, None, None]),  # actors have no id: checked by code below
    ("articles", ["n1", "n2"]),
])
def test_jsonl_each_kind(db: Path, kind: str, expected: list[str | None]) -> None:
    result = invoke(kind, "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in rows] == expected
    store_rows = getattr(Store(db, read_only=True), kind)()
    assert rows == store_rows  # the full records, unchanged


def test_actor_counts(db: Path) -> None:
    rows = [json.loads(line) for line in invoke("actors", "--db", db, "-f", "jsonl").stdout.splitlines()]
    assert [(r["code"], r["mentions"], r["events"]) for r in rows] == [("KOR", 2, 3), ("NGA", 2, 1), ("JPN", 0, 2)]


def test_csv_is_flattened(db: Path) -> None:
    result = invoke("events", "--db", db, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["n1:e1", "n1:e0", "n2:e0"]
    assert rows[0]["source.code"] == "NGA" and rows[0]["source.role"] == "Trade Minister"
    assert rows[1]["target.name"] == "Japan"
    assert json.loads(rows[1]["span"]) == [0, 40]

    quotes = list(csv.DictReader(io.StringIO(invoke("quotes", "--db", db, "-f", "csv").stdout)))
    assert quotes[0]["speaker.name"] == "Ada Okafor" and quotes[0]["cue"] == "told reporters"
    for kind in ("actors", "articles"):
        result = invoke(kind, "--db", db, "-f", "csv")
        assert result.exit_code == 0 and len(list(csv.DictReader(io.StringIO(result.stdout)))) >= 2


def test_tables(db: Path) -> None:
    events = invoke("events", "--db", db)
    assert events.exit_code == 0, events.output
    for text in ("n1:e0", "CONSULT", "KOR South Korea", "JPN Japan", "visited", "2024-02-06", "3 events"):
        assert text in events.stdout
    quotes = invoke("quotes", "--db", db).stdout
    assert "NGA Ada Okafor" in quotes and "Trade must flow both ways" in quotes
    actors = invoke("actors", "--db", db).stdout
    assert "Trade Minister" in actors and "South Korea" in actors
    articles = invoke("articles", "--db", db).stdout
    assert "About n1" in articles and "2024-03-01" in articles
    assert "no events match" in invoke("events", "--db", db, "--type", "FIGHT").stdout


def test_filters(db: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = invoke("events", "--db", db, "-f", "jsonl", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    assert ids("--actor", "JPN") == ["n1:e0", "n2:e0"]
    assert ids("--actor", "Okafor") == ["n1:e1"]
    assert ids("--dyad", "JPN:KOR") == ["n2:e0"]
    assert ids("--type", "consult") == ["n1:e0"]
    assert ids("--since", "2024-02-06") == ["n1:e0", "n2:e0"]
    assert ids("--until", "2024-02") == ["n1:e1", "n1:e0", "n2:e0"]
    assert ids("--since", "2024-02-06", "--until", "2024-02-27") == ["n1:e0"]
    assert ids("--limit", "1") == ["n1:e1"]

    quotes = invoke("quotes", "--db", db, "-f", "jsonl", "--since", "2024-03").stdout.splitlines()
    assert [json.loads(q)["id"] for q in quotes] == ["n2:q0"]
    articles = invoke("articles", "--db", db, "-f", "jsonl", "--until", "2024-02-29").stdout.splitlines()
    assert [json.loads(a)["id"] for a in articles] == ["n1"]
    actors = invoke("actors", "--db", db, "-f", "jsonl", "--actor", "korea").stdout.splitlines()
    assert [json.loads(a)["code"] for a in actors] == ["KOR"]


def test_options_not_offered_where_they_do_not_apply(db: Path) -> None:
    result = invoke("actors", "--db", db, "--dyad", "KOR:JPN")
    assert result.exit_code == 2 and "No such option" in result.output


@pytest.mark.parametrize("args, message", [
    (("events", "--db", "MISSING"), "no database at"),
    (("events", "--db", "DB", "--dyad", "KOR"), "SOURCE:TARGET"),
    (("quotes", "--db", "DB", "--since", "last week"), "not an ISO date"),
])
def test_clean_errors(db: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    args = tuple(str(db) if a == "DB" else str(tmp_path / "missing.duckdb") if a == "MISSING" else a for a in args)
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


# ---- run, with a fake pipeline ----
class FakePipeline:
    def __init__(self, error: Exception | None = None):
        self.error = error
        self.calls: list[dict] = []

    def run(self, paths, *, manifest=None, db=Path("thucydides.duckdb"), progress=None, force=False) -> RunSummary:
        self.calls.append({"paths": paths, "manifest": manifest, "db": db})
        if self.error:
            raise self.error
        if progress:
            progress(0, 3)
            progress(3, 3)
        return RunSummary(
            articles_read=4, articles_processed=2, articles_unchanged=1, events=7, quotes=2, mentions=11,
            skipped=[Skipped("in/empty.txt", "empty file"), Skipped("in/blank.html", "empty file"),
                     Skipped("in/photo.jpg", "binary file")],
            failed=[Skipped("in/odd.txt", "extraction failed: boom")],
            top_dyads=[("KOR->JPN", 4), ("JPN->KOR", 3)], seconds=1.25,
        )


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch):
    def install(fake: FakePipeline) -> FakePipeline:
        try:
            import thucydides.pipeline as pipeline_module
        except ImportError:  # the real pipeline's own imports have not landed yet: stand in for the module
            pipeline_module = types.ModuleType("thucydides.pipeline")
            pipeline_module.Pipeline = type("Pipeline", (), {})
            monkeypatch.setitem(sys.modules, "thucydides.pipeline", pipeline_module)
        monkeypatch.setattr(pipeline_module.Pipeline, "default", classmethod(lambda cls: fake), raising=False)
        return fake

    return install


def test_run_prints_summary(fake_pipeline, tmp_path: Path) -> None:
    fake = fake_pipeline(FakePipeline())
    (tmp_path / "in").mkdir()
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("{}\n")
    result = invoke("run", tmp_path / "in", "--manifest", manifest, "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 0, result.output
    assert fake.calls == [{"paths": [tmp_path / "in"], "manifest": manifest, "db": tmp_path / "x.duckdb"}]
    out = result.stdout
    for text in ("articles read", "unchanged", "empty file (2)", "in/empty.txt", "in/blank.html",
                 "binary file (1)", "in/photo.jpg", "extraction failed: boom", "KOR->JPN", "1.25"):
        assert text in out
    assert out.index("empty file (2)") < out.index("binary file (1)")  # reasons grouped, biggest first


def test_run_missing_path(fake_pipeline, tmp_path: Path) -> None:
    fake = fake_pipeline(FakePipeline())
    result = invoke("run", tmp_path / "nowhere", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1 and "no such file or directory" in result.stderr
    assert fake.calls == []


def test_run_needs_an_input(fake_pipeline, tmp_path: Path) -> None:
    fake_pipeline(FakePipeline())
    result = invoke("run", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1 and "at least one PATH" in result.stderr


@pytest.mark.parametrize("error", [
    StoreError("database x.duckdb is in use by another process"),
    ValueError("manifest.csv line 3: no `path` or `text`"),
    FileNotFoundError("in/gone.txt"),
])
def test_run_library_errors_are_clean(fake_pipeline, tmp_path: Path, error: Exception) -> None:
    fake_pipeline(FakePipeline(error))
    result = invoke("run", tmp_path, "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {error}"
    assert "Traceback" not in result.output


# ---- run, for real ----
@pytest.mark.model
def test_run_end_to_end(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "talks.txt").write_text(
        "South Korea and Japan held talks in Tokyo on Tuesday about fishing rights.\n\n"
        "The South Korean foreign minister said the meeting had been useful.\n", encoding="utf-8")
    (corpus / "sanctions.txt").write_text(
        "The United States imposed new sanctions on Iran on Friday, the Treasury said.\n\n"
        "Iran condemned the decision and accused Washington of economic warfare.\n", encoding="utf-8")
    db = tmp_path / "e2e.duckdb"
    first = invoke("run", corpus, "--db", db)
    assert first.exit_code == 0, first.output
    store = Store(db, read_only=True)
    assert len(store.articles()) == 2
    events = store.events()
    assert events and {e["article_id"] for e in events} <= {a["id"] for a in store.articles()}
    assert store.events(actor="USA") or store.events(actor="IRN")

    again = invoke("run", corpus, "--db", db)  # nothing changed: nothing added twice
    assert again.exit_code == 0, again.output
    assert store.events() == events
    jsonl = invoke("events", "--db", db, "-f", "jsonl")
    assert len(jsonl.stdout.splitlines()) == len(events)
