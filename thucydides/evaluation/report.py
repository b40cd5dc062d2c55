"""Rendering of evaluation scores: a plain-text table for the terminal, a markdown report with the misses (for
the user's --report file: it quotes evaluation text, so it never goes into the repository), and the
docs/accuracy.md page (scores, breakdowns and rules only: no evaluation text).

    print(metrics_table(scores.metrics()))
    Path("/tmp/events.md").write_text(render_report(scores, gold_path=path, command=cmd))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from . import Metric, Ratio
from .actors import ActorScores
from .dates import DateScores
from .events import PENTACLASS_NAMES, EventScores, QuadScores
from .quotes import QuoteScores

Scores = Union[EventScores, QuadScores, ActorScores, DateScores, QuoteScores]


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# ---------------------------------------------------------------- terminal
def metrics_table(metrics: list[Metric]) -> str:
    """Aligned plain-text table: label, value, counts, and the published figure to compare with."""
    rows = [("score", "value", "counts", "compare with")]
    rows += [(m.label + ("" if m.higher_is_better else " (lower is better)"), _num(m.value), m.detail,
              m.anchor or "") for m in metrics]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def miss_counts(scores: Scores) -> list[tuple[str, int]]:
    """How many misses of each kind (no evaluation text): safe to print and to publish."""
    if isinstance(scores, EventScores):
        return list(scores.miss_reasons.items())
    if isinstance(scores, QuadScores):
        counts: dict[str, int] = {}
        for m in scores.misses:
            key = f"gold {m.gold} -> ours {m.ours}"
            counts[key] = counts.get(key, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])
    kinds: dict[str, int] = {}
    for miss in scores.misses:
        if isinstance(scores, DateScores):  # no date of ours on the span, or one with another value
            kind = "span missed" if miss.component == "-" else "wrong value"
        else:  # a scores class added later without a `kind` on its misses is counted by class name
            kind = str(getattr(miss, "kind", type(miss).__name__))
        kinds[kind] = kinds.get(kind, 0) + 1
    return sorted(kinds.items(), key=lambda kv: -kv[1])


# ---------------------------------------------------------------- markdown pieces
def markdown_metrics(metrics: list[Metric]) -> str:
    lines = ["| score | ours | counts | compare with |", "|---|---:|---|---|"]
    lines += [f"| {_cell(m.label)}{'' if m.higher_is_better else ' (lower is better)'} | {_num(m.value)} | "
              f"{_cell(m.detail)} | {_cell(m.anchor or '')} |" for m in metrics]
    return "\n".join(lines)


def _ratio_cell(r: Ratio) -> str:
    return f"{_num(r.value)} ({r.right}/{r.total})"


def breakdown_markdown(scores: Scores) -> str:
    """Per-type, per-class or per-precision tables and confusion matrices (counts only, no evaluation text)."""
    parts: list[str] = []
    if isinstance(scores, EventScores):
        parts.append("Per type (precision over our events of the type, recall over gold sentences of the type):\n")
        parts.append("| type | precision | recall | F1 |\n|---|---:|---:|---:|")
        parts += [f"| {t} | {_ratio_cell(p.precision)} | {_ratio_cell(p.recall)} | {_num(p.f1)} |"
                  for t, p in scores.per_type.items()]
        parts.append("\n" + _confusion(scores.confusion, "gold \\ ours"))
        parts.append("\nMisses by reason: " + ", ".join(f"{k} {v}" for k, v in scores.miss_reasons.items()))
    elif isinstance(scores, QuadScores):
        parts.append("Per class (0 statement/appeal, 1 verbal cooperation, 2 material cooperation, 3 verbal "
                     "conflict, 4 material conflict):\n")
        parts.append("| class | precision | recall | F1 |\n|---|---:|---:|---:|")
        parts += [f"| {c} {PENTACLASS_NAMES.get(c, '')} | {_ratio_cell(p.precision)} | {_ratio_cell(p.recall)} | "
                  f"{_num(p.f1)} |" for c, p in scores.per_class.items()]
        conf = {str(g): {str(o): n for o, n in row.items()} for g, row in scores.confusion.items()}
        parts.append("\n" + _confusion(conf, "gold \\ ours"))
    elif isinstance(scores, DateScores):
        parts.append("| gold precision | component | context |\n|---|---:|---:|")
        parts += [f"| {k} | {_ratio_cell(r)} | {_ratio_cell(scores.context_by_precision[k])} |"
                  for k, r in scores.by_precision.items()]
    counts = miss_counts(scores)
    if counts and not isinstance(scores, (EventScores, QuadScores)):
        parts.append(("\n" if parts else "") + "Misses by kind: " + ", ".join(f"{k} {v}" for k, v in counts))
    return "\n".join(parts)


def _confusion(matrix: dict[str, dict[str, int]], corner: str) -> str:
    columns = sorted({c for row in matrix.values() for c in row}, key=lambda c: (c == "none", c))
    lines = [f"| {corner} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for gold, row in matrix.items():
        lines.append(f"| {gold} | " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def misses_markdown(scores: Scores) -> str:
    """Every miss, with the evaluation text: for the user's report file only."""
    lines: list[str] = []
    if isinstance(scores, EventScores):
        for m in scores.misses:
            lines.append(f"- **{m.id}** [{m.reason}] gold {m.gold_type} {'+'.join(m.gold_sources) or '-'} -> "
                         f"{'+'.join(m.gold_targets) or '-'}; ours: {'; '.join(m.produced) or 'nothing'}\n"
                         f"  > {m.sentence}")
    elif isinstance(scores, QuadScores):
        for q in scores.misses:
            lines.append(f"- **{q.id}** gold {q.gold}, ours {q.ours}: {'; '.join(q.produced) or 'nothing'}\n"
                         f"  > {q.sentence}")
    elif isinstance(scores, ActorScores):
        lines += [f"- [{a.kind}] {a.text!r}: want {a.expected}, got {a.got}" for a in scores.misses]
    elif isinstance(scores, DateScores):
        lines += [f"- {d.doc_id}: {d.text!r} gold {d.gold}, in context {d.got}, component {d.component} "
                  f"(dct {d.dct})" for d in scores.misses]
    elif isinstance(scores, QuoteScores):
        for kind in ("recall", "speaker", "precision"):
            for q in (q for q in scores.misses if q.kind == kind):
                lines.append(f"- [{kind}] {q.article}: {q.text!r}" + (f" — {q.detail}" if q.detail else ""))
    elif hasattr(scores, "render_misses"):  # a scores class that renders its own misses (police)
        return scores.render_misses()
    return "\n".join(lines) if lines else "(none)"


