"""Stories that scale: signatures kept in the store, candidates found through its index (time window, inverted
index, LSH buckets), reads bounded by the candidates, and the one-off migration of a database linked without
the index. Texts are invented for these tests; unrelated stories are made of invented words."""

from collections import Counter
from datetime import date, timedelta

import duckdb
import pytest

import thucydides.stories as stories_pkg
from thucydides.model import Article, ArticleResult
from thucydides.stories import StoriesConfig, link_stories
from thucydides.stories.signatures import featurize
from thucydides.store import Store

FERRY = (
    "The harbour authority of Velmora suspended the night ferry to Quillon island on Tuesday after the vessel "
    "Saltwind lost power near the breakwater. Captain Ida Brenner said the crew restored the engines within an "
    "hour and no passenger was hurt. Inspectors from the maritime board will examine the Saltwind before it sails "
    "again, and the morning ferry to Quillon will run on a borrowed boat."
)
FERRY_FOLLOWUP = (
    "Inspectors from the maritime board began examining the ferry Saltwind in Velmora on Wednesday, a day after it "
    "lost power near the breakwater on the way to Quillon island. Captain Ida Brenner told the board the engines "
    "stopped twice. The harbour authority said the night ferry stays suspended until the inspection ends."
)
FERRY_LATER = (
    "The maritime board cleared the ferry Saltwind to sail to Quillon island again after its inspection in Velmora. "
    "Captain Ida Brenner will take the night ferry out on Friday, and the harbour authority lifted the suspension."
)
FERRY_REPRINT = FERRY.replace("on Tuesday", "on Tuesday, the authority said,") + " (Shared by a partner site.)"
SYLLABLES = ("ka", "lo", "mi", "ru", "te", "vo", "zi", "pa", "ne", "su", "do", "fe")
BASE = date(2025, 3, 3)


