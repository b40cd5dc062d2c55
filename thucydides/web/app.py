"""The web UI and JSON API over a Thucydides DuckDB file (read-only).

    app = create_app(Path("news.duckdb"))      # then: uvicorn, or `thucydides serve --db news.duckdb`

JSON API under /api (OpenAPI at /docs), HTML pages at /, /events, /articles/{id}, /actors/{code or key},
/dyads/{a}/{b}, /network. Every value from a request goes to SQL as a bound parameter; ids are only looked up
in the database; the only files served are this package's static directory and plotly's bundled plotly.min.js.
Templates autoescape everything, and pages carry a Content-Security-Policy allowing only same-origin scripts.
"""

from __future__ import annotations

import gzip
import logging

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse,
                               Response)
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..model import Actor
from ..report import UNKNOWN_ACTOR
from ..store import Store, StoreError
from . import charts as C
from . import display as D
from . import downloads, pages
from . import guards as G
from . import queries as Q
from . import views as V

_HERE = Path(__file__).parent
log = logging.getLogger(__name__)
# The names a browser on this machine uses for a loopback server. Any other Host header is refused: a page on
# another site that rebinds its own DNS name to 127.0.0.1 would otherwise read the local API (DNS rebinding).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


# ---- article highlighting ----
@dataclass(frozen=True)
class Segment:
    """A run of text with the highlight classes covering it (classes come from a fixed set, never from data)."""

    text: str
    classes: tuple[str, ...] = ()
    title: str | None = None


@dataclass
class Paragraph:
    """A block of the cleaned text (a paragraph, or part of one from an event's sentence on) and the events
    whose sentence starts in it."""

    segments: list[Segment]
    events: list[dict[str, Any]] = field(default_factory=list)
    continued: bool = False  # goes on from the block before, in the same paragraph


def highlight(text: str, mentions: list[dict[str, Any]], events: list[dict[str, Any]],
              quotes: list[dict[str, Any]]) -> list[Paragraph]:
    """Split cleaned `text` into paragraphs of segments marked as mention, trigger, date, place, quote or
    event sentence, using the stored character offsets. Offsets outside the text are ignored."""
    spans: list[tuple[int, int, str, str | None]] = []
    for m in mentions:
        label = " / ".join(str(v) for v in (m.get("name"), m.get("code"), m.get("role")) if v)
        spans.append((m["start"], m["end"], "mention" if m.get("key") else "mention unresolved",
                      label or "unresolved mention"))
    for e in events:
        start, end = e["span"]
        spans.append((start, end, "sentence", None))
        if e.get("trigger_span"):
            ts, te = e["trigger_span"]
            spans.append((ts, te, "trigger", f"{e['event_type']} (quad class {e.get('quad_class')})"))
        if e.get("date_text"):
            at = text.find(e["date_text"], start, end)  # events store the date expression, not its offsets
            if at >= 0:
                spans.append((at, at + len(e["date_text"]), "date", f"date {e.get('date')}"))
        place = e.get("location") or {}
        if place.get("start") is not None and place.get("end") is not None:
            spans.append((place["start"], place["end"], "place", place.get("name")))
    for q in quotes:
        speaker = (q.get("speaker") or {}).get("name")
        spans.append((q["span"][0], q["span"][1], "quote", f"quote: {speaker or 'unknown speaker'}"))
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    spans = list(dict.fromkeys(spans))  # the same sentence twice (two events) is one highlight

    # a block is a paragraph, cut again where an event's sentence starts, so that every event's note sits
    # beside its own sentence even in a long paragraph (or a scrape with no paragraph breaks at all)
    sentence_starts = sorted({e["span"][0] for e in events if 0 <= e["span"][0] < len(text)})
    paragraphs: list[Paragraph] = []
    starts: list[int] = []
    pos = 0
    # blank lines separate paragraphs; a text without any (some scrapes) has one paragraph per line
    separator = "\n\n" if "\n\n" in text else "\n"
    for block in text.split(separator):
        end = pos + len(block)
        cuts = [pos]
        for c in sentence_starts:
            if pos < c < end and any(ch.isalnum() for ch in text[cuts[-1]:c]):  # not after a lone "- "
                cuts.append(c)
        cuts.append(end)
        for lo, hi in zip(cuts, cuts[1:]):
            if text[lo:hi].strip():
                paragraphs.append(Paragraph(_segments(text, lo, hi, spans), continued=lo != pos))
                starts.append(lo)
        pos = end + len(separator)
    for e in events:
        index = max((i for i, s in enumerate(starts) if s <= e["span"][0]), default=0)
        if paragraphs:
            paragraphs[index].events.append(e)
    return paragraphs


