"""Acceptance on the seed articles against a careful reader's list of the events they report.

    scores = evaluate(Path("../shared/seeds"))   # SeedScores (the folder, or its manifest.jsonl)

The list is tests/data/seed_events.yaml (one entry per event: article, PLOVER type and `alt_types`, source and
target codes, the date as the article gives it, a short note); its header gives the coding conventions. The
articles run through the real pipeline (`Pipeline.process`, cleaning included) with the manifest's metadata.

Scoring rules
-------------
- A produced event *matches* a listed event when it comes from the same article, its type is the listed type
  or one of its `alt_types`, and its (source code, target code) is the listed pair, or the reverse pair when
  its type is symmetric (CONSULT, AGREE, COOPERATE). A listed null side matches only a side without a code.
- date right: at day precision the same day; at month (year) precision a date of ours in that month (year), at
  its precision or a finer one; bounds: the first day of our date lies within them; unknown: we gave no date.
- recall (type+dyad): listed events matched, each produced event standing for at most one listed event (a
  maximum bipartite matching, so one event does not account for two happenings). recall (type+dyad+date): the
  same over date-right matches only.
- precision proxy: produced events that match some listed event (the two directions of one call both count).
  The list is a reader's, not an exhaustive annotation, so this is a proxy, not a precision.
- article-date stand-ins: produced events dated by the article (`date_basis` "article") whose every matching
  listed event ended before the publication date: the publication date standing in for an earlier happening.
  The issue's target is zero (lower is better).
- Miss kinds (report). A listed event without a type+dyad match: `type absent` (no event of its types in the
  article), `reversed` (the pair the other way round), `no target` / `wrong target` (source right),
  `no source` / `wrong source` (target right), `wrong dyad` (neither), `taken` (its matches all stand for other
  listed events, with or without the date). A type+dyad match with no right date: `date: article stand-in`, `date: none`,
  `date: wrong value`. A produced event matching nothing: `unlisted`.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import GoldDataError, Metric, Ratio, ratio_metric

if TYPE_CHECKING:
    from ..model import Event
    from ..pipeline import Pipeline

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
PRECISIONS = ("day", "month", "year", "bounds", "unknown")
FIELDS = frozenset({"article", "type", "alt_types", "source", "target", "date", "date_precision", "note"})
REQUIRED = ("article", "type", "source", "target", "date_precision", "note")
MAX_NOTE_WORDS = 8  # the list's notes are a few words of our own: a longer one is likely copied text
CODE = re.compile(r"[A-Z][A-Z0-9]{1,11}")
DATE_FORMS = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "month": re.compile(r"\d{4}-\d{2}"),
              "year": re.compile(r"\d{4}")}
OPEN = ".."  # an open end of bounds (ISO 8601-2)


def default_seeds_dir() -> Path:
    """`../shared/seeds` beside the repository."""
    return Path(__file__).resolve().parents[3] / "shared" / "seeds"


def default_events_path() -> Path:
    """The list in a source checkout: tests/data/seed_events.yaml."""
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_events.yaml"


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class ListedEvent:
    """One event of the reader's list. `first`/`last`: the earliest and latest day it can be (None: open)."""

    article_id: str
    types: tuple[str, ...]  # the listed type, then its alternatives
    source: str | None
    target: str | None
    date: str | None
    precision: str
    first: date | None
    last: date | None
    note: str
    line: int

    def describe(self) -> str:
        alts = f" (or {'/'.join(self.types[1:])})" if len(self.types) > 1 else ""
        return (f"{self.types[0]}{alts} {self.source or '-'} -> {self.target or '-'} "
                f"{self.date or 'undated'} [{self.precision}]: {self.note}")


