"""HTML pages for reading single records and searching: an event, the incidents list, an incident, and the
global search. (The overview, lists, article, actor, dyad and network pages are in app.py.)"""

# no `from __future__ import annotations`: FastAPI reads the route annotations, some of them local types
from typing import Annotated, Any, Callable

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..store import Store
from . import guards as G
from . import queries as Q
from . import views as V
from .display import PLOVER_LABELS, Labels

PageFn = Callable[..., HTMLResponse]


def register(app: FastAPI, store: Store, page: PageFn, labels: Labels, id_param: Any) -> None:
    """Add the pages to `app`; `page(request, template, **context)` renders a template."""

    def explained(incident: dict[str, Any]) -> dict[str, Any]:
        incident["explained"] = [V.explain_contradiction(c, PLOVER_LABELS) for c in incident["contradictions"]]
        return incident

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: id_param) -> HTMLResponse:  # type: ignore[valid-type]
        event = Q.event_by_id(store, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        event = V.with_articles(store, [event])[0]
        incident_id = event.get("incident_id") or V.incident_of_event(store, event_id)
        incident = V.incident_by_id(store, str(incident_id)) if incident_id else None
        return page(request, "event.html", title=labels.event(event["event_type"], event.get("cameo")).text,
                    e=event, incident=explained(incident) if incident else None)

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def incidents_page(request: Request,
                       min_sources: Annotated[int, Query(ge=1, le=G.MAX_COUNT)] = 1) -> HTMLResponse:
        items = V.incident_list(store, min_sources=min_sources, limit=500)
        titles = V.original_titles(store, sorted({i["story_id"] for i in items or [] if i["story_id"]}))
        for i in items or []:
            i["story_label"] = titles.get(i["story_id"], i["story_label"])
        return page(request, "incidents.html", title="Incidents", incidents=items, min_sources=min_sources)

    @app.get("/incidents/{incident_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def incident_page(request: Request, incident_id: id_param) -> HTMLResponse:  # type: ignore[valid-type]
        incident = V.incident_by_id(store, incident_id)
        if incident is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        cameo = next((e.get("cameo") for e in incident["events"] if e.get("cameo")), None)
        title = labels.event(incident["event_type"], cameo).text
        return page(request, "incident.html", title=f"Incident: {title}", i=explained(incident))

    @app.get("/api/search", tags=["api"], summary="Search actors, articles and sentences",
             responses=G.errors(400, 503))
    def api_search(q: Annotated[str, Query(min_length=1, max_length=G.MAX_TEXT)]) -> dict[str, Any]:
        """Actors whose name, code or a mention's words contain q (aliases: "Beijing" finds China), articles
        whose title contains it, and the latest events whose sentence contains it or names a found actor."""
        return V.global_search(store, q)

    @app.get("/api/incidents/{incident_id:path}", tags=["api"], summary="One incident with its reports",
             responses=G.errors(400, 404, 503))
    def api_incident(incident_id: id_param) -> dict[str, Any]:  # type: ignore[valid-type]
        """An incident with the records of every event (report) grouped into it."""
        incident = V.incident_by_id(store, incident_id)
        if incident is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return incident

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Annotated[str | None, Query(max_length=G.MAX_TEXT)] = None) -> HTMLResponse:
        found = V.global_search(store, q or "")
        return page(request, "search.html", title="Search", q=q or "", found=found)
