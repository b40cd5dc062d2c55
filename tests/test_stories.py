"""Stories: reprints, paraphrases, translated copies, clustering and the stored links, on short texts written for
these tests and hand-built records (no spaCy model)."""

from datetime import date

import pytest

from thucydides.model import Actor, ActorMention, ActorRef, Article, ArticleResult, Event, Quote, Speaker
from thucydides.stories import link_stories
from thucydides.stories.clustering import StoryClusterer
from thucydides.stories.duplicates import find_reprints, translation_signals
from thucydides.stories.model import ReportedQuote, StoryInput
from thucydides.stories.quotes import link_quotes
from thucydides.store import Store

ORIGINAL = (
    "Spanish Foreign Minister Lena Ortiz met Jordanian Foreign Minister Omar Haddad in Amman on Friday to discuss "
    "water sharing along the Jordan valley and the reopening of the northern border crossing. Ortiz said both "
    "governments wanted a joint commission on the aquifer before the summer. Haddad told reporters that Jordan would "
    "send engineers to Madrid next month to study desalination plants on the Spanish coast."
)
REPRINT = ORIGINAL.replace("on Friday", "on Friday, officials said,") + " (Reprinted with permission.)"
PARAPHRASE = (
    "Jordan and Spain agreed on Friday to set up a joint commission on the aquifer, after talks in Amman between "
    "foreign ministers Omar Haddad and Lena Ortiz about water sharing in the Jordan valley. Haddad said engineers "
    "would travel to Madrid to study Spanish desalination plants, and the border crossing in the north may reopen."
)
TRANSLATED = (
    "Foreign Minister of Spain Lena Ortis met Jordan foreign minister Omar Haddad in Amman on Friday for discuss "
    "the sharing of the water of valley Jordan. “Both governments want commission common,” he said. Said In Amman. "
    "Haddad told to journalists that Jordan will send the engineers to Madrid. study the plants. In."
)
OTHER_EVENT = (
    "Japanese Trade Minister Kenji Sato met Kenyan Trade Secretary Grace Wanjiru in Nairobi on Tuesday to sign a "
    "tea export agreement. Sato said Japanese buyers would double their purchases of Kenyan tea and coffee by 2026, "
    "and Wanjiru promised faster customs checks at the port of Mombasa."
)
PEOPLE = ["Lena Ortiz", "Omar Haddad", "Kenji Sato"]


def doc(article_id, text, published, **kw):
    return StoryInput(article_id=article_id, text=text, published=published, **kw)


def test_reprint_links_to_the_earliest_version():
    a = doc("a", ORIGINAL, date(2024, 5, 10))
    b = doc("b", REPRINT, date(2024, 5, 11))
    c = doc("c", REPRINT, date(2024, 5, 12))
    links = find_reprints([], [c, b, a])
    assert set(links) == {"b", "c"}
    assert links["b"].duplicate_of == "a" and links["c"].duplicate_of == "a"
    assert links["b"].relation == "reprint" and links["b"].similarity >= 0.5


def test_paraphrase_and_other_event_are_not_reprints():
    a = doc("a", ORIGINAL, date(2024, 5, 10))
    links = find_reprints([a], [doc("p", PARAPHRASE, date(2024, 5, 11)), doc("o", OTHER_EVENT, date(2024, 5, 11))])
    assert links == {}


def test_translation_signals_flag_garbled_copy_not_clean_text():
    points, reasons = translation_signals(TRANSLATED, ["Lena Ortis", "Omar Haddad"], PEOPLE)
    assert points >= 2
    assert any("Lena Ortis ~ Lena Ortiz" in r for r in reasons)
    for clean in (ORIGINAL, PARAPHRASE, OTHER_EVENT):
        assert translation_signals(clean, ["Lena Ortiz", "Omar Haddad", "Kenji Sato"], PEOPLE)[0] == 0


