"""Read-only queries that shape data for people, beside queries.py's search and series: dyad counts at each
date's precision, readable actor names, one row per actor entity, incidents with their first report's sentence,
story titles from their original article, and the global search.

As in queries.py: one connection per call through `Store.connect()` (the web app shares one per request), every
value a bound parameter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..store import Store, _actor_match, _date_range, _plain, _where
from .queries import _dicts, _incidents, has_stories

@dataclass
class DatedCount:
    """Events in one direction of a dyad on one start date at one precision and quad class."""

    start: date | None
    precision: str | None
    quad_class: int | None
    events: int
    goldstein_sum: float
    goldstein_n: int


def dyad_counts(store: Store, source: str, target: str, *, since: str | None = None,
                until: str | None = None) -> list[DatedCount]:
    """Events source->target grouped by start date, date precision and quad class (undated ones with start None),
    for a chart that bins each event at its own precision."""
    src, p1 = _actor_match("source_code", "source_name", source)
    tgt, p2 = _actor_match("target_code", "target_name", target)
    where, params = [src, tgt], [*p1, *p2]
    _date_range(where, params, "date_start", since, until)
    with store.connect() as con:
        rows = con.execute(
            "SELECT date_start, date_precision, quad_class, count(*), coalesce(sum(goldstein), 0), count(goldstein) "
            "FROM events" + _where(where) + " GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2, 3", params).fetchall()
    return [DatedCount(*r) for r in rows]


def actor_labels(store: Store, idents: list[str]) -> dict[str, str]:
    """A readable name for each network node (an actor code, or the name of an actor without one): the country
    or organisation's name for a code, the ident itself otherwise."""
    if not idents:
        return {}
    with store.connect() as con:
        rows = con.execute(
            "SELECT upper(code), arg_min(name, (CASE kind WHEN 'country' THEN 0 WHEN 'organization' THEN 1 ELSE 2 END,"
            " CASE WHEN sector IS NULL THEN 0 ELSE 1 END, length(name))) FROM actors WHERE upper(code) IN "
            "(SELECT upper(unnest(?::VARCHAR[]))) GROUP BY 1", [idents]).fetchall()
    names = dict(rows)
    return {i: names.get(i.upper(), i) for i in idents}


def self_loops(store: Store, *, since: str | None = None, until: str | None = None) -> int:
    """Events whose source and target are the same node of the network (left out of it)."""
    where: list[str] = []
    params: list[Any] = []
    _date_range(where, params, "date_start", since, until)
    where.append("coalesce(source_code, source_name) = coalesce(target_code, target_name)")
    with store.connect() as con:
        return con.execute("SELECT count(*) FROM events" + _where(where), params).fetchone()[0]


def actor_exists(store: Store, ident: str) -> bool:
    """True when some event names `ident` (code, full name or a word of a name) as source or target."""
    src, p1 = _actor_match("source_code", "source_name", ident)
    tgt, p2 = _actor_match("target_code", "target_name", ident)
    with store.connect() as con:
        return con.execute(f"SELECT count(*) > 0 FROM (SELECT 1 FROM events WHERE {src} OR {tgt} LIMIT 1)",
                           [*p1, *p2]).fetchone()[0]


def with_articles(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event records with their article's outlet, publication date, title and URL added (for tables and
    downloads; the stored records stay as they are)."""
    ids = sorted({e["article_id"] for e in events if e.get("article_id")})
    if not ids:
        return events
    with store.connect() as con:
        rows = con.execute("SELECT id, source, published, title, url FROM articles WHERE id IN "
                           "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
    meta = {i: {"outlet": s, "published": _plain(p), "title": t, "url": u} for i, s, p, t, u in rows}
    return [{**e, **meta.get(e.get("article_id"), {})} for e in events]


def event_date_range(store: Store) -> tuple[str | None, str | None]:
    """The earliest and latest event date as stored, at its precision ("2022" for a year-only date)."""
    with store.connect() as con:
        first, last = con.execute(
            "SELECT arg_min(date, (date_start, length(date))), arg_max(date, (date_start, -length(date))) "
            "FROM events WHERE date_start IS NOT NULL").fetchone()
    return first, last


# ---- actors as people read them: one row per entity ----
def _name_key(name: str) -> str:
    """A person's name for matching: lower case, without punctuation and one-letter initials
    ("Vladimir V. Putin" and "Vladimir Putin" are one person)."""
    words = [w.strip(".,'’\"") for w in name.lower().split()]
    return " ".join(w for w in words if len(w) > 1)


def _entity(actor: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two stored actors one entity in a listing: a country is its code whatever the sector (Russia
    and Russia's government); a person or an organisation its code and normalised name."""
    if actor["kind"] == "country" and actor.get("code"):
        return ("country", actor["code"].upper())
    return (actor["kind"], (actor.get("code") or "").upper(), _name_key(actor["name"] or ""))


