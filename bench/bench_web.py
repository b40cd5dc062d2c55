#!/usr/bin/env python3
"""Server time of the web UI's pages and downloads: a table of p50 / p90 / max milliseconds per path.

    python bench/bench_web.py --db seeds.duckdb               # every page, 20 requests each
    python bench/bench_web.py --db seeds.duckdb --repeat 50 --budget 50

The app is called in-process through Starlette's TestClient (no network, no browser): what is timed is the
server's own work for one request (routing, queries, templates, gzip), which is what the 50 ms budget is about.
Each path gets one untimed warm-up request first. Paths that need an id (an article, an event, a story, an
incident, an actor key) take the first one in the database. With --budget, the exit status is 1 when a p50 is
over it. This is a measurement script, not a test: the machine's load changes its numbers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote


def _first(db: Path, sql: str) -> str | None:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        return str(row[0]) if row and row[0] is not None else None
    except duckdb.Error:  # no story tables in an older database
        return None
    finally:
        con.close()


def paths(db: Path) -> list[str]:
    """The pages to time: every kind, with ids from the database."""
    out = ["/", "/events", "/events?actor=USA&sort=-goldstein", "/articles", "/actors", "/actors/USA",
           "/dyads/USA/CHN", "/dyads/USA/CHN?period=week", "/network", "/stories", "/incidents",
           "/search?q=Beijing", "/api/events?actor=USA", "/download/events?format=csv",
           "/download/actors?format=csv", "/vendor/plotly.min.js"]
    for template, sql in (
        ("/articles/{}", "SELECT id FROM articles ORDER BY id LIMIT 1"),
        ("/events/{}", "SELECT id FROM events ORDER BY id LIMIT 1"),
        ("/actors/{}", "SELECT source_key FROM events WHERE source_key IS NOT NULL ORDER BY 1 LIMIT 1"),
        ("/stories/{}", "SELECT story_id FROM stories ORDER BY 1 LIMIT 1"),
        ("/incidents/{}", "SELECT incident_id FROM incidents ORDER BY 1 LIMIT 1"),
    ):
        ident = _first(db, sql)
        if ident is not None:
            out.append(template.format(quote(ident, safe="")))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by `thucydides run`")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per path (default 20)")
    parser.add_argument("--budget", type=float, default=None, help="exit 1 when a p50 is over this many ms")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"bench_web: no database at {args.db}", file=sys.stderr)
        return 2

    from fastapi.testclient import TestClient

    from thucydides.web.app import create_app

    client = TestClient(create_app(args.db), base_url="http://127.0.0.1")
    headers = {"Accept-Encoding": "gzip"}
    rows = []
    for path in paths(args.db):
        first = client.get(path, headers=headers)  # warm-up (and plotly.js's one-off compression)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            answer = client.get(path, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rows.append((path, answer.status_code or first.status_code, len(answer.content), statistics.median(times),
                     times[int(0.9 * (len(times) - 1))], times[-1]))
    width = max(len(r[0]) for r in rows)
    print(f"{'path':<{width}}  status   bytes    p50 ms   p90 ms   max ms")
    for path, status, size, p50, p90, top in rows:
        print(f"{path:<{width}}  {status:>6}  {size:>7}  {p50:>7.1f}  {p90:>7.1f}  {top:>7.1f}")
    p50s = [r[3] for r in rows]
    print(f"\n{len(rows)} paths, {args.repeat} requests each; median of the p50s {statistics.median(p50s):.1f} ms, "
          f"slowest p50 {max(p50s):.1f} ms ({rows[p50s.index(max(p50s))][0]})")
    if args.budget is not None and max(p50s) > args.budget:
        print(f"over budget: a p50 above {args.budget:.0f} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