def _inputs():
    return [
        doc("a", ORIGINAL, date(2024, 5, 10), names=("Lena Ortiz", "Omar Haddad", "Amman", "Madrid"),
            actors=("Spain", "Jordan", "Lena Ortiz", "Omar Haddad"), dyads=("ESP->JOR",), dates=("2024-05-10",)),
        doc("p", PARAPHRASE, date(2024, 5, 11), names=("Omar Haddad", "Lena Ortiz", "Amman", "Madrid"),
            actors=("Jordan", "Spain", "Omar Haddad", "Lena Ortiz"), dyads=("JOR->ESP",), dates=("2024-05-10",)),
        doc("o", OTHER_EVENT, date(2024, 5, 11), names=("Kenji Sato", "Grace Wanjiru", "Nairobi", "Mombasa"),
            actors=("Japan", "Kenya", "Kenji Sato"), dyads=("JPN->KEN",), dates=("2024-05-07",)),
    ]


def test_paraphrase_joins_the_story_and_a_different_event_starts_another():
    a, p, o = _inputs()
    placements = StoryClusterer().assign([], [o, p, a], lambda d: f"s-{d.article_id}")
    story = {x.article_id: x.story_id for x in placements}
    assert story["a"] == story["p"] == "s-a"
    assert story["o"] == "s-o"


def test_incremental_assignment_keeps_existing_stories():
    a, p, o = _inputs()
    placements = StoryClusterer().assign([(a, "s-a"), (o, "s-o")], [p], lambda d: f"s-{d.article_id}")
    assert [(x.article_id, x.story_id) for x in placements] == [("p", "s-a")]
    assert placements[0].similarity is not None and placements[0].similarity > 0


def test_same_quote_in_two_reports_is_linked_with_each_attribution():
    quotes = [
        ReportedQuote("a:q0", "a", "Both governments want a joint commission on the aquifer before the summer",
                      "Lena Ortiz", "ESP", "Ortiz"),
        ReportedQuote("t:q0", "t", "Both governments want commission common on the aquifer before summer",
                      None, None, "he"),
        ReportedQuote("o:q0", "o", "Japanese buyers will double their purchases of Kenyan tea", "Kenji Sato", "JPN",
                      "Sato"),
    ]
    [link] = link_quotes("s-a", quotes)
    assert [(v.quote_id, v.speaker_name, v.speaker_text) for v in link.versions] == [
        ("a:q0", "Lena Ortiz", "Ortiz"), ("t:q0", None, "he")]
    assert link.versions[1].similarity >= 70


# ---- the store: link_stories end to end on hand-built article results ----
ORTIZ = Actor("Lena Ortiz", "ESP", "GOV", "person", "Foreign Minister")
HADDAD = Actor("Omar Haddad", "JOR", "GOV", "person", "Foreign Minister")
SATO = Actor("Kenji Sato", "JPN", "GOV", "person", "Trade Minister")
WANJIRU = Actor("Grace Wanjiru", "KEN", "GOV", "person", "Trade Secretary")


def result(article_id, text, published, source, pairs, day, quote=None):
    article = Article(id=article_id, raw_text=text, published=published, source=source, text=text, language="en")
    mentions, events = [], []
    for i, (src, tgt) in enumerate(pairs):
        for actor in (src, tgt):
            at = max(text.find(actor.name.split()[-1]), 0)
            mentions.append(ActorMention(actor.name, at, at + len(actor.name), 0, actor, "registry"))
        events.append(Event(
            id=f"{article_id}:e{i}", article_id=article_id, sentence=text[:80], sentence_index=0, span=(0, 80),
            event_type="CONSULT", mode=None, cameo="040", quad_class=1, goldstein=1.0,
            source=ActorRef.of(src.name, src), target=ActorRef.of(tgt.name, tgt), date=day, date_precision="day",
            date_basis="text", date_text="Friday", location=None, negated=False, hypothetical=False, trigger="met",
            rule="verb:meet", confidence=0.8))
    quotes = [Quote(id=f"{article_id}:q0", article_id=article_id, text=quote, speaker=Speaker("he", None, None, None),
                    cue="say", span=(0, 10))] if quote else []
    return ArticleResult(article=article, mentions=mentions, events=events, quotes=quotes)


