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
}

# The text of an event that search looks in (the same four fields as `exact_match`); newline-separated so
# that no term spans two fields.
_EVENT_TEXT = "concat_ws(chr(10), record->>'sentence', record->>'trigger', source_name, target_name)"


def index_statements(article_filter: bool) -> list[str]:
    """SQL adding the terms of the events of some articles (one `?`: a VARCHAR[] of article ids) or of every
    event (article_filter False) to the index. The caller deletes those articles' old rows first."""
    where = " WHERE article_id IN (SELECT unnest(?::VARCHAR[]))" if article_filter else ""
    return [
        "INSERT INTO search_terms SELECT DISTINCT t, id, article_id FROM (SELECT id, article_id, "
        f"unnest(regexp_extract_all(lower({_EVENT_TEXT}), '{TERM_PATTERN}')) AS t FROM events{where})",
        # ANTI JOIN: only terms not yet in the vocabulary
        f"INSERT INTO search_vocab SELECT DISTINCT s.term FROM (SELECT term FROM search_terms{where}) s "
        "ANTI JOIN search_vocab v ON v.term = s.term",
    ]


def query_terms(con: Any, q: str) -> list[str]:
    """The distinct terms of a query, as the index splits text."""
    (terms,) = con.execute(f"SELECT list_distinct(regexp_extract_all(lower(?), '{TERM_PATTERN}'))", [q]).fetchone()
    return sorted(terms or [])


def candidates_sql(terms: list[str]) -> tuple[str, list[Any]]:
    """A subquery of event ids having, for each of `terms`, a term containing it (see the module docstring)."""
    sql = ("SELECT s.event_id FROM search_terms s JOIN (SELECT q.t, v.term FROM (SELECT unnest(?::VARCHAR[]) AS t) q "
           "JOIN search_vocab v ON contains(v.term, q.t)) h ON s.term = h.term "
           "GROUP BY s.event_id HAVING count(DISTINCT h.t) = ?")
    return sql, [terms, len(terms)]


def exact_match(q: str) -> tuple[str, list[Any]]:
    """The substring test itself (case-insensitive `q` in the sentence, trigger or an actor's name)."""
    # contains() rather than LIKE: the user's % and _ are text, not wildcards
    return ("(contains(lower(record->>'sentence'), lower(?)) OR contains(lower(record->>'trigger'), lower(?))"
            " OR contains(lower(coalesce(source_name, '')), lower(?))"
            " OR contains(lower(coalesce(target_name, '')), lower(?)))", [q] * 4)
