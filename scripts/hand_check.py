"""Draw the random sample of seed events for the issue's hand check, and write a worksheet to judge them.

    .venv/bin/python scripts/hand_check.py [--seeds ../shared/seeds] [--n 30] [--seed 30] > /tmp/hand_check.md

The worksheet quotes the seed sentences, so it goes to stdout (or /tmp), never into the repository: the judged
counts and the reasons, in our own words, go into docs/hand_check.md. The sample is drawn with a fixed seed from
every event the shipped pipeline (`Pipeline.process`, the path `run` uses) produces on the seeds, so the same
code gives the same sample, and the check can be repeated after a change.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from thucydides.evaluation.seeds import seed_paths
from thucydides.ingest import iter_inputs
from thucydides.model import Article, Skipped
from thucydides.pipeline import Pipeline


def _actor(ref) -> str:
    if ref is None:
        return "-"
    return f"{ref.code or '?'} ({ref.name})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "seeds")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=30)
    args = parser.parse_args(argv)
    _, manifest = seed_paths(args.seeds)
    articles = [a for a in iter_inputs([], manifest) if isinstance(a, Article)]
    published = {a.id: a.published for a in articles}
    events = []
    for result in Pipeline.default().process(articles):
        if not isinstance(result, Skipped):
            events += result.events
    events.sort(key=lambda e: (e.article_id, e.sentence_index, e.id))
    sample = random.Random(args.seed).sample(events, min(args.n, len(events)))
    sample.sort(key=lambda e: (e.article_id, e.sentence_index, e.id))
    out = sys.stdout
    out.write(f"# Hand check: {len(sample)} of {len(events)} seed events (random seed {args.seed})\n\n")
    for number, e in enumerate(sample, 1):
        bounds = f" [{e.date_earliest or '..'} / {e.date_latest or '..'}]" if (e.date_earliest or e.date_latest) else ""
        modality = f" modality={e.modality}" if e.modality else ""
        out.write(f"## {number}. {e.article_id} {e.id} (published {published.get(e.article_id)})\n")
        out.write(f"- {e.event_type} / CAMEO {e.cameo} / trigger '{e.trigger}' ({e.rule}){modality}\n")
        out.write(f"- source {_actor(e.source)} -> target {_actor(e.target)}\n")
        out.write(f"- date {e.date} ({e.date_precision}, {e.date_basis}, '{e.date_text}'){bounds}\n")
        out.write(f"- sentence: {e.sentence}\n- verdict: \n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
