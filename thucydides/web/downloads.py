"""CSV and JSON downloads of every list and chart, with the filters of the page they come from.

    GET /download/events?format=csv&actor=USA   (the events page's filters)
    GET /download/{actors,articles,network,stories,incidents}?format=csv|json
    GET /download/actor/{ident}, /download/dyad/{a}/{b}

Events use the export's flat table (thucydides.export.FLAT_COLUMNS: sentence, trigger, outlet, URL, dates, ...);
CSV cells go through the export's formula-safe writer, so a cell starting with = + - @ is not run by a
spreadsheet.
"""

# no `from __future__ import annotations`: FastAPI reads the route annotations, some of them local types
import io
import json
from typing import Annotated, Any, Callable, Literal

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import Response

from ..export import FLAT_COLUMNS, Row, flat_row, write_csv
from ..store import Store
from . import guards as G
from . import queries as Q
from . import views as V

Format = Literal["csv", "json"]
MAX_ROWS = 100_000  # a download is a file, not a page: generous, but bounded


def table_response(rows: list[dict[str, Any]], fmt: Format, name: str,
                   columns: list[str] | None = None) -> Response:
    """`rows` as a CSV (formula-safe, header = `columns` or the union of keys in first-seen order) or a JSON
    array, as an attachment named `name`.csv/.json."""
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, default=str)
        media = "application/json"
    else:
        header = columns or list(dict.fromkeys(k for r in rows for k in r))
        out = io.StringIO()
        write_csv(out, header, ([_cell(r.get(k)) for k in header] for r in rows))
        body, media = out.getvalue(), "text/csv; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _cell(value: Any) -> Any:
    """Lists and records in one CSV cell as JSON; scalars as they are."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (list, dict)) else value


def event_rows(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as the export's flat rows (with their article's outlet, date, title and URL)."""
    enriched = V.with_articles(store, events)
    return [flat_row(Row(e, {"source": e.get("outlet"), "published": e.get("published"), "title": e.get("title"),
                             "url": e.get("url")}, None)) for e in enriched]


def all_events(store: Store, filters: Q.EventFilter, sort: str = "date") -> list[dict[str, Any]]:
    """Every event matching `filters` (up to MAX_ROWS), in `sort` order."""
    items: list[dict[str, Any]] = []
    page = 1
    while len(items) < MAX_ROWS:
        result = Q.search_events(store, filters, page=page, page_size=500, sort=sort)
        items += result.items
        if page >= result.pages:
            break
        page += 1
    return items[:MAX_ROWS]


FLAT_NAMES = [c.name for c in FLAT_COLUMNS]


def _documented(*errors: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of a download: a CSV or JSON file, or one of `errors` (as JSON)."""
    return {200: {"description": "The file (CSV or JSON, as `format` asks).",
                  "content": {"text/csv": {"schema": {"type": "string"}},
                              "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
            **G.errors(*errors)}


def register(app: FastAPI, store: Store, event_query: type, actor_data: Callable[[Store, str], dict[str, Any]],
             date_param: Any, code_param: Any, id_param: Any) -> None:
    """Add the download routes to `app` (parameter types shared with the pages, passed in to avoid a cycle)."""
    FormatParam = Annotated[Format, Query(description="csv or json")]

    @app.get("/download/events", tags=["downloads"], summary="Events as CSV or JSON", responses=_documented(400, 503))
    def download_events(filters: Annotated[event_query, Query()], format: FormatParam = "csv") -> Response:  # type: ignore[valid-type]
        """Every event matching the events page's filters, as the export's flat table."""
        rows = event_rows(store, all_events(store, filters.to_filter(), filters.sort))  # type: ignore[attr-defined]
        return table_response(rows, format, "events", FLAT_NAMES)

    @app.get("/download/dyad/{a}/{b}", tags=["downloads"], summary="A dyad's events", responses=_documented(400, 503))
    def download_dyad(a: code_param, b: code_param, format: FormatParam = "csv",  # type: ignore[valid-type]
                      since: date_param = None, until: date_param = None) -> Response:  # type: ignore[valid-type]
        """The events A->B and B->A (the dyad chart's data, one row an event)."""
        events = [e for s, t in ((a, b), (b, a))
                  for e in all_events(store, Q.EventFilter(dyad=f"{s}:{t}", since=since or None, until=until or None))]
        return table_response(event_rows(store, events), format, f"dyad-{a}-{b}", FLAT_NAMES)

    @app.get("/download/actor/{ident:path}", tags=["downloads"], summary="An actor's events",
             responses=_documented(400, 404, 503))
    def download_actor(ident: id_param, format: FormatParam = "csv") -> Response:  # type: ignore[valid-type]
        """The events with the actor as source or target."""
        data = actor_data(store, ident)
        seen: dict[str, dict[str, Any]] = {e["id"]: e for e in data["as_source"] + data["as_target"]}
        return table_response(event_rows(store, list(seen.values())), format, "actor", FLAT_NAMES)

    @app.get("/download/actors", tags=["downloads"], summary="Actors", responses=_documented(400, 503))
    def download_actors(actor: Annotated[str | None, Query(max_length=G.MAX_TEXT)] = None,
                        format: FormatParam = "csv") -> Response:
        """The actors list (one row per canonical actor, with its names and roles)."""
        return table_response(V.canonical_actors(store, actor=actor or None), format, "actors")

    @app.get("/download/articles", tags=["downloads"], summary="Articles", responses=_documented(400, 503))
    def download_articles(format: FormatParam = "csv") -> Response:
        """Every article's metadata with its event and quote counts."""
        items, _ = Q.article_list(store, page=1, page_size=500)
        rows, page = list(items), 1
        while len(items) == 500 and len(rows) < MAX_ROWS:
            page += 1
            items, _ = Q.article_list(store, page=page, page_size=500)
            rows += items
        return table_response(rows, format, "articles")

    @app.get("/download/network", tags=["downloads"], summary="Network edges", responses=_documented(400, 503))
    def download_network(since: date_param = None, until: date_param = None,  # type: ignore[valid-type]
                         min_events: Annotated[int, Query(ge=1, le=G.MAX_COUNT)] = 1,
                         format: FormatParam = "csv") -> Response:
        """The network's edges with both actors' names."""
        edges = Q.network(store, since=since or None, until=until or None, min_events=min_events)
        labels = V.actor_labels(store, sorted({e.source for e in edges} | {e.target for e in edges}))
        rows = [{"source": e.source, "source_name": labels[e.source], "target": e.target,
                 "target_name": labels[e.target], "events": e.events, "mean_goldstein": e.goldstein} for e in edges]
        return table_response(rows, format, "network")

    @app.get("/download/stories", tags=["downloads"], summary="Stories", responses=_documented(400, 503))
    def download_stories(since: date_param = None, until: date_param = None,  # type: ignore[valid-type]
                         format: FormatParam = "csv") -> Response:
        """The stories list."""
        rows = Q.story_list(store, since=since or None, until=until or None, limit=MAX_ROWS)
        return table_response(rows, format, "stories")

    @app.get("/download/incidents", tags=["downloads"], summary="Incidents", responses=_documented(400, 404, 503))
    def download_incidents(min_sources: Annotated[int, Query(ge=1, le=G.MAX_COUNT)] = 1,
                           format: FormatParam = "csv") -> Response:
        """The incidents list, with its first report's sentence."""
        rows = V.incident_list(store, min_sources=min_sources, limit=MAX_ROWS) or []
        if not rows and not Q.has_stories(store):
            raise HTTPException(404, "this database has no incident tables yet")
        return table_response(rows, format, "incidents")
