"""Read-only queries the web UI needs beyond `Store`: paged/sorted event search, series, network, article parts.

Every function takes a read-only `Store`, opens the file through `Store.connect()` (one short connection per
call, so a `thucydides run` can write in between) and passes every value as a bound parameter. Column names in
ORDER BY come from a fixed whitelist, never from the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..search import SEARCH_SCHEMA, actor_clause, candidates_sql, exact_match, query_terms
from ..store import Store, _actor_match, _date_range, _parse_dyad, _plain, _where

Period = Literal["week", "month"]

QUAD_CLASSES: dict[int, str] = {
    1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict",
}

# Sort key (as accepted by the API) -> ORDER BY expression. A leading "-" on the key reverses the order.
SORTS: dict[str, str] = {
    "date": "date_start",
    "type": "event_type",
    "quad_class": "quad_class",
    "goldstein": "goldstein",
    "source": "coalesce(source_name, source_code)",  # the name is what the table shows
    "target": "coalesce(target_name, target_code)",
    "confidence": "confidence",
    "article": "article_id",
}


@dataclass(frozen=True)
class EventFilter:
    """Filters of the events table; every field optional. dyad is "A:B"; since/until ISO (YYYY[-MM[-DD]])."""

    actor: str | None = None
    dyad: str | None = None
    event_type: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None  # case-insensitive substring of the sentence, trigger or actor names
    article_id: str | None = None


@dataclass
class EventPage:
    """One page of events (records as `to_dict(Event)`) and the total matching the filter."""

    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    sort: str
    pages: int = 1  # number of pages at this page_size (at least 1)


@dataclass
class Overview:
    """Headline counts and the most frequent dyads and actors."""

    counts: dict[str, int]
    first_date: str | None
    last_date: str | None
    top_dyads: list[dict[str, Any]]
    top_actors: list[dict[str, Any]]


@dataclass
class SeriesPoint:
    """Events from source to target in one period and quad class, with their mean Goldstein score."""

    period: str
    quad_class: int | None
    events: int
    goldstein: float | None


@dataclass
class DyadSeries:
    """Both directions of a dyad: A->B and B->A."""

    a: str
    b: str
    period: str
    forward: list[SeriesPoint] = field(default_factory=list)
    backward: list[SeriesPoint] = field(default_factory=list)
    forward_goldstein: list[SeriesPoint] = field(default_factory=list)  # per period, all quad classes (None)
    backward_goldstein: list[SeriesPoint] = field(default_factory=list)


@dataclass
class NetworkEdge:
    source: str
    target: str
    events: int
    goldstein: float | None


def search_events(store: Store, filters: EventFilter, *, page: int = 1, page_size: int = 50,
                  sort: str = "date") -> EventPage:
    """A page of events matching `filters`, ordered by `sort` (a key of SORTS, "-" prefix for descending).
    Computed once per published snapshot and arguments (`Store.cached`)."""
    if page < 1 or not 1 <= page_size <= 500:
        raise ValueError("page must be 1 or more and page_size between 1 and 500")
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)} (with an optional '-'), not {sort!r}")
    order = f"{SORTS[key]} {'DESC' if descending else 'ASC'} NULLS LAST, date_start NULLS LAST, article_id, " \
            "sentence_index, id"

    def compute() -> EventPage:
        with store.connect() as con:
            source, where, params, total = _event_where(store, con, filters)
            if total is None:
                total = con.execute(f"SELECT count(*) FROM {source}" + _where(where), params).fetchone()[0]
            # the page's ids first, then their records through the id index: selecting the JSON records in
            # the sorted query would read every matching record (a million, unfiltered) to keep 50
            ids = [i for (i,) in con.execute(f"SELECT id FROM {source}{_where(where)} ORDER BY {order} "
                                             "LIMIT ? OFFSET ?", [*params, page_size, (page - 1) * page_size])
                   .fetchall()]
            records = dict(con.execute("SELECT id, record FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                       [ids]).fetchall()) if ids else {}
        return EventPage([json.loads(records[i]) for i in ids], total, page, page_size, sort,
                         pages=max(1, -(-total // page_size)))

    return store.cached(("search_events", filters, page, page_size, sort), compute)


def _event_where(store: Store, con: Any, f: EventFilter) -> tuple[str, list[str], list[Any], int | None]:
    """(the relation to select events from, WHERE clauses, parameters (those of the relation first), and the
    number of matching events when already known)."""
    indexed = set(SEARCH_SCHEMA) <= store.tables(con)  # a snapshot of a database from before the index: scans
    where: list[str] = []
    params: list[Any] = []

    def actor(code_col: str, name_col: str, value: str) -> tuple[str, list[Any]]:
        return actor_clause(con, code_col, name_col, value) if indexed else _actor_match(code_col, name_col, value)

    if f.actor:
        src, p1 = actor("source_code", "source_name", f.actor)
        tgt, p2 = actor("target_code", "target_name", f.actor)
        where.append(f"({src} OR {tgt})")
        params += p1 + p2
    if f.dyad:
        a, b = _parse_dyad(f.dyad)
        src, p1 = actor("source_code", "source_name", a)
        tgt, p2 = actor("target_code", "target_name", b)
        where += [src, tgt]
        params += p1 + p2
    if f.event_type:
        where.append("upper(event_type) = upper(?)")
        params.append(f.event_type)
    if f.quad_class is not None:
        where.append("quad_class = ?")
        params.append(f.quad_class)
    _date_range(where, params, "date_start", f.since, f.until)
    if f.article_id:
        where.append("article_id = ?")
        params.append(f.article_id)
    if not f.q:
        return "events", where, params, None
    terms, one_term = query_terms(con, f.q) if indexed else ([], False)
    exact, exact_params = exact_match(f.q)
    if not terms:  # no index, or a query of punctuation only: the plain scan
        return "events", [*where, exact], [*params, *exact_params], None
    candidates_query, cand_params = candidates_sql(terms)
    # at most one more than the limit crosses over to Python: a common word has a hundred thousand
    candidates = [i for (i,) in con.execute(f"{candidates_query} LIMIT {_ID_LOOKUP_LIMIT + 1}",
                                            cand_params).fetchall()]
    if len(candidates) <= _ID_LOOKUP_LIMIT:
        # a short list: constants, which DuckDB looks up through the id index, and checks only those rows
        lookup = f"id IN ({', '.join('?' * len(candidates))})" if candidates else "false"
        source = f"(SELECT * FROM events WHERE {lookup})"
        if one_term:  # the candidates are the answer (thucydides.search)
            return source, where, [*candidates, *params], None if where else len(candidates)
        return source, [*where, exact], [*candidates, *params, *exact_params], None
    # a long list (a common word): a join with a scan of the ids
    if one_term:
        return f"(SELECT * FROM events WHERE id IN ({candidates_query}))", where, [*cand_params, *params], \
            None if where else con.execute(f"SELECT count(*) FROM ({candidates_query})", cand_params).fetchone()[0]
    # the check refers to the candidate side too, so that DuckDB cannot push it below the join (where it would
    # run on every event)
    source = (f"(SELECT e.* FROM events e JOIN ({candidates_query}) c ON e.id = c.event_id "
              f"WHERE CASE WHEN c.event_id IS NULL THEN false ELSE {exact} END)")
    return source, where, [*cand_params, *exact_params, *params], None


_ID_LOOKUP_LIMIT = 5000  # candidates looked up by id; above, a join (see _event_where)


def event_by_id(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event record, or None."""
    with store.connect() as con:
        row = con.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
    return json.loads(row[0]) if row else None


