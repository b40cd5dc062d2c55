"""Measure date resolution against TimeBank/AQUAINT TIMEX3 gold (../shared/eval/timex_tbaq_dev.jsonl).

Scored: DATE-type TIMEX3 whose gold value is a day (1998-03-06), month (1998-03) or year (1998). Three numbers:

- expression: `resolve_expression(gold text, creation date)`, no context;
- context: the gold span resolved in its parsed document (tense from the governing verb, "a day later" anchored
  on the previous resolved date), which is what the component does with a span;
- component: the real component's `doc._.dates` (its own spans, from the NER and regexes); a gold expression
  counts as right when an overlapping resolved date has the gold value.

The data is read at run time and never copied into the repository; the script exits quietly when it is absent.

    .venv/bin/python scripts/eval_timex.py [--errors N] [--path FILE]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timex_tbaq_dev.jsonl"
SCORED = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="show this many context-mode errors")
    parser.add_argument("--no-model", action="store_true", help="expression mode only")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"skipped: {args.path} not found")
        return

    from thucydides.dates import resolve_expression

    docs = [json.loads(line) for line in args.path.open(encoding="utf-8")]
    nlp = None
    if not args.no_model:
        import spacy

        import thucydides.dates  # noqa: F401  (registers the factory)
        from thucydides.nlp import MODEL_NAME, register_extensions

        register_extensions()
        nlp = spacy.load(MODEL_NAME)
        nlp.add_pipe("thucydides_dates")

    from thucydides.dates import is_relative_to_previous, resolve_in_context

    total = 0
    right = Counter()
    errors: list[tuple[str, str, str, str]] = []
    by_precision: Counter = Counter()
    by_precision_right: Counter = Counter()
    for record in docs:
        dct = date.fromisoformat(record["dct"][:10])
        timexes = sorted((t for t in record["timexes"] if t.get("type") == "DATE"), key=lambda t: t["start"])
        doc = None
        if nlp is not None:
            doc = nlp.make_doc(record["text"])
            doc._.published = dct
            doc = nlp(doc)
        previous = None
        for t in timexes:
            gold = t["value"]
            found_ctx = None
            if doc is not None:
                found_ctx = resolve_in_context(doc, t["start"], t["end"], dct, previous)
                if found_ctx is not None and not is_relative_to_previous(t["text"]):
                    previous = found_ctx  # as the component does: relatives count from the last explicit date
            if not SCORED.fullmatch(gold):
                continue
            total += 1
            kind = {4: "year", 7: "month", 10: "day"}[len(gold)]
            by_precision[kind] += 1
            found = resolve_expression(t["text"], dct)
            if found is not None and found.iso == gold:
                right["expression"] += 1
            if doc is not None:
                if found_ctx is not None and found_ctx.iso == gold:
                    right["context"] += 1
                    by_precision_right[kind] += 1
                else:
                    errors.append((t["text"], gold, found_ctx.iso if found_ctx else "None", record["dct"][:10]))
                hits = [d for d in doc._.dates if d.start < t["end"] and t["start"] < d.end]
                if any(d.iso == gold for d in hits):
                    right["component"] += 1

    print(f"scored DATE expressions: {total}")
    for mode in ("expression", "context", "component"):
        if mode in right or mode == "expression":
            print(f"{mode:>10}: {right[mode] / total:.3f} ({right[mode]}/{total})")
    for kind, n in by_precision.items():
        if doc is not None:
            print(f"  context, gold {kind}: {by_precision_right[kind] / n:.3f} of {n}")
    if args.errors:
        for text, gold, got, dct in errors[: args.errors]:
            print(f"  {text!r:40} gold={gold:10} got={got:10} dct={dct}")


if __name__ == "__main__":
    main()