def _segments(text: str, lo: int, hi: int, spans: list[tuple[int, int, str, str | None]]) -> list[Segment]:
    inside = [s for s in spans if s[0] < hi and s[1] > lo]
    cuts = sorted({lo, hi, *(max(lo, min(hi, s[0])) for s in inside), *(max(lo, min(hi, s[1])) for s in inside)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        # a few dozen spans per paragraph: a plain scan is simpler than an interval tree
        covering = [s for s in inside if s[0] <= a and s[1] >= b]
        classes = tuple(sorted({c for s in covering for c in s[2].split()}))
        titles = [s[3] for s in covering if s[3]]
        out.append(Segment(text[a:b], classes, "; ".join(titles) or None))
    return out


def raw_segments(raw: str, removals: list[dict[str, Any]]) -> list[Segment]:
    """The raw text with the stretches cleaning removed marked as such (class "removed", title the reason)."""
    out: list[Segment] = []
    pos = 0
    for r in sorted(removals, key=lambda r: r["start"]):
        start, end = max(pos, r["start"]), min(len(raw), r["end"])
        if start >= end:
            continue
        out.append(Segment(raw[pos:start]))
        out.append(Segment(raw[start:end], ("removed",), f"removed: {r['reason']}"))
        pos = end
    out.append(Segment(raw[pos:]))
    return [s for s in out if s.text]


def _endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI operations as rows for the /docs page: method, path, summary, description, parameters."""
    rows = []
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or (p.get("schema") or {}).get("description") or ""}
                      for p in op.get("parameters", [])]
            rows.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                         "description": op.get("description", ""), "parameters": params})
    return rows


# Query and path parameters shared by several routes, each with its bounds (see guards).
DateParam = Annotated[str | None, Query(max_length=10, pattern=G.DATE_PATTERN,
                                        description="A date: YYYY-MM-DD, YYYY-MM or YYYY.")]
TextParam = Annotated[str | None, Query(max_length=G.MAX_TEXT)]
IdParam = Annotated[str, PathParam(min_length=1, max_length=G.MAX_ID)]
CodeParam = Annotated[str, PathParam(min_length=1, max_length=G.MAX_TEXT,
                                     description="Actor code, full name, or one word of a name.")]
MinEvents = Annotated[int, Query(ge=1, le=G.MAX_COUNT)]


class EventQuery(BaseModel):
    """Query parameters of /api/events and /events (empty strings from HTML forms count as absent)."""

    actor: str | None = Field(None, max_length=G.MAX_TEXT,
                              description="Actor code, full name, or one word of a name (source or target).")
    dyad: str | None = Field(None, max_length=G.MAX_TEXT, description="SOURCE:TARGET, e.g. USA:CHN.")
    type: str | None = Field(None, max_length=G.MAX_TEXT, description="Event type, e.g. CONSULT.")
    # "": an HTML form's "any" choice
    quad_class: Annotated[int, Field(ge=1, le=4)] | Literal[""] | None = Field(
        None, description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict; empty: any.")
    since: str | None = Field(None, max_length=10, pattern=G.DATE_PATTERN,
                              description="From this date: YYYY-MM-DD, YYYY-MM or YYYY.")
    until: str | None = Field(None, max_length=10, pattern=G.DATE_PATTERN,
                              description="Up to this date, inclusive.")
    q: str | None = Field(None, max_length=G.MAX_TEXT, description="Text in the sentence, trigger or actor names.")
    page: int = Field(1, ge=1, le=G.MAX_PAGE)
    page_size: int = Field(50, ge=1, le=G.MAX_PAGE_SIZE)
    sort: str = Field("date", pattern=G.SORT_PATTERN,
                      description=f"One of {', '.join(Q.SORTS)}; prefix '-' for descending.")

    def to_filter(self) -> Q.EventFilter:
        """The store filter."""
        return Q.EventFilter(actor=self.actor or None, dyad=self.dyad or None, event_type=self.type or None,
                             quad_class=self.quad_class or None, since=self.since or None, until=self.until or None,
                             q=self.q or None)


# The parameters an events or articles page keeps in its links (sort, next page): nothing else of the request
# is echoed, so that a long made-up parameter does not appear a dozen times on the page.
_LINK_PARAMS = frozenset(EventQuery.model_fields) | {"format"}


# ---- the app ----
def create_app(db: Path, allowed_hosts: Sequence[str] = LOCAL_HOSTS,
               timeout: float | None = G.DEFAULT_TIMEOUT) -> FastAPI:
    """The FastAPI app serving the UI and the JSON API over the DuckDB file `db`, opened read-only per request.

    Requests whose Host header is not one of `allowed_hosts` (host names or IP addresses, IPv6 in brackets,
    `*.example.org` for subdomains) get 400, whatever their port. A request unanswered after `timeout` seconds
    gets 503 and its queries are interrupted (None: no limit)."""
    store = G.InterruptibleStore(db, read_only=True)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["u"] = lambda value: quote(str(value), safe="")
    # only web links become hrefs: a stored "javascript:..." URL must not be clickable
    env.filters["http_url"] = lambda value: value if isinstance(value, str) and value.lower().startswith(
        ("http://", "https://")) else None
    env.globals.update(quad_classes=Q.QUAD_CLASSES, version=__version__, db_name=Path(db).name)
    env.globals["actor_key"] = _actor_key
    env.globals.update(labels=D.Labels.load(), fmt1=D.fmt1, show_date=D.show_date, unknown_actor=UNKNOWN_ACTOR)
    templates = Jinja2Templates(env=env)
    plotly_js = _plotly_js()
    env.globals["asset_version"] = G.asset_version(plotly_js, _HERE / "static")

    # FastAPI's Swagger UI and ReDoc load their scripts from a CDN: /docs is our own page over /openapi.json
    app = FastAPI(title="Thucydides", version=__version__, docs_url=None, redoc_url=None,
                  description="Coded political events, quotes and actors from a Thucydides DuckDB file.")
    app.mount("/static", G.CachedStaticFiles(directory=_HERE / "static"), name="static")

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context["with_query"] = lambda **changes: _with_query(request, **changes)
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error(request: Request, status_code: int, message: str) -> Response:
        """The error answer: JSON (ApiError) under /api, else the error page."""
        message = G.clip(message)
        if request.url.path.startswith(("/api", "/download")) or request.url.path == "/openapi.json":
            return JSONResponse({"detail": message}, status_code=status_code)
        return page(request, "error.html", status_code, title=f"Error {status_code}", message=message)

    # Middlewares, innermost first (each added one wraps the ones before): the host check, the time limit,
    # the size limits, the security headers on whatever any of them answers.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
    app.add_middleware(G.RequestConnection)  # inside the time limit: its deadline sees the connection
    app.add_middleware(G.RequestTimeout, seconds=timeout, respond=error)
    app.add_middleware(G.RequestLimits, respond=error)
    app.add_middleware(G.SecurityHeaders)
    # compressed answers: plotly.js goes from 4.8 MB to about 1.4 MB, pages and downloads shrink as much
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # 400 with one readable line, not FastAPI's 422 list of pydantic records (on pages as well as the API)
        return error(request, 400, G.validation_message(list(exc.errors())))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Starlette answers this one outside every middleware: the headers are added here. No detail of the
        # exception goes out; the server log has the traceback (Starlette re-raises it to the server).
        message = "internal error: the server could not answer this request"
        try:
            response = error(request, 500, message)
        except Exception:  # the error page itself failed
            log.exception("rendering the error page failed")
            response = PlainTextResponse(message, status_code=500)
        return G.secured(response)

    plotly_etag = f'"{env.globals["asset_version"]}"'
    compressed: list[bytes] = []  # plotly.js gzipped once, on first use (not at startup: tests make many apps)

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle(request: Request) -> Response:
        """plotly.js as bundled in the installed `plotly` package (one fixed path, no CDN), gzipped when the
        browser accepts it, cached for a year (the URL carries the asset version), revalidated by ETag."""
        headers = {"Cache-Control": G.ASSET_CACHE, "ETag": plotly_etag, "Vary": "Accept-Encoding"}
        if plotly_etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        if "gzip" not in request.headers.get("accept-encoding", ""):
            return FileResponse(plotly_js, media_type="text/javascript", headers=headers)
        if not compressed:
            compressed.append(gzip.compress(plotly_js.read_bytes(), compresslevel=6))
        return Response(compressed[0], media_type="text/javascript", headers={**headers, "Content-Encoding": "gzip"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon: an empty answer rather than a 404 in every browser console."""
        return Response(status_code=204, headers={"Cache-Control": G.ASSET_CACHE})

    # ---- JSON API ----
    @app.get("/api/overview", tags=["api"], summary="Overview", responses=G.errors(400, 503))
    def api_overview() -> Q.Overview:
        """Counts, date range, top dyads and top actors."""
        return Q.overview(store)

    @app.get("/api/events", tags=["api"], summary="Search events", responses=G.errors(400, 503))
    def api_events(filters: Annotated[EventQuery, Query()]) -> Q.EventPage:
        """Events matching all given filters, one page at a time."""
        return Q.search_events(store, filters.to_filter(), page=filters.page, page_size=filters.page_size,
                               sort=filters.sort)

    @app.get("/api/events/{event_id:path}", tags=["api"], summary="One event", responses=G.errors(400, 404, 503))
    def api_event(event_id: IdParam) -> dict[str, Any]:
        """One event record (as in the JSONL output)."""
        event = Q.event_by_id(store, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return event

    @app.get("/api/articles/{article_id:path}", tags=["api"], summary="One article with its evidence",
             responses=G.errors(400, 404, 503))
    def api_article(article_id: IdParam) -> dict[str, Any]:
        """An article: metadata, cleaned and raw text, removals, mentions (with offsets), events and quotes."""
        article = Q.article_by_id(store, article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        article["mentions"], article["events"], article["quotes"] = Q.article_parts(store, article_id)
        return article

    @app.get("/api/actors", tags=["api"], summary="List actors", responses=G.errors(400, 503))
    def api_actors(actor: TextParam = None,
                   limit: Annotated[int | None, Query(ge=0, le=10000)] = None) -> list[dict[str, Any]]:
        """Actors with mention and event counts, most frequent first; actor: code, name, or a word of a name."""
        return store.actors(actor=actor, limit=limit)

    @app.get("/api/actors/{ident:path}", tags=["api"], summary="One actor (or every actor with a code)",
             responses=G.errors(400, 404, 503))
    def api_actor(ident: IdParam) -> dict[str, Any]:
        """An actor by key (one actor) or by code (every actor with that code): events as source and target,
        and quotes."""
        return _actor_data(store, ident)

    @app.get("/api/dyads/{a}/{b}/series", tags=["api"], summary="Dyad time series", responses=G.errors(400, 503))
    def api_dyad_series(a: CodeParam, b: CodeParam, period: Q.Period = "month") -> Q.DyadSeries:
        """Events A→B and B→A per week or month and quad class, with mean Goldstein scores."""
        return Q.dyad_series(store, a, b, period)

    @app.get("/api/network", tags=["api"], summary="Actor network", responses=G.errors(400, 503))
    def api_network(since: DateParam = None, until: DateParam = None, min_events: MinEvents = 1) -> list[Q.NetworkEdge]:
        """Directed actor-to-actor edges (code, else name) with event counts and mean Goldstein."""
        return Q.network(store, since=since or None, until=until or None, min_events=min_events)

    @app.get("/api/articles", tags=["api"], summary="List articles", responses=G.errors(400, 503))
    def api_articles(page: Annotated[int, Query(ge=1, le=G.MAX_PAGE)] = 1,
                     page_size: Annotated[int, Query(ge=1, le=G.MAX_PAGE_SIZE)] = 50) -> dict[str, Any]:
        """Stored articles, newest first, with event and quote counts (no text: see /api/articles/{id})."""
        items, total = Q.article_list(store, page=page, page_size=page_size)
        return {"items": items, "total": total, "page": page, "page_size": page_size}

    @app.get("/api/stories", tags=["api"], summary="List stories", responses=G.errors(400, 503))
    def api_stories(since: DateParam = None, until: DateParam = None,
                    limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> dict[str, Any]:
        """Stories overlapping [since, until], newest first. `available` is false when the database has no
        story tables yet (built by a newer `thucydides run`)."""
        available = Q.has_stories(store)
        items = Q.story_list(store, since=since or None, until=until or None, limit=limit) if available else []
        return {"available": available, "items": items}

    @app.get("/api/stories/{story_id:path}", tags=["api"], summary="One story", responses=G.errors(400, 404, 503))
    def api_story(story_id: IdParam) -> dict[str, Any]:
        """A story with its articles (original, reprint, translation, related) and its incidents."""
        story = Q.story_detail(store, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.get("/api/incidents", tags=["api"], summary="Latest incidents", responses=G.errors(400, 503))
    def api_incidents(limit: Annotated[int, Query(ge=1, le=5000)] = 50) -> dict[str, Any]:
        """The latest incidents (one real-world event reported by one or more articles), newest first."""
        items = Q.recent_incidents(store, limit=limit)
        return {"available": items is not None, "items": items or []}

    # ---- HTML pages ----
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        return page(request, "docs.html", title="API", endpoints=_endpoints(app.openapi()))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        articles, total = Q.article_list(store, page_size=20)
        incidents = Q.recent_incidents(store, limit=10)
        if incidents:
            incidents = _titled(store, V.with_sentences(store, incidents))
        return page(request, "overview.html", title="Overview", ov=Q.overview(store, top=15),
                    dates=V.event_date_range(store), top_actors=V.canonical_actors(store, limit=15),
                    articles=articles, articles_total=total, incidents=incidents)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request,
                      page_no: Annotated[int, Query(alias="page", ge=1, le=G.MAX_PAGE)] = 1) -> Response:
        items, total = Q.article_list(store, page=page_no, page_size=100)
        pages = max(1, -(-total // 100))
        if page_no > pages:
            return RedirectResponse(_with_query(request, page=pages), status_code=303)
        return page(request, "articles.html", title="Articles", articles=items, total=total, page_no=page_no,
                    pages=max(1, -(-total // 100)))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, since: DateParam = None, until: DateParam = None) -> HTMLResponse:
        available = Q.has_stories(store)
        items = _titled(store, Q.story_list(store, since=since or None, until=until or None) if available else [])
        return page(request, "stories.html", title="Stories", available=available, stories=items,
                    figure=C.story_figure(items) if items else None, since=since or "", until=until or "")

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: IdParam) -> HTMLResponse:
        story = Q.story_detail(store, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        story = _titled(store, [story])[0]
        story["incidents"] = V.with_sentences(store, story["incidents"])
        for i in story["incidents"]:
            i["explained"] = [V.explain_contradiction(c, D.PLOVER_LABELS) for c in i["contradictions"]]
        return page(request, "story.html", title=story["label"] or f"Story {story_id}", story=story)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, filters: Annotated[EventQuery, Query()]) -> Response:
        result = Q.search_events(store, filters.to_filter(), page=filters.page, page_size=filters.page_size,
                                 sort=filters.sort)
        if result.page > result.pages:  # past the end: the last page, not "page 99 of 3"
            return RedirectResponse(_with_query(request, page=result.pages), status_code=303)
        result.items = V.with_articles(store, result.items)
        return page(request, "events.html", title="Events", result=result, f=filters,
                    types=Q.event_types(store), sorts=list(Q.SORTS))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: IdParam) -> HTMLResponse:
        article = Q.article_by_id(store, article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        mentions, events, quotes = Q.article_parts(store, article_id)
        return page(request, "article.html", title=article["title"] or article["id"], article=article,
                    paragraphs=highlight(article["text"] or "", mentions, events, quotes), quotes=quotes,
                    raw=raw_segments(article["raw_text"] or "", article["removals"]),
                    story=Q.article_story(store, article_id))

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, actor: TextParam = None) -> HTMLResponse:
        actors = V.canonical_actors(store, actor=actor or None)
        return page(request, "actors.html", title="Actors", actors=actors, actor=actor,
                    sectors=sorted({x for a in actors for x in a["sectors"]}))

    @app.get("/actors/{ident:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, ident: IdParam) -> HTMLResponse:
        data = _actor_data(store, ident)
        main = data["actors"][0]
        title = main["name"] if data["by_key"] else f"{V.actor_labels(store, [ident])[ident]} ({ident.upper()})"
        data["as_source"], data["as_target"] = (V.with_articles(store, data[k]) for k in ("as_source", "as_target"))
        # the entity this actor belongs to in listings (a country with its government, a person under all the
        # spellings of the name): its chart and partners count all of it
        keys = [a["key"] for a in data["actors"]]
        entity = next((x for x in V.canonical_actors(store) if set(keys) & set(x["keys"])), None)
        keys = sorted(set(keys) | set(entity["keys"] if entity else []))
        partners = V.actor_partners(store, keys)
        return page(request, "actor.html", title=title, ident=ident, entity=entity,
                    figure=C.actor_figure(V.actor_month_counts(store, keys)),
                    partners=partners, partner_names=V.actor_labels(store, [p["partner"] for p in partners]), **data)

    @app.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: CodeParam, b: CodeParam, period: Q.Period = "month",
                  since: DateParam = None, until: DateParam = None) -> HTMLResponse:
        forward = C.bin_direction(a, b, V.dyad_counts(store, a, b), period)
        backward = C.bin_direction(b, a, V.dyad_counts(store, b, a), period)
        chart = C.dyad_chart(forward, backward, period, link=f"?period={period}&")
        unknown = [x for x in (a, b) if not V.actor_exists(store, x)]
        tables = [Q.search_events(store, Q.EventFilter(dyad=f"{s}:{t}", since=since or None, until=until or None),
                                  page_size=500) for s, t in ((a, b), (b, a))]
        for t in tables:
            t.items = V.with_articles(store, t.items)
        return page(request, "dyad.html", title=f"{a} ↔ {b}", a=a, b=b, period=period, chart=chart,
                    unknown=unknown, forward=tables[0], backward=tables[1], since=since or "", until=until or "",
                    names=V.actor_labels(store, [a, b]))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, since: DateParam = None, until: DateParam = None,
                     min_events: MinEvents = 1) -> HTMLResponse:
        edges = Q.network(store, since=since or None, until=until or None, min_events=min_events)
        names = V.actor_labels(store, sorted({e.source for e in edges} | {e.target for e in edges}))
        return page(request, "network.html", title="Network", edges=edges, names=names,
                    figure=C.network_figure(edges, names), since=since or "", until=until or "",
                    min_events=min_events, self_loops=V.self_loops(store, since=since or None, until=until or None))

    D_ = dict(date_param=DateParam, code_param=CodeParam, id_param=IdParam)
    downloads.register(app, store, EventQuery, _actor_data, **D_)
    pages.register(app, store, page, env.globals["labels"], IdParam)

    # FastAPI's documented way to change the generated spec: replace app.openapi (it caches the result)
    app.openapi = lambda: G.without_422(FastAPI.openapi(app))  # type: ignore[method-assign]
    return app


def _titled(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stories (or incidents) with the story's label replaced by the title of the article that started it."""
    titles = V.original_titles(store, sorted({str(r["story_id"]) for r in rows if r.get("story_id") is not None}))
    key = "story_label" if rows and "story_label" in rows[0] else "label"
    for r in rows:
        r[key] = titles.get(str(r.get("story_id")), r.get(key))
    return rows


def _actor_data(store: Store, ident: str) -> dict[str, Any]:
    actors = Q.actors_matching(store, ident)
    if not actors:
        raise HTTPException(404, f"no actor with key or code {ident!r}")
    # one actor when the key matched, or an actor without a code found by its name (the network's node label)
    by_key = actors[0]["key"] == ident or actors[0]["code"] is None
    actors = actors[:1] if by_key else actors
    key = actors[0]["key"] if by_key else ident
    return {"actors": actors, "by_key": by_key, **Q.actor_activity(store, key, by_key=by_key)}


def _actor_key(ref: dict[str, Any] | None) -> str | None:
    """The stored key of an event's source or target (as the store derives it), for a link to that one actor."""
    if not ref or not ref.get("name") or not ref.get("kind"):
        return None
    return Actor(name=ref["name"], code=ref.get("code"), sector=ref.get("sector"), kind=ref["kind"],
                 role=ref.get("role")).key


def _with_query(request: Request, **changes: Any) -> str:
    """The current URL's query string with some parameters changed (None removes one), keeping only the
    parameters of the events and articles pages."""
    params = {k: v for k, v in request.query_params.items() if v != "" and k in _LINK_PARAMS}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params)


def _plotly_js() -> Path:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the installed plotly package ({path})")
    return path