@pytest.fixture()
def store(tmp_path):
    store = Store(tmp_path / "t.duckdb")
    store.write_results([
        result("a", ORIGINAL, date(2024, 5, 10), "Wire One", [(ORTIZ, HADDAD)], "2024-05-10",
               quote="Both governments want a joint commission on the aquifer before the summer"),
        result("b", REPRINT, date(2024, 5, 11), "Paper Two", [(ORTIZ, HADDAD)], "2024-05-10"),
        result("p", PARAPHRASE, date(2024, 5, 11), "Paper Three", [(HADDAD, ORTIZ)], "2024-05-10",
               quote="Both governments want a joint commission on the aquifer before summer"),
        result("o", OTHER_EVENT, date(2024, 5, 11), "Wire One", [(SATO, WANJIRU)], "2024-05-07"),
    ], "run1")
    return store


def test_link_stories_stores_stories_incidents_and_quote_links(store):
    summary = link_stories(store)
    assert summary.articles_linked == 4 and summary.reprints == 1 and summary.new_stories == 2
    rows = {s["story_id"]: s for s in store.stories()}
    assert set(rows) == {"s-a", "s-o"}
    assert rows["s-a"]["article_count"] == 3 and rows["s-a"]["source_count"] == 3
    relations = {a["article_id"]: (a["relation"], a["duplicate_of"]) for a in rows["s-a"]["articles"]}
    assert relations == {"a": ("original", None), "b": ("reprint", "a"), "p": ("related", None)}
    [meeting] = store.incidents(min_sources=2)
    assert meeting["article_count"] == 3 and meeting["source_count"] == 3
    assert meeting["first_article_id"] == "a" and meeting["story_id"] == "s-a"
    assert len(store.incidents()) == 2
    events = {e["id"]: e for e in store.events()}
    assert events["p:e0"]["incident_id"] == events["a:e0"]["incident_id"] == meeting["incident_id"]
    assert events["o:e0"]["story_id"] == "s-o" and events["o:e0"]["incident_id"] != meeting["incident_id"]
    import duckdb

    with duckdb.connect(str(store.path), read_only=True) as con:
        assert sorted(con.execute("SELECT quote_id FROM quote_links").fetchall()) == [("a:q0",), ("p:q0",)]


def test_link_stories_twice_changes_nothing_and_new_articles_join_incrementally(store, tmp_path):
    link_stories(store)
    before = (store.stories(), store.incidents(), store.events())
    assert link_stories(store).articles_linked == 0
    assert (store.stories(), store.incidents(), store.events()) == before
    store.write_results([result("c", PARAPHRASE.replace("Friday", "Friday evening"), date(2024, 5, 12), "Paper Four",
                                [(ORTIZ, HADDAD)], "2024-05-10")], "run2")
    summary = link_stories(store)
    assert summary.articles_linked == 1 and summary.new_stories == 0
    [meeting] = store.incidents(min_sources=2)
    assert meeting["article_count"] == 4
    assert {s["story_id"]: s["article_count"] for s in store.stories()} == {"s-a": 4, "s-o": 1}


def test_reads_on_a_database_without_story_tables(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    Store(path).write_results([result("o", OTHER_EVENT, date(2024, 5, 11), "W", [(SATO, WANJIRU)], "2024-05-07")],
                              "r")
    with duckdb.connect(str(path)) as con:  # created by the first link_stories only
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert not tables & {"stories", "article_stories", "incidents", "incident_events", "quote_links"}
    old = Store(path, read_only=True)
    assert old.stories() == [] and old.incidents() == []
    [event] = old.events()
    assert event["story_id"] is None and event["incident_id"] is None
