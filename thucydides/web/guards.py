"""What stands between a request and the web app's routes: bounds on what a request may carry, a time limit per
request, the security headers every answer carries (errors included), and the error model the OpenAPI spec
documents.

The middlewares are plain ASGI classes rather than `@app.middleware("http")` functions: those run the rest of the
app in another task behind `call_next`, which the time limit would have to see through.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store import Store
from .queries import SORTS

log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}

# ---- bounds on request parameters ----
# Every parameter has one. The query string's limit is above the longest query the parameter bounds allow (four
# text fields of MAX_TEXT characters, percent-encoded: up to 12 bytes a character) and below what would make a
# page that echoes the query in its links large.
MAX_PAGE = 1_000_000  # with page_size <= 500, an OFFSET far inside DuckDB's integers
MAX_PAGE_SIZE = 500
MAX_TEXT = 200  # an actor, dyad, type or search text
MAX_ID = 1000  # an article, event, story or actor id in a path
MAX_COUNT = 1_000_000_000  # a minimum number of events
MAX_QUERY_BYTES = 16_384
MAX_PATH_CHARS = 2 * MAX_ID + 48
DATE_PATTERN = r"^(\d{4}(-\d{1,2}(-\d{1,2})?)?)?$"  # empty: an HTML form's blank field, "no bound"
SORT_PATTERN = f"^-?({'|'.join(SORTS)})$"
# pattern -> what a value must look like, for the 400 message (pydantic would quote the regular expression)
PATTERN_HELP = {DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD",
                SORT_PATTERN: f"one of {', '.join(SORTS)}, with an optional '-' for descending"}
DEFAULT_TIMEOUT = 30.0  # seconds a request may take before it gets 503


class ApiError(BaseModel):
    """Every error answer of the JSON API (4xx and 5xx)."""

    detail: str = Field(description="What was wrong with the request, or what went wrong serving it.")


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a route that can answer these error codes (400, 404 and/or 503)."""
    meaning = {400: "A parameter is malformed or out of bounds.",
               404: "Nothing with this id or code in the database.",
               503: "No database, the database is busy, or the request took too long."}
    return {code: {"model": ApiError, "description": meaning[code]} for code in codes}


def without_422(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI spec without FastAPI's automatic 422 answers: invalid parameters get 400 (ApiError) here."""
    for operations in spec.get("paths", {}).values():
        for op in operations.values():
            op.get("responses", {}).pop("422", None)
    schemas = spec.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    return spec


def clip(text: str, limit: int = 300) -> str:
    """`text` cut to `limit` characters: error answers echo request values, which must not make them large."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def validation_message(errors_: list[dict[str, Any]]) -> str:
    """One line naming each bad parameter and what it must be, from pydantic's error records."""
    parts = []
    named: set[str] = set()
    for err in errors_:
        loc = list(err.get("loc") or ["request"])
        # ("query", "quad_class", "constrained-int"): a union's member after the parameter's name
        name = str(loc[1] if len(loc) > 1 and loc[0] in ("query", "path") else loc[-1])
        if name in named or len(named) == 5:  # a union's other members would repeat the same complaint
            continue
        named.add(name)
        pattern = (err.get("ctx") or {}).get("pattern")
        if pattern in PATTERN_HELP:
            message = f"must be {PATTERN_HELP[pattern]}"
        else:
            message = str(err.get("msg", "invalid")).replace("Input should", "must").replace("String should",
                                                                                            "must")
        value = err.get("input")
        shown = f" (got {clip(repr(value), 40)})" if isinstance(value, (str, int, float)) else ""
        parts.append(f"{name}: {message}{shown}")
    return "; ".join(parts)


# ---- security headers ----
class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that passes through it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in _LOWER_HEADERS]
                headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_LOWER_HEADERS = {k.lower() for k in SECURITY_HEADERS}

ErrorResponder = Callable[[Request, int, str], Response]


# ---- request size ----
class RequestLimits:
    """Refuses (414) a request whose query string or path is longer than any valid request's, before routing:
    nothing downstream parses, stores or echoes it."""

    def __init__(self, app: ASGIApp, respond: ErrorResponder) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = None
            if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
                problem = f"the query string is longer than {MAX_QUERY_BYTES} bytes"
            elif len(scope.get("path", "")) > MAX_PATH_CHARS:
                problem = f"the path is longer than {MAX_PATH_CHARS} characters"
            if problem:
                # the error page echoes nothing of this request: drop its query string before rendering
                response = self.respond(Request({**scope, "query_string": b""}), 414, problem)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---- time limit ----
