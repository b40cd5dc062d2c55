"""The web UI in headless Chromium (Debian's `chromium`, driven by playwright), served by uvicorn in a thread.

Opens every page on a database built from the sample corpus with every request outside the server blocked
(the pages must work offline), uses a filter, follows an event to its article, and saves screenshots to
docs/screenshots/. The seeds test takes the USA→CHN dyad and a seed article page from ../shared/seeds.
`make test` installs chromium first when it can (see the Makefile's `browser` target); without it these skip.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "samples" / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                       reason="Debian's chromium is not installed (`make browser` installs it: apt-get install "
                              "chromium chromium-driver)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright python package is not installed")


class Server:
    """The app on a free localhost port, served by uvicorn in a daemon thread."""

    def __init__(self, db: Path):
        import uvicorn

        from thucydides.web.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.db = db
        self.base = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)


class Tab:
    """A browser page that refuses every request outside the server and records console errors."""

    def __init__(self, browser: Any, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith("data:"):
            route.continue_()
        else:  # as with no internet: the page must not need it
            self.outside.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        return self.page

    def check(self) -> None:
        assert not self.outside, f"requests outside the server: {self.outside}"
        assert not self.errors, f"browser errors: {self.errors}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                                    args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, folder: Path) -> Path:
    from thucydides.pipeline import Pipeline

    db = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    summary = Pipeline.default().run([folder], manifest=folder / "manifest.jsonl", db=db)
    assert summary.articles_processed > 0 and summary.events > 0
    return db


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(_build(tmp_path_factory, "sample", CORPUS)) as server:
        yield server


def _first(db: Path, sql: str) -> str:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


# pages saved as docs/screenshots/<prefix>-<name>.png when visit_every_page is given a prefix
SHOT_PAGES = {"/actors": "actors", "/incidents": "incidents", "/search?q=China": "search",
              "/actors/USA": "actor-USA", "/dyads/USA/CHN?period=week": "dyad-USA-CHN"}


def visit_every_page(tab: Tab, shots: str | None = None) -> None:
    """Open every kind of page, following links from the overview; charts must be drawn by plotly."""
    page = tab.open("/")
    assert int(page.inner_text("#count-events")) > 0
    article = page.get_attribute("table.articles tbody tr a", "href")
    actor_key = page.get_attribute("table.top-actors tbody tr a", "href")
    dyad = page.get_attribute("table.top-dyads tbody tr a", "href")
    assert article and actor_key and dyad
    if shots:
        page.screenshot(path=str(SHOTS / f"{shots}-overview.png"))
    event = tab.open("/events").get_attribute("table.events tbody tr a.etype", "href")
    assert event and event.startswith("/events/")  # the event type opens a page, not raw JSON
    for path in ("/events", "/articles", "/actors", "/actors/USA", actor_key, article, "/stories", "/docs",
                 "/events?sort=-goldstein&page=2", event, "/incidents", "/incidents?min_sources=2",
                 "/search?q=China", "/dyads/USA/NOSUCHACTOR"):
        page = tab.open(path)
        assert page.locator("main h1").count() == 1, path
        assert page.locator("main").inner_text().count("None") == 0, path  # no Python None shown to people
        if shots and path in SHOT_PAGES:
            page.screenshot(path=str(SHOTS / f"{shots}-{SHOT_PAGES[path]}.png"))
    incident = tab.open("/incidents").locator("table.incidents tbody tr a").first
    if incident.count():
        page = tab.open(incident.get_attribute("href"))
        assert page.locator("table.reports tbody tr").count() >= 1
    for path, chart in ((dyad, "#dyad-chart"), ("/dyads/USA/CHN?period=week", "#dyad-chart"),
                        ("/actors/USA", "#actor-chart"), ("/network", "#network-chart")):
        page = tab.open(path)
        page.wait_for_selector(f"{chart}[data-rendered='1'] .main-svg", timeout=10_000)  # plotly drew it
        _assert_inside(page, chart)
        if shots and path in SHOT_PAGES:
            page.screenshot(path=str(SHOTS / f"{shots}-{SHOT_PAGES[path]}.png"))
    if shots:
        page.screenshot(path=str(SHOTS / f"{shots}-network.png"))
    tab.check()


def _box(page: Any, selector: str) -> dict[str, float]:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {x: r.x, y: r.y, width: r.width, height: r.height}; }")


def _assert_inside(page: Any, chart: str) -> None:
    """The drawn plot lies within the chart's box (it does not spill over the heading or the table)."""
    box, svg = _box(page, chart), _box(page, f"{chart} .main-svg")
    assert box["x"] <= svg["x"] and svg["x"] + svg["width"] <= box["x"] + box["width"] + 0.5, (chart, box, svg)
    assert box["y"] <= svg["y"] and svg["y"] + svg["height"] <= box["y"] + box["height"] + 0.5, (chart, box, svg)


