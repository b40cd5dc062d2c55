"""Exports (thucydides.export, `thucydides export`): every format read back with the tools users read it with
(pandas, duckdb, sqlite3), GDELT's column order, PLOVER's field names. A hand-built store, no spaCy."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from thucydides.cli import app
from thucydides.export import FLAT_COLUMNS, EventFilter, ExportError, export, load_gdelt_columns
from thucydides.model import Actor, ActorRef, Article, ArticleResult, Event, Place, Quote, Speaker
from thucydides.stories import link_stories
from thucydides.store import Store

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
NORD = Actor("Nordland", "NRD", None, "country")           # invented countries with invented codes...
USA = Actor("United States", "USA", None, "country")
FRA = Actor("France", "FRA", None, "country")
ENVOY = Actor("Ilse Marrow", "USA", "GOV", "person", "Special Envoy")  # ...and an invented person
ALLIANCE = Actor("North Atlantic Treaty Organization", "NATO", "IGO", "organization")

TEXT_A = ("Special Envoy Ilse Marrow met French officials in Paris on Monday.\n\n"
          "France accused NATO of delay.\n\n"
          '"We will not wait," Marrow said.')
TEXT_B = "=cmd|' /C calc'!A0 The United States met France in Paris on Monday, officials said."  # hostile first cell


def _event(article: str, text: str, n: int, trigger: str, event_type: str, cameo: str, quad: int, gold: float,
           source: tuple[str, Actor], target: tuple[str, Actor] | None, when: str | None,
           place: Place | None = None) -> Event:
    start = text.index(trigger)
    sent_start = text.rfind("\n\n", 0, start)
    sent_start = 0 if sent_start < 0 else sent_start + 2
    sent_end = text.find("\n\n", start)
    sent_end = len(text) if sent_end < 0 else sent_end
    return Event(
        id=f"{article}:e{n}", article_id=article, sentence=text[sent_start:sent_end], sentence_index=n,
        span=(sent_start, sent_end), event_type=event_type, mode=None, cameo=cameo, quad_class=quad,
        goldstein=gold, source=ActorRef.of(*source), target=ActorRef.of(*target) if target else None, date=when,
        date_precision={10: "day", 7: "month", 4: "year"}.get(len(when or ""), None),
        date_basis="text" if when else "article", date_text=None, location=place, negated=False,
        hypothetical=False, trigger=trigger, rule=f"verb:{trigger}", confidence=0.8,
        trigger_span=(start, start + len(trigger)))


PARIS = Place("Paris", "FRA", 48.85, 2.35)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "x.duckdb"
    a = Article(id="a", raw_text=TEXT_A, published=date(2024, 2, 6), source="Wire One", title="Envoy in Paris",
                url="https://one.example/a", language="en", text=TEXT_A)
    b = Article(id="b", raw_text=TEXT_B, published=date(2024, 2, 6), source="=Wire Two", title="@SUM(1)",
                url="https://two.example/b", language="en", text=TEXT_B)
    events_a = [
        _event("a", TEXT_A, 0, "met", "CONSULT", "040", 1, 1.0, ("Special Envoy Ilse Marrow", ENVOY),
               ("French officials", FRA), "2024-02-05", PARIS),
        _event("a", TEXT_A, 1, "accused", "ACCUSE", "1122", 3, -2.0, ("France", FRA), ("NATO", ALLIANCE), "2024-02"),
    ]
    quote = Quote(id="a:q0", article_id="a", text="We will not wait", speaker=Speaker("Marrow", "Ilse Marrow",
                  "USA", "GOV"), cue="say", span=(TEXT_A.index("We will"), TEXT_A.index("We will") + 16),
                  sentence_index=2)
    events_b = [_event("b", TEXT_B, 0, "met", "CONSULT", "040", 1, 1.0, ("The United States", USA),
                       ("France", FRA), "2024-02-05", PARIS)]
    Store(path).write_results([ArticleResult(a, [], events_a, [quote]), ArticleResult(b, [], events_b, [])], "r1")
    link_stories(path)
    return path


def test_flat_csv_reads_back_in_pandas_with_formulas_defused(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    assert export(db, "csv", out).events == 3
    frame = pd.read_csv(out)
    assert list(frame.columns) == [c.name for c in FLAT_COLUMNS]
    assert len(frame) == 3 and set(frame["event_type"]) == {"CONSULT", "ACCUSE"}
    assert set(frame["outlet"]) == {"Wire One", "'=Wire Two"}          # a formula-looking cell is defused
    assert frame.loc[frame["id"] == "b:e0", "sentence"].item().startswith("'=cmd")
    assert frame.loc[frame["id"] == "a:e0", "location_name"].item() == "Paris"


def test_parquet_reads_back_in_pandas_and_duckdb_with_types(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    export(db, "parquet", out, EventFilter(event_type="CONSULT"))
    frame = pd.read_parquet(out)
    assert sorted(frame["id"]) == ["a:e0", "b:e0"]
    assert frame["quad_class"].dtype.kind == "i" and frame["goldstein"].dtype.kind == "f"
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}' WHERE source_code = 'USA'").fetchone() == (2,)
    assert frame.loc[frame["id"] == "b:e0", "outlet"].item() == "=Wire Two"  # Parquet is data, not a sheet


def test_sqlite_for_datasette(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.sqlite"
    export(db, "sqlite", out)
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    keys = {(r[2], r[3], r[4]) for r in con.execute("PRAGMA foreign_key_list(events)")}
    assert ("articles", "article_id", "id") in keys
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []  # every key points at a row
    named = con.execute("SELECT source, target, outlet FROM events_named WHERE id = 'a:e0'").fetchone()
    assert named == ("Ilse Marrow", "France", "Wire One")
    hits = con.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH 'accused'").fetchall()
    assert len(hits) == 1
    assert con.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'wait'").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] >= 1


def test_gdelt_columns_in_order_and_mapped(db: Path) -> None:
    buffer = io.StringIO()
    export(db, "gdelt", buffer, EventFilter(dyad="USA:FRA"))
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    header = buffer.getvalue().splitlines()[0].split(",")
    assert len(header) == 61 and header[0] == "GLOBALEVENTID" and header[-1] == "SOURCEURL"
    if (REFERENCE / "gdelt2_event_columns.txt").exists():
        assert header == (REFERENCE / "gdelt2_event_columns.txt").read_text().split()
    by_url = {r["SOURCEURL"]: r for r in rows}
    envoy = by_url["https://one.example/a"]
    assert (envoy["SQLDATE"], envoy["Actor1Code"], envoy["Actor1CountryCode"], envoy["Actor2Code"]) == (
        "20240205", "USAGOV", "USA", "FRA")
    assert (envoy["EventCode"], envoy["EventRootCode"], envoy["QuadClass"]) == ("040", "04", "1")
    assert (envoy["ActionGeo_FullName"], envoy["ActionGeo_CountryCode"], envoy["ActionGeo_Type"]) == ("Paris", "FR", "4")
    # the two reports of one meeting are one incident: both rows say two articles from two outlets
    assert {(r["NumArticles"], r["NumSources"]) for r in rows} == {("2", "2")}
    assert envoy["AvgTone"] == "" and envoy["Actor1EthnicCode"] == ""  # what we do not code stays empty


def test_organisation_is_a_known_group_in_gdelt(db: Path) -> None:
    buffer = io.StringIO()
    export(db, "gdelt", buffer, EventFilter(event_type="ACCUSE"))
    [row] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert (row["Actor2Code"], row["Actor2KnownGroupCode"], row["Actor2CountryCode"]) == ("NATO", "NATO", "")
    assert (row["SQLDATE"], row["MonthYear"]) == ("20240201", "202402")  # a month date: its first day


# The PLOVER specification's record fields (its "JSON Data Fields" chapter) and actor-object fields.
PLOVER_FIELDS = {"id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_loc",
                 "event_text", "quad_code", "event_scale", "link", "text", "text_info", "cite_info", "coder",
                 "coded_date"}
PLOVER_ACTOR_FIELDS = {"code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc",
                       "religion", "ethnicity", "office", "gender", "age"}


def test_plover_records_use_the_spec_field_names(db: Path) -> None:
    buffer = io.StringIO()
    export(db, "plover", buffer)
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert len(records) == 3
    for record in records:
        assert PLOVER_FIELDS <= set(record)
        for actor in record["source"] + record["recipient"]:
            assert set(actor) <= PLOVER_ACTOR_FIELDS
        assert isinstance(record["event"], list) and record["quad_code"] in (1, 2, 3, 4)
    accuse = next(r for r in records if r["event"] == ["ACCUSE"])
    assert (accuse["date"], accuse["enddate"]) == ("2024-02-01", "2024-02-29")  # a month is its whole period
    meet = next(r for r in records if r["id"] == "a:e0")
    assert meet["source"][0] == {"code": "USA", "sector": "GOV", "actor_text": "Special Envoy Ilse Marrow",
                                 "identifier_text": "Ilse Marrow", "office": "Special Envoy"}
    assert meet["event_loc"]["cc3"] == "FRA" and meet["event_loc"]["country code"] == "FR"
    assert meet["context"] is None  # CAMEO 040 has no PLOVER context
    assert accuse["context"] == ["human_rights"]  # CAMEO2PLOVER's context of CAMEO 1122
    assert meet["cite_info"]["publication"] == "Wire One" and meet["text_info"]["sequence"] == 0


def test_cli_export_and_errors(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--format", "plover", "--db", str(db), "--type", "ACCUSE"])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 1
    out = tmp_path / "x.sqlite"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0 and out.exists()
    result = runner.invoke(app, ["export", "-f", "parquet", "--db", str(db)])
    assert result.exit_code == 1 and "--out" in result.output
    result = runner.invoke(app, ["export", "-f", "csv", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no database" in result.output
    with pytest.raises(ExportError, match="unknown export format"):
        export(db, "xml", tmp_path / "x.xml")


@pytest.mark.parametrize("line, message", [
    ("Year", "expected 'column<TAB>source'"),           # no tab
    ("\tsomething", "expected 'column<TAB>source'"),    # no column name
])
def test_gdelt_column_table_errors_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "cols.tsv"
    path.write_text("column\tsource\nGLOBALEVENTID\tid\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ExportError, match=rf"cols\.tsv:3: {message}"):
        load_gdelt_columns(path)


def test_docs_describe_every_column() -> None:
    """docs/export.md documents each flat column and each GDELT column we fill (tested, as datasette does)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text(encoding="utf-8")
    for column in FLAT_COLUMNS:
        assert f"| `{column.name}` | {column.type} | {column.meaning} |" in doc, column.name
    for column in load_gdelt_columns():
        assert f"| `{column.name}` | {column.source or '(empty)'} |" in doc, column.name
