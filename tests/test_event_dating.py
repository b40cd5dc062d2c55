"""Dates of events their sentence does not date: tense, markers ("earlier", "since X") and anchors ("after the
invasion", "during the summit"), end to end on short articles written for these tests; bounds in incidents."""

from __future__ import annotations

from datetime import date

import pytest

from thucydides.stories.incidents import merge_events
from thucydides.stories.model import ReportedEvent

PUBLISHED = "2024-05-06"
HEADLINE = "Border tensions rise in West Africa\n\n"
# a first paragraph that dates an invasion, so that the tested sentence (the second paragraph) is out of the lead
LEAD = "Togo invaded Benin on March 3.\n\n"


def dated(body: str, source: str) -> tuple:
    import thucydides

    result = thucydides.extract(HEADLINE + LEAD + body, published=PUBLISHED)
    [event] = [e for e in result.events if e.source.code == source]
    return event.date, event.date_basis, event.date_earliest, event.date_latest


@pytest.mark.model
@pytest.mark.parametrize("body, source, expected", [
    # "after X", X an event dated in another sentence: on or after X's date, before the report
    ("Kenya imposed sanctions on Togo after the invasion.", "KEN", (None, "bounded", "2024-03-03", PUBLISHED)),
    # "since <month>": from the month's first day to the report
    ("Chad has imposed sanctions on Togo since February.", "TCD", (None, "bounded", "2024-02-01", PUBLISHED)),
    # "two days after X": one to three days after X
    ("Kenya imposed sanctions on Togo two days after the invasion.", "KEN",
     (None, "bounded", "2024-03-04", "2024-03-06")),
    # "before X": up to the day before X, no earliest
    ("Niger imposed sanctions on Togo before the invasion.", "NER", (None, "bounded", None, "2024-03-02")),
    # "three weeks before X": an interval of two to four weeks before X
    ("Sudan imposed sanctions on Togo three weeks before the invasion.", "SDN",
     (None, "bounded", "2024-02-04", "2024-02-18")),
    # "a few weeks before X": one to ten weeks before X
    ("Mali imposed sanctions on Togo a few weeks before the invasion.", "MLI",
     (None, "bounded", "2023-12-24", "2024-02-25")),
    # "a few weeks before X", X dated nowhere: left open, never the article date
    ("Kenya imposed sanctions on Togo a few weeks before the election.", "KEN", (None, "unresolved", None, None)),
    # "during X", X a dated event: X's date
    ("Ghana met Togo during the invasion.", "GHA", ("2024-03-03", "anaphora", None, None)),
    # "earlier": before the report, not on its day
    ("Mali had earlier criticized Togo.", "MLI", (None, "bounded", None, PUBLISHED)),
    # the past perfect: before the report
    ("Egypt had criticized Togo.", "EGY", (None, "bounded", None, PUBLISHED)),
    # a past tense outside the lead with no anchor: before the report
    ("Egypt criticized Togo.", "EGY", (None, "bounded", None, PUBLISHED)),
    # what a speaker said in the past about the future: the saying's time, unknown but before the report
    ("Egypt said it would impose sanctions on Togo.", "EGY", (None, "bounded", None, PUBLISHED)),
    # a participle takes the tense of the clause its noun belongs to ("issued")
    ("Egypt issued a statement condemning Togo.", "EGY", (None, "bounded", None, PUBLISHED)),
    # a present-tense report: the publication date stands in
    ("Egypt says it supports Togo.", "EGY", (PUBLISHED, "article", None, None)),
    # "today": the publication date, read from the text
    ("Egypt criticized Togo today.", "EGY", (PUBLISHED, "text", None, None)),
])
def test_relative_dating(body: str, source: str, expected: tuple) -> None:
    assert dated(body, source) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # a news lead's past tense with no other anchor: the publication date stands in (documented decision)
    ("Egypt criticized Togo.", (PUBLISHED, "article")),
    # ... but not when the lead itself marks the event as earlier
    ("Egypt had earlier criticized Togo.", (None, "bounded")),
])
def test_news_lead(text: str, expected: tuple) -> None:
    import thucydides

    [event] = thucydides.extract(text, published=PUBLISHED).events
    assert (event.date, event.date_basis) == expected


@pytest.mark.model
def test_own_date_wins_over_a_relation() -> None:
    # the sentence's own day dates the event; "after the invasion" only explains it
    assert dated("On April 2, Kenya imposed sanctions on Togo after the invasion.", "KEN")[:2] == ("2024-04-02", "text")


def report(event_id: str, day: str | None, basis: str, earliest: str | None = None, latest: str | None = None,
           modality: str | None = None) -> ReportedEvent:
    return ReportedEvent(event_id=event_id, article_id=event_id.split(":")[0], event_type="SANCTION",
                         source_code="KEN", target_code="TGO", date=day, date_precision="day" if day else None,
                         date_basis=basis, date_earliest=earliest, date_latest=latest, modality=modality,
                         published=date(2024, 5, 6))


@pytest.mark.parametrize("events, groups", [
    # a bounded event with both ends is dated by its period: it joins a report inside it ...
    ([report("a:e0", "2024-03-10", "text"), report("b:e0", None, "bounded", "2024-03-03", "2024-05-06")], 1),
    # ... and not one outside it
    ([report("a:e0", "2024-02-10", "text"), report("b:e0", None, "bounded", "2024-03-03", "2024-05-06")], 2),
    # an open bound ("before March 2") joins the one fitting incident when it lies within the bound ...
    ([report("a:e0", "2024-02-10", "text"), report("b:e0", None, "bounded", None, "2024-03-02")], 1),
    # ... and stands alone when the incident lies after it
    ([report("a:e0", "2024-04-10", "text"), report("b:e0", None, "bounded", None, "2024-03-02")], 2),
])
def test_bounds_in_incidents(events: list[ReportedEvent], groups: int) -> None:
    assert len(merge_events("s", events)) == groups