@dataclass(frozen=True)
class ProducedEvent:
    """What scoring needs of one event of ours."""

    article_id: str
    event_type: str
    source: str | None
    target: str | None
    date: str | None
    date_basis: str | None
    sentence_index: int = 0
    trigger: str = ""

    @classmethod
    def of(cls, event: Event) -> ProducedEvent:
        return cls(article_id=event.article_id, event_type=event.event_type, source=event.source.code,
                   target=event.target.code if event.target else None, date=event.date,
                   date_basis=event.date_basis, sentence_index=event.sentence_index, trigger=event.trigger)

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> ProducedEvent:
        """From a stored event (`Store.events()`) or `to_dict(event)`."""
        source, target = row.get("source") or {}, row.get("target") or {}
        return cls(article_id=row["article_id"], event_type=row["event_type"], source=source.get("code"),
                   target=target.get("code"), date=row.get("date"), date_basis=row.get("date_basis"),
                   sentence_index=row.get("sentence_index") or 0, trigger=row.get("trigger") or "")

    def describe(self) -> str:
        return (f"{self.event_type} {self.source or '-'} -> {self.target or '-'} {self.date or 'undated'} "
                f"({self.date_basis}; sentence {self.sentence_index}: {self.trigger})")


@dataclass(frozen=True)
class SeedMiss:
    kind: str  # see the module docstring
    article_id: str
    listed: str  # the listed event described, "" for an unlisted event of ours
    line: int | None  # its line in the list
    produced: tuple[str, ...]  # our events of the same article and listed types (or the unlisted one)


@dataclass
class SeedScores:
    articles: int
    listed: int
    listed_by_article: dict[str, int]
    produced: int
    type_dyad: Ratio  # recall
    type_dyad_date: Ratio  # recall
    precision_proxy: Ratio
    standins: int
    misses: list[SeedMiss] = field(default_factory=list)
    dataset: str = "seeds"

    def metrics(self) -> list[Metric]:
        p = "seeds"
        return [
            ratio_metric(f"{p}.recall_type_dyad", "recall: type + dyad", self.type_dyad),
            ratio_metric(f"{p}.recall_type_dyad_date", "recall: type + dyad + date right", self.type_dyad_date),
            ratio_metric(f"{p}.precision_proxy", "produced events matching a listed one", self.precision_proxy),
            Metric(f"{p}.article_date_standins", "publication date standing in for an earlier date",
                   self.standins / self.produced if self.produced else None,
                   detail=f"{self.standins}/{self.produced} events", higher_is_better=False),
        ]

    def miss_kinds(self) -> list[tuple[str, int]]:
        return Counter(m.kind for m in self.misses).most_common()


# ---------------------------------------------------------------- the list
def load_listed(path: Path, plover_types: frozenset[str] | None = None) -> list[ListedEvent]:
    """Read and check the list; a bad entry raises GoldDataError naming the file and its line."""
    path = Path(path)
    try:
        # composed, not loaded: nodes keep their line, and a scalar keeps the text the list wrote (2022-03 stays text)
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise GoldDataError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise GoldDataError(f"{path}:{mark.line + 1 if mark else '?'}: YAML error: "
                            f"{getattr(exc, 'problem', exc)}") from exc
    types = plover_types or _plover_types()
    entries = _mapping(root, path).get("events") if root is not None else None
    if not isinstance(entries, yaml.SequenceNode):
        raise GoldDataError(f"{path}:1: expected a list `events`")
    return [_listed(node, path, types) for node in entries.value]


def _plover_types() -> frozenset[str]:
    from ..events.codes import load_cameo_codes

    return frozenset(c.plover_event for c in load_cameo_codes().values() if c.plover_event)


def _mapping(node: yaml.Node, path: Path) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise GoldDataError(f"{path}:{node.start_mark.line + 1}: expected a mapping")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.value in out:
            raise GoldDataError(f"{path}:{key.start_mark.line + 1}: duplicate field {key.value!r}")
        out[key.value] = value
    return out


def _scalar(node: yaml.Node | None) -> str | None:
    if node is None or not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value).strip() or None