class _Deadline:
    """The DuckDB connections one request has open, so that its time limit can interrupt their queries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # connections are opened in worker threads, expired from the event loop
        self._connections: set[Any] = set()
        self.expired = False

    def add(self, con: Any) -> None:
        with self._lock:
            if self.expired:  # the answer has gone: start no more queries for it
                raise TimeoutError("the request's time limit has passed")
            self._connections.add(con)

    def discard(self, con: Any) -> None:
        with self._lock:
            self._connections.discard(con)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for con in self._connections:
                try:
                    con.interrupt()
                except Exception:  # closed in between: nothing left to stop
                    log.debug("could not interrupt a connection", exc_info=True)


# The deadline of the request being served. A context variable, not an attribute: queries run in worker threads,
# which get a copy of the request's context (and so the same _Deadline), but nothing else of the request.
_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("thucydides_web_deadline",
                                                                              default=None)


class _RequestConnection:
    """The one DuckDB connection a request's queries share (opened on first use, closed when the answer is
    sent): opening the file costs 20-40 ms, more than most pages' queries together."""

    def __init__(self) -> None:
        self.stack: ExitStack | None = None
        self.con: Any = None

    def close(self) -> None:
        if self.stack is not None:
            self.stack.close()
        self.stack, self.con = None, None


_REQUEST_CONNECTION: contextvars.ContextVar[_RequestConnection | None] = contextvars.ContextVar(
    "thucydides_web_connection", default=None)


class InterruptibleStore(Store):
    """A read-only Store whose connections the current request's time limit can interrupt, and which serves all
    of one request's queries on one connection (see RequestConnection)."""

    @contextmanager
    def connect(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        shared = _REQUEST_CONNECTION.get()
        if shared is None:
            with self._connect(*args, **kwargs) as con:
                yield con
            return
        if shared.con is None:
            stack = ExitStack()
            shared.con = stack.enter_context(self._connect(*args, **kwargs))
            shared.stack = stack
        with self.errors():  # the opening connect() is suspended: its error translation does not wrap this use
            yield shared.con

    @contextmanager
    def _connect(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with super().connect(*args, **kwargs) as con:
            deadline = _DEADLINE.get()
            if deadline is None:
                yield con
                return
            deadline.add(con)
            try:
                yield con
            finally:
                deadline.discard(con)


class RequestConnection:
    """Gives each HTTP request one shared database connection, closed once the request is answered (it is
    read-only and lives only as long as the request, so a `thucydides run` can still write in between)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        shared = _RequestConnection()
        token = _REQUEST_CONNECTION.set(shared)
        try:
            await self.app(scope, receive, send)
        finally:
            _REQUEST_CONNECTION.reset(token)
            shared.close()


class RequestTimeout:
    """Answers 503 to a request still unanswered after `seconds`, and interrupts its DuckDB queries.

    Work in a worker thread cannot be killed: a query stops at the interrupt, other work (building a figure)
    runs to its end with its answer dropped. `seconds` None or 0: no limit."""

    def __init__(self, app: ASGIApp, seconds: float | None, respond: ErrorResponder) -> None:
        self.app = app
        self.seconds = seconds
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.seconds:
            await self.app(scope, receive, send)
            return
        deadline = _Deadline()
        started = False
        failure: list[Exception] = []
        finished = anyio.Event()

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if deadline.expired:
                return  # the 503 went out instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        async def serve() -> None:
            token = _DEADLINE.set(deadline)
            try:
                await self.app(scope, receive, guarded_send)
            except Exception as exc:  # re-raised below, outside the task group (which would wrap it in a group)
                failure.append(exc)
            finally:
                _DEADLINE.reset(token)
                finished.set()

        async with anyio.create_task_group() as group:
            group.start_soon(serve)
            with anyio.move_on_after(self.seconds):
                await finished.wait()
            if not finished.is_set() and not started:
                deadline.expire()
                message = f"the request took longer than {self.seconds:g} s; narrow it down (filters, dates)"
                await self.respond(Request(scope), 503, message)(scope, receive, send)
                group.cancel_scope.cancel()
            # otherwise the answer is under way (or done): let it finish
        if failure and not deadline.expired:
            raise failure[0]


def secured(response: Response) -> Response:
    """`response` with the security headers: for answers made outside SecurityHeaders (the 500 handler)."""
    response.headers.update(SECURITY_HEADERS)
    return response



# ---- caching of assets ----
# Asset URLs carry ?v=<hash of the files> (see asset_version), so a browser may keep them for a year: a changed
# file gets a new URL. The ETag lets a forced reload revalidate with a 304 instead of 4.8 MB of plotly.js.
ASSET_CACHE = "public, max-age=31536000, immutable"


def asset_version(*paths: Path) -> str:
    """A short hash of the assets' contents (and names), for their URLs."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:12]


class CachedStaticFiles(StaticFiles):
    """StaticFiles (ETag, 304s) with a long Cache-Control."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = ASSET_CACHE
        return response