def event_types(store: Store) -> list[str]:
    """Distinct event types, for the filter menu."""
    with store.connect() as con:
        return [t for (t,) in con.execute(
            "SELECT DISTINCT event_type FROM events WHERE event_type IS NOT NULL ORDER BY 1").fetchall()]


def article_by_id(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with its cleaned and raw text, removals and counts, or None."""
    with store.connect() as con:
        cursor = con.execute(
            "SELECT a.id, a.published, a.source, a.title, a.url, a.language, a.content_hash, a.processed_at, "
            "a.text, a.raw_text, a.removals, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
            "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            "FROM articles a WHERE a.id = ?", [article_id])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    if row is None:
        return None
    article = {k: _plain(v) for k, v in zip(names, row)}
    article["removals"] = json.loads(article["removals"]) if article["removals"] else []
    return article


def article_parts(store: Store, article_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                           list[dict[str, Any]]]:
    """(mentions, events, quotes) of one article, in text order; mentions carry their actor's fields."""
    with store.connect() as con:
        cursor = con.execute(
            'SELECT m.sentence_index, m.start, m."end", m.text, m.method, x.key, x.name, x.code, x.sector, x.kind, '
            "x.role FROM mentions m LEFT JOIN actors x ON x.key = m.actor_key WHERE m.article_id = ? "
            "ORDER BY m.start", [article_id])
        names = [d[0] for d in cursor.description]
        mentions = [dict(zip(names, r)) for r in cursor.fetchall()]
        events = [json.loads(r) for (r,) in con.execute(
            "SELECT record FROM events WHERE article_id = ? ORDER BY sentence_index, id", [article_id]).fetchall()]
        quotes = [json.loads(r) for (r,) in con.execute(
            'SELECT record FROM quotes WHERE article_id = ? ORDER BY start, id', [article_id]).fetchall()]
    return mentions, events, quotes


def actors_matching(store: Store, ident: str) -> list[dict[str, Any]]:
    """Actors whose key equals `ident`, else whose code equals it (case-insensitive), else uncoded actors
    with that exact name."""
    columns = "key, name, code, sector, kind, role"
    with store.connect() as con:
        cursor = con.execute(f"SELECT {columns} FROM actors WHERE key = ? ORDER BY key", [ident])
        rows = cursor.fetchall()
        if not rows:
            cursor = con.execute(f"SELECT {columns} FROM actors WHERE upper(code) = upper(?) "
                                 "ORDER BY kind <> 'country', key", [ident])
            rows = cursor.fetchall()
        if not rows:  # the network names actors without a code by name
            cursor = con.execute(f"SELECT {columns} FROM actors WHERE code IS NULL AND name = ? ORDER BY key",
                                 [ident])
            rows = cursor.fetchall()
        names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in rows]


