"""The web UI and JSON API (thucydides.web) on a hand-built database (no spaCy), through FastAPI's TestClient."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from thucydides.model import Actor, ActorMention, ActorRef, Article, ArticleResult, Event, Quote, Removal, Speaker
from thucydides.store import Store
from thucydides.web.app import create_app, highlight

USA = Actor("United States", "USA", None, "country")
CHN = Actor("China", "CHN", None, "country")
VOSS = Actor("Mara Voss", "USA", "GOV", "person", "Trade Envoy")  # invented person
KELO = Actor("Kelo Front", None, "REB", "group")  # invented group without a country code

# An article whose text is hostile HTML: every piece of it must reach the browser escaped.
EVIL_TEXT = ('Mara Voss met <b>China</b> <script>alert("pwned")</script> on Monday in Geneva.\n\n'
             'China accused the United States of "lying & <i>worse</i>" a day later.\n\n'
             '"We <em>will</em> keep talking," Voss said.')
EVIL_RAW = "Share this story\n\n" + EVIL_TEXT
PLAIN_TEXT = ("The United States shelled China on Friday.\n\n"
              "China met the United States in March.\n\n"
              "Kelo Front attacked China.")


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The paragraph holding `needle` (each test paragraph is one sentence)."""
    at = text.index(needle)
    start = text.rfind("\n\n", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", at)
    return start, len(text) if end < 0 else end


def _event(article: str, text: str, n: int, trigger: str, event_type: str, quad: int, goldstein: float,
           source: tuple[str, Actor], target: tuple[str, Actor] | None, when: str | None,
           date_text: str | None = None) -> Event:
    span = _sentence(text, trigger)
    return Event(
        id=f"{article}:e{n}", article_id=article, sentence=text[span[0]:span[1]], sentence_index=n, span=span,
        event_type=event_type, mode=None, cameo=None, quad_class=quad, goldstein=goldstein,
        source=ActorRef.of(source[0], source[1]), target=ActorRef.of(target[0], target[1]) if target else None,
        date=when, date_precision=("day" if when and len(when) == 10 else "month") if when else None,
        date_basis="text" if when else None, date_text=date_text, location=None, negated=False,
        hypothetical=False, trigger=trigger, rule=f"verb:{trigger}", confidence=0.8,
        trigger_span=_span(text, trigger, span[0]),
    )


def _results() -> list[ArticleResult]:
    evil = Article(id="evil<1>", raw_text=EVIL_RAW, published=date(2023, 5, 2), source="Test <Wire>",
                   title='Talks <script>alert("title")</script>', url="javascript:alert(1)", language="en",
                   text=EVIL_TEXT, removals=[Removal(0, 18, "share-line", "Share this story\n\n")])
    evil_events = [
        _event("evil<1>", EVIL_TEXT, 0, "met", "CONSULT", 1, 1.0, ("Mara Voss", VOSS), ("China", CHN),
               "2023-05-01", "on Monday"),
        _event("evil<1>", EVIL_TEXT, 1, "accused", "ACCUSE", 3, -2.0, ("China", CHN), ("the United States", USA),
               "2023-05-02", "a day later"),
    ]
    evil_mentions = [
        ActorMention("Mara Voss", *_span(EVIL_TEXT, "Mara Voss"), 0, VOSS, "registry"),
        ActorMention("China", *_span(EVIL_TEXT, "China"), 0, CHN, "country"),
        ActorMention("the United States", *_span(EVIL_TEXT, "the United States"), 1, USA, "country"),
        ActorMention("Voss", *_span(EVIL_TEXT, "Voss said"[:4], 100), 2, VOSS, "registry"),
    ]
    quote_span = _span(EVIL_TEXT, "We <em>will</em> keep talking,")
    evil_quotes = [Quote(id="evil<1>:q0", article_id="evil<1>", text=EVIL_TEXT[quote_span[0]:quote_span[1]],
                         speaker=Speaker("Voss", "Mara Voss", "USA", "GOV"), cue="say", span=quote_span,
                         sentence_index=2)]
    plain = Article(id="plain", raw_text=PLAIN_TEXT, published=date(2023, 3, 10), source="Other Wire",
                    title="Shelling", url="https://example.org/plain", language="en", text=PLAIN_TEXT)
    plain_events = [
        _event("plain", PLAIN_TEXT, 0, "shelled", "ASSAULT", 4, -9.0, ("The United States", USA), ("China", CHN),
               "2023-03-10", "on Friday"),
        _event("plain", PLAIN_TEXT, 1, "met", "CONSULT", 1, 1.0, ("China", CHN), ("the United States", USA),
               "2023-03", "in March"),
        _event("plain", PLAIN_TEXT, 2, "attacked", "ASSAULT", 4, -10.0, ("Kelo Front", KELO), ("China", CHN), None),
    ]
    return [ArticleResult(evil, evil_mentions, evil_events, evil_quotes), ArticleResult(plain, [], plain_events, [])]


def _build(folder: Path) -> Path:
    path = folder / "web.duckdb"
    Store(path).write_results(_results(), "run-1")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the tests that only read; tests that write use `fresh_db`."""
    return _build(tmp_path_factory.mktemp("web"))


@pytest.fixture()
def fresh_db(tmp_path: Path) -> Path:
    return _build(tmp_path)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), base_url="http://localhost")


CONTRADICTIONS = ('[{"kind": "date", "detail": "reported as <b>Monday</b> and Tuesday", '
                  '"event_ids": ["evil<1>:e0", "plain:e1"], "values": ["2023-05-01", "2023-05-02"]}]')


def add_stories(db: Path) -> None:
    """The story tables as the stories stage writes them (story ids are integers there, strings in URLs)."""
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE stories (story_id INTEGER, label VARCHAR, first_published DATE, "
                "last_published DATE, article_count INTEGER, source_count INTEGER)")
    con.execute("CREATE TABLE article_stories (article_id VARCHAR, story_id INTEGER, duplicate_of VARCHAR, "
                "relation VARCHAR, similarity DOUBLE)")
    con.execute("CREATE TABLE incidents (incident_id INTEGER, story_id INTEGER, event_type VARCHAR, "
                "source_code VARCHAR, target_code VARCHAR, date VARCHAR, date_precision VARCHAR, "
                "article_count INTEGER, source_count INTEGER, first_article_id VARCHAR, first_published DATE, "
                "contradictions JSON, record JSON)")
    con.execute("CREATE TABLE incident_events (incident_id INTEGER, event_id VARCHAR)")
    con.execute("INSERT INTO stories VALUES (7, 'Talks <script>x</script>', '2023-03-10', '2023-05-02', 2, 2)")
    con.execute("INSERT INTO article_stories VALUES ('plain', 7, NULL, 'original', NULL), "
                "('evil<1>', 7, 'plain', 'related', 0.42)")
    con.execute("INSERT INTO incidents VALUES (3, 7, 'CONSULT', 'USA', 'CHN', '2023-05-01', 'day', 2, 2, 'evil<1>', "
                "'2023-05-02', ?, '{}')", [CONTRADICTIONS])
    con.execute("INSERT INTO incident_events VALUES (3, 'evil<1>:e0')")
    con.close()


# ---- API ----
def test_overview_counts_and_top_dyads(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    assert ov["counts"] == {"articles": 2, "events": 5, "quotes": 1, "mentions": 4, "actors": 4}
    assert (ov["first_date"], ov["last_date"]) == ("2023-03-01", "2023-05-02")
    assert ov["top_dyads"] == [  # ties by code
        {"source": "CHN", "target": "USA", "events": 2, "goldstein": -0.5},
        {"source": "USA", "target": "CHN", "events": 2, "goldstein": -4.0}]


@pytest.mark.parametrize("query, ids", [
    ("actor=CHN", {"evil<1>:e0", "evil<1>:e1", "plain:e0", "plain:e1", "plain:e2"}),
    ("actor=Voss", {"evil<1>:e0"}),
    ("dyad=USA:CHN", {"evil<1>:e0", "plain:e0"}),
    ("dyad=CHN:USA", {"evil<1>:e1", "plain:e1"}),
    ("type=assault", {"plain:e0", "plain:e2"}),
    ("quad_class=3", {"evil<1>:e1"}),
    ("since=2023-04&until=2023-05-01", {"evil<1>:e0"}),
    ("until=2023-03", {"plain:e0", "plain:e1"}),  # the month-dated event counts from its first day
    ("q=shelled", {"plain:e0"}),
    ("q=%3Cscript%3E", {"evil<1>:e0"}),  # text search finds markup as text
    ("q=%25", set()),  # % is text, not a wildcard
    ("q=%27%20OR%201%3D1%20--", set()),  # an injection attempt is a string that matches nothing
    ("actor=CHN&quad_class=4&q=Kelo", {"plain:e2"}),
    ("quad_class=", {"evil<1>:e0", "evil<1>:e1", "plain:e0", "plain:e1", "plain:e2"}),  # empty form field
])
def test_event_filters(client: TestClient, query: str, ids: set[str]) -> None:
    body = client.get(f"/api/events?{query}").json()
    assert {e["id"] for e in body["items"]} == ids
    assert body["total"] == len(ids)


def test_event_paging_and_sorting(client: TestClient) -> None:
    first = client.get("/api/events?sort=goldstein&page_size=2").json()
    assert [e["goldstein"] for e in first["items"]] == [-10.0, -9.0]
    assert (first["total"], first["pages"]) == (5, 3)
    last = client.get("/api/events?sort=goldstein&page_size=2&page=3").json()
    assert [e["goldstein"] for e in last["items"]] == [1.0]
    down = client.get("/api/events?sort=-date").json()["items"]
    assert [e["date"] for e in down] == ["2023-05-02", "2023-05-01", "2023-03-10", "2023-03", None]


@pytest.mark.parametrize("query", ["sort=goldstein;DROP TABLE events", "sort=record", "quad_class=9",
                                   "quad_class=x", "since=yesterday", "dyad=USA", "page=0", "page_size=100000"])
def test_bad_parameters_are_client_errors(client: TestClient, query: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400 and isinstance(response.json()["detail"], str)
    assert client.get("/api/events").json()["total"] == 5  # nothing was dropped


def test_event_and_article_by_id(client: TestClient) -> None:
    event = client.get("/api/events/evil%3C1%3E:e1").json()
    assert (event["event_type"], event["source"]["code"], event["trigger"]) == ("ACCUSE", "CHN", "accused")
    article = client.get("/api/articles/evil%3C1%3E").json()
    assert article["text"] == EVIL_TEXT and article["raw_text"] == EVIL_RAW
    assert [e["id"] for e in article["events"]] == ["evil<1>:e0", "evil<1>:e1"]
    assert article["removals"][0]["reason"] == "share-line"
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_article_list(client: TestClient) -> None:
    body = client.get("/api/articles").json()
    assert [a["id"] for a in body["items"]] == ["evil<1>", "plain"]  # newest first
    assert body["items"][0]["events"] == 2 and body["total"] == 2


def test_actor_api_by_code_key_and_name(client: TestClient) -> None:
    by_code = client.get("/api/actors/usa").json()
    assert not by_code["by_key"] and {a["name"] for a in by_code["actors"]} == {"United States", "Mara Voss"}
    assert {e["id"] for e in by_code["as_source"]} == {"evil<1>:e0", "plain:e0"}
    assert {e["id"] for e in by_code["as_target"]} == {"evil<1>:e1", "plain:e1"}
    by_key = client.get("/api/actors/person:USA:GOV:Mara Voss").json()
    assert by_key["by_key"] and [e["id"] for e in by_key["as_source"]] == ["evil<1>:e0"]
    assert [q["id"] for q in by_key["quotes"]] == ["evil<1>:q0"]
    by_name = client.get("/api/actors/Kelo Front").json()  # the network names uncoded actors
    assert by_name["by_key"] and [e["id"] for e in by_name["as_source"]] == ["plain:e2"]
    assert client.get("/api/actors/XYZ").status_code == 404
    listed = client.get("/api/actors?actor=voss").json()
    assert [a["name"] for a in listed] == ["Mara Voss"]


def test_dyad_series_both_directions(client: TestClient) -> None:
    s = client.get("/api/dyads/USA/CHN/series").json()
    assert [(p["period"], p["quad_class"], p["events"]) for p in s["forward"]] == [
        ("2023-03-01", 4, 1), ("2023-05-01", 1, 1)]
    assert [(p["period"], p["quad_class"]) for p in s["backward"]] == [("2023-03-01", 1), ("2023-05-01", 3)]
    assert [p["goldstein"] for p in s["forward_goldstein"]] == [-9.0, 1.0]
    week = client.get("/api/dyads/USA/CHN/series?period=week").json()
    assert [p["period"] for p in week["forward"]] == ["2023-03-06", "2023-05-01"]  # weeks start on Monday
    assert client.get("/api/dyads/USA/CHN/series?period=day").status_code == 400


def test_network_edges(client: TestClient) -> None:
    edges = {(e["source"], e["target"]): (e["events"], e["goldstein"]) for e in client.get("/api/network").json()}
    assert edges == {("USA", "CHN"): (2, -4.0), ("CHN", "USA"): (2, -0.5), ("Kelo Front", "CHN"): (1, -10.0)}
    assert len(client.get("/api/network?min_events=2").json()) == 2
    assert len(client.get("/api/network?since=2023-04").json()) == 2


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/overview", "/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                 "/api/actors", "/api/dyads/{a}/{b}/series", "/api/network", "/api/stories", "/api/incidents"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "type", "quad_class", "since", "until", "q", "page", "page_size", "sort"} <= params
    docs = client.get("/docs").text
    assert "/api/dyads/{a}/{b}/series" in docs and "quad_class" in docs


# ---- stories ----
def test_no_stories_yet(client: TestClient) -> None:
    assert client.get("/api/stories").json() == {"available": False, "items": []}
    assert client.get("/api/incidents").json() == {"available": False, "items": []}
    assert client.get("/api/stories/7").status_code == 404
    assert 'id="no-stories"' in client.get("/stories").text
    assert 'id="no-stories"' in client.get("/").text


def test_stories_and_incidents(fresh_db: Path) -> None:
    add_stories(fresh_db)
    client = TestClient(create_app(fresh_db), base_url="http://localhost")
    stories = client.get("/api/stories").json()
    assert stories["available"] and [(s["story_id"], s["incidents"]) for s in stories["items"]] == [("7", 1)]
    assert client.get("/api/stories?since=2023-06").json()["items"] == []
    story = client.get("/api/stories/7").json()
    assert [(a["article_id"], a["relation"]) for a in story["articles"]] == [("plain", "original"),
                                                                              ("evil<1>", "related")]
    incident = story["incidents"][0]
    assert incident["event_ids"] == ["evil<1>:e0"] and incident["contradictions"][0]["kind"] == "date"
    assert client.get("/api/incidents").json()["items"][0]["incident_id"] == "3"
    overview = client.get("/").text
    assert 'id="no-stories"' not in overview and 'href="/stories/7"' in overview
    timeline = client.get("/stories").text
    # the story is titled after its original article ("plain": "Shelling"), not the stored label
    assert 'id="story-chart"' in timeline and "Shelling" in timeline and "Talks &lt;script&gt;x" not in timeline
    page = client.get("/stories/7").text
    assert 'href="/articles/evil%3C1%3E"' in page and "<script>x" not in page
    # the contradiction in words, without internal ids
    assert "Reports disagree (date): one says “2023-05-01”, another “2023-05-02”." in page
    article = client.get("/articles/evil%3C1%3E").text  # the article says which story it belongs to, and how
    assert 'Story: <a href="/stories/7">' in article and 'related</span> of <a href="/articles/plain">' in article


# ---- HTML pages ----
PAGES = ["/", "/events", "/events?dyad=USA:CHN&sort=-goldstein", "/articles", "/articles/evil%3C1%3E",
         "/articles/plain", "/actors", "/actors/USA", "/actors/person:USA:GOV:Mara Voss", "/dyads/USA/CHN",
         "/dyads/USA/CHN?period=week", "/network", "/stories", "/docs"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_escaped_and_offline(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    html = response.text
    assert "<script>alert" not in html and "<b>China</b>" not in html and "<em>will" not in html
    # every script and stylesheet is served by this app: nothing from a CDN
    for ref in re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html):
        assert ref.startswith("/"), ref
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_article_page_highlights_and_escapes(client: TestClient) -> None:
    html = client.get("/articles/evil%3C1%3E").text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert '<span class="sentence trigger" title="CONSULT (quad class 1)">met</span>' in html
    assert re.search(r'<span class="date sentence"[^>]*>on Monday</span>', html)
    assert re.search(r'<span class="mention sentence" title="Mara Voss / USA / Trade Envoy">Mara Voss</span>', html)
    assert re.search(r'<span class="quote"[^>]*>We &lt;em&gt;will&lt;/em&gt; keep talking,</span>', html)
    assert 'id="event-evil&lt;1&gt;:e1"' in html  # each event beside its sentence, anchored for links
    assert '<span class="removed" title="removed: share-line">Share this story' in html
    assert 'href="javascript:' not in html  # a stored javascript: URL is shown, not linked
    assert "Talks &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html


def test_events_page_links_rows_to_their_article(client: TestClient) -> None:
    html = client.get("/events?type=CONSULT").text
    assert re.search(r'<span id="total">2</span>', html)
    assert 'href="/articles/evil%3C1%3E#event-evil%3C1%3E%3Ae0"' in html
    assert 'href="/articles/plain#event-plain%3Ae1"' in html
    # the actor's name leads to that one actor, its code to every actor with the code
    assert 'href="/actors/person%3AUSA%3AGOV%3AMara%20Voss"' in html and 'href="/actors/USA"' in html
    assert client.get("/actors/person%3AUSA%3AGOV%3AMara%20Voss").status_code == 200


def test_dyad_page_has_both_directions_and_a_chart(client: TestClient) -> None:
    html = client.get("/dyads/USA/CHN").text
    # headings name the actors; the counts follow in their own span
    assert 'forward-total">2<' in html and 'backward-total">2<' in html and 'id="dyad-chart"' in html
    assert '<script src="/vendor/plotly.min.js?v=' in html


def test_error_pages(client: TestClient) -> None:
    assert client.get("/articles/nope").status_code == 404
    bad = client.get("/events?since=%3Cscript%3E")
    assert bad.status_code == 400 and "<script>" not in bad.text and "&lt;script&gt;" in bad.text


def test_highlight_puts_each_event_beside_its_sentence() -> None:
    text = "Intro here. A met B. Filler. B hit A.\n\nLast one."
    events = [{"span": list(_span(text, "A met B.")), "event_type": "CONSULT", "id": "e0"},
              {"span": list(_span(text, "B hit A.")), "event_type": "ASSAULT", "id": "e1"}]
    blocks = highlight(text, [], events, [])
    assert ["".join(s.text for s in b.segments) for b in blocks] == [
        "Intro here. ", "A met B. Filler. ", "B hit A.", "Last one."]
    assert [[e["id"] for e in b.events] for b in blocks] == [[], ["e0"], ["e1"], []]
    assert [b.continued for b in blocks] == [False, True, True, False]
    lines = highlight("One line.\nA met B.\nThird.", [], [{"span": [10, 18], "id": "e0"}], [])
    assert [("".join(s.text for s in b.segments), [e["id"] for e in b.events]) for b in lines] == [
        ("One line.", []), ("A met B.", ["e0"]), ("Third.", [])]  # no blank lines: one paragraph per line
    bullet = highlight("- A met B.", [], [{"span": [2, 10], "id": "e0"}], [])
    assert len(bullet) == 1 and bullet[0].events[0]["id"] == "e0"  # no block of just "- "


def test_highlight_ignores_offsets_outside_the_text() -> None:
    paragraphs = highlight("Short.", [{"start": 3, "end": 99, "key": "k"}], [], [])
    assert [s.text for s in paragraphs[0].segments] == ["Short."] and not paragraphs[0].segments[0].classes


# ---- files and the database file ----
def test_local_assets_and_no_filesystem_paths(client: TestClient) -> None:
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    assert client.get("/static/charts.js").status_code == 200
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/vendor/../app.py",
                "/static//etc/passwd", "/articles/..%2F..%2F..%2Fetc%2Fpasswd"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "import" not in response.text and "root:" not in response.text


def test_requests_do_not_hold_the_database(fresh_db: Path) -> None:
    db = fresh_db
    client = TestClient(create_app(db), base_url="http://localhost")
    assert client.get("/api/overview").json()["counts"]["articles"] == 2
    # a writer (as `thucydides run` is) can open the file right after a request, and the next request sees it
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM events WHERE article_id = 'plain'")
    con.close()
    assert client.get("/api/overview").json()["counts"]["events"] == 2
    assert client.get("/events").status_code == 200
    duckdb.connect(str(db)).close()


def test_missing_database_is_a_clean_error(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "none.duckdb"), base_url="http://localhost")
    assert client.get("/api/overview").status_code == 503
    assert "thucydides run" in client.get("/").text
    assert not (tmp_path / "none.duckdb").exists()  # read-only: never creates the file


def test_serve_command_binds_localhost_by_default(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    import uvicorn

    from thucydides.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append((application, kw)))
    result = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert calls[0][1]["host"] == "127.0.0.1" and calls[0][1]["port"] == 8000
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no database" in missing.output
