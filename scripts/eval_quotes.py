"""Measure direct-quote extraction against PolNeAR attributions (../shared/eval/polnear_quotes_dev.jsonl).

A thin wrapper over `thucydides.evaluation.quotes` (the scoring rules are in that module's docstring and in
docs/accuracy.md); the same as `thucydides eval quotes GOLD [--report FILE.md] [--limit N]`.

    .venv/bin/python scripts/eval_quotes.py [--path FILE] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thucydides.evaluation import default_eval_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=default_eval_dir() / "polnear_quotes_dev.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    parser.add_argument("--errors", type=int, default=0, help="show this many misses (they quote the gold data)")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"skipped: {args.path} not found")
        return
    from thucydides.evaluation import quotes
    from thucydides.evaluation.report import metrics_table, miss_counts, misses_markdown

    scores = quotes.evaluate(args.path, limit=args.limit)
    print(metrics_table(scores.metrics()))
    print("misses: " + ", ".join(f"{kind} {n}" for kind, n in miss_counts(scores)))
    if args.errors:
        print("\n".join(misses_markdown(scores).splitlines()[: args.errors]))


if __name__ == "__main__":
    main()