def _resized(page: Any, chart: str, width: int) -> None:
    """Resize the window and wait until charts.js has redrawn the chart (it counts its redraws)."""
    count = page.eval_on_selector(chart, "e => Number(e.dataset.resized || 0)")
    page.set_viewport_size({"width": width, "height": 900})
    # a function, not a string: the pages' CSP forbids evaluating strings
    page.wait_for_function("([sel, n]) => Number(document.querySelector(sel).dataset.resized || 0) > n",
                           arg=[chart, count], timeout=5_000)
    page.wait_for_timeout(300)  # a second observer callback may follow the first


@pytest.mark.parametrize("path, chart", [
    ("/dyads/USA/CHN", "#dyad-chart"),   # it spilled over its heading after one resize, was squashed after two
    ("/network", "#network-chart"),      # the same
])
def test_charts_survive_window_resizes(browser: Any, sample: Server, path: str, chart: str) -> None:
    tab = Tab(browser, sample.base)
    page = tab.open(path)
    page.wait_for_selector(f"{chart}[data-rendered='1'] .main-svg", timeout=10_000)
    before = _box(page, f"{chart} .main-svg")
    _resized(page, chart, 760)
    narrow = _box(page, f"{chart} .main-svg")
    _assert_inside(page, chart)
    assert narrow["width"] < before["width"] and narrow["height"] == before["height"]  # follows the width only
    _resized(page, chart, 1280)
    _assert_inside(page, chart)
    after = _box(page, f"{chart} .main-svg")
    assert (after["width"], after["height"]) == (before["width"], before["height"])  # not squashed to 400 px
    tab.check()
    tab.page.close()


def test_csv_download_from_the_events_page(browser: Any, sample: Server) -> None:
    import pandas as pd

    tab = Tab(browser, sample.base)
    page = tab.open("/events?actor=USA")
    total = int(page.inner_text("#total"))
    with page.expect_download() as info:
        page.click("a.download-csv")
    frame = pd.read_csv(info.value.path())
    assert len(frame) == total and {"sentence", "trigger", "outlet", "url", "date"} <= set(frame.columns)
    tab.check()
    tab.page.close()


def test_clicking_a_dyad_bar_lists_that_period(browser: Any, sample: Server) -> None:
    tab = Tab(browser, sample.base)
    page = tab.open("/dyads/USA/CHN")
    page.wait_for_selector("#dyad-chart[data-rendered='1'] .main-svg", timeout=10_000)
    with page.expect_navigation():
        page.locator("#dyad-chart .barlayer .point path").first.click(force=True)
    assert "since=" in page.url and "until=" in page.url and page.locator(".filtered").count() == 1
    tab.check()
    tab.page.close()


def test_every_page_offline(browser: Any, sample: Server) -> None:
    tab = Tab(browser, sample.base)
    visit_every_page(tab, shots="sample")
    tab.page.close()


def test_story_timeline_once_stories_exist(browser: Any, sample: Server) -> None:
    import duckdb

    # written while the server runs: it holds no connection between requests
    con = duckdb.connect(str(sample.db))
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stories'").fetchone()[0]:
            _add_stories(con)  # the stories stage has not run: write its tables the way it does
        stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    finally:
        con.close()
    tab = Tab(browser, sample.base)
    page = tab.open("/stories")
    if stories:
        page.wait_for_selector("#story-chart[data-rendered='1'] .main-svg", timeout=10_000)
        page.screenshot(path=str(SHOTS / "sample-stories.png"))
        with page.expect_navigation():
            page.click("table.stories tbody tr a")
        assert "/stories/" in page.url and page.locator("table.story-articles tbody tr").count() >= 1
    else:
        assert "No stories yet" in page.inner_text("table.stories")
    tab.check()
    tab.page.close()


