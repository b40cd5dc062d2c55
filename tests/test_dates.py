"""Date resolution: expressions against a fixed anchor, and the component on hand-built and parsed Docs."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc, Span

from thucydides.dates import (
    DateResolver,
    date_for_sentence,
    is_relative_to_previous,
    resolve_expression,
)
from thucydides.nlp import MODEL_NAME, register_extensions

ANCHOR = date(2022, 3, 7)  # a Monday


def iso(text: str, anchor: date | None = ANCHOR, tense: str | None = None) -> str | None:
    found = resolve_expression(text, anchor, tense=tense)
    return found.iso if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays: the most recent one on or before the anchor when reporting the past
        ("on Saturday", "2022-03-05"),
        ("Monday", "2022-03-07"),
        ("Tuesday", "2022-03-01"),
        ("Sunday night", "2022-03-06"),
        ("late Friday", "2022-03-04"),
        ("last Monday", "2022-02-28"),
        ("next Tuesday", "2022-03-08"),
        ("Thursday's", "2022-03-03"),
        # deictic days
        ("today", "2022-03-07"),
        ("yesterday", "2022-03-06"),
        ("Yesterday afternoon", "2022-03-06"),
        ("tomorrow", "2022-03-08"),
        ("this morning", "2022-03-07"),
        ("last night", "2022-03-06"),
        # day and month, year from the anchor
        ("on 4 February", "2022-02-04"),
        ("4 Feb.", "2022-02-04"),
        ("March 18", "2022-03-18"),
        ("Dec. 20", "2021-12-20"),
        ("the 21st of May", "2022-05-21"),
        ("February 4, 2022", "2022-02-04"),
        ("Thursday, Feb. 3, 2022", "2022-02-03"),
        ("2019-11-05", "2019-11-05"),
        ("March eighth", "2022-03-08"),
        # months and years
        ("in April", "2021-04"),
        ("March", "2022-03"),
        ("last month", "2022-02"),
        ("this month", "2022-03"),
        ("next month", "2022-04"),
        ("early January", "2022-01"),
        ("mid-November", "2021-11"),
        ("last June", "2021-06"),
        ("June last year", "2021-06"),
        ("January 2020", "2020-01"),
        ("in 2014", "2014"),
        ("last year", "2021"),
        ("this year", "2022"),
        ("earlier this year", "2022"),
        ("early next year", "2023"),
        ("the third quarter of 2019", "2019"),
        ("nineteen ninety-six", "1996"),
        # ago
        ("one month ago", "2022-02"),
        ("three days ago", "2022-03-04"),
        ("two years ago", "2020"),
        # spans: the finest unit containing the whole span
        ("last summer", "2021"),
        ("this week", "2022-03"),
        ("over the weekend", "2022-03"),
        # named days
        ("Christmas", "2021-12-25"),
        ("Easter", "2022-04-17"),
    ],
)
def test_resolve_expression(text: str, expected: str) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "for five hours", "24 hours", "four weeks", "the past three months", "52 years old", "recently",
        "now", "in recent years", "the 1990s", "last winter", "on the eve of the summit", "decades",
    ],
)
def test_durations_ages_and_vague_references_are_not_dates(text: str) -> None:
    assert resolve_expression(text, ANCHOR) is None


def test_span_across_months_has_no_month() -> None:
    # 28 Feb - 6 Mar 2022 lies in two months but one year
    assert iso("last week") == "2022"
    assert iso("last week", date(2022, 3, 17)) == "2022-03"


def test_future_tense_picks_the_next_occurrence() -> None:
    assert iso("Saturday", tense="future") == "2022-03-12"
    assert iso("Monday", tense="future") == "2022-03-07"
    assert iso("in April", tense="future") == "2022-04"
    assert iso("in December", tense="future") == "2022-12"
    assert iso("in December") == "2021-12"


def test_tense_weights_day_and_month_without_year() -> None:
    # 5 Sept. lies 183 days back and 182 ahead: the tense decides
    anchor = date(2022, 3, 7)
    assert iso("Sept. 5", anchor, tense="past") == "2021-09-05"
    assert iso("Sept. 5", anchor, tense="future") == "2022-09-05"


def test_relative_to_previous_date() -> None:
    assert is_relative_to_previous("a day later")
    assert is_relative_to_previous("the next day")
    assert is_relative_to_previous("Two days earlier")
    assert is_relative_to_previous("later that day")
    assert not is_relative_to_previous("yesterday")
    assert not is_relative_to_previous("three days ago")
    assert iso("a day later", date(2022, 3, 5)) == "2022-03-06"
    assert iso("two days earlier", date(2022, 3, 5)) == "2022-03-03"
    assert iso("the following morning", date(2022, 3, 5)) == "2022-03-06"
    assert iso("a year later", date(2014, 3, 18)) == "2015"


def test_without_anchor_only_self_contained_expressions_resolve() -> None:
    assert iso("4 February 2022", None) == "2022-02-04"
    assert iso("in 2014", None) == "2014"
    assert iso("on Saturday", None) is None
    assert iso("last month", None) is None


def test_result_record() -> None:
    found = resolve_expression("on Saturday", ANCHOR)
    assert found is not None
    assert (found.value, found.precision, found.basis, found.text) == (date(2022, 3, 5), "day", "text", "on Saturday")


# ---- the component, on hand-built Docs -------------------------------------------------------------------
@pytest.fixture(scope="module")
def blank():
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _doc(nlp, text: str, dates: list[str], published: date | None = ANCHOR) -> Doc:
    doc = nlp(text)
    ents = []
    for expression in dates:
        start = text.index(expression)
        ents.append(doc.char_span(start, start + len(expression), label="DATE"))
    doc.ents = ents
    doc._.published = published
    return DateResolver()(doc)


def test_component_anchors_relative_dates_on_the_previous_one(blank) -> None:
    text = "Talks opened on 4 February in the city. A day later the delegations left."
    doc = _doc(blank, text, ["4 February", "A day later"])
    assert [(d.text, d.iso) for d in doc._.dates] == [("4 February", "2022-02-04"), ("A day later", "2022-02-05")]
    first = doc._.dates[0]
    assert text[first.start:first.end] == "4 February"


def test_component_finds_expressions_the_ner_missed(blank) -> None:
    doc = _doc(blank, "The minister resigned on Friday, and talks resumed Feb. 28.", [])
    assert [(d.text, d.iso) for d in doc._.dates] == [("Friday", "2022-03-04"), ("Feb. 28", "2022-02-28")]


def test_component_scans_inside_long_entities(blank) -> None:
    doc = _doc(blank, "Output grew in the quarter ended Sept. 30 and between 2015 and 2017.",
               ["the quarter ended Sept. 30", "between 2015 and 2017"])
    assert [d.iso for d in doc._.dates] == ["2021-09-30", "2015", "2017"]


def test_component_without_publication_date(blank) -> None:
    doc = _doc(blank, "It happened on Saturday, not on 3 March 2020.", ["Saturday", "3 March 2020"], published=None)
    assert [d.iso for d in doc._.dates] == ["2020-03-03"]


def test_date_for_sentence_prefers_day_precision(blank) -> None:
    text = "Last month the army attacked on Saturday. Nothing else happened."
    doc = _doc(blank, text, ["Last month", "Saturday"])
    first, second = list(doc.sents)
    best = date_for_sentence(doc, first)
    assert best is not None and best.iso == "2022-03-05"
    assert date_for_sentence(doc, second) is None


# ---- the real model ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    import thucydides.dates  # noqa: F401  (registers the factory)

    register_extensions()
    pipeline = spacy.load(MODEL_NAME)
    pipeline.add_pipe("thucydides_dates")
    return pipeline


@pytest.mark.model
def test_component_in_the_model_pipeline(nlp) -> None:
    text = ("The two foreign ministers met in Geneva on Saturday. They will meet again on Thursday, "
            "a spokesman said. The first round of talks was held last month.")
    doc = nlp.make_doc(text)
    doc._.published = ANCHOR
    doc = nlp(doc)
    got = {d.text: d.iso for d in doc._.dates}
    assert got["Saturday"] == "2022-03-05"
    assert got["Thursday"] == "2022-03-10"  # future tense: the coming Thursday
    assert got["last month"] == "2022-02"
    sentences = list(doc.sents)
    assert date_for_sentence(doc, sentences[0]).iso == "2022-03-05"


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # a date modifying a thing is the thing's date, not the event's
    ("Ecuador accused Peru on Tuesday of breaking their 1998 treaty.", "2023-05-02"),
    ("Ecuador accused Peru of breaking their 1998 treaty.", None),
    # "since X" opens a period: it does not date the event
    ("Ecuador has accused Peru of spying since 2019.", None),
])
def test_dates_of_other_things_do_not_date_the_event(text: str, expected: str | None) -> None:
    import thucydides

    [event] = thucydides.extract(text, published="2023-05-03").events
    if expected is None:
        assert event.date_basis == "article" and event.date == "2023-05-03"
    else:
        assert event.date == expected and event.date_basis == "text"


@pytest.mark.model
def test_earlier_leaves_the_date_open_instead_of_the_article_date() -> None:
    import thucydides

    [event] = thucydides.extract("Earlier, Chile warned that Peru would face consequences if it broke the deal.",
                                 published="2023-05-03").events
    # "earlier" bounds the event by the report: before the publication date, not on it
    assert (event.date, event.date_basis, event.date_text) == (None, "bounded", "Earlier")
    assert (event.date_earliest, event.date_latest) == (None, "2023-05-03")
