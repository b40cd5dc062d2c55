"""docs/tutorial.md works as written: its Python blocks run in order on the sample corpus (the R and shell blocks
are not run here; the shell commands are covered by tests/test_cli.py and tests/test_export.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)

pytestmark = pytest.mark.model


def test_tutorial_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from thucydides.pipeline import Pipeline

    corpus = ROOT / "samples" / "corpus"
    Pipeline.default().run([corpus], manifest=corpus / "manifest.jsonl", db=tmp_path / "demo.duckdb")
    monkeypatch.chdir(tmp_path)
    blocks = BLOCK.findall((ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/tutorial.md", "exec"), namespace)  # noqa: S102 - our own documentation
    out = capsys.readouterr().out
    assert (tmp_path / "events.parquet").exists() and (tmp_path / "usa_chn.html").exists()
    # the page promises these two lines for the taught pipeline
    assert "CONSULT DEU NRC 2023-06-12 met" in out and "ACCUSE DEU FRA 2023-06-13 upbraided" in out
    assert "thucydides_events" in namespace["nlp"].pipe_names
