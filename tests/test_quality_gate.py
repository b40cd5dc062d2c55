"""Quality gate: the evaluations on fixed subsets of the gold data must stay above the floors pinned in
bench/accuracy_floors.json (scores when pinned minus a small margin). About 40 s on two cores.

Skips when the gold data (../shared/eval, or $THUCYDIDES_EVAL_DIR) is absent. Re-pin after a real gain with
`.venv/bin/python scripts/accuracy_doc.py --write-floors`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.evaluation import GateSet, below_floor, default_eval_dir, evaluate, load_gate

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


def test_every_set_has_floors() -> None:
    assert GATE.sets and all(s.floors for s in GATE.sets)


@pytest.mark.parametrize("gate_set", GATE.sets, ids=lambda s: f"{s.kind}-{s.file.split('.')[0]}")
def test_scores_stay_above_floors(gate_set: GateSet, pipeline) -> None:
    path = EVAL_DIR / gate_set.file
    if not path.exists():
        pytest.skip(f"no gold file {path}")
    scores = evaluate(gate_set.kind, path, pipeline=pipeline if gate_set.kind == "events" else None,
                      limit=gate_set.limit)
    problems = below_floor(scores.metrics(), gate_set.floors)
    assert not problems, f"{gate_set.file}: " + "; ".join(problems)
