"""Measuring Thucydides against third-party gold data (the project's `../shared/eval/` folder).

One module per thing measured, each with the same entry point:

    from thucydides.evaluation import events, actors, dates, quotes
    scores = events.evaluate(Path("../shared/eval/plover_gsr.jsonl"))   # EventScores (or QuadScores)
    for metric in scores.metrics(): print(metric.label, metric.value)

`evaluate(gold_path, pipeline=None, limit=None, part=None)` reads the gold file at call time (it is never copied into the
repository), runs the real extraction on it and returns a dataclass of scores: headline `metrics()` (the
numbers in docs/accuracy.md and in the quality gate's floors), breakdowns, and the misses (which go only into a
report file the user asks for: they quote evaluation text). `limit` keeps the first N records, a fixed,
deterministic subset; `part` ("tuning" or "check") keeps one part of the fixed split (`part_of`). The scoring rules are in each module's docstring; `report` renders tables and reports.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from .report import Scores

EVAL_DIR_ENV = "THUCYDIDES_EVAL_DIR"


def default_eval_dir() -> Path:
    """The gold data folder: $THUCYDIDES_EVAL_DIR, else `../shared/eval` beside the repository."""
    configured = os.environ.get(EVAL_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "eval"


class GoldDataError(ValueError):
    """A gold file that cannot be read: the message names the file and line."""


# ---- the tuning/check split ----
# Every dev set is split once, by a hash of each record's key under a fixed seed, into a tuning part (misses
# may be read there) and a check part (never read; its scores are the headline and what CI gates). A hash,
# not a shuffle, so a record's part never changes when the file grows or is reordered.
SPLIT_SEED = "thucydides-split-2026-12-02"
TUNING_SHARE = 0.6
PARTS = ("tuning", "check")


def part_of(key: str) -> str:
    """"tuning" for about 60% of keys, "check" for the rest; fixed forever for a given key."""
    import hashlib

    digest = hashlib.sha256(f"{SPLIT_SEED}:{key}".encode("utf-8")).digest()
    return "tuning" if int.from_bytes(digest[:8], "big") / 2**64 < TUNING_SHARE else "check"


def split_key(record: dict[str, Any], lineno: int) -> str:
    """What a record is split by: ECB+ documents by topic (a story's documents stay together), others by
    `id`, NGEC cases by `test`, else by line number."""
    for field_name in ("topic", "id", "test"):
        if record.get(field_name) is not None:
            return f"{field_name}:{record[field_name]}"
    return f"line:{lineno}"


def read_jsonl(path: Path, limit: int | None = None, part: str | None = None) -> list[dict[str, Any]]:
    """The first `limit` records (all when None) of a JSONL gold file, of the tuning or check `part` only
    when given (None: all); blank lines are skipped."""
    if part is not None and part not in PARTS:
        raise ValueError(f"unknown part {part!r}: one of {', '.join(PARTS)}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no gold file at {path}")
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if limit is not None and len(records) >= limit:
                break
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldDataError(f"{path}:{lineno}: not JSON: {exc.msg}") from exc
            if not isinstance(record, dict):
                raise GoldDataError(f"{path}:{lineno}: expected a JSON object")
            if part is not None and part_of(split_key(record, lineno)) != part:
                continue
            records.append(record)
    return records


def require_fields(records: list[dict[str, Any]], fields: tuple[str, ...], path: Path, what: str) -> None:
    """Raise GoldDataError when the first record lacks one of `fields` (the wrong gold file for `what`), before
    anything expensive (loading the model) is done."""
    if records:
        missing = [f for f in fields if f not in records[0]]
        if missing:
            raise GoldDataError(f"{path}: not {what} gold data (first record has no {', '.join(missing)})")


@dataclass(frozen=True)
class Ratio:
    """`right` out of `total`; value None when there is nothing to count."""

    right: int
    total: int

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.right}/{self.total})" if self.total else "n/a (0/0)"


@dataclass(frozen=True)
class PRF:
    """Precision and recall, each with its own counts (their units may differ: our events vs gold records)."""

    precision: Ratio
    recall: Ratio

    @property
    def f1(self) -> float | None:
        p, r = self.precision.value, self.recall.value
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Metric:
    """One headline number. `key` is stable (floors and docs refer to it); `anchor` is a published figure to
    compare with, when there is one."""

    key: str
    label: str
    value: float | None
    detail: str = ""
    anchor: str | None = None
    higher_is_better: bool = True


def ratio_metric(key: str, label: str, ratio: Ratio, anchor: str | None = None) -> Metric:
    return Metric(key=key, label=label, value=ratio.value, detail=f"{ratio.right}/{ratio.total}", anchor=anchor)


def f1_metric(key: str, label: str, prf: PRF, anchor: str | None = None) -> Metric:
    return Metric(key=key, label=label, value=prf.f1,
                  detail=f"P {_fmt(prf.precision.value)} R {_fmt(prf.recall.value)}", anchor=anchor)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> bool:
    """True when the half-open character span shares at least one character with one of `spans`."""
    return any(span[0] < end and start < span[1] for start, end in spans)


KINDS = ("events", "actors", "dates", "quotes", "stories", "police")


def evaluate(kind: str, gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None,
             part: str | None = None) -> Scores:
    """`thucydides.evaluation.<kind>.evaluate(gold_path, pipeline, limit)` for kind events, actors, dates, quotes,
    stories."""
    import importlib

    if kind not in KINDS:
        raise ValueError(f"unknown evaluation {kind!r}: one of {', '.join(KINDS)}")
    module = importlib.import_module(f"{__name__}.{kind}")
    return module.evaluate(gold_path, pipeline=pipeline, limit=limit, part=part)


# ---- the quality gate's floors (bench/accuracy_floors.json) ----
# Kinds whose evaluation runs the whole shared pipeline (passed in, loaded once); the others build a lighter spaCy
# object of their own (dates, quotes) or use no model at all (actors). Add a new kind here when it needs the
# full pipeline.
SHARED_PIPELINE_KINDS = ("events", "stories", "police")


@dataclass(frozen=True)
class GateSet:
    """One gold file, the `part` of its split gated (the check part: scores nobody tunes on), its first `limit`
    records (of that part), and the floors of its metrics, by metric key."""

    kind: str
    file: str
    limit: int | None
    floors: dict[str, float] = field(default_factory=dict)
    part: str = "check"


@dataclass(frozen=True)
class Gate:
    margin: float
    sets: tuple[GateSet, ...]
    pinned: str | None = None  # date and commit the floors were measured at


def _object_lines(text: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON `text`; also map id() of every JSON object in the result to the line its `{` is on, so an
    error can name the line of a bad entry. The json module keeps no positions; its pure-Python scanner calls a
    replaceable `parse_object` with the offset, which is the one hook it has."""
    import json.decoder
    import json.scanner

    lines: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        text_, start = s_and_end
        obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
        lines[id(obj)] = text_.count("\n", 0, start) + 1
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text), lines


