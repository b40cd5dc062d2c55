"""Regenerate docs/accuracy.md: every evaluation on the whole gold sets, with date, commit and commands.

    .venv/bin/python scripts/accuracy_doc.py                 # rewrite docs/accuracy.md (about 2 minutes)
    .venv/bin/python scripts/accuracy_doc.py --write-floors  # also re-pin bench/accuracy_floors.json

--write-floors measures the quality gate's subsets (the sets and limits already in the floors file) and pins
each score minus the margin: do it after an accuracy gain, never to make a failing gate pass.
The gold data is read from ../shared/eval (or $THUCYDIDES_EVAL_DIR); nothing of it is written into the page.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from thucydides.evaluation import (
    Gate, GateSet, default_eval_dir, evaluate, floors_of, load_gate, read_jsonl,
)

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "accuracy.md"
FLOORS = ROOT / "bench" / "accuracy_floors.json"
REGENERATE = ".venv/bin/python scripts/accuracy_doc.py"

# (title, kind, file, what one record is)
SETS = (
    ("PLOVER-GSR events", "events", "plover_gsr.jsonl", "sentences"),
    ("ConfliBERT CAMEO", "events", "conflibert_cameo_dev.jsonl", "sentences"),
    ("NGEC actor cases", "actors", "ngec_actor_tests.jsonl", "cases"),
    ("TimeBank/AQUAINT dates", "dates", "timex_tbaq_dev.jsonl", "documents"),
    ("PolNeAR quotes", "quotes", "polnear_quotes_dev.jsonl", "articles"),
    ("ECB+ stories", "stories", "ecbplus_stories_dev.jsonl", "documents"),
)
# the targets issue 3 sets on the development sets (floors, not ceilings)
TARGETS = {
    "events.plover.type_recall": 0.85,
    "events.plover.triple_f1": 0.70,
    "events.plover.triple_precision": 0.75,
    "actors.ngec.nationality": 0.90,
    "actors.ngec.sector": 0.75,
    "dates.tbaq.component": 0.85,
    "quotes.polnear.recall": 0.85,
    "quotes.polnear.speaker": 0.80,
}
DEFAULT_GATE = Gate(margin=0.02, sets=(
    GateSet("events", "plover_gsr.jsonl", None),
    GateSet("events", "conflibert_cameo_dev.jsonl", 300),
    GateSet("actors", "ngec_actor_tests.jsonl", None),
    GateSet("dates", "timex_tbaq_dev.jsonl", 60),
    GateSet("quotes", "polnear_quotes_dev.jsonl", 30),
))


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def gate_text(gate: Gate) -> str:
    lines = [
        "`tests/test_quality_gate.py` (marked `model`; skipped when `../shared/eval` is absent) runs the "
        "evaluations below on fixed subsets (the first N records) and fails when a score falls under its floor in "
        f"`bench/accuracy_floors.json`: the score when pinned minus a margin of {gate.margin:.2f}"
        + (f", pinned {gate.pinned}" if gate.pinned else "") + f". Re-pin after a real gain: `{REGENERATE} "
        "--write-floors`.",
        "",
        "| set | records | floors |",
        "|---|---|---|",
    ]
    for s in gate.sets:
        floors = ", ".join(f"{k.split('.', 2)[-1]} {v:.3f}" for k, v in s.floors.items()) or "(none yet)"
        lines.append(f"| `{s.file}` | {'all' if s.limit is None else f'first {s.limit}'} | {floors} |")
    return "\n".join(lines)


def write_floors(gate: Gate, eval_dir: Path, today: str, rev: str) -> Gate:
    from thucydides.pipeline import Pipeline

    pipeline = Pipeline.default()
    sets = []
    for s in gate.sets:
        started = time.perf_counter()
        scores = evaluate(s.kind, eval_dir / s.file, pipeline=pipeline if s.kind == "events" else None, limit=s.limit)
        print(f"gate {s.file} (limit {s.limit}): {time.perf_counter() - started:.1f}s", file=sys.stderr)
        sets.append(GateSet(s.kind, s.file, s.limit, floors_of(scores.metrics(), gate.margin)))
    pinned = f"{today} at {rev}"
    data = {
        "_about": "Floors of tests/test_quality_gate.py: each score on the subset (first `limit` records of the gold "
                  f"file in ../shared/eval) when pinned, minus `margin`. Re-pin with: {REGENERATE} --write-floors",
        "margin": gate.margin,
        "pinned": pinned,
        "sets": [{"kind": s.kind, "file": s.file, "limit": s.limit, "floors": s.floors} for s in sets],
    }
    FLOORS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return Gate(gate.margin, tuple(sets), pinned)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument("--write-floors", action="store_true", help="re-pin bench/accuracy_floors.json")
    args = parser.parse_args()
    if not args.eval_dir.is_dir():
        print(f"no gold data at {args.eval_dir}", file=sys.stderr)
        return 2

    from thucydides.evaluation import actors, dates, events, quotes, stories
    from thucydides.evaluation.report import DocEntry, render_accuracy_doc
    from thucydides.pipeline import Pipeline

    today, rev = date.today().isoformat(), commit()
    gate = load_gate(FLOORS) if FLOORS.exists() else DEFAULT_GATE
    if args.write_floors:
        gate = write_floors(gate, args.eval_dir, today, rev)
    pipeline = Pipeline.default()
    entries = []
    for title, kind, file, unit in SETS:
        path = args.eval_dir / file
        started = time.perf_counter()
        scores = evaluate(kind, path, pipeline=pipeline if kind in ("events", "stories") else None)
        print(f"{file}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
        entries.append(DocEntry(title=title, scores=scores, command=f"thucydides eval {kind} ../shared/eval/{file}",
                                records=f"{len(read_jsonl(path))} {unit}"))
    rules = [("Events (PLOVER-GSR, ConfliBERT)", events.__doc__ or ""), ("Actors (NGEC)", actors.__doc__ or ""),
             ("Dates (TimeBank/AQUAINT)", dates.__doc__ or ""), ("Quotes (PolNeAR)", quotes.__doc__ or ""),
             ("Stories (ECB+)", stories.__doc__ or "")]
    page = render_accuracy_doc(entries, today=today, commit=rev, rules=rules, regenerate=REGENERATE, targets=TARGETS,
                               gate=gate_text(gate))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
