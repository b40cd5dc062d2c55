"""Stories and incidents on the five real seed articles in ../shared/seeds (skipped when absent). Nothing from the
articles is copied here: the assertions name actors, dates, article ids and manifest fields only."""

import json
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not (SEEDS / "manifest.jsonl").exists(), reason="../shared/seeds is not present"),
]


@pytest.fixture(scope="module")
def seeds_store(seeds_run):
    from thucydides.store import Store

    return Store(seeds_run[0], read_only=True)


def test_blinken_wang_call_is_one_incident_reported_by_several_articles(seeds_store):
    calls = [i for i in seeds_store.incidents(event_type="CONSULT", since="2022-03-05", until="2022-03-05")
             if {i["source_name"], i["target_name"]} == {"Antony Blinken", "Wang Yi"}]
    assert len(calls) == 1, calls
    [call] = calls
    assert call["article_count"] >= 2 and call["source_count"] >= 2
    assert {m["article_id"][:3] for m in call["members"]} >= {"002", "003"}
    # every event of the call in those articles points at this one incident
    ids = {e["incident_id"] for e in seeds_store.events(event_type="CONSULT", since="2022-03-05", until="2022-03-05")
           if {e["source"]["name"], (e["target"] or {}).get("name")} == {"Antony Blinken", "Wang Yi"}}
    assert ids == {call["incident_id"]}


def test_translated_copies_are_flagged_and_originals_are_not(seeds_store):
    manifest = [json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text().splitlines() if line.strip()]
    translated = {m["id"] for m in manifest if "translated" in (m.get("source") or "")}
    relation = {a["article_id"]: a["relation"] for s in seeds_store.stories() for a in s["articles"]}
    assert len(relation) == len(manifest)
    assert {a for a, r in relation.items() if r == "translation"} == translated


def test_rerunning_adds_nothing(seeds_store, tmp_path):
    import shutil

    from thucydides.pipeline import Pipeline
    from thucydides.store import Store

    copy = tmp_path / "again.duckdb"
    shutil.copy(seeds_store.path, copy)
    before = (seeds_store.stories(), seeds_store.incidents())
    Pipeline.default().run([SEEDS], manifest=SEEDS / "manifest.jsonl", db=copy)
    again = Store(copy, read_only=True)
    assert (again.stories(), again.incidents()) == before
