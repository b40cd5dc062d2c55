"""Measure direct-quote extraction against PolNeAR attributions (../shared/eval/polnear_quotes_dev.jsonl).

Gold: attributions flagged `content_is_direct_quote` (content, source and cue as char spans; a split quotation is
one attribution with several content spans). Figures:

- recall: gold direct quotations overlapped by at least one extracted Quote span;
- speaker: of those found, the share where an overlapping Quote's speaker phrase overlaps the gold source span
  (reported separately for gold sources that are pronouns, with how many of ours carry a resolved name);
- precision: extracted Quotes overlapping a gold direct quotation (and, looser, any gold attribution content:
  PolNeAR flags a partial quotation inside reported speech as indirect);
- time: the quotes component against the rest of the pipeline.

The data is read at run time and never copied into the repository; the script exits quietly when it is absent.

    .venv/bin/python scripts/eval_quotes.py [--path FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear_quotes_dev.jsonl"
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    with_source: int = 0
    speaker_right: int = 0
    pronoun_gold: int = 0
    pronoun_right: int = 0
    pronoun_named: int = 0
    extracted: int = 0
    extracted_direct: int = 0
    extracted_any: int = 0


def _overlaps(a: tuple[int, int], spans: list[list[int]]) -> bool:
    return any(a[0] < end and start < a[1] for start, end in spans)


def _build():
    """The real pipeline; without the actors component when it cannot be built (then no mentions)."""
    from thucydides.nlp import build_pipeline

    try:
        return build_pipeline(components=("thucydides_actors", "thucydides_quotes")), True
    except Exception as error:  # noqa: BLE001  (any failure of the other component: measure ours alone)
        print(f"note: full pipeline failed ({type(error).__name__}: {str(error)[:120]}); quotes component alone")
    import spacy

    import thucydides.quotes  # noqa: F401  (registers the factory)
    from thucydides.nlp import MODEL_NAME, register_extensions, split_at_line_breaks
    from spacy.language import Language

    register_extensions()
    if "thucydides_line_breaks" not in Language.factories:
        Language.component("thucydides_line_breaks", func=split_at_line_breaks)
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("thucydides_line_breaks", before="parser")
    nlp.add_pipe("thucydides_quotes")
    return nlp, False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="show this many misses of each kind")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"skipped: {args.path} not found")
        return

    records = [json.loads(line) for line in args.path.open(encoding="utf-8")]
    nlp, with_actors = _build()
    component = nlp.get_pipe("thucydides_quotes")
    tally = Tally()
    misses: dict[str, list[str]] = {"recall": [], "speaker": [], "precision": []}
    quote_seconds = total_seconds = 0.0
    for record in records:
        text = record["text"]
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        doc._.article_id = record["id"]
        for name, pipe in nlp.pipeline:
            if name == "thucydides_quotes":
                mark = time.perf_counter()
                pipe(doc)
                quote_seconds += time.perf_counter() - mark
            else:
                pipe(doc)
        total_seconds += time.perf_counter() - started
        attributions = component.extractor.extract(doc)  # the same quotes, with speaker offsets
        assert [a.quote.span for a in attributions] == [q.span for q in doc._.quotes]
        gold = [a for a in record["attributions"] if a["content_is_direct_quote"]]
        every = [span for a in record["attributions"] for span in a["content"]]
        for g in gold:
            tally.gold += 1
            hits = [a for a in attributions if _overlaps(a.quote.span, g["content"])]
            if not hits:
                misses["recall"].append(f"{record['id']}: {g['content_text'][:120]!r}")
                continue
            tally.found += 1
            if not g["source"]:
                continue
            tally.with_source += 1
            right = any(a.speaker_span and _overlaps(a.speaker_span, g["source"]) for a in hits)
            tally.speaker_right += right
            if (g["source_text"] or "").lower() in PRONOUNS:
                tally.pronoun_gold += 1
                tally.pronoun_right += right
                tally.pronoun_named += any(a.quote.speaker and a.quote.speaker.name for a in hits)
            if not right:
                ours = [(a.quote.speaker.text if a.quote.speaker else None, a.rule) for a in hits]
                misses["speaker"].append(f"{record['id']}: gold {g['source_text']!r} ours {ours} "
                                         f"in {g['content_text'][:80]!r}")
        for a in attributions:
            tally.extracted += 1
            direct = any(_overlaps(a.quote.span, g["content"]) for g in gold)
            tally.extracted_direct += direct
            tally.extracted_any += direct or _overlaps(a.quote.span, every)
            if not direct:
                misses["precision"].append(f"{record['id']}: {a.rule} {a.quote.text[:100]!r}")

    def share(n: int, d: int) -> str:
        return f"{n}/{d} = {n / d:.3f}" if d else f"{n}/0"

    print(f"articles: {len(records)}   actors component: {'yes' if with_actors else 'no (mentions empty)'}")
    print(f"recall (gold direct quotes found):   {share(tally.found, tally.gold)}   target 0.85")
    print(f"speaker (source span overlap):       {share(tally.speaker_right, tally.with_source)}   target 0.80")
    print(f"  gold source a pronoun:             {share(tally.pronoun_right, tally.pronoun_gold)} overlap, "
          f"{tally.pronoun_named} with a resolved name")
    print(f"precision (overlaps a gold direct):  {share(tally.extracted_direct, tally.extracted)}")
    print(f"precision (overlaps any gold content): {share(tally.extracted_any, tally.extracted)}")
    print(f"time: quotes component {quote_seconds:.2f}s of {total_seconds:.2f}s pipeline "
          f"({100 * quote_seconds / max(total_seconds, 1e-9):.1f}%)")
    if args.errors:
        for kind, lines in misses.items():
            print(f"\n-- {kind} misses ({len(lines)}) --")
            for line in lines[: args.errors]:
                print(line)


if __name__ == "__main__":
    main()