def actor_activity(store: Store, ident: str, *, by_key: bool, limit: int = 200) -> dict[str, list[dict[str, Any]]]:
    """Events with the actor as source, as target, and its quotes. by_key: match the exact actor key (one
    actor); otherwise match the code (a country with its people and organisations)."""
    src, tgt = ("source_key", "target_key") if by_key else ("upper(source_code)", "upper(target_code)")
    value = ident if by_key else ident.upper()
    order = " ORDER BY date_start NULLS LAST, article_id, sentence_index, id LIMIT ?"
    with store.connect() as con:
        as_source = con.execute(f"SELECT record FROM events WHERE {src} = ?" + order, [value, limit]).fetchall()
        as_target = con.execute(f"SELECT record FROM events WHERE {tgt} = ?" + order, [value, limit]).fetchall()
        if by_key:
            quotes = con.execute(
                "SELECT q.record FROM quotes q JOIN actors x ON x.key = ? "
                "WHERE q.speaker_name = x.name AND q.speaker_code IS NOT DISTINCT FROM x.code "
                "ORDER BY q.article_id, q.start LIMIT ?", [ident, limit]).fetchall()
        else:
            quotes = con.execute("SELECT record FROM quotes WHERE upper(speaker_code) = ? "
                                 "ORDER BY article_id, start LIMIT ?", [value, limit]).fetchall()
    return {"as_source": [json.loads(r) for (r,) in as_source],
            "as_target": [json.loads(r) for (r,) in as_target],
            "quotes": [json.loads(r) for (r,) in quotes]}


def overview(store: Store, *, top: int = 10) -> Overview:
    """Counts of articles, events, quotes, actors; date range; top dyads (by code) and top actors."""
    return store.cached(("overview", top), lambda: _overview(store, top))


def _overview(store: Store, top: int) -> Overview:
    with store.connect() as con:
        counts = dict(zip(
            ("articles", "events", "quotes", "mentions"),
            con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                        "(SELECT count(*) FROM quotes), (SELECT count(*) FROM mentions)").fetchone()))
        first, last = con.execute("SELECT min(date_start), max(date_start) FROM events").fetchone()
        dyads = con.execute(
            "SELECT source_code, target_code, count(*) AS n, avg(goldstein) FROM events "
            "WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND source_code <> target_code "
            "AND record->>'modality' IS NULL "  # denied, unverified or claimed reports are no happenings
            "GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?", [top]).fetchall()
    actors = store.actors(limit=top)
    counts["actors"] = len(store.actors())
    return Overview(
        counts=counts, first_date=_plain(first), last_date=_plain(last),
        top_dyads=[{"source": s, "target": t, "events": n, "goldstein": g} for s, t, n, g in dyads],
        top_actors=actors)


