"""The `thucydides` command: a thin layer over `Pipeline` and `Store`.

    thucydides run PATH... [--manifest FILE] [--db FILE]
    thucydides export --format plover|gdelt|csv|parquet|sqlite [--out FILE] [filters of `events`]
    thucydides events|quotes|actors|articles|stories|incidents [--db FILE] [--format table|jsonl|csv] [filters]

Heavy modules (spaCy, DuckDB) are imported inside the commands, so `thucydides --help` is fast and the model
loads only for `run`. Library errors (StoreError, a missing input, a bad manifest or filter) end with a one-line
message and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__

app = typer.Typer(
    name="thucydides",
    help="Sourced, coded political event data from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


DEFAULT_DB = Path("thucydides.duckdb")  # same as store.DEFAULT_DB, repeated so --help does not import the store

Db = Annotated[Path, typer.Option("--db", help="DuckDB file.", dir_okay=False)]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Actor code (USA), full name, or one word of a name.")]
Since = Annotated[str | None, typer.Option("--since", help="From this date: YYYY-MM-DD, YYYY-MM or YYYY.")]
Until = Annotated[str | None, typer.Option("--until", help="Up to this date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.")]
Limit = Annotated[int | None, typer.Option("--limit", min=0, help="At most this many rows.")]
DyadOpt = Annotated[str | None, typer.Option("--dyad", help="SOURCE:TARGET, e.g. USA:CHN.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="Event type, e.g. CONSULT.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thucydides {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Sourced, coded political event data from news articles: who did what to whom, when and where."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command()
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories (text, HTML, JSONL).")] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="JSONL or CSV manifest of articles.")] = None,
    db: Db = DEFAULT_DB,
    force: Annotated[bool, typer.Option("--force", help="Re-process every article, even unchanged ones.")] = False,
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Your own actors (YAML: people, organisations), added to or replacing the built-in ones; repeatable.", dir_okay=False)] = None,
    lexicon: Annotated[list[Path] | None, typer.Option("--lexicon", help="Your own event triggers (YAML, the format of the built-in lexicon); repeatable.", dir_okay=False)] = None,
    config: Annotated[Path | None, typer.Option("--config", help="A TOML file with [knowledge] actors and lexicon lists.", dir_okay=False)] = None,
) -> None:
    """Read articles, extract events, quotes and actors, and store them in DB. Unchanged articles (same text
    and metadata) are skipped unless --force (use it after changing --actors or --lexicon)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .report import render_summary
    from .store import StoreError

    paths = list(paths or [])
    if not paths and manifest is None:
        _fail("give at least one PATH or --manifest FILE")
    for path in [*paths, *([manifest] if manifest else [])]:
        if not path.exists():
            _fail(f"no such file or directory: {path}")

    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )
    try:
        from .config import RunConfig, load_config
        from .pipeline import Pipeline

        for extra in [*(actors or []), *(lexicon or [])]:
            if not extra.is_file():
                _fail(f"no such file: {extra}")
        knowledge = (load_config(config) if config else RunConfig()).plus(actors, lexicon)
        pipeline = Pipeline.with_knowledge(knowledge.actors, knowledge.lexicons)
        with progress:
            task = progress.add_task("extracting", total=None)
            summary = pipeline.run(
                paths, manifest=manifest, db=db, force=force,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except (StoreError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted: articles stored so far are kept; run again to complete")
    console = Console()
    render_summary(summary, console)
    console.print(f"\nstored in {db}", style="dim")


def _query(kind: str, db: Path, fmt: OutputFormat, **filters: object) -> None:
    from .report import write_rows
    from .store import Store, StoreError

    store = Store(db, read_only=True)
    try:
        rows = getattr(store, kind)(**filters)
    except (StoreError, ValueError) as exc:
        _fail(str(exc))
    write_rows(rows, fmt.value, sys.stdout, kind=kind)  # type: ignore[arg-type]


@app.command()
def events(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    actor: ActorOpt = None,
    dyad: DyadOpt = None,
    event_type: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Coded events, by date."""
    _query("events", db, fmt, actor=actor, dyad=dyad, event_type=event_type, since=since, until=until, limit=limit)


class ExportFormat(str, Enum):
    plover = "plover"
    gdelt = "gdelt"
    csv = "csv"
    parquet = "parquet"
    sqlite = "sqlite"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="plover (JSONL), gdelt (CSV, 61 columns), csv, parquet or sqlite (for Datasette).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file; standard output when omitted (not for parquet and sqlite).", dir_okay=False)] = None,
    db: Db = DEFAULT_DB,
    actor: ActorOpt = None,
    dyad: DyadOpt = None,
    event_type: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Export the events (same filters as `events`) as PLOVER, GDELT, CSV, Parquet or SQLite (docs/export.md)."""
    from .export import EventFilter, ExportError
    from .export import export as export_events
    from .store import StoreError

    filters = EventFilter(actor=actor, dyad=dyad, event_type=event_type, since=since, until=until, limit=limit)
    try:
        result = export_events(db, fmt.value, out if out is not None else sys.stdout, filters)
    except (StoreError, ExportError, ValueError, OSError) as exc:
        _fail(str(exc))
    if result.path is not None:
        typer.echo(f"{result.events} events -> {result.path} ({result.format})", err=True)


@app.command()
def quotes(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    actor: ActorOpt = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Quotations with their speakers (dates are the articles' publication dates)."""
    _query("quotes", db, fmt, actor=actor, since=since, until=until, limit=limit)


@app.command()
def actors(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    actor: ActorOpt = None,
    limit: Limit = None,
) -> None:
    """Canonical actors with their mention and event counts, most frequent first."""
    _query("actors", db, fmt, actor=actor, limit=limit)


@app.command()
def articles(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    actor: Annotated[str | None, typer.Option("--actor", help="Only articles mentioning this actor.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Stored articles with their event and quote counts, by publication date."""
    _query("articles", db, fmt, actor=actor, since=since, until=until, limit=limit)


@app.command()
def stories(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    actor: Annotated[str | None, typer.Option("--actor", help="Only stories with an article mentioning this actor.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Stories (articles about one real-world story), most articles first, with reprints and translations."""
    _query("stories", db, fmt, actor=actor, since=since, until=until, limit=limit)


@app.command()
def incidents(
    db: Db = DEFAULT_DB,
    fmt: Fmt = OutputFormat.table,
    min_sources: Annotated[int | None, typer.Option("--min-sources", min=1, help="Reported by at least N distinct sources.")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only this story id.")] = None,
    actor: ActorOpt = None,
    dyad: DyadOpt = None,
    event_type: TypeOpt = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
) -> None:
    """Incidents: events reported by several articles merged into one, with source counts and contradictions."""
    _query("incidents", db, fmt, min_sources=min_sources, story=story, actor=actor, dyad=dyad,
           event_type=event_type, since=since, until=until, limit=limit)


class EvalKind(str, Enum):
    events = "events"
    actors = "actors"
    dates = "dates"
    quotes = "quotes"
    stories = "stories"
    seeds = "seeds"  # the seed articles against tests/data/seed_events.yaml; gold is the seeds folder or manifest
    police = "police"


class EvalPart(str, Enum):
    tuning = "tuning"
    check = "check"


@app.command("eval")
def eval_(
    kind: Annotated[EvalKind, typer.Argument(help="What to measure: events (PLOVER-GSR or ConfliBERT), actors, dates, quotes, stories (ECB+), police (IndiaPoliceEvents, document level), seeds (the seed articles against the reader's list in tests/data/seed_events.yaml).")],
    gold: Annotated[Path | None, typer.Argument(help="Gold JSONL file, e.g. ../shared/eval/plover_gsr.jsonl; for seeds the seeds folder or its manifest (default ../shared/seeds).")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write a markdown report with every miss (it quotes the gold data: keep it out of the repository).", dir_okay=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N records.")] = None,
    part: Annotated[EvalPart | None, typer.Option("--part", help="Only the tuning part (misses may be read) or the check part (the headline; never read) of the fixed split.")] = None,
    embeddings: Annotated[bool, typer.Option("--embeddings", help="stories only: cluster with MiniLM sentence embeddings too (extra `embeddings`).")] = False,
) -> None:
    """Score extraction on a third-party gold file: prints a table of scores (see docs/accuracy.md for the rules)."""
    import importlib

    from .evaluation import GoldDataError
    from .evaluation.report import metrics_table, miss_counts, render_report

    if gold is None and kind is EvalKind.seeds:
        from .evaluation.seeds import default_seeds_dir

        gold = default_seeds_dir()
    if gold is None:
        _fail(f"eval {kind.value} needs the gold file")
    if not gold.exists():
        _fail(f"no such file: {gold}")
    if gold.is_dir() and kind is not EvalKind.seeds:
        _fail(f"{gold} is a folder: give the gold JSONL file")
    if embeddings and kind is not EvalKind.stories:
        _fail("--embeddings applies to `eval stories` only")
    module = importlib.import_module(f"thucydides.evaluation.{kind.value}")
    options = {"embeddings": True} if embeddings else {}
    try:
        scores = module.evaluate(gold, limit=limit, part=part.value if part else None, **options)
    except ImportError as exc:
        _fail(str(exc))
    except (GoldDataError, KeyError, TypeError, ValueError) as exc:
        _fail(f"{gold} is not a gold file for {kind.value} ({type(exc).__name__}: {exc})")
    typer.echo(f"{scores.dataset}: {gold}" + (f" ({part.value} part)" if part else "") + (f" (first {limit})" if limit else ""))
    typer.echo(metrics_table(scores.metrics()))
    counts = miss_counts(scores)
    if counts:
        typer.echo("misses: " + ", ".join(f"{k} {n}" for k, n in counts))
    if report is not None:
        command = (f"thucydides eval {kind.value} {gold}" + (f" --part {part.value}" if part else "") + (f" --limit {limit}" if limit else "")
                   + (" --embeddings" if embeddings else ""))
        render = getattr(module, "render_report", render_report)  # seeds render their own misses
        report.write_text(render(scores, gold_path=gold, command=command), encoding="utf-8")
        typer.echo(f"report: {report} (quotes the gold data: keep it out of the repository)")


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Interface to bind; 127.0.0.1 keeps it local.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="A host name the server may be reached by besides localhost (repeatable); "
                             "other Host headers get 400, against DNS rebinding.")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds a request may take before it gets 503 and its queries are "
                                 "interrupted; 0: no limit.")] = 30.0,
) -> None:
    """Browse DB in a web UI with a JSON API (OpenAPI at /docs); read-only, so `run` can write meanwhile."""
    import uvicorn

    from .web.app import LOCAL_HOSTS, create_app

    if not db.exists():
        _fail(f"no database at {db}: run `thucydides run` first")
    hosts = [*LOCAL_HOSTS, *(allow_host or [])]
    if host not in ("0.0.0.0", "::", *LOCAL_HOSTS):  # a specific address bound is a name it is reached by
        hosts.append(f"[{host}]" if ":" in host else host)
    typer.echo(f"serving {db} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(create_app(db, allowed_hosts=hosts, timeout=timeout or None), host=host, port=port,
                log_level="warning")