def render_report(scores: Scores, *, gold_path: Path, command: str) -> str:
    """The full markdown report of one evaluation, misses included (it quotes the gold data)."""
    return "\n\n".join([
        f"# Evaluation report: {scores.dataset}",
        f"Gold: `{gold_path}`. Reproduce: `{command}`. This file quotes third-party evaluation data: keep it out "
        "of the repository.",
        "## Scores", markdown_metrics(scores.metrics()),
        "## Breakdown", breakdown_markdown(scores) or "(none)",
        f"## Misses ({len(scores.misses)})", misses_markdown(scores),
    ]) + "\n"


# ---------------------------------------------------------------- docs/accuracy.md
@dataclass(frozen=True)
class DocEntry:
    """One evaluated set for docs/accuracy.md: its scores on the check part (the headline) and on the tuning part."""

    title: str
    check: Scores
    tuning: Scores
    command: str  # without --part: the page adds `--part check` / `--part tuning`
    records: str  # what was evaluated, e.g. "74 sentences checked, 120 for tuning"


def rules_markdown(docstring: str) -> str:
    """A module docstring as markdown: its usage block dropped, underlined titles made level-4 headings."""
    lines = docstring.strip("\n").splitlines()
    out: list[str] = []
    for line in lines:
        if line.startswith("    "):  # the usage example
            continue
        if re.fullmatch(r"-{3,}", line.strip()) and out:
            out[-1] = f"#### {out[-1]}"
            continue
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _target_cell(goal: float | None, value: float | None) -> str:
    if goal is None:
        return ""
    return f"≥ {goal:.2f} " + ("met" if value is not None and value >= goal else "NOT met")


def render_accuracy_doc(entries: list[DocEntry], *, today: str, commit: str, rules: list[tuple[str, str]],
                        regenerate: str, gate: str, split: str = "", targets: dict[str, float] | None = None) -> str:
    """docs/accuracy.md: every headline score on the check part with the tuning part's beside it, the date, commit
    and command that produced them, the anchor figures, how the sets are split, breakdowns of the tuning part
    (counts only), the scoring rules and how the quality gate works."""
    lines = [
        "# Accuracy",
        "",
        f"Generated by `{regenerate}` on {today} at commit `{commit}`; do not edit by hand. Development scores: the "
        "gold sets are third-party data in `../shared/eval/` (never copied here), part of each is held back for "
        "independent checks. Each set is split into a tuning part and a check part (see *The "
        "split*): the **check** column is the headline, the tuning column is beside it. Misses are listed only in "
        "a report file you ask for, of the tuning part only (`thucydides eval ... --part tuning --report "
        "/tmp/FILE.md`), since they quote the evaluation text.",
        "",
        "## Scores",
        "",
        "| set | score | **check** | tuning | target (check) | counts (check) | counts (tuning) | compare with | "
        "date | commit | reproduce |",
        "|---|---|---:|---:|---|---|---|---|---|---|---|",
    ]
    targets = targets or {}
    for e in entries:
        tuning = {m.key: m for m in e.tuning.metrics()}
        for m in e.check.metrics():
            label = m.label + ("" if m.higher_is_better else " (lower is better)")
            t = tuning.get(m.key)
            lines.append(
                f"| {_cell(e.title)} | {_cell(label)} | **{_num(m.value)}** | {_num(t.value if t else None)} | "
                f"{_target_cell(targets.get(m.key), m.value)} | {_cell(m.detail)} | {_cell(t.detail if t else '')} | "
                f"{_cell(m.anchor or '')} | {today} | `{commit}` | `{e.command} --part check` (tuning: "
                "`--part tuning`) |")
    lines += [
        "",
        "The anchors are other systems' published figures, measured on other data: a bearing, not a like-for-like "
        "comparison. GDELT's audit found about 1 row in 4 to be a real event of the coded type (compare our type "
        "precision); UniversalPetrarch's validation found 44% of gold events and produced 3.2 extra events per "
        "correct one (compare our type+source+target recall and extra events per correct one). Targets are the "
        "project's own floors, judged on the check part: issue 10's for PLOVER-GSR and ConfliBERT, issue 3's for "
        "the others.",
    ]
    if split:
        lines += ["", "## The split", "", split]
    lines += [
        "",
        "## Breakdowns (tuning part)",
        "",
        "Per-type and per-class tables of the tuning part only: the check part is published as its headline "
        "figures alone, so that nobody tunes on its details.",
    ]
    for e in entries:
        body = breakdown_markdown(e.tuning)
        lines += ["", f"### {e.title} ({e.records})", "", body or "(none)"]
    lines += ["", "## Scoring rules"]
    for title, doc in rules:
        lines += ["", f"### {title}", "", rules_markdown(doc)]
    lines += ["", "## Quality gate", "", gate, ""]
    return "\n".join(lines)