def dyad_series(store: Store, a: str, b: str, period: Period = "month") -> DyadSeries:
    """Events A->B and B->A per period (week starts Monday) and quad class, with mean Goldstein.

    a and b match a code, a full name or one word of a name, as everywhere else."""
    if period not in ("week", "month"):
        raise ValueError(f"period must be week or month, not {period!r}")

    def compute() -> DyadSeries:
        result = DyadSeries(a=a, b=b, period=period)
        with store.connect() as con:
            indexed = set(SEARCH_SCHEMA) <= store.tables(con)
            match = (lambda c, n, v: actor_clause(con, c, n, v)) if indexed else _actor_match
            directions = ((a, b, result.forward, result.forward_goldstein),
                          (b, a, result.backward, result.backward_goldstein))
            for src_value, tgt_value, by_class, overall in directions:
                src, p1 = match("source_code", "source_name", src_value)
                tgt, p2 = match("target_code", "target_name", tgt_value)
                # one pass per direction: per period and quad class; the all-classes line is summed from it
                # (the period name is one of two literals checked above, passed as a parameter all the same)
                rows = con.execute(
                    f"SELECT date_trunc(?, date_start) AS p, quad_class, count(*), sum(goldstein), count(goldstein) "
                    f"FROM events WHERE date_start IS NOT NULL AND {src} AND {tgt} GROUP BY 1, 2 ORDER BY 1, 2",
                    [period, *p1, *p2]).fetchall()
                by_class += [SeriesPoint(_iso(p), q, n, g / k if k else None) for p, q, n, g, k in rows]
                totals: dict[str, list[float]] = {}
                for p, _, n, g, k in rows:
                    t = totals.setdefault(_iso(p), [0, 0.0, 0])
                    t[0] += n
                    t[1] += g or 0.0
                    t[2] += k
                overall += [SeriesPoint(p, None, int(n), g / k if k else None) for p, (n, g, k) in totals.items()]
        return result

    return store.cached(("dyad_series", a, b, period), compute)


def network(store: Store, *, since: str | None = None, until: str | None = None,
            min_events: int = 1) -> list[NetworkEdge]:
    """Directed edges between actors (code, else name) weighted by event count, with mean Goldstein."""
    where: list[str] = []
    params: list[Any] = []
    _date_range(where, params, "date_start", since, until)
    params.append(min_events)
    with store.connect() as con:
        # explicit GROUP BY 1, 2: GROUP BY ALL with a HAVING on the aliases splits groups in DuckDB 1.x
        rows = con.execute(
            "SELECT s, t, count(*) AS n, avg(goldstein) FROM (SELECT coalesce(source_code, source_name) AS s, "
            "coalesce(target_code, target_name) AS t, goldstein FROM events" + _where(where) +
            ") WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t GROUP BY 1, 2 HAVING count(*) >= ? "
            "ORDER BY n DESC, s, t", params).fetchall()
    return [NetworkEdge(s, t, n, g) for s, t, n, g in rows]


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value)


# ---- articles ----
def article_list(store: Store, *, page: int = 1, page_size: int = 50) -> tuple[list[dict[str, Any]], int]:
    """(one page of articles, newest first, with event and quote counts; total number of articles)."""
    if page < 1 or not 1 <= page_size <= 500:
        raise ValueError("page must be 1 or more and page_size between 1 and 500")
    sql = ("SELECT a.id, a.published, a.source, a.title, a.url, a.language, "
           "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
           "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
           "FROM articles a ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?")
    with store.connect() as con:
        total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = _dicts(con.execute(sql, [page_size, (page - 1) * page_size]))
    return rows, total


# ---- stories and incidents (tables written by the stories stage; absent from older databases) ----
STORY_TABLES = ("stories", "article_stories", "incidents", "incident_events")


def has_stories(store: Store) -> bool:
    """True when the database has the story tables (it may still have no rows in them)."""
    with store.connect() as con:
        # the names inline (constants of this module): 1 ms, against 6 ms with a bound list to unnest
        names = ", ".join(f"'{t}'" for t in STORY_TABLES)
        found = con.execute("SELECT count(DISTINCT table_name) FROM duckdb_tables() "
                            f"WHERE table_name IN ({names})").fetchone()[0]
    return found == len(STORY_TABLES)