def _word(topic: int, n: int) -> str:
    """An invented word, different for every (topic, n)."""
    k = topic * 40 + n
    return "".join(SYLLABLES[(k // 12 ** i) % 12] for i in range(4)) + "x"


def _unrelated(topic: int, version: int) -> str:
    words = [_word(topic, n) for n in range(30)]
    shift = words[version * 3:] + words[:version * 3]  # two reports of one invented story: same words, reordered
    return ". ".join(" ".join(shift[i:i + 6]).capitalize() for i in range(0, 30, 6)) + "."


def _result(article_id: str, text: str, published: date | None, source: str = "Wire") -> ArticleResult:
    return ArticleResult(Article(id=article_id, raw_text=text, text=text, published=published, source=source,
                                 language="en"))


class CountingStore(Store):
    """Counts what story linking reads: rows of each story read method, and calls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: Counter[str] = Counter()

    def _count(self, name, out):
        self.rows[name] += len(out)
        return out

    def story_signatures(self, **kw):
        return self._count("signatures", super().story_signatures(**kw))

    def story_inputs(self, article_ids=None):
        self.rows["inputs_unbounded"] += article_ids is None  # a read of every stored article
        return self._count("inputs", super().story_inputs(article_ids))

    def story_headers(self, article_ids):
        return self._count("headers", super().story_headers(article_ids))

    def story_candidates(self, keys, first_day, last_day, exclude=()):
        return self._count("candidate_keys", super().story_candidates(keys, first_day, last_day, exclude))

    def story_lsh_matches(self, buckets, exclude=()):
        return self._count("lsh_matches", super().story_lsh_matches(buckets, exclude))

    def story_assignments(self):
        return self._count("assignments_all", super().story_assignments())


def _ferry_store(path, unrelated: int) -> CountingStore:
    store = CountingStore(path)
    results = [_result("f1", FERRY, BASE, "Velmora Post")]
    for t in range(unrelated):  # two reports of each invented story, spread over the days around the ferry
        day = BASE + timedelta(days=t % 20 - 10)
        results += [_result(f"u{t}a", _unrelated(t, 0), day), _result(f"u{t}b", _unrelated(t, 1), day)]
    store.write_results(results, "r1")
    link_stories(store)
    store.rows.clear()
    return store


def _story(store: Store, article_id: str) -> tuple[str, str]:
    """(story id, relation) of a placed article."""
    return store.story_members(article_ids=[article_id])[article_id]


def test_signatures_round_trip_through_the_store(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 2)
    cfg = StoriesConfig()
    expected = {s.article_id: s for s in featurize(store.story_inputs(), cfg.cluster, cfg.duplicates)}
    stored = store.story_signatures(article_ids=sorted(expected))
    assert {sig.article_id for sig, _ in stored} == set(expected)
    for sig, story in stored:
        want = expected[sig.article_id]
        assert story == dict(store.story_assignments())[sig.article_id][0]
        assert (sig.day, sig.order) == (want.day, want.order)
        assert (sig.minhash == want.minhash).all() and len(sig.minhash) == cfg.duplicates.num_perm
        assert set(sig.blocks) == {b for b, t in want.blocks.items()}
        for block, terms in want.blocks.items():
            assert (sig.blocks[block].indices == terms.indices).all()
            assert (sig.blocks[block].values == terms.values).all()


def test_new_article_joins_its_story_found_through_the_index(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 6)
    store.write_results([_result("f2", FERRY_FOLLOWUP, BASE + timedelta(days=1), "Quillon Daily")], "r2")
    summary = link_stories(store)
    assert summary.articles_linked == 1 and summary.new_stories == 0
    assert _story(store, "f2")[:2] == ("s-f1", "related")
    # the ferry story came from the inverted index, and only its article's signature was read
    assert store.rows["signatures"] == 1 and store.rows["inputs"] == 1


@pytest.mark.parametrize("days_later, story", [
    (20, "s-f1"),  # within the 30-day window: joins the story (similarity decayed, still above the threshold)
    (45, "s-f2"),  # beyond it: the same follow-up starts a story of its own
    (-45, "s-f2"),  # a late-arriving article dated well before the story: also outside the window
])
def test_time_window_decides_whether_a_story_is_a_candidate(tmp_path, days_later, story):
    store = _ferry_store(tmp_path / "s.duckdb", 0)
    store.write_results([_result("f2", FERRY_FOLLOWUP, BASE + timedelta(days=days_later))], "r2")
    link_stories(store)
    assert _story(store, "f2")[0] == story


def test_window_is_configurable(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 0)
    store.write_results([_result("f2", FERRY_FOLLOWUP, BASE + timedelta(days=45))], "r2")
    wide = StoriesConfig(cluster=StoriesConfig().cluster.__class__(window_days=60))
    link_stories(store, config=wide)
    assert _story(store, "f2")[0] == "s-f1"  # 45 days is inside a 60-day window


def test_reprint_found_through_the_stored_lsh_buckets(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 3)
    with duckdb.connect(str(store.path), read_only=True) as con:
        bands = con.execute("SELECT count(*) FROM story_lsh WHERE article_id = 'f1'").fetchone()[0]
    assert bands > 1  # one bucket per band
    # dated beyond the story window: only the LSH bucket table can find its original
    store.write_results([_result("f3", FERRY_REPRINT, BASE + timedelta(days=90), "Aggregator")], "r2")
    summary = link_stories(store)
    assert summary.reprints == 1
    assert store.rows["lsh_matches"] == 1
    with duckdb.connect(str(store.path), read_only=True) as con:
        row = con.execute("SELECT story_id, relation, duplicate_of FROM article_stories "
                          "WHERE article_id = 'f3'").fetchone()
    assert row == ("s-f1", "reprint", "f1")


@pytest.mark.parametrize("unrelated", [4, 16, 40])  # stored invented stories besides the ferry one
def test_reads_for_a_placement_do_not_grow_with_the_store(tmp_path, unrelated):
    store = _ferry_store(tmp_path / "s.duckdb", unrelated)
    store.write_results([_result("f2", FERRY_FOLLOWUP, BASE + timedelta(days=1))], "r2")
    link_stories(store)
    assert _story(store, "f2")[0] == "s-f1"
    # the same reads whatever the store holds: the new article, its one candidate story, nothing else
    assert store.rows == Counter({"inputs": 1, "signatures": 1, "headers": 1,
                                  "candidate_keys": store.rows["candidate_keys"]})
    assert store.rows["candidate_keys"] <= 200  # (key, day, story) rows of the ferry story's one article
    assert store.rows["inputs_unbounded"] == 0 and store.rows["assignments_all"] == 0


def test_database_linked_without_the_index_is_migrated_once(tmp_path, monkeypatch):
    store = _ferry_store(tmp_path / "s.duckdb", 3)
    with duckdb.connect(str(store.path)) as con:  # what a database linked by the previous version looks like
        for table in ("story_signatures", "story_lsh", "story_keys", "story_df"):
            con.execute(f"DROP TABLE {table}")
    assert store.story_index_state() == "unindexed"
    builds = []
    real = stories_pkg.build_index
    monkeypatch.setattr(stories_pkg, "build_index", lambda s, c: builds.append(1) or real(s, c))
    store.write_results([_result("f2", FERRY_FOLLOWUP, BASE + timedelta(days=1))], "r2")
    link_stories(store)
    assert builds == [1] and store.story_index_state() == "ready"
    assert _story(store, "f2")[0] == "s-f1"
    with duckdb.connect(str(store.path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM story_signatures").fetchone()[0] == 8
        assert con.execute("SELECT df FROM story_df WHERE block = '*'").fetchone()[0] == 8
    store.write_results([_result("f3", FERRY_REPRINT, BASE + timedelta(days=2))], "r3")
    link_stories(store)
    assert builds == [1]  # not again


def test_refreshed_article_replaces_its_index_rows_and_counts(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 2)

    def state():
        with duckdb.connect(str(store.path), read_only=True) as con:
            return (con.execute("SELECT df FROM story_df WHERE block = '*'").fetchone()[0],
                    con.execute("SELECT count(*) FROM story_signatures").fetchone()[0],
                    con.execute("SELECT count(*), count(DISTINCT article_id) FROM story_lsh").fetchone())

    before = state()
    assert before[0] == before[1] == 5
    link_stories(store, refresh=["f1", "u0a"])  # re-processed, unchanged: same stories, same counts
    assert state() == before
    assert _story(store, "f1")[0] == "s-f1" and _story(store, "u0a")[0] == "s-u0a"


def test_a_story_is_compared_through_its_latest_articles_only(tmp_path):
    store = _ferry_store(tmp_path / "s.duckdb", 4)
    follow = [FERRY_FOLLOWUP.replace("Wednesday", day) for day in ("Thursday", "Friday", "Saturday", "Sunday")]
    small = StoriesConfig(cluster=StoriesConfig().cluster.__class__(story_members=2))
    for i, text in enumerate(follow):  # daily runs
        store.write_results([_result(f"f{i + 2}", text, BASE + timedelta(days=i + 1))], f"r{i}")
        link_stories(store, config=small)
    assert {_story(store, f"f{i}")[0] for i in range(1, 6)} == {"s-f1"}
    store.rows.clear()
    store.write_results([_result("f9", FERRY_LATER, BASE + timedelta(days=6))], "r2")
    link_stories(store, config=small)
    assert _story(store, "f9")[0] == "s-f1"
    assert store.rows["signatures"] == 2  # of the story's five articles, the two latest


class _TextOnlyPipeline:
    """Stands in for spaCy: each article comes back with its text and nothing extracted."""

    def process(self, articles):
        for article in articles:
            yield ArticleResult(Article(id=article.id, raw_text=article.raw_text, text=article.raw_text,
                                        language="en"))


def test_story_evaluation_links_through_the_store_in_successive_runs(tmp_path, monkeypatch):
    import json

    from thucydides.evaluation.stories import evaluate

    docs = [("f1", "ferry", FERRY), ("f2", "ferry", FERRY_FOLLOWUP), ("f3", "ferry", FERRY_LATER)]
    docs += [(f"u{t}{v}", f"u{t}", _unrelated(t, v)) for t in range(2) for v in range(2)]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"id": i, "topic": 1, "subtopic": s, "text": t}) + "\n" for i, s, t in docs))
    calls = []
    real = stories_pkg.link_stories
    monkeypatch.setattr(stories_pkg, "link_stories", lambda store, **kw: calls.append(1) or real(store, **kw))
    scores = evaluate(gold, pipeline=_TextOnlyPipeline(), batch_size=3)
    assert len(calls) == 3  # 7 documents in runs of 3: three links, as three daily runs would do
    assert scores.documents == 7 and scores.predicted_stories == 3
    assert scores.f1 == pytest.approx(1.0)
