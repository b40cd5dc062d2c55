"""Acceptance on the five real seed articles in ../shared/seeds: facts a careful reader of them expects.

Skips when the folder is absent. Nothing from the articles is copied here: the assertions name actors,
codes, dates and article ids only.
"""

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not (SEEDS / "manifest.jsonl").exists(), reason="../shared/seeds is not present"),
]


@pytest.fixture(scope="module")
def seeds_db(seeds_run):
    from thucydides.store import Store

    db, summary = seeds_run
    assert summary.articles_processed == 5, summary
    return Store(db, read_only=True)


def _events(store, article_prefix=None, **filters):
    rows = store.events(**filters)
    return [r for r in rows if article_prefix is None or r["article_id"].startswith(article_prefix)]


def test_every_seed_article_yields_events(seeds_db):
    ids = {r["article_id"] for r in seeds_db.events()}
    assert len(ids) == 5


def test_blinken_criticises_beijing_on_march_7(seeds_db):
    found = [
        e for e in seeds_db.events(event_type="ACCUSE")
        if e["source"]["name"] == "Antony Blinken" and e["target"] and e["target"]["code"] == "CHN"
        and e["date"] == "2022-03-07"
    ]
    assert found, "no ACCUSE Blinken -> CHN dated 2022-03-07"
    assert {e["article_id"][:3] for e in found} & {"000", "003"}


def test_blinken_wang_phone_call_dated_march_5_in_both_reports(seeds_db):
    consults = seeds_db.events(event_type="CONSULT")
    articles = set()
    for e in consults:
        names = {e["source"]["name"], e["target"]["name"] if e["target"] else None}
        codes = {e["source"]["code"], e["target"]["code"] if e["target"] else None}
        if e["date"] == "2022-03-05" and ({"Antony Blinken", "Wang Yi"} & names) and {"USA", "CHN"} <= codes:
            articles.add(e["article_id"][:3])
    assert {"002", "003"} <= articles


def test_wang_yi_remarks_on_russia_attributed_to_wang_yi(seeds_db):
    quotes = [q for q in seeds_db.quotes() if q["article_id"].startswith("003")]
    wang = [q for q in quotes if q["speaker"] and q["speaker"]["name"] == "Wang Yi"]
    assert len(wang) >= 2
    assert any("Russia" in q["text"] for q in wang)
    # the garbled "the king" in 000 is never attributed to a wrong person
    for q in seeds_db.quotes():
        speaker = q["speaker"]
        if speaker and speaker["text"].lower() in ("the king", "king"):
            assert speaker["name"] in (None, "Wang Yi")


def test_donation_appeal_removed_and_recorded(seeds_db):
    [article] = [a for a in seeds_db.articles(with_text=True) if a["id"].startswith("003")]
    reasons = {r["reason"] for r in article["removals"]}
    assert reasons & {"donation-appeal", "subscription-appeal"}
    assert "per month" not in article["text"]
    assert "Stano" in article["text"]  # the news content before the appeal stays