def _plausible(actor: dict[str, Any], outlets: set[str]) -> bool:
    """False for what the recogniser took for a person but is obviously not one: a single word with no code
    ("Said", "Twitter") or the name of an outlet. NER is not fixed here; listings just leave these out."""
    if actor["kind"] != "person":
        return True
    name = (actor["name"] or "").strip()
    if name.lower() in outlets:
        return False
    return bool(actor.get("code")) or len(_name_key(name).split()) >= 2


def canonical_actors(store: Store, *, actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors grouped into one row per entity (see _entity), most events first (then mentions), each with the
    stored keys, names, sectors and roles it groups. Obvious non-persons are left out (see _plausible)."""
    rows = store.actors(actor=actor)
    with store.connect() as con:
        outlets = {s.lower() for (s,) in con.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL").fetchall()}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        if _plausible(row, outlets):
            groups.setdefault(_entity(row), []).append(row)
    out = []
    for members in groups.values():
        # the entity's face: for a country the one without a sector, else the most active member
        main = min(members, key=lambda m: (m["sector"] is not None, -(m["events"] + m["mentions"]), m["key"]))
        out.append({
            "key": main["key"], "name": main["name"], "code": main["code"], "kind": main["kind"],
            "sectors": sorted({m["sector"] for m in members if m["sector"]}),
            "names": list(dict.fromkeys(m["name"] for m in members)),
            "roles": sorted({m["role"] for m in members if m["role"]}),
            "keys": [m["key"] for m in members],
            "mentions": sum(m["mentions"] for m in members), "events": sum(m["events"] for m in members)})
    out.sort(key=lambda a: (-a["events"], -a["mentions"], a["name"] or "", a["key"]))
    return out if limit is None else out[:limit]


def actor_month_counts(store: Store, keys: list[str]) -> list[tuple[date, int, int]]:
    """(month, events as source, events as target) for the actors with these keys, dated events only."""
    with store.connect() as con:
        return [tuple(r) for r in con.execute(
            "SELECT date_trunc('month', date_start) AS m, count(*) FILTER (WHERE source_key IN (SELECT unnest(?::VARCHAR[]))),"
            " count(*) FILTER (WHERE target_key IN (SELECT unnest(?::VARCHAR[]))) FROM events "
            "WHERE date_start IS NOT NULL AND (source_key IN (SELECT unnest(?::VARCHAR[])) "
            "OR target_key IN (SELECT unnest(?::VARCHAR[]))) GROUP BY 1 ORDER BY 1", [keys] * 4).fetchall()]


def actor_partners(store: Store, keys: list[str], *, top: int = 10) -> list[dict[str, Any]]:
    """The actors most often on the other side of an event with these actors (code, else name), with counts
    each way and the mean Goldstein."""
    with store.connect() as con:
        return _dicts(con.execute(
            "SELECT partner, count(*) AS events, count(*) FILTER (WHERE outgoing) AS outgoing, "
            "count(*) FILTER (WHERE NOT outgoing) AS incoming, avg(goldstein) AS goldstein FROM ("
            " SELECT coalesce(target_code, target_name) AS partner, true AS outgoing, goldstein FROM events "
            " WHERE source_key IN (SELECT unnest(?::VARCHAR[])) AND NOT coalesce(target_key IN (SELECT unnest(?::VARCHAR[])), false)"
            " UNION ALL SELECT coalesce(source_code, source_name), false, goldstein FROM events "
            " WHERE target_key IN (SELECT unnest(?::VARCHAR[])) AND NOT coalesce(source_key IN (SELECT unnest(?::VARCHAR[])), false)"
            ") WHERE partner IS NOT NULL GROUP BY 1 ORDER BY events DESC, 1 LIMIT ?", [keys] * 4 + [top]))


# ---- stories and incidents for reading ----
def original_titles(store: Store, story_ids: list[str]) -> dict[str, str]:
    """Each story's title taken from its original article (the one that started it), not from a loosely
    related one."""
    if not story_ids or not has_stories(store):
        return {}
    with store.connect() as con:
        rows = con.execute(
            "SELECT CAST(s.story_id AS VARCHAR), arg_min(a.title, (a.published, a.id)) FROM article_stories s "
            "JOIN articles a ON a.id = s.article_id WHERE s.relation = 'original' AND a.title IS NOT NULL "
            "AND CAST(s.story_id AS VARCHAR) IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1", [story_ids]).fetchall()
    return dict(rows)


def incident_list(store: Store, *, min_sources: int = 1, limit: int = 200) -> list[dict[str, Any]] | None:
    """Incidents reported by at least `min_sources` outlets, latest first, each with its first report's
    sentence; None when the database has no story tables."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        rows = _incidents(con, "WHERE i.source_count >= ?", [min_sources],
                          "ORDER BY i.first_published DESC NULLS LAST, i.date DESC NULLS LAST, i.incident_id LIMIT ?",
                          [limit])
    return with_sentences(store, rows)


