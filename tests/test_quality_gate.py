"""Quality gate: the evaluations on the check part of the gold sets (the part nobody tunes on; its first N records
where a set is large) must stay above the floors pinned in bench/accuracy_floors.json (scores when pinned minus a
small margin). About a minute on two cores.

Skips when the gold data (../shared/eval, or $THUCYDIDES_EVAL_DIR) is absent. Re-pin after merging changes to the
extraction, or after a real gain, with `.venv/bin/python scripts/accuracy_doc.py --write-floors` (it also rewrites
docs/accuracy.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.evaluation import (
    SHARED_PIPELINE_KINDS, GateSet, below_floor, default_eval_dir, evaluate, load_gate,
)

FLOORS = Path(__file__).resolve().parents[1] / "bench" / "accuracy_floors.json"
EVAL_DIR = default_eval_dir()
GATE = load_gate(FLOORS)

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not EVAL_DIR.is_dir(), reason=f"no gold data at {EVAL_DIR}"),
]


@pytest.fixture(scope="module")
def pipeline():
    from thucydides.pipeline import Pipeline

    return Pipeline.default()


def test_every_set_has_floors_on_the_check_part() -> None:
    # the gate judges the part nobody reads misses of; a tuning-part floor would reward tuning on it
    assert GATE.sets and all(s.floors for s in GATE.sets)
    assert {s.part for s in GATE.sets} == {"check"}


@pytest.mark.parametrize("gate_set", GATE.sets, ids=lambda s: f"{s.kind}-{s.file.split('.')[0]}-{s.part}")
def test_scores_stay_above_floors(gate_set: GateSet, pipeline) -> None:
    path = EVAL_DIR / gate_set.file
    if not path.exists():
        pytest.skip(f"no gold file {path}")
    scores = evaluate(gate_set.kind, path, pipeline=pipeline if gate_set.kind in SHARED_PIPELINE_KINDS else None,
                      limit=gate_set.limit, part=gate_set.part)
    problems = below_floor(scores.metrics(), gate_set.floors)
    assert not problems, f"{gate_set.file} ({gate_set.part} part): " + "; ".join(problems)