def story_list(store: Store, *, since: str | None = None, until: str | None = None,
               limit: int = 200) -> list[dict[str, Any]]:
    """Stories (newest last-published first) overlapping [since, until], or [] when there are none yet."""
    if not has_stories(store):
        return []
    where: list[str] = []
    params: list[Any] = []
    # a story overlaps the range when it ends after its start and starts before its end
    _date_range(where, params, "CAST(last_published AS DATE)", since, None)
    _date_range(where, params, "CAST(first_published AS DATE)", None, until)
    params.append(limit)
    sql = ("SELECT CAST(story_id AS VARCHAR) AS story_id, label, first_published, last_published, article_count, "
           "source_count, (SELECT count(*) FROM incidents i WHERE i.story_id = s.story_id) AS incidents "
           "FROM stories s" + _where(where) +
           " ORDER BY last_published DESC NULLS LAST, first_published DESC NULLS LAST, story_id LIMIT ?")
    with store.connect() as con:
        return _dicts(con.execute(sql, params))


def story_detail(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story with its articles (and how each relates to it) and its incidents, or None."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        story = _dicts(con.execute(
            "SELECT CAST(story_id AS VARCHAR) AS story_id, label, first_published, last_published, article_count, "
            "source_count FROM stories WHERE CAST(story_id AS VARCHAR) = ?", [story_id]))
        if not story:
            return None
        articles = _dicts(con.execute(
            "SELECT s.article_id, s.relation, CAST(s.duplicate_of AS VARCHAR) AS duplicate_of, s.similarity, "
            "a.title, a.source, a.published, (SELECT count(*) FROM events e WHERE e.article_id = s.article_id) "
            "AS events FROM article_stories s LEFT JOIN articles a ON a.id = s.article_id "
            "WHERE CAST(s.story_id AS VARCHAR) = ? ORDER BY a.published NULLS LAST, s.article_id", [story_id]))
        incidents = _incidents(con, "WHERE CAST(i.story_id AS VARCHAR) = ?", [story_id],
                               "ORDER BY i.date NULLS LAST, i.incident_id")
    return {**story[0], "articles": articles, "incidents": incidents}


def recent_incidents(store: Store, *, limit: int = 10) -> list[dict[str, Any]] | None:
    """The latest incidents (by first report), or None when the database has no story tables yet."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        return _incidents(con, "", [], "ORDER BY i.first_published DESC NULLS LAST, i.date DESC NULLS LAST, "
                          "i.incident_id LIMIT ?", [limit])


def _incidents(con: Any, where: str, params: list[Any], order: str,
               more: list[Any] | None = None) -> list[dict[str, Any]]:
    # `where` and `order` are literals from this module; values are bound parameters
    rows = _dicts(con.execute(
        "SELECT CAST(i.incident_id AS VARCHAR) AS incident_id, CAST(i.story_id AS VARCHAR) AS story_id, "
        "i.event_type, i.source_code, i.target_code, i.date, i.date_precision, i.article_count, i.source_count, "
        "i.first_article_id, i.first_published, CAST(i.contradictions AS VARCHAR) AS contradictions, "
        "(SELECT list(CAST(x.event_id AS VARCHAR) ORDER BY x.event_id) FROM incident_events x "
        " WHERE x.incident_id = i.incident_id) AS event_ids, "
        "(SELECT label FROM stories s WHERE s.story_id = i.story_id) AS story_label "
        f"FROM incidents i {where} {order}", [*params, *(more or [])]))
    for row in rows:
        row["contradictions"] = json.loads(row["contradictions"]) if row["contradictions"] else []
        row["event_ids"] = row["event_ids"] or []
    return rows


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [{k: _plain(v) for k, v in zip(names, row)} for row in cursor.fetchall()]


def article_story(store: Store, article_id: str) -> dict[str, Any] | None:
    """The story an article belongs to and how (relation, duplicate_of), or None (no story tables, or none)."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        rows = _dicts(con.execute(
            "SELECT CAST(s.story_id AS VARCHAR) AS story_id, s.relation, CAST(s.duplicate_of AS VARCHAR) AS "
            "duplicate_of, s.similarity, t.label FROM article_stories s LEFT JOIN stories t ON t.story_id = s.story_id "
            "WHERE s.article_id = ? LIMIT 1", [article_id]))
    return rows[0] if rows else None
