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
    ("words: [a]\nother: [b]\n", "t.yaml:2: unknown set 'other'"),
    # an entry that YAML reads as a boolean
    ("words:\n  - yes\n", "t.yaml:2: 'words': each entry must be a non-empty string"),
    # a set that is not a list
    ("words: a\n", "t.yaml:1: 'words' must be a list"),
    # a set missing
    ("{}\n", "missing sets ['words']"),
])
def test_word_set_loader_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordSetError) as error:
        load_word_sets(path, frozenset({"words"}))
    assert message in str(error.value).replace(str(tmp_path) + "/", "")
