"""Fixtures several test files share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory):
    """The whole pipeline run once over ../shared/seeds: (database path, run summary). The seed tests, the
    stories tests and the browser screenshots all read it, so the seeds are parsed once per session."""
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not present")
    from thucydides.pipeline import Pipeline

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    summary = Pipeline.default().run([SEEDS], manifest=SEEDS / "manifest.jsonl", db=db)
    return db, summary


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A copy of thucydides/data to break on purpose (loader error tests)."""
    from thucydides.actors.knowledge import DATA_DIR

    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