def incident_by_id(store: Store, incident_id: str) -> dict[str, Any] | None:
    """One incident with its events' records, or None."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        rows = _incidents(con, "WHERE CAST(i.incident_id AS VARCHAR) = ?", [incident_id], "")
        if not rows:
            return None
        events = [json.loads(r) for (r,) in con.execute(
            "SELECT record FROM events WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY date_start NULLS LAST, "
            "article_id, id", [rows[0]["event_ids"]]).fetchall()]
    return {**rows[0], "events": with_articles(store, events)}


def with_sentences(store: Store, incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incidents with the sentence and CAMEO code of their first report (the first of their events in the first
    article): the code tells an appeal from a demand, which share a PLOVER type."""
    ids = sorted({e for i in incidents for e in i["event_ids"]})
    if not ids:
        return incidents
    with store.connect() as con:
        found = {i: (s, c) for i, s, c in con.execute(
            "SELECT id, record->>'sentence', cameo FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [ids]).fetchall()}
    for i in incidents:
        first = [e for e in i["event_ids"] if str(e).startswith(f"{i['first_article_id']}:")] or i["event_ids"]
        sentence, cameo = next((found[e] for e in first if e in found), (None, None))
        i["sentence"], i["cameo"] = sentence, cameo
    return incidents


def explain_contradiction(c: Any, labels: dict[str, str]) -> str:
    """A contradiction between reports in words, without internal ids: "Reports disagree on CHN → UKR: one says
    REJECT, another SUPPORT." (`labels`: event type -> readable label)."""
    import re

    if not isinstance(c, dict):
        return str(c)
    detail = re.sub(r"\s*\(i-[0-9a-f]+\)", "", str(c.get("detail") or ""))
    values = [labels.get(str(v), str(v)) for v in c.get("values") or []]
    dyad = detail.split(":", 1)[0] if ":" in detail else ""
    kind = str(c.get("kind") or "detail")
    if values and len(values) >= 2:
        about = f" on {dyad.replace('->', ' → ')}" if dyad else ""
        return (f"Reports disagree{about} ({kind}): one says “{values[0]}”, "
                + ", ".join(f"another “{v}”" for v in values[1:]) + ".")
    return f"Reports disagree ({kind}): {detail}"


# ---- search across actors, articles and sentences ----
def global_search(store: Store, text: str, *, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Actors whose name, code or any alias name contains `text` (so "Beijing" finds China when the store
    resolved "Beijing" to China in some mention), articles whose title contains it, and event sentences
    containing it or naming a matched actor."""
    needle = text.strip().lower()
    if not needle:
        return {"actors": [], "articles": [], "events": []}
    with store.connect() as con:
        keys = [k for (k,) in con.execute(
            "SELECT DISTINCT x.key FROM actors x LEFT JOIN mentions m ON m.actor_key = x.key "
            "WHERE contains(lower(x.name), ?) OR lower(coalesce(x.code, '')) = ? OR contains(lower(m.text), ?)",
            [needle, needle, needle]).fetchall()]
        articles = _dicts(con.execute(
            "SELECT id, title, source, published FROM articles WHERE contains(lower(coalesce(title, '')), ?) "
            "ORDER BY published DESC NULLS LAST, id LIMIT ?", [needle, limit]))
        events = [json.loads(r) for (r,) in con.execute(
            "SELECT record FROM events WHERE contains(lower(record->>'sentence'), ?) "
            "OR source_key IN (SELECT unnest(?::VARCHAR[])) OR target_key IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY date_start DESC NULLS LAST, id LIMIT ?", [needle, keys, keys, limit]).fetchall()]
    actors = [a for a in canonical_actors(store) if set(a["keys"]) & set(keys)][:limit]
    return {"actors": actors, "articles": articles, "events": with_articles(store, events)}


def incident_of_event(store: Store, event_id: str) -> str | None:
    """The incident an event was grouped into, or None (no story tables, or in none)."""
    if not has_stories(store):
        return None
    with store.connect() as con:
        row = con.execute("SELECT CAST(incident_id AS VARCHAR) FROM incident_events WHERE CAST(event_id AS VARCHAR) = ? "
                          "LIMIT 1", [event_id]).fetchone()
    return row[0] if row else None
