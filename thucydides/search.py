"""Text search over events through a term index, written with the events (see `Store.write_results`).

DuckDB's fts extension is not part of the Python wheel and would need a download at run time, so the index is
two plain tables:

    search_vocab  term                           every term seen once (never pruned: a stale term only adds
                                                 a candidate that the exact check then drops)
    search_terms  term, event_id, article_id     one row per distinct term of an event

A term is a lower-cased run of letters, digits or '_' (RE2 classes \\p{L}, \\p{N}) of the event's sentence,
trigger, source name and target name: the four fields the web search looks in.

Semantics are exactly the old substring search (case-insensitive `q` inside one of the four fields): if q is
inside a field, every term of q lies inside some term of that field (the first and last may be cut), so the
events having, for every term of q, a term containing it are a superset of the answer; the substring test then
runs on those candidates only. Looking a term up is a `contains` over the vocabulary (tens of thousands of rows,
not millions) and a join on `search_terms`. A q without any letter or digit has no terms and is answered by the
plain scan (documented in docs/performance.md).
"""

from __future__ import annotations

from typing import Any

TERM_PATTERN = r"[\p{L}\p{N}_]+"

SEARCH_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "search_vocab": (("term", "VARCHAR"),),
    "search_terms": (("term", "VARCHAR"), ("event_id", "VARCHAR"), ("article_id", "VARCHAR")),
    # every (code, name) an event's source or target has had: an actor filter is first resolved on these few
    # rows into lists of codes and names, and events are then filtered by plain IN lists (see `actor_clause`)
    "event_actor_names": (("code", "VARCHAR"), ("name", "VARCHAR")),
}

# The text of an event that search looks in (the same four fields as `exact_match`); newline-separated so
# that no term spans two fields.
_EVENT_TEXT = "concat_ws(chr(10), record->>'sentence', record->>'trigger', source_name, target_name)"


def index_statements(article_filter: bool) -> list[str]:
    """SQL adding the terms of the events of some articles (one `?`: a VARCHAR[] of article ids) or of every
    event (article_filter False) to the index. The caller deletes those articles' old rows first."""
    where = " WHERE article_id IN (SELECT unnest(?::VARCHAR[]))" if article_filter else ""
    # sorted by term: DuckDB skips the row groups whose term range cannot match (see `compact`)
    return [
        "INSERT INTO search_terms SELECT DISTINCT t, id, article_id FROM (SELECT id, article_id, "
        f"unnest(regexp_extract_all(lower({_EVENT_TEXT}), '{TERM_PATTERN}')) AS t FROM events{where}) ORDER BY t",
        # ANTI JOIN: only terms not yet in the vocabulary
        f"INSERT INTO search_vocab SELECT DISTINCT s.term FROM (SELECT term FROM search_terms{where}) s "
        "ANTI JOIN search_vocab v ON v.term = s.term",
        "INSERT INTO event_actor_names SELECT DISTINCT p.code, p.name FROM "
        f"(SELECT source_code AS code, source_name AS name FROM events{where} UNION ALL "
        f"SELECT target_code, target_name FROM events{where}) p "
        "ANTI JOIN event_actor_names x ON x.code IS NOT DISTINCT FROM p.code AND x.name IS NOT DISTINCT FROM p.name",
    ]


def query_terms(con: Any, q: str) -> tuple[list[str], bool]:
    """The distinct terms of a query, as the index splits text, and whether the query is one term and nothing
    else (then the events having a term that contains it are exactly the answer: no substring check needed)."""
    terms, whole = con.execute(f"SELECT list_distinct(regexp_extract_all(lower(?), '{TERM_PATTERN}')), "
                               f"regexp_full_match(lower(?), '{TERM_PATTERN}')", [q, q]).fetchone()
    return sorted(terms or []), bool(whole)


def compact_statements() -> list[str]:
    """Rewrite search_terms sorted by term. Rows appended by later writes come unsorted at the end; once they
    are many, a rewrite makes lookups skip row groups again (`Store` runs it at a publish, see there)."""
    return ["CREATE TABLE search_terms_sorted AS SELECT * FROM search_terms ORDER BY term",
            "DROP TABLE search_terms", "ALTER TABLE search_terms_sorted RENAME TO search_terms"]


def candidates_sql(terms: list[str]) -> tuple[str, list[Any]]:
    """A subquery of the ids of events having a term that contains the longest of `terms`: a superset of the
    answer (see the module docstring). One term rather than all of them: intersecting with a common word (a
    million postings) costs more than checking the extra candidates of the rarer one; the longest term is
    usually the rarest."""
    term = max(terms, key=lambda t: (len(t), t))
    return ("SELECT DISTINCT s.event_id FROM search_terms s WHERE s.term IN "
            "(SELECT v.term FROM search_vocab v WHERE contains(v.term, ?))", [term])


def actor_clause(con: Any, code_col: str, name_col: str, value: str) -> tuple[str, list[Any]]:
    """SQL matching an actor as `store._actor_match` does (code, full name or one word of the name, all
    case-insensitive), but evaluated once on event_actor_names and applied to the events as IN lists: the
    per-row upper/lower/string_split over a million rows cost ~100 ms a filter."""
    codes, names = con.execute(
        "SELECT coalesce(list(DISTINCT code) FILTER (WHERE upper(code) = upper(?)), []), "
        "coalesce(list(DISTINCT name) FILTER (WHERE lower(name) = lower(?) OR "
        "list_contains(string_split(lower(name), ' '), lower(?))), []) FROM event_actor_names",
        [value, value, value]).fetchone()
    parts = [f"{col} IN ({', '.join('?' * len(values))})" for col, values in ((code_col, codes), (name_col, names))
             if values]
    return ("(" + " OR ".join(parts) + ")" if parts else "false"), [*codes, *names]


def exact_match(q: str) -> tuple[str, list[Any]]:
    """The substring test itself (case-insensitive `q` in the sentence, trigger or an actor's name)."""
    # contains() rather than LIKE: the user's % and _ are text, not wildcards
    return ("(contains(lower(record->>'sentence'), lower(?)) OR contains(lower(record->>'trigger'), lower(?))"
            " OR contains(lower(coalesce(source_name, '')), lower(?))"
            " OR contains(lower(coalesce(target_name, '')), lower(?)))", [q] * 4)
