"""Text search through the term index (thucydides.search): same answers as a substring scan, from the index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from thucydides.model import Actor, ActorRef, Article, ArticleResult, Event
from thucydides.store import Store
from thucydides.web import queries as Q

KALMAR = Actor("Kalmar Republic", "KLR", None, "country")  # invented countries and people
ZURICH_GUILD = Actor("Zürich Weavers Guild", None, None, "organization")
OSTRAVA = Actor("Ostrava", "OST", None, "country")

# (event id suffix, sentence, trigger, source, target): invented sentences
EVENTS = [
    ("e0", "Kalmar held talks with Ostrava over fishing quotas.", "talks", KALMAR, OSTRAVA),
    ("e1", "Ostrava accused Kalmar of moving troops to the border.", "accused", OSTRAVA, KALMAR),
    ("e2", "The Zürich Weavers Guild protested new tariffs on wool.", "protested", ZURICH_GUILD, None),
    ("e3", "Kalmar's envoy said the talk-show host was 100% wrong.", "said", KALMAR, None),
    ("e4", "Ostrava and Kalmar signed a cease-fire after 3 rounds of talks held in secret.", "signed", OSTRAVA, KALMAR),
    ("e5", "Talks collapsed; Ostrava walked out (again).", "walked out", OSTRAVA, None),
]


def _result(article_id: str, events: list[tuple[str, str, str, Actor, Actor | None]]) -> ArticleResult:
    return ArticleResult(
        article=Article(id=article_id, raw_text="x", published=date(2024, 3, 1), text="x"), mentions=[],
        events=[Event(id=f"{article_id}:{suffix}", article_id=article_id, sentence=sentence, sentence_index=i,
                      span=(0, len(sentence)), event_type="CONSULT", mode=None, cameo="040", quad_class=1,
                      goldstein=1.0, source=ActorRef.of(source.name, source),
                      target=ActorRef.of(target.name, target) if target else None, date="2024-02-28",
                      date_precision="day", date_basis="text", date_text=None, location=None, negated=False,
                      hypothetical=False, trigger=trigger, rule="test", confidence=0.9)
                for i, (suffix, sentence, trigger, source, target) in enumerate(events)],
        quotes=[])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    Store(path).write_results([_result("a1", EVENTS[:3]), _result("a2", EVENTS[3:])], run_id="r")
    return path


def _scan(q: str) -> set[str]:
    """The old semantics: q, case-insensitive, inside the sentence, the trigger or an actor's name."""
    needle = q.lower()
    return {f"{'a1' if i < 3 else 'a2'}:{suffix}" for i, (suffix, sentence, trigger, source, target)
            in enumerate(EVENTS)
            if any(needle in (text or "").lower() for text in (sentence, trigger, source.name,
                                                                 target.name if target else None))}


def _search(db: Path, q: str) -> set[str]:
    page = Q.search_events(Store(db, read_only=True), Q.EventFilter(q=q), page_size=500)
    assert page.total == len(page.items)
    return {e["id"] for e in page.items}


@pytest.mark.parametrize("q", [
    "talks",              # one whole word, in three sentences and a trigger
    "TALKS",              # case-insensitive
    "alk",                # inside words: talks, talk-show, walked
    "held talks",         # two words next to each other
    "talks held",         # two words next to each other in e4 (e0 has both, in the other order)
    "talk-show",          # a hyphenated word (two terms and the hyphen between them)
    "100%",               # a digit run and a percent sign (taken as text, not a wildcard)
    "zürich weavers",     # non-ASCII letters, and an actor's name
    "republic",           # only in an actor's name
    "walked out",         # a trigger of two words
    "(again)",            # punctuation around a word
    "kalmar's",           # an apostrophe
    "fishing quotas.",    # the sentence's full stop
    "wool ostrava",       # words from different events: nothing
    "%",                  # no letter or digit: answered by the plain scan
    "nonexistentword",    # nothing
])
def test_index_search_equals_substring_scan(db: Path, q: str) -> None:
    assert _search(db, q) == _scan(q)


def test_search_reads_the_index(db: Path) -> None:
    # drop e0's index rows: the search no longer finds it, so answers come from the index, not from a scan
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM search_terms WHERE event_id = 'a1:e0'")
    assert _search(db, "fishing") == set()
    assert _search(db, "talks held") == {"a2:e4"}  # two terms: candidates, then the substring check


def test_replaced_article_replaces_its_terms(db: Path) -> None:
    Store(db).write_results([_result("a1", [("e0", "Kalmar praised Ostrava's harvest.", "praised", KALMAR,
                                              OSTRAVA)])], run_id="r2")
    assert _search(db, "fishing") == set()
    assert _search(db, "harvest") == {"a1:e0"}
    with duckdb.connect(str(db), read_only=True) as con:
        stale = con.execute("SELECT count(*) FROM search_terms WHERE article_id = 'a1' AND term = 'fishing'")
        assert stale.fetchone()[0] == 0


def test_index_of_an_older_database_is_built_on_first_write(db: Path) -> None:
    with duckdb.connect(str(db)) as con:  # as a database written before the index existed
        for table in ("search_terms", "search_vocab", "event_actor_names"):
            con.execute(f"DROP TABLE {table}")
    assert _search(db, "fishing") == {"a1:e0"}  # read-only: found by the scan
    Store(db).start_run("r3")  # any write builds the index from the stored events
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM search_terms WHERE term = 'fishing'").fetchone()[0] == 1
    assert _search(db, "fishing") == {"a1:e0"}


@pytest.mark.parametrize("dyad, ids", [
    ("KLR:OST", {"a1:e0"}),                 # codes
    ("klr:ost", {"a1:e0"}),                 # codes in any case
    ("Kalmar Republic:OST", {"a1:e0"}),     # a full name
    ("republic:kalmar", set()),             # one word of a name; no event from Kalmar to Kalmar
    ("OST:Kalmar", {"a1:e1", "a2:e4"}),     # one word of a name on the target side
    ("Atlantis:OST", set()),                # nobody
])
def test_dyad_filter_through_actor_names(db: Path, dyad: str, ids: set[str]) -> None:
    page = Q.search_events(Store(db, read_only=True), Q.EventFilter(dyad=dyad), page_size=500)
    assert {e["id"] for e in page.items} == ids
    # the same as the store's own per-row matching
    assert {e["id"] for e in Store(db, read_only=True).events(dyad=dyad)} == ids


def test_end_of_run_resorts_the_postings(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thucydides import store as store_module
    from thucydides.model import RunSummary

    monkeypatch.setattr(store_module, "_COMPACT_MIN", 0)  # any appended rows are worth it here
    store = Store(db)
    store.write_results([_result("a0", [("e9", "Ostrava praised a zebra crossing.", "praised", OSTRAVA, None)])],
                        run_id="r2")  # its terms come after a1's and a2's, unsorted
    with duckdb.connect(str(db), read_only=True) as con:
        terms = [t for (t,) in con.execute("SELECT term FROM search_terms").fetchall()]
    assert terms != sorted(terms)
    store.finish_run("r2", RunSummary())
    with duckdb.connect(str(db), read_only=True) as con:
        terms = [t for (t,) in con.execute("SELECT term FROM search_terms").fetchall()]
        sorted_rows = con.execute("SELECT value FROM thucydides_meta WHERE key = 'search_sorted_rows'").fetchone()
    assert terms == sorted(terms) and sorted_rows == (str(len(terms)),)
    assert _search(db, "zebra") == {"a0:e9"} and _search(db, "talks") == _scan("talks")
