"""The repository holds no text from the seed articles or the evaluation sets (the brief's rule: they measure the
project, they are never its content). Any run of 8 words shared with ../shared/seeds or ../shared/eval fails.

Skips when ../shared is absent.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RUN = 8
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# registries of proper names: an organisation's official name ("... Agency for Palestine Refugees in the Near East")
# is a fact that the news repeats, not borrowed text
NAME_REGISTRIES = {"thucydides/data/organizations.yaml", "thucydides/data/people.yaml"}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".yaml", ".yml", ".tsv", ".json", ".jsonl", ".html", ".csv", ".toml", ".js", ".css"}

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no {SHARED}")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def strings_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return []


@pytest.fixture(scope="module")
def borrowed() -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in sorted((SHARED / "seeds").glob("*")):
        if path.suffix == ".jsonl":
            continue  # the manifest: ids and metadata
        found |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    for path in sorted((SHARED / "eval").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    for text in strings_of(json.loads(line)):
                        if len(text) > 40:
                            found |= shingles(text)
    # common phrases that any text may share with the news ("said in a statement on ...") are not borrowing:
    # the bar is a run of 8 words, long enough to be a sentence's own
    return found


def repository_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / p for p in listed if Path(p).suffix in TEXT_SUFFIXES and (ROOT / p).is_file()
            and p != "tests/test_no_borrowed_text.py" and p not in NAME_REGISTRIES]


def test_no_run_of_words_from_seeds_or_gold_data(borrowed) -> None:
    hits = []
    for path in repository_files():
        shared = shingles(path.read_text(encoding="utf-8", errors="replace")) & borrowed
        if shared:
            hits.append(f"{path.relative_to(ROOT)}: {' '.join(sorted(shared)[0])!r} (+{len(shared) - 1} more)")
    assert not hits, "text from ../shared found in the repository:\n" + "\n".join(hits)