def _listed(node: yaml.Node, path: Path, plover_types: frozenset[str]) -> ListedEvent:
    line = node.start_mark.line + 1
    where = f"{path}:{line}"
    entry = _mapping(node, path)
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        raise GoldDataError(f"{where}: unknown field {unknown[0]!r} (a comma in an unquoted note?)")
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        raise GoldDataError(f"{where}: missing {', '.join(missing)}")
    article, note = _scalar(entry["article"]), _scalar(entry["note"])
    if not article or not note:
        raise GoldDataError(f"{where}: article and note must not be empty")
    if len(note.split()) > MAX_NOTE_WORDS:
        raise GoldDataError(f"{where}: note has more than {MAX_NOTE_WORDS} words: write a short one of your own")
    alts = entry.get("alt_types")
    if alts is not None and not isinstance(alts, yaml.SequenceNode):
        raise GoldDataError(f"{where}: alt_types must be a list")
    types = (_scalar(entry["type"]), *(_scalar(a) for a in (alts.value if alts else [])))
    bad = [t for t in types if t not in plover_types]
    if bad:
        raise GoldDataError(f"{where}: {bad[0]!r} is not a PLOVER type ({', '.join(sorted(plover_types))})")
    source, target = _scalar(entry["source"]), _scalar(entry["target"])
    for code in (source, target):
        if code is not None and not CODE.fullmatch(code):
            raise GoldDataError(f"{where}: bad actor code {code!r} (ISO-3 or an IGO code, or null)")
    if source is None and target is None:
        raise GoldDataError(f"{where}: source and target are both null")
    precision = _scalar(entry["date_precision"])
    if precision not in PRECISIONS:
        raise GoldDataError(f"{where}: date_precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    value = _scalar(entry.get("date"))
    first, last = _date_range(value, precision, where)
    return ListedEvent(article_id=article, types=types, source=source, target=target,  # type: ignore[arg-type]
                       date=value, precision=precision, first=first, last=last, note=note, line=line)


def _date_range(value: str | None, precision: str, where: str) -> tuple[date | None, date | None]:
    """The earliest and latest day a listed date allows (None: open or unknown)."""
    if precision == "unknown":
        if value is not None:
            raise GoldDataError(f"{where}: an unknown date must be null, got {value!r}")
        return None, None
    if value is None:
        raise GoldDataError(f"{where}: date_precision {precision} needs a date")
    try:
        if precision == "bounds":
            start, _, end = value.partition("/")
            if not end or (start == OPEN and end == OPEN):
                raise ValueError("want START/END, one end may be ..")
            first = None if start == OPEN else _day(start)
            last = None if end == OPEN else _day(end)
            if first and last and first > last:
                raise ValueError("start after end")
            return first, last
        if not DATE_FORMS[precision].fullmatch(value):
            raise ValueError(f"not a {precision} date")
        return _period(value)
    except ValueError as exc:
        raise GoldDataError(f"{where}: bad date {value!r} for precision {precision}: {exc}") from exc


def _day(text: str) -> date:
    if not DATE_FORMS["day"].fullmatch(text):
        raise ValueError(f"bounds take YYYY-MM-DD ends, got {text!r}")
    return date.fromisoformat(text)


def _period(iso: str) -> tuple[date, date]:
    """First and last day of YYYY-MM-DD, YYYY-MM or YYYY."""
    if len(iso) == 10:
        d = date.fromisoformat(iso)
        return d, d
    year = int(iso[:4])
    if len(iso) == 7:
        month = int(iso[5:7])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


# ---------------------------------------------------------------- matching
def types_dyad_match(listed: ListedEvent, ours: ProducedEvent) -> bool:
    """Same article, an acceptable type, and the listed pair (either way round for a symmetric type)."""
    if ours.article_id != listed.article_id or ours.event_type not in listed.types:
        return False
    pair = (ours.source, ours.target)
    return pair == (listed.source, listed.target) or (
        ours.event_type in SYMMETRIC_TYPES and pair == (listed.target, listed.source))


def date_right(listed: ListedEvent, ours: ProducedEvent) -> bool:
    """See the module docstring: same day, within the month/year, within bounds, or undated when unknown."""
    if listed.precision == "unknown":
        return ours.date is None
    if ours.date is None or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", ours.date):
        return False
    first, last = _period(ours.date)
    if listed.precision == "day":
        return len(ours.date) == 10 and first == listed.first
    if listed.precision in ("month", "year"):
        return listed.first <= first and last <= listed.last  # type: ignore[operator]
    return (listed.first is None or listed.first <= first) and (listed.last is None or first <= listed.last)


def ended_before(listed: ListedEvent, published: date | None) -> bool:
    """True when the listed event was surely over before the publication date."""
    return published is not None and listed.last is not None and listed.last < published


def _max_matching(edges: list[list[bool]]) -> dict[int, int]:
    """listed index -> produced index of a maximum matching over the boolean edge matrix."""
    if not edges or not edges[0]:
        return {}
    # scipy (a scikit-learn dependency) solves the assignment; a hand-written augmenting-path search is not needed
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment([[1 if e else 0 for e in row] for row in edges], maximize=True)
    return {int(r): int(c) for r, c in zip(rows, cols) if edges[r][c]}


def score(listed: list[ListedEvent], produced: list[ProducedEvent], published: dict[str, date | None]) -> SeedScores:
    """Score our events against the list (see the module docstring). `published`: article id -> its date."""
    articles = sorted(published)
    produced = [e for e in produced if e.article_id in published]
    matched = matched_date = 0
    misses: list[SeedMiss] = []
    any_match = [False] * len(produced)
    standins = 0
    for article in articles:
        mine = [e for e in listed if e.article_id == article]
        ours_idx = [i for i, e in enumerate(produced) if e.article_id == article]
        ours = [produced[i] for i in ours_idx]
        edges = [[types_dyad_match(le, pe) for pe in ours] for le in mine]
        dated = [[edges[r][c] and date_right(le, ours[c]) for c in range(len(ours))] for r, le in enumerate(mine)]
        pairs, dated_pairs = _max_matching(edges), _max_matching(dated)
        matched += len(pairs)
        matched_date += len(dated_pairs)
        for c, pe in enumerate(ours):
            hits = [le for r, le in enumerate(mine) if edges[r][c]]
            any_match[ours_idx[c]] = bool(hits)
            if hits and pe.date_basis == "article" and all(ended_before(le, published[article]) for le in hits):
                standins += 1
            if not hits:
                misses.append(SeedMiss("unlisted", article, "", None, (pe.describe(),)))
        for r, le in enumerate(mine):
            same_type = tuple(pe.describe() for pe in ours if pe.event_type in le.types)
            if r not in pairs:
                misses.append(SeedMiss(_dyad_miss(le, ours, edges[r]), article, le.describe(), le.line, same_type))
            elif r not in dated_pairs:
                candidates = [pe for c, pe in enumerate(ours) if edges[r][c]]
                kind = "taken" if any(dated[r]) else _date_miss(le, candidates, published[article])
                misses.append(SeedMiss(kind, article, le.describe(), le.line,
                                       tuple(pe.describe() for pe in candidates)))
    listed_here = [e for e in listed if e.article_id in published]
    return SeedScores(
        articles=len(articles), listed=len(listed_here),
        listed_by_article=dict(Counter(e.article_id for e in listed_here)), produced=len(produced),
        type_dyad=Ratio(matched, len(listed_here)), type_dyad_date=Ratio(matched_date, len(listed_here)),
        precision_proxy=Ratio(sum(any_match), len(produced)), standins=standins, misses=misses)


def _dyad_miss(listed: ListedEvent, ours: list[ProducedEvent], edges: list[bool]) -> str:
    if any(edges):
        return "taken"
    typed = [pe for pe in ours if pe.event_type in listed.types]
    if not typed:
        return "type absent"
    if any((pe.source, pe.target) == (listed.target, listed.source) for pe in typed):
        return "reversed"
    if any(pe.source == listed.source for pe in typed):
        return "no target" if all(pe.target is None for pe in typed if pe.source == listed.source) \
            else "wrong target"
    if any(pe.target == listed.target for pe in typed):
        return "no source" if all(pe.source is None for pe in typed if pe.target == listed.target) \
            else "wrong source"
    return "wrong dyad"


def _date_miss(listed: ListedEvent, candidates: list[ProducedEvent], published: date | None) -> str:
    if any(pe.date_basis == "article" for pe in candidates) and ended_before(listed, published):
        return "date: article stand-in"
    if all(pe.date is None for pe in candidates):
        return "date: none"
    return "date: wrong value"


# ---------------------------------------------------------------- running
def seed_paths(gold_path: Path) -> tuple[Path, Path]:
    """(folder, manifest) of a seeds folder or of its manifest file."""
    gold_path = Path(gold_path)
    manifest = gold_path / "manifest.jsonl" if gold_path.is_dir() else gold_path
    if not manifest.is_file():
        raise GoldDataError(f"{manifest}: no seeds manifest there (want a folder with manifest.jsonl, or the manifest)")
    return manifest.parent, manifest


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None,
             *, events_path: Path | None = None) -> SeedScores:
    """Run the pipeline over the seeds (a folder with manifest.jsonl, or the manifest) and score it against the
    list (`events_path`, default tests/data/seed_events.yaml). `limit`: the first N articles of the manifest."""
    from ..ingest import iter_inputs, read_manifest
    from ..model import Article, Skipped
    from ..pipeline import Pipeline

    if part is not None:
        raise ValueError("the seeds have no tuning/check split: leave out --part")
    folder, manifest = seed_paths(gold_path)
    entries = read_manifest(manifest)[:limit]
    list_path = Path(events_path or default_events_path())
    listed = check_articles(load_listed(list_path), {e.id for e in read_manifest(manifest)}, list_path)
    published = {e.id: e.published for e in entries}
    articles = [a for a in iter_inputs([], manifest) if isinstance(a, Article) and a.id in published]
    produced: list[ProducedEvent] = []
    for result in (pipeline or Pipeline.default()).process(articles):
        if not isinstance(result, Skipped):  # a failed article has no events: its listed ones are misses
            produced += [ProducedEvent.of(e) for e in result.events]
    return score(listed, produced, published)


