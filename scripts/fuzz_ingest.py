#!/usr/bin/env python
"""Bounded fuzz run of the ingest path (decoding, HTML extraction, JSONL, manifests), with hypothesis.

    python scripts/fuzz_ingest.py --seconds 60
    python scripts/fuzz_ingest.py --runs 2000 --seed 7

Each execution writes one generated input (bytes built from seeds in many encodings, HTML with hostile nesting,
JSONL and CSV lines, random mutations) into a scratch folder and reads it with `iter_inputs`, as a file and,
for .jsonl/.csv, as a manifest. The contract checked: nothing raises; every item is an Article or a Skipped
with a reason; an Article has non-blank text without invisible characters, and a path inside the folder.
Prints the number of executions, and each failure with the (shrunk) input that caused it; exit code 1 on
failure. Needs the `test` extra (hypothesis); no model is loaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

SEEDS = (
    "The council of Port Elsby closed the old bridge on Thursday after engineers found cracks.",
    "Le conseil a ferm\u00e9 le vieux pont jeudi apr\u00e8s la d\u00e9couverte de fissures.",
    "\u5730\u533a\u8bae\u4f1a\u5468\u56db\u6295\u7968\u51b3\u5b9a\u5173\u95ed\u65e7\u6865\u3002",
    "Presi\u00addent Hal\u200bvorsen said: \u201cWe will not accept this,\u201d on Monday.",
)
CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "cp1252", "latin-1")
SUFFIXES = (".txt", ".html", ".md", ".jsonl", ".csv", "")


def encoded(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace")


texts = st.one_of(st.sampled_from(SEEDS), st.text(max_size=200))
plain = st.builds(encoded, texts, st.sampled_from(CODECS))


@st.composite
def html(draw) -> bytes:
    depth = draw(st.integers(0, 700))
    tag = draw(st.sampled_from(["div", "span", "section", "table", "b", "p"]))
    body = draw(texts)
    head = draw(st.sampled_from(["", "<title>T</title>", "<meta property='article:published_time' content='x'>"]))
    doc = f"<html><head>{head}</head><body>{f'<{tag}>' * depth}<p>{body}</p>{f'</{tag}>' * draw(st.integers(0, depth))}"
    return encoded(doc, draw(st.sampled_from(CODECS)))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=6)


@st.composite
def jsonl(draw) -> bytes:
    import json

    keys = ("id", "path", "text", "published", "title", "url", "language", "source", "pubished")
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        record = {k: draw(st.one_of(json_values, st.sampled_from(SEEDS), st.sampled_from(
            ["a.txt", "../x", "/etc/hostname", "~/x", "2023-05-02", "2099-12-31", "loop"])))
            for k in draw(st.lists(st.sampled_from(keys), max_size=5, unique=True))}
        lines.append(json.dumps(record))
    return "\n".join(lines).encode("utf-8")


csv_text = st.lists(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(["a.txt", "../x", "2023-05-02"])),
                             max_size=5), max_size=5).map(
    lambda rows: ("id,path,published\n" + "\n".join(",".join(r) for r in rows)).encode("utf-8", errors="replace"))


@st.composite
def mutated(draw, base) -> bytes:
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        insert = draw(st.sampled_from([b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xc2\xad", b"\r", b"\x0c", b"\x1b",
                                       b"<div>" * 300, b"\xe2\x80\x8b"]))
        data[at:at] = insert
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


inputs = st.tuples(mutated(st.one_of(plain, html(), jsonl(), csv_text, st.binary(max_size=300))),
                   st.sampled_from(SUFFIXES))


class Counter:
    runs = 0


def check(folder: Path, data: bytes, suffix: str) -> None:
    from thucydides.decoding import INVISIBLE
    from thucydides.ingest import iter_inputs
    from thucydides.model import Article, Skipped

    Counter.runs += 1
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    runs = [iter_inputs([path])]
    if suffix in (".jsonl", ".csv"):
        runs.append(iter_inputs([], manifest=path))
    inside = folder.resolve()
    for items in runs:
        try:
            found = list(items)
        except ValueError as exc:  # a manifest that cannot be read at all: allowed, if it names the file
            assert str(path) in str(exc), exc
            continue
        for item in found:
            assert isinstance(item, (Article, Skipped)), item
            if isinstance(item, Skipped):
                assert item.reason.strip(), item
                continue
            assert item.raw_text.strip(), item
            assert not any(c in item.raw_text for c in INVISIBLE), item.raw_text[:80]
            if item.path and not item.path.startswith(str(path)):
                assert Path(item.path).resolve().is_relative_to(inside), item.path


def fuzz_batch(folder: Path, examples: int, batch_seed: int) -> None:
    @seed(batch_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def run(case: tuple[bytes, str]) -> None:
        check(folder, *case)

    run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--seconds", type=float, help="run for about this long (default 30)")
    limit.add_argument("--runs", type=int, help="run this many generated inputs")
    parser.add_argument("--seed", type=int, default=0, help="first seed (batches use seed, seed+1, ...)")
    args = parser.parse_args(argv)
    seconds = args.seconds if args.runs is None else None
    if seconds is None and args.runs is None:
        seconds = 30.0
    batch = 100
    started = time.perf_counter()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="fuzz_ingest_") as scratch:
        folder = Path(scratch) / "corpus"
        folder.mkdir()
        (folder / "a.txt").write_text(SEEDS[0], encoding="utf-8")
        (folder / "loop").symlink_to("loop")
        batch_seed = args.seed
        while True:
            todo = batch if args.runs is None else min(batch, args.runs - Counter.runs)
            if todo <= 0 or (seconds is not None and time.perf_counter() - started >= seconds):
                break
            try:
                fuzz_batch(folder, todo, batch_seed)
            except Exception as exc:  # hypothesis re-raises the failure after shrinking, with the input printed
                failures += 1
                notes = "\n".join(getattr(exc, "__notes__", []))  # the falsifying input, shrunk
                print(f"FAILURE (seed {batch_seed}): {type(exc).__name__}: {exc}\n{notes}", file=sys.stderr)
            batch_seed += 1
    elapsed = time.perf_counter() - started
    print(f"executions: {Counter.runs}  failures: {failures}  seconds: {elapsed:.1f}  "
          f"({Counter.runs / max(elapsed, 1e-9):.0f}/s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