def load_gate(path: Path) -> Gate:
    """Read the floors file; a bad entry raises GoldDataError naming the file, the line and the set."""
    try:
        data, lines = _object_lines(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldDataError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sets") or [], list):
        raise GoldDataError(f"{path}:1: expected an object with a list `sets`")
    sets: list[GateSet] = []
    for n, entry in enumerate(data.get("sets") or [], 1):
        if not isinstance(entry, dict):
            raise GoldDataError(f"{path}: set {n}: expected an object")
        where = f"{path}:{lines.get(id(entry), 1)}: set {n}"
        if entry.get("kind") not in KINDS or not isinstance(entry.get("file"), str):
            raise GoldDataError(f"{where}: needs kind (one of {', '.join(KINDS)}) and file")
        if entry.get("part") not in PARTS:
            raise GoldDataError(f"{where}: part must be one of {', '.join(PARTS)} (the gate pins the check part), "
                                f"not {entry.get('part')!r}")
        limit = entry.get("limit")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
            raise GoldDataError(f"{where}: limit must be a positive integer or null")
        floors = entry.get("floors") or {}
        if not isinstance(floors, dict):
            raise GoldDataError(f"{where}: floors must be an object of metric key to number")
        bad = [k for k, v in floors.items()
               if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1]
        if bad:
            raise GoldDataError(f"{where}: floor of {bad[0]!r} must be a number in [0, 1]")
        sets.append(GateSet(entry["kind"], entry["file"], limit, {k: float(v) for k, v in floors.items()},
                            part=entry["part"]))
    return Gate(margin=float(data.get("margin", 0.02)), sets=tuple(sets), pinned=data.get("pinned"))


def floors_of(metrics: list[Metric], margin: float) -> dict[str, float]:
    """Floors for the metrics where higher is better: the value minus `margin`, rounded down to 3 decimals."""
    return {m.key: max(0.0, math.floor((m.value - margin) * 1000) / 1000)
            for m in metrics if m.higher_is_better and m.value is not None}


def below_floor(metrics: list[Metric], floors: dict[str, float]) -> list[str]:
    """One line per metric under its floor (or missing); empty when all hold."""
    by_key = {m.key: m for m in metrics}
    problems = []
    for key, floor in floors.items():
        m = by_key.get(key)
        if m is None or m.value is None:
            problems.append(f"{key}: no value (floor {floor:.3f})")
        elif m.value < floor:
            problems.append(f"{key}: {m.value:.3f} ({m.detail}) is below its floor {floor:.3f}")
    return problems


__all__ = [
    "EVAL_DIR_ENV", "KINDS", "Gate", "GateSet", "GoldDataError", "Metric", "PRF", "Ratio", "below_floor",
    "PARTS", "SHARED_PIPELINE_KINDS", "SPLIT_SEED", "TUNING_SHARE", "default_eval_dir", "evaluate", "part_of",
    "split_key", "f1_metric", "floors_of", "load_gate", "overlaps", "ratio_metric", "read_jsonl", "require_fields",
]
