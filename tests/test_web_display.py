"""What the web UI shows people (issue 14): dyad binning and notes, labels, canonical actors, downloads, incidents,
search, caching. Runs on the invented database of test_web_api (no model needed)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from test_web_api import _build, add_stories
from thucydides.report import UNKNOWN_ACTOR, dyad_label
from thucydides.web import charts as C
from thucydides.web import views as V
from thucydides.web.app import create_app
from thucydides.web.display import Labels, fmt1
from thucydides.web.downloads import table_response


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = _build(tmp_path_factory.mktemp("display"))
    add_stories(db)
    return TestClient(create_app(db), base_url="http://localhost")


# ---- dyad chart ----
@pytest.mark.parametrize("precision, period, where", [
    ("day", "week", "bin"),        # a dated day goes into its week
    ("day", "month", "bin"),       # and into its month
    ("month", "month", "bin"),     # a month-only date belongs to its month
    ("month", "week", "coarse"),   # but to no week in particular: counted apart, not put in the month's first week
    ("year", "month", "coarse"),   # a year-only date belongs to no month
    (None, "month", "undated"),    # no date at all
])
def test_events_are_binned_at_their_precision(precision: str | None, period: str, where: str) -> None:
    start = None if precision is None else date(2023, 3, 15 if precision == "day" else 1)
    d = C.bin_direction("A", "B", [V.DatedCount(start, precision, 1, 3, 3.0, 3)], period)
    assert (d.binned, d.coarse, d.undated) == {"bin": (3, 0, 0), "coarse": (0, 3, 0), "undated": (0, 0, 3)}[where]
    assert d.total == 3  # what the table lists: nothing goes missing


def test_goldstein_line_breaks_at_empty_months_and_ticks_are_whole() -> None:
    counts = [V.DatedCount(date(2023, 1, 5), "day", 1, 1, 2.0, 1), V.DatedCount(date(2023, 3, 5), "day", 4, 1, -8.0, 1)]
    d = C.bin_direction("A", "B", counts, "month")
    fig = json.loads(C.dyad_chart(d, C.bin_direction("B", "A", [], "month"), "month", "?").figure)
    line = next(t for t in fig["data"] if t["type"] == "scatter")
    assert line["y"] == [2.0, None, -8.0] and line["connectgaps"] is False  # February: a gap, not a slope
    assert fig["layout"]["yaxis"]["dtick"] == 1  # one event a month: ticks 0, 1 (not 0.2, 0.4, ...)
    bar = next(t for t in fig["data"] if t["type"] == "bar")
    assert bar["customdata"][0] == "?since=2023-01-01&until=2023-01-31#events"  # a click lists that month


@pytest.mark.parametrize("url, expected", [
    ("/dyads/Kelo/CHN", "1 undated"),                             # an undated event is counted and said so
    ("/dyads/CHN/USA?period=week", "dated only to the month"),    # a month-only date in a weekly chart
    ("/dyads/USA/XYZ", 'id="unknown-actor"'),                     # an unknown actor is named, not an empty chart
    ("/dyads/USA/CHN?since=2023-03-01&until=2023-03-31", "Showing events from 2023-03-01"),  # a clicked bar
])
def test_dyad_page_says_what_the_chart_leaves_out(client: TestClient, url: str, expected: str) -> None:
    assert expected in client.get(url).text


# ---- labels and numbers ----
@pytest.mark.parametrize("event_type, cameo, text", [
    ("REQUEST", "021", "Appeal"),   # an appeal is cooperation (CAMEO 02)
    ("REQUEST", "101", "Demand"),   # a demand is conflict (CAMEO 10), under the same PLOVER type
    ("CONSULT", None, "Consult"),   # no CAMEO code: the PLOVER type in words
])
def test_event_labels_tell_appeals_from_demands(event_type: str, cameo: str | None, text: str) -> None:
    assert Labels.load().event(event_type, cameo).text == text


@pytest.mark.parametrize("value, shown", [(-0.04, "0.0"), (-0.06, "-0.1"), (3.25, "3.2"), (None, "—")])
def test_one_decimal_never_shows_negative_zero(value: float | None, shown: str) -> None:
    assert fmt1(value) == shown


@pytest.mark.parametrize("dyad, shown", [
    ("USA->CHN", "USA->CHN"),
    ("None->CHN", f"{UNKNOWN_ACTOR}->CHN"),  # an unidentified source
    ("CHN->-", f"CHN->{UNKNOWN_ACTOR}"),     # no target
])
def test_cli_summary_marks_unknown_actors_one_way(dyad: str, shown: str) -> None:
    assert dyad_label(dyad) == shown


def test_sector_codes_have_a_legend() -> None:
    assert Labels.load().sector("CVL").startswith("civilians") or "civil" in Labels.load().sector("CVL")


# ---- actors ----
@pytest.mark.parametrize("a, b, same", [
    ({"kind": "country", "code": "RUS", "name": "Russia"}, {"kind": "country", "code": "RUS", "name": "Russia"}, True),
    ({"kind": "person", "code": "RUS", "name": "Vladimir V. Putin"},
     {"kind": "person", "code": "RUS", "name": "Vladimir Putin"}, True),        # a middle initial
    ({"kind": "person", "code": "RUS", "name": "Ivan Petrov"},
     {"kind": "person", "code": "UKR", "name": "Ivan Petrov"}, False),          # namesakes of two countries
])
def test_entities_merge_spellings_and_sectors(a: dict, b: dict, same: bool) -> None:
    assert (V._entity(a) == V._entity(b)) is same


@pytest.mark.parametrize("actor, kept", [
    ({"kind": "person", "code": None, "name": "Said"}, False),             # a verb taken for a name
    ({"kind": "person", "code": None, "name": "Harbor Daily"}, False),     # an outlet
    ({"kind": "person", "code": None, "name": "Tova Lindqvist"}, True),    # a full name without a country
    ({"kind": "person", "code": "USA", "name": "Voss"}, True),             # a resolved person
    ({"kind": "organization", "code": None, "name": "Kelo"}, True),        # only persons are filtered
])
def test_listings_leave_out_obvious_non_persons(actor: dict, kept: bool) -> None:
    assert V._plausible(actor, {"harbor daily"}) is kept


def test_actors_listed_once_per_entity_ranked_by_events(client: TestClient) -> None:
    rows = client.get("/download/actors?format=json").json()
    assert [r["code"] for r in rows].count("USA") == 2  # the country, and Mara Voss (a person)
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)


# ---- downloads ----
@pytest.mark.parametrize("url", [
    "/download/events?format=csv", "/download/events?format=csv&actor=USA", "/download/dyad/USA/CHN?format=csv",
    "/download/actor/USA?format=csv", "/download/actors?format=csv", "/download/network?format=csv",
    "/download/stories?format=csv", "/download/incidents?format=csv", "/download/articles?format=csv",
])
def test_every_list_downloads_as_csv_and_json(client: TestClient, url: str) -> None:
    csv = client.get(url)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(csv.text))
    rows = client.get(url.replace("format=csv", "format=json")).json()
    assert len(frame) == len(rows) > 0


def test_events_csv_carries_sentence_trigger_outlet_url_and_dates(client: TestClient) -> None:
    everything = pd.read_csv(io.StringIO(client.get("/download/events?format=csv").text))
    frame = pd.read_csv(io.StringIO(client.get("/download/events?format=csv&actor=Kelo").text))
    assert {"sentence", "trigger", "outlet", "url", "date", "published"} <= set(frame.columns)
    assert len(frame) == 1 < len(everything)  # the filter is honoured
    assert frame.loc[0, "outlet"] == "Other Wire" and frame.loc[0, "url"] == "https://example.org/plain"


def test_csv_cells_are_formula_safe() -> None:
    body = table_response([{"text": "=HYPERLINK(\"http://x\")"}, {"text": "-2+3"}], "csv", "t").body.decode()
    assert list(pd.read_csv(io.StringIO(body))["text"]) == ["'=HYPERLINK(\"http://x\")", "'-2+3"]


# ---- pages ----
def test_event_page_shows_sentence_and_article(client: TestClient) -> None:
    html = client.get("/events/plain%3Ae0").text
    assert "The United States shelled China on Friday." in html and 'id="article-link" href="/articles/plain' in html


def test_incidents_page_filters_by_sources(client: TestClient) -> None:
    assert "/incidents/3" in client.get("/incidents").text  # the incident has two sources
    assert "/incidents/3" not in client.get("/incidents?min_sources=3").text
    html = client.get("/incidents/3").text
    assert "Reports disagree" in html and "evil&lt;1&gt;:e0" not in html  # words, not raw ids


def test_overview_dates_at_their_precision(client: TestClient) -> None:
    html = client.get("/").text
    assert '<span id="first-date">2023-03</span>' in html  # a month-only date, not 2023-03-01


def test_paging_past_the_end_goes_to_the_last_page(client: TestClient) -> None:
    answer = client.get("/events?page=99&actor=USA", follow_redirects=False)
    assert answer.status_code == 303 and "page=1" in answer.headers["location"] and "actor=USA" in answer.headers["location"]


@pytest.mark.parametrize("query, finds", [
    ("the united states", "/actors/country%3AUSA"),  # a mention's words find the actor they name (an alias)
    ("shelled", "plain%3Ae0"),                        # words of a sentence
    ("Shelling", "/articles/plain"),                  # an article title
])
def test_global_search(client: TestClient, query: str, finds: str) -> None:
    assert finds in client.get("/search", params={"q": query}).text


# ---- speed: compression and caching ----
def test_plotly_is_gzipped_cached_and_revalidated(client: TestClient) -> None:
    first = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip" and "max-age=31536000" in first.headers["cache-control"]
    assert int(first.headers["content-length"]) < 2_000_000  # 4.8 MB uncompressed
    again = client.get("/vendor/plotly.min.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    static = client.get("/static/charts.js")
    assert "max-age=31536000" in static.headers["cache-control"] and static.headers.get("etag")


def test_source_column_sorts_by_the_name_it_shows(client: TestClient) -> None:
    items = client.get("/api/events", params={"sort": "source"}).json()["items"]
    names = [e["source"]["name"] for e in items if e.get("source")]
    assert names == sorted(names) and names[0] == "China"  # not by code (CHN < KELO-less < USA)
