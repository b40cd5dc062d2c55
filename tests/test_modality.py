"""Modality of reported events: denied, unverified and claimed reports are flagged and kept out of incidents;
conditional threats are threats made. End to end on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thucydides.events.wordsets import WordSetError, load_word_sets
from thucydides.stories.incidents import merge_events
from thucydides.stories.model import ReportedEvent

PUBLISHED = "2024-05-06"


def events(text: str) -> list[tuple]:
    import thucydides

    result = thucydides.extract(text, published=PUBLISHED)
    return [(e.event_type, e.source.code, e.target.code if e.target else None, e.modality, e.hypothetical)
            for e in result.events]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # the content of a denied report is not asserted
    ("Ghana denied reports that its troops killed three Togolese farmers.", ("ASSAULT", "GHA", "TGO", "denied", False)),
    # "denied killing": the same, without the report noun
    ("Ghana denied killing three Togolese farmers.", ("ASSAULT", "GHA", "TGO", "denied", False)),
    # unconfirmed reports say what is not verified
    ("Unconfirmed reports said Ghanaian troops killed three Togolese farmers.",
     ("ASSAULT", "GHA", "TGO", "unverified", False)),
    # "could not be verified" leaves the whole sentence unverified
    ("Ghana killed three Togolese farmers, but the report could not be verified.",
     ("ASSAULT", "GHA", "TGO", "unverified", False)),
    # critics' claims are theirs, not the fact
    ("Critics say Ghana killed three Togolese farmers.", ("ASSAULT", "GHA", "TGO", "claimed", False)),
    # an opposition's claim of a killing: the killing is the opposition's claim ...
    ("The Kenyan opposition said Kenyan police killed three protesters in Nairobi.",
     ("ASSAULT", "KEN", "KEN", "claimed", False)),
    # ... and the claim is the opposition's accusation against the police
    ("The Kenyan opposition said Kenyan police killed three protesters in Nairobi.",
     ("ACCUSE", "KEN", "KEN", None, False)),
    # a government's report of a killing by another is a report, not a claim
    ("Ghana said Togo killed three Ghanaian farmers.", ("ASSAULT", "TGO", "GHA", None, False)),
    # "allegedly" marks an allegation
    ("Ghana allegedly killed three Togolese farmers.", ("ASSAULT", "GHA", "TGO", "claimed", False)),
    # a plain report is asserted
    ("Ghana killed three Togolese farmers.", ("ASSAULT", "GHA", "TGO", None, False)),
    # a warning of a conditional strike is a threat made, not a hypothetical
    ("Ghana warned it would strike Togo if Togo sent troops across the border.",
     ("THREATEN", "GHA", "TGO", None, False)),
    # "said Y will face consequences if ...": a threat by the speaker to Y
    ("Ghana said Togo will face consequences if it closes the border.", ("THREATEN", "GHA", "TGO", None, False)),
    # "would pay a heavy price": the same threat in other words
    ("Ghana said Togo would pay a heavy price for any attack.", ("THREATEN", "GHA", "TGO", None, False)),
])
def test_modality(text: str, expected: tuple) -> None:
    assert expected in events(text)


@pytest.mark.model
def test_a_denial_of_a_request_is_itself_asserted() -> None:
    # the denial verb is the event: a rejection that happened
    assert ("REJECT", "GHA", "TGO", None, False) in events("Ghana denied Togo's request.")


def report(event_id: str, modality: str | None) -> ReportedEvent:
    return ReportedEvent(event_id=event_id, article_id=event_id.split(":")[0], event_type="ASSAULT",
                         source_code="GHA", target_code="TGO", date="2024-05-01", date_precision="day",
                         date_basis="text", modality=modality, published=date(2024, 5, 6))


@pytest.mark.parametrize("modality, incidents", [
    # an asserted report is a happening
    (None, 1),
    # denied, unverified and claimed reports are not
    ("denied", 0),
    ("unverified", 0),
    ("claimed", 0),
])
def test_unasserted_reports_make_no_incident(modality: str | None, incidents: int) -> None:
    assert len(merge_events("s", [report("a:e0", modality)])) == incidents


@pytest.mark.parametrize("text, message", [
    # a set the caller does not know
    ("words: [a]\nother: [b]\n", "t.yaml:2: unknown key 'other'"),
    # an entry that YAML reads as a boolean
    ("words:\n  - yes\n", "t.yaml:2: `words`: each entry must be a non-empty string"),
    # a set that is not a list
    ("words: a\n", "t.yaml:1: `words` must be a list"),
    # a set missing
    ("{}\n", "missing ['words']"),
])
def test_word_set_loader_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordSetError) as error:
        load_word_sets(path, frozenset({"words"}))
    assert message in str(error.value).replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize("modality, dyad_events", [
    # an asserted event counts in the overview's top dyads
    (None, 1),
    # a denied one does not (it is still stored, flagged)
    ("denied", 0),
])
def test_overview_counts_only_asserted_events(tmp_path: Path, modality: str | None, dyad_events: int) -> None:
    from dataclasses import replace

    from thucydides.store import Store
    from thucydides.web.queries import overview
    from tests.test_store import CHN, USA, make_event, make_result

    event = replace(make_event("a1", 0, "ASSAULT", USA, CHN, "2023-05-01"), modality=modality)
    store = Store(tmp_path / "t.duckdb")
    store.write_results([make_result(events=[event])], "r1")
    ov = overview(Store(tmp_path / "t.duckdb", read_only=True))
    assert sum(d["events"] for d in ov.top_dyads) == dyad_events and ov.counts["events"] == 1


def test_bounds_are_stored(tmp_path: Path) -> None:
    # the bounds of an event dated only relative to something land in their columns
    from dataclasses import replace

    import duckdb

    from thucydides.store import Store
    from tests.test_store import CHN, USA, make_event, make_result

    event = replace(make_event("a1", 0, "SANCTION", USA, CHN, None), date_basis="bounded",
                    date_earliest="2023-02-01", date_latest="2023-05-02")
    Store(tmp_path / "t.duckdb").write_results([make_result(events=[event])], "r1")
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    row = con.execute("SELECT date_basis, date_earliest, date_latest FROM events").fetchone()
    assert row == ("bounded", date(2023, 2, 1), date(2023, 5, 2))


def test_a_database_from_before_the_bounds_gains_their_columns(tmp_path: Path) -> None:
    # an events table written without date_earliest/date_latest gets them on the next write
    import duckdb

    from thucydides import store as store_module
    from thucydides.store import Store
    from tests.test_store import make_result

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    # a whole database of the earlier layout (every table; events without the bounds), not a lone table, which
    # the store would refuse as someone else's database
    for table, columns in store_module._SCHEMA.items():
        old = [(n, k) for n, k in columns if n not in ("date_earliest", "date_latest")]
        con.execute(f"CREATE TABLE {table} (" + ", ".join(f'"{n}" {k}' for n, k in old) + ")")
    con.close()
    Store(path).write_results([make_result()], "r1")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*), count(date_latest) FROM events").fetchone() == (3, 0)
