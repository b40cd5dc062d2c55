#!/usr/bin/env python3
"""Story-linking benchmark: successive runs of new articles into ONE growing store, timed per run.

    python bench/bench_stories.py                                   # 10 runs of 49 ECB+ documents
    python bench/bench_stories.py GOLD.jsonl --runs 10 --size 49 --max-growth 1.2

What is measured: `thucydides.stories.link_stories` only, as `thucydides run` calls it at the end of a run (read
the new articles, find candidates through the story index, place, flag copies, write links and index rows).
spaCy is bypassed: each document is stored as an article with its text and a publication date but no mentions,
events or quotes (no extraction), so the linking cost is what is timed; stories are placed on text alone.
Documents come from the ECB+ dev file (read at run time, never copied), shuffled (seed 0); run k is dated day k
(--days-between: k times that), as daily runs would be. One untimed warm-up link on a scratch store loads the libraries first.

Printed: per run, its wall and CPU seconds (time.process_time: all threads of this process, DuckDB's included),
the articles and stories stored after it, and the process's peak RSS so far (resource.getrusage); then the ratio
of the last run's CPU time to the first's, alone and as the median of the first and last two runs. CPU time is
compared because wall time on a shared machine measures the neighbours. Exit status 1 when the median ratio
exceeds --max-growth.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "ecbplus_stories_dev.jsonl"
START = date(2025, 1, 6)


def documents(path: Path) -> list[tuple[str, str]]:
    """(id, text) of every document of an ECB+-style JSONL file, shuffled with seed 0."""
    if not path.exists():
        raise SystemExit(f"no gold file at {path}: give the path of ecbplus_stories_dev.jsonl")
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                docs.append((str(record["id"]), str(record["text"])))
    random.Random(0).shuffle(docs)
    return docs


def _results(docs: list[tuple[str, str]], day: date) -> list:
    from thucydides.model import Article, ArticleResult

    return [ArticleResult(Article(id=doc_id, raw_text=text, text=text, published=day, source=f"outlet-{i % 7}",
                                  language="en")) for i, (doc_id, text) in enumerate(docs)]


def _counts(store) -> tuple[int, int]:
    with store.connect() as con:
        return (con.execute("SELECT count(*) FROM articles").fetchone()[0],
                con.execute("SELECT count(*) FROM stories").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--size", type=int, default=49, help="new articles per run")
    parser.add_argument("--days-between", type=int, default=1, help="days between two runs' publication dates")
    parser.add_argument("--max-growth", type=float, default=1.2, help="allowed last/first run time ratio")
    args = parser.parse_args(argv)

    from thucydides.stories import link_stories
    from thucydides.store import Store

    docs = documents(args.gold)
    if len(docs) < args.runs * args.size:
        raise SystemExit(f"{args.gold} has {len(docs)} documents; --runs x --size needs {args.runs * args.size}")
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
        scratch = Store(Path(tmp) / "warmup.duckdb")
        scratch.write_results(_results(docs[-5:], START), "warmup")
        link_stories(scratch)  # imports sklearn, datasketch, the actor registry: not part of any run
        store = Store(Path(tmp) / "bench.duckdb")
        rows = []
        for run in range(args.runs):
            day = START + timedelta(days=run * args.days_between)
            batch = docs[run * args.size:(run + 1) * args.size]
            store.write_results(_results(batch, day), f"run-{run + 1}")
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = link_stories(store, today=day)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            articles, stories = _counts(store)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append((run + 1, summary.articles_linked, seconds, cpu, articles, stories, peak_mb))
    print(f"{'run':>3}  {'linked':>6}  {'wall s':>7}  {'CPU s':>7}  {'articles':>8}  {'stories':>7}  {'peak RSS MB':>11}")
    for run, linked, seconds, cpu, articles, stories, peak in rows:
        print(f"{run:>3}  {linked:>6}  {seconds:>7.3f}  {cpu:>7.3f}  {articles:>8}  {stories:>7}  {peak:>11.0f}")
    times = [r[3] for r in rows]
    first = statistics.median(times[:2])
    last = statistics.median(times[-2:])
    ratio = last / first if first else float("inf")
    print(f"CPU run {len(times)} / run 1: {times[-1] / times[0]:.2f}")
    print(f"CPU last/first (median of 2 runs each): {last:.3f}s / {first:.3f}s = {ratio:.2f} "
          f"(allowed {args.max_growth:.2f})")
    return 0 if ratio <= args.max_growth else 1


if __name__ == "__main__":
    sys.exit(main())