def _add_stories(con: Any) -> None:
    """Two stories over the sample articles, in the tables and columns the stories stage writes."""
    con.execute("CREATE TABLE stories (story_id INTEGER, label VARCHAR, first_published DATE, "
                "last_published DATE, article_count INTEGER, source_count INTEGER)")
    con.execute("CREATE TABLE article_stories (article_id VARCHAR, story_id INTEGER, duplicate_of VARCHAR, "
                "relation VARCHAR, similarity DOUBLE)")
    con.execute("CREATE TABLE incidents (incident_id INTEGER, story_id INTEGER, event_type VARCHAR, "
                "source_code VARCHAR, target_code VARCHAR, date VARCHAR, date_precision VARCHAR, "
                "article_count INTEGER, source_count INTEGER, first_article_id VARCHAR, first_published DATE, "
                "contradictions JSON, record JSON)")
    con.execute("CREATE TABLE incident_events (incident_id INTEGER, event_id VARCHAR)")
    con.execute(
        "INSERT INTO article_stories SELECT id, CASE WHEN row_number() OVER (ORDER BY published, id) <= 6 THEN 1 "
        "ELSE 2 END, NULL, 'original', NULL FROM articles")
    con.execute(
        "INSERT INTO stories SELECT s.story_id, 'Sample story ' || s.story_id, min(a.published), max(a.published), "
        "count(*), count(DISTINCT a.source) FROM article_stories s JOIN articles a ON a.id = s.article_id "
        "GROUP BY s.story_id")
    con.execute(
        "INSERT INTO incidents SELECT row_number() OVER (ORDER BY e.id), s.story_id, e.event_type, e.source_code, "
        "e.target_code, e.date, e.date_precision, 1, 1, e.article_id, a.published, '[]', '{}' FROM events e "
        "JOIN article_stories s ON s.article_id = e.article_id JOIN articles a ON a.id = e.article_id "
        "WHERE e.date IS NOT NULL")
    con.execute("INSERT INTO incident_events SELECT i.incident_id, e.id FROM incidents i JOIN events e "
                "ON e.article_id = i.first_article_id AND e.event_type = i.event_type AND e.date = i.date")


def test_filter_then_follow_an_event_to_its_article(browser: Any, sample: Server) -> None:
    tab = Tab(browser, sample.base)
    page = tab.open("/events")
    everything = int(page.inner_text("#total"))
    page.fill("input[name=actor]", "USA")
    page.select_option("select[name=quad_class]", "1")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "actor=USA" in page.url and "quad_class=1" in page.url
    filtered = int(page.inner_text("#total"))
    assert 0 < filtered < everything
    rows = page.locator("table.events tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        assert "USA" in row.inner_text() and row.locator(".quad.q1").count() == 1
    page.screenshot(path=str(SHOTS / "sample-events-filtered.png"))
    link = page.locator("a.article-link").first
    href = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == href.split("#")[0]
    event_id = href.split("#", 1)[1]
    note = page.locator(f'[id="{event_id.replace("%3A", ":")}"]')
    assert note.count() == 1 and note.is_visible()
    assert page.locator(".article .trigger").count() > 0 and page.locator(".article .mention").count() > 0
    page.screenshot(path=str(SHOTS / "sample-article.png"))
    tab.check()
    tab.page.close()


@pytest.mark.skipif(not (SEEDS / "manifest.jsonl").exists(), reason="../shared/seeds is not present")
def test_seeds_dyad_and_article_screenshots(browser: Any, seeds_run: tuple[Path, Any]) -> None:
    db = seeds_run[0]
    # the seed article with the most USA->CHN events: the one whose highlighted evidence says the most
    article = _first(db, "SELECT article_id FROM events WHERE source_code = 'USA' AND target_code = 'CHN' "
                         "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    with Server(db) as server:
        tab = Tab(browser, server.base)
        page = tab.open("/dyads/USA/CHN")
        page.wait_for_selector("#dyad-chart[data-rendered='1'] .main-svg", timeout=10_000)
        assert page.locator("table.events").first.locator("tbody tr").count() >= 5
        page.screenshot(path=str(SHOTS / "seeds-dyad-USA-CHN.png"))
        page = tab.open(f"/articles/{quote(article, safe='')}")
        assert page.locator(".event-note").count() >= 3 and page.locator(".article .trigger").count() >= 3
        page.screenshot(path=str(SHOTS / "seeds-article.png"))
        visit_every_page(tab)
        tab.page.close()
