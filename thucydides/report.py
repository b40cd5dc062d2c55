"""Rendering for the command line: the run summary, and query rows as a table, JSONL or CSV.

    render_summary(summary, Console())
    write_rows(store.events(actor="USA"), "jsonl", sys.stdout, kind="events")
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from .model import RunSummary, Skipped

Format = Literal["table", "jsonl", "csv"]
Kind = Literal["events", "quotes", "actors", "articles", "stories", "incidents"]
FORMATS: tuple[str, ...] = ("table", "jsonl", "csv")


# ---- run summary ----
# The one way an actor the coder could not identify (or an event without a target) is shown, in the terminal
# and on the web pages alike.
UNKNOWN_ACTOR = "(unknown)"


def dyad_label(dyad: str) -> str:
    """A summary's "SRC->TGT" with the unknown marker for a missing side ("None", "-" or empty)."""
    sides = dyad.split("->", 1)
    return "->".join(UNKNOWN_ACTOR if side.strip() in ("", "None", "-") else side for side in sides)


def render_summary(summary: RunSummary, console: Console, *, max_per_reason: int | None = 20) -> None:
    """Print a one-screen summary of a run: counts, skipped and failed inputs by reason, top dyads, time.

    At most `max_per_reason` inputs are listed under each reason (None: all); the rest are counted, and all
    of them are in the database's `skipped` table.
    """
    from rich.table import Table

    counts = Table.grid(padding=(0, 2))
    counts.add_column(justify="right", style="bold")
    counts.add_column()
    for label, value in (
        ("articles read", summary.articles_read),
        ("processed", summary.articles_processed),
        ("unchanged", summary.articles_unchanged),
        ("skipped", len(summary.skipped)),
        ("failed", len(summary.failed)),
        ("flagged", len(summary.flagged)),
        ("events", summary.events),
        ("quotes", summary.quotes),
        ("actor mentions", summary.mentions),
        ("seconds", f"{summary.seconds:.2f}"),
    ):
        counts.add_row(str(value), label)
    console.print(counts)
    _render_inputs(console, "skipped", summary.skipped, max_per_reason)
    _render_inputs(console, "failed", summary.failed, max_per_reason)
    _render_inputs(console, "flagged (stored, with a caveat)", summary.flagged, max_per_reason)
    if summary.top_dyads:
        dyads = Table(title="top dyads", title_justify="left", show_edge=False)
        dyads.add_column("source -> target")
        dyads.add_column("events", justify="right")
        for dyad, n in summary.top_dyads:
            dyads.add_row(dyad_label(dyad), str(n))
        console.print()
        console.print(dyads)


def _render_inputs(console: Console, label: str, items: Sequence[Skipped], limit: int | None) -> None:
    if not items:
        return
    from rich.markup import escape

    by_reason: dict[str, list[str]] = {}
    for item in items:
        by_reason.setdefault(item.reason, []).append(item.input)
    console.print()
    console.print(f"[bold]{label}[/bold] ({len(items)})")
    for reason, inputs in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        console.print(f"  {escape(reason)} ({len(inputs)})")
        shown = inputs if limit is None else inputs[:limit]
        for name in shown:
            console.print(f"    {escape(name)}", highlight=False, soft_wrap=True)
        if len(inputs) > len(shown):
            console.print(f"    ... and {len(inputs) - len(shown)} more (see the `skipped` table)")


# ---- query rows ----
def write_rows(rows: Sequence[dict[str, Any]], fmt: Format, out: TextIO, *, kind: Kind | None = None) -> None:
    """Write query rows to `out`: a rich table (columns chosen for `kind`), JSONL (full records) or CSV
    (nested records flattened to dotted column names such as `source.code`; lists as JSON)."""
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        flat = [_flatten(row) for row in rows]
        columns: dict[str, None] = {}  # union of keys in first-seen order: rows may differ (e.g. null targets)
        for row in flat:
            columns.update(dict.fromkeys(row))
        # RFC 4180 line ends: the writer quotes a field holding any character of its line terminator, so a
        # stray "\r" inside a cell would otherwise end the row early for every reader
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
        if flat:
            writer.writeheader()
            writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in flat)
    elif fmt == "table":
        _write_table(rows, out, kind)
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


