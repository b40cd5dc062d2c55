"""The web server's defences (issue 11, "Reliability and security"): bounded parameters answered with 400, a
generic 500 that still carries the security headers, a bounded query string, a time limit per request, and an
OpenAPI spec that documents the error answers."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_api import _build  # the hand-built two-article database (no spaCy)
from typer.testing import CliRunner

import thucydides.web.app as web
from thucydides.web import guards as G

HEADERS = {"content-security-policy": "script-src 'self'", "x-content-type-options": "nosniff",
           "referrer-policy": "no-referrer"}
# A query DuckDB needs many seconds for: 10^10 rows, each tested
SLOW_SQL = "SELECT count(*) FROM range(100000) a(i), range(100000) b(j) WHERE (i * j) % 7 = 3"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("guards"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(web.create_app(db), base_url="http://localhost", raise_server_exceptions=False)


def assert_secured(response: Any) -> None:
    for name, part in HEADERS.items():
        assert part in response.headers.get(name, ""), (name, response.status_code)


# ---- every parameter is bounded; a bad one is a 400 naming it ----
@pytest.mark.parametrize("url, name", [
    ("/api/events?page=10000000000000000000", "page"),     # more than a 64-bit integer (was a 500)
    ("/events?page=10000000000000000000", "page"),         # the same on the page (was a 500)
    ("/api/articles?page=10000000000000000000", "page"),   # the articles API (was a 500)
    ("/articles?page=10000000000000000000", "page"),       # and page (was a 500)
    ("/api/events?page=1000001", "page"),                  # just above the bound
    ("/events?page=0", "page"),                            # below it (was FastAPI's raw 422 JSON on a page)
    ("/articles?page=-1", "page"),                         # negative
    ("/api/events?page_size=501", "page_size"),            # page size above 500
    ("/api/articles?page_size=0", "page_size"),            # and below 1
    ("/api/events?page=x", "page"),                        # not a number
    ("/api/events?page=", "page"),                         # nor is a blank
    ("/api/events?sort=", "sort"),                         # the sort menu always sends one
    ("/api/events?since=2023-1-1-1", "since"),             # not a date's shape
    ("/api/events?until=12345", "until"),                  # a five-digit year
    ("/events?since=2023-13", "2023-13"),                  # the shape of a date, but no such month
    ("/api/network?since=yesterday", "since"),             # the network's dates
    ("/network?until=2023-02-30", "2023-02-30"),           # no such day
    ("/api/stories?since=" + "9" * 11, "since"),           # too long for a date
    ("/stories?until=x", "until"),                         # the stories page
    ("/api/network?min_events=10000000000000000000", "min_events"),  # more than a 64-bit integer
    ("/network?min_events=0", "min_events"),               # below 1
    ("/api/events?quad_class=5", "quad_class"),            # quad classes are 1-4
    ("/api/events?quad_class=99999999999999999999", "quad_class"),  # and not a huge number
    ("/api/events?sort=goldstein;DROP", "sort"),           # sort keys come from a fixed list
    ("/events?sort=-record", "sort"),                      # a column, but not a sort key
    ("/api/events?q=" + "a" * 201, "q"),                   # the search text is at most 200 characters
    ("/api/events?actor=" + "a" * 201, "actor"),           # as is an actor
    ("/api/events?dyad=" + "a" * 201, "dyad"),             # a dyad
    ("/api/events?type=" + "a" * 201, "type"),             # an event type
    ("/api/actors?actor=" + "a" * 201, "actor"),           # the actor list's filter
    ("/actors?actor=" + "a" * 201, "actor"),               # and page
    ("/api/actors?limit=10001", "limit"),                  # the actor list's limit
    ("/api/stories?limit=0", "limit"),                     # the stories' limit
    ("/api/incidents?limit=5001", "limit"),                # the incidents' limit
    ("/api/dyads/USA/CHN/series?period=day", "period"),    # week or month
    ("/dyads/USA/CHN?period=year", "period"),              # on the page too
    ("/api/events/" + "e" * 1001, "event_id"),             # ids are at most 1000 characters
    ("/api/articles/" + "a" * 1001, "article_id"),         # article ids
    ("/articles/" + "a" * 1001, "article_id"),             # on the page
    ("/api/stories/" + "7" * 1001, "story_id"),            # story ids
    ("/api/actors/" + "k" * 1001, "ident"),                # actor keys
    ("/api/dyads/" + "A" * 201 + "/CHN/series", "a"),      # a dyad's codes are at most 200 characters
])
def test_bad_parameters_get_400_naming_them(client: TestClient, url: str, name: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text[:300]
    assert_secured(response)
    if url.startswith("/api"):
        detail = response.json()["detail"]  # one readable line, not pydantic's list of records
        assert isinstance(detail, str) and name in detail
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>Error 400</h1>" in response.text and name in response.text  # the error page


@pytest.mark.parametrize("url", [
    "/api/events?page=1000000&page_size=500",  # the last page allowed, far past the data: empty, not an error
    "/events?page=1000000",                    # the same page in HTML
    "/api/events?since=&until=&q=&quad_class=&sort=-date",  # an HTML form's blank fields count as absent
    "/network?since=2023&until=2023-12-31",    # the three date forms
    "/api/events?quad_class=4&page_size=500",  # at the bounds
])
def test_values_at_the_bounds_are_accepted(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 200


# ---- unexpected errors: a generic 500 with the security headers ----
@pytest.mark.parametrize("url, json", [
    ("/api/overview", True),  # the API answers JSON
    ("/", False),             # a page answers the error page
])
def test_an_unexpected_error_is_a_generic_500_with_the_headers(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                               url: str, json: bool) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret detail at /srv/private/path")

    monkeypatch.setattr(web.Q, "overview", broken)
    client = TestClient(web.create_app(db), base_url="http://localhost", raise_server_exceptions=False)
    response = client.get(url)
    assert response.status_code == 500
    assert_secured(response)
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    if json:
        assert response.json() == {"detail": "internal error: the server could not answer this request"}
    else:
        assert "<h1>Error 500</h1>" in response.text


# ---- the query string's length, and what a page echoes ----
def test_a_long_query_string_is_refused_without_echo(client: TestClient) -> None:
    # the 100 kB query string; httpx refuses URLs over 64 kB, 60 kB is just as far over the bound
    junk = "x" * 60_000
    for url in (f"/events?q={junk}", f"/api/events?zzz={junk}"):
        response = client.get(url)
        assert response.status_code == 414
        assert_secured(response)
        assert junk[:100] not in response.text and len(response.content) < 5_000


def test_a_page_does_not_echo_unknown_parameters(client: TestClient) -> None:
    extra = "y" * 10_000  # under the query string's bound
    response = client.get(f"/events?sort=-date&junk={extra}")
    assert response.status_code == 200
    assert extra not in response.text  # the sort and page links keep only the page's own parameters
    assert "sort=-date" in response.text


def test_the_longest_valid_query_fits_under_the_bound(client: TestClient) -> None:
    # four text filters at their bound in a 4-byte character (12 bytes once percent-encoded): still answered
    long = "\U0001F600" * G.MAX_TEXT
    dyad = long[:G.MAX_TEXT // 2] + ":" + long[:G.MAX_TEXT // 2 - 1]
    response = client.get(f"/api/events?actor={long}&dyad={dyad}&type={long}&q={long}&since=2023-01-01"
                          "&until=2023-12-31&sort=-confidence&page=1000000&page_size=500&quad_class=4")
    assert response.status_code == 200, response.text[:300]


# ---- a time limit per request ----
def test_a_slow_query_is_interrupted_with_503(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome: list[str] = []

    def slow(store: Any, **kwargs: Any) -> None:
        with store.connect() as con:
            try:
                con.execute(SLOW_SQL).fetchone()
                outcome.append("finished")
            except Exception as exc:
                outcome.append(type(exc).__name__)
                raise

    monkeypatch.setattr(web.Q, "overview", slow)
    client = TestClient(web.create_app(db, timeout=0.5), base_url="http://localhost")
    started = time.monotonic()
    response = client.get("/api/overview")
    assert response.status_code == 503 and "longer than 0.5 s" in response.json()["detail"]
    assert_secured(response)
    assert outcome == ["InterruptException"]  # the query was stopped, not left running
    assert time.monotonic() - started < 5  # the query alone takes far longer
    assert client.get("/api/events").status_code == 200  # the next request is served as usual


def test_slow_work_outside_the_database_gets_503_on_a_page(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(1.0)

    monkeypatch.setattr(web.Q, "overview", slow)
    client = TestClient(web.create_app(db, timeout=0.2), base_url="http://localhost")
    response = client.get("/")
    assert response.status_code == 503 and "<h1>Error 503</h1>" in response.text
    assert_secured(response)


@pytest.mark.parametrize("timeout", [None, 0])  # no limit
def test_no_time_limit_when_none_is_set(db: Path, monkeypatch: pytest.MonkeyPatch, timeout: float | None) -> None:
    real = web.Q.overview

    def slowish(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(web.Q, "overview", slowish)
    client = TestClient(web.create_app(db, timeout=timeout), base_url="http://localhost")
    assert client.get("/api/overview").status_code == 200


@pytest.mark.parametrize("args, expected", [
    ([], 30.0),                   # the default
    (["--timeout", "5"], 5.0),    # given
    (["--timeout", "0"], None),   # 0: no limit
])
def test_serve_passes_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                  expected: float | None) -> None:
    import uvicorn

    from thucydides.cli import app

    db = tmp_path / "x.duckdb"
    db.write_bytes(b"")
    seen: list[float | None] = []
    monkeypatch.setattr(web, "create_app", lambda db, allowed_hosts, timeout: seen.append(timeout))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    result = CliRunner().invoke(app, ["serve", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert seen == [expected]


# ---- the OpenAPI spec documents the error answers ----
def test_openapi_documents_400_and_404(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    error_ref = {"$ref": "#/components/schemas/ApiError"}
    assert spec["components"]["schemas"]["ApiError"]["properties"]["detail"]["type"] == "string"
    for path, operations in spec["paths"].items():
        responses = operations["get"]["responses"]
        assert "422" not in responses, path  # invalid parameters answer 400, not FastAPI's 422
        codes = {"400", "503"} | ({"404"} if path.endswith("_id}") or path.endswith("{ident}") else set())
        for code in codes:
            assert responses[code]["content"]["application/json"]["schema"] == error_ref, (path, code)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    bounds = {p["name"]: p["schema"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert bounds["page"]["maximum"] == G.MAX_PAGE and bounds["q"]["anyOf"][0]["maxLength"] == G.MAX_TEXT