def check_articles(listed: list[ListedEvent], article_ids: set[str], path: Path) -> list[ListedEvent]:
    """The list unchanged, or GoldDataError at the first entry naming an article the manifest does not have."""
    for e in listed:
        if e.article_id not in article_ids:
            raise GoldDataError(f"{path}:{e.line}: article {e.article_id!r} is not in the seeds manifest")
    return listed


def render_report(scores: SeedScores, *, gold_path: Path, command: str) -> str:
    """A markdown report with every miss (it names our triggers, words of the seeds: keep it out of the repository)."""
    from .report import markdown_metrics

    misses = []
    for m in sorted(scores.misses, key=lambda m: (m.article_id, m.kind, m.line or 0)):
        where = f" (list line {m.line})" if m.line else ""
        misses.append(f"- **{m.article_id[:3]}** [{m.kind}]{where} {m.listed or 'ours'}; ours: "
                      + ("; ".join(m.produced) or "nothing"))
    return "\n\n".join([
        f"# Evaluation report: {scores.dataset}",
        f"Seeds: `{gold_path}`. Reproduce: `{command}`. Keep this file out of the repository.",
        "## Scores", markdown_metrics(scores.metrics()),
        "## Listed events per article", "\n".join(f"- {a}: {n}" for a, n in scores.listed_by_article.items()),
        "## Misses by kind", "\n".join(f"- {k}: {n}" for k, n in scores.miss_kinds()) or "(none)",
        f"## Misses ({len(scores.misses)})", "\n".join(misses) or "(none)",
    ]) + "\n"