# A spreadsheet runs a cell starting with one of these as a formula ("=HYPERLINK(...)" in a quoted sentence
# could exfiltrate data); OWASP's advice: prefix such a cell with an apostrophe, which shows as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """`value` with a leading ' when a spreadsheet would read it as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


@dataclass(frozen=True)
class _Column:
    header: str
    cell: Callable[[dict[str, Any]], Any]
    width: int | None = None  # max characters shown; longer text is cut with an ellipsis


def _get(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(key)


def _actor_cell(key: str) -> Callable[[dict[str, Any]], str]:
    def cell(row: dict[str, Any]) -> str:
        ref = row.get(key)
        if not ref:
            return ""
        if ref.get("code") or ref.get("name"):
            return " ".join(str(v) for v in (ref.get("code"), ref.get("name")) if v)
        return f"\u201c{ref.get('text') or ''}\u201d"  # unresolved: show the mention text, quoted

    return cell


def _event_type(row: dict[str, Any]) -> str:
    flags = [f for f in ("negated", "hypothetical") if row.get(f)]
    return row.get("event_type", "") + (f" ({', '.join(flags)})" if flags else "")


_TABLES: dict[str, tuple[_Column, ...]] = {
    "events": (
        _Column("id", _get("id")), _Column("date", _get("date")), _Column("type", _event_type),
        _Column("mode", _get("mode")), _Column("source", _actor_cell("source"), 30),
        _Column("target", _actor_cell("target"), 30), _Column("trigger", _get("trigger"), 20),
        _Column("sentence", _get("sentence"), 80),
    ),
    "quotes": (
        _Column("id", _get("id")), _Column("speaker", _actor_cell("speaker"), 30), _Column("cue", _get("cue")),
        _Column("quote", _get("text"), 100),
    ),
    "actors": (
        _Column("code", _get("code")), _Column("sector", _get("sector")), _Column("kind", _get("kind")),
        _Column("name", _get("name"), 40), _Column("role", _get("role"), 30),
        _Column("mentions", _get("mentions")), _Column("events", _get("events")),
    ),
    "articles": (
        _Column("id", _get("id"), 40), _Column("published", _get("published")), _Column("source", _get("source"), 20),
        _Column("title", _get("title"), 60), _Column("events", _get("events")), _Column("quotes", _get("quotes")),
    ),
    "stories": (
        _Column("story", _get("story_id"), 30), _Column("first", _get("first_published")),
        _Column("last", _get("last_published")), _Column("articles", _get("article_count")),
        _Column("sources", _get("source_count")), _Column("incidents", _get("incidents")),
        _Column("copies", lambda row: ", ".join(
            f"{a['article_id']} ({a['relation']})" for a in row.get("articles") or []
            if a.get("relation") in ("reprint", "translation")), 50),
        _Column("label", _get("label"), 60),
    ),
    "incidents": (
        _Column("incident", _get("incident_id")), _Column("date", _get("date")), _Column("type", _get("event_type")),
        _Column("mode", _get("mode")),
        _Column("source", lambda row: " ".join(str(v) for v in (row.get("source_code"), row.get("source_name")) if v), 30),
        _Column("target", lambda row: " ".join(str(v) for v in (row.get("target_code"), row.get("target_name")) if v), 30),
        _Column("articles", _get("article_count")), _Column("sources", _get("source_count")),
        _Column("contradictions", lambda row: "; ".join(c["detail"] for c in row.get("contradictions") or []), 60),
    ),
}


def _write_table(rows: Sequence[dict[str, Any]], out: TextIO, kind: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    if not rows:
        console.print(f"no {kind or 'rows'} match")
        return
    columns = _TABLES.get(kind or "") or tuple(
        _Column(key, _get(key), 40) for key, value in rows[0].items() if not isinstance(value, (dict, list))
    )
    table = Table(show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column.header, overflow="fold")
    for row in rows:
        table.add_row(*(_text(column.cell(row), column.width) for column in columns))
    console.print(table)
    console.print(f"{len(rows)} {kind or 'rows'}", style="dim")


def _text(value: Any, width: int | None) -> str:
    from rich.markup import escape

    if value is None:
        return ""
    text = " ".join(str(value).split())  # sentences may hold newlines: keep one line per row
    if width is not None and len(text) > width:
        text = text[: width - 1] + "\u2026"
    return escape(text)
