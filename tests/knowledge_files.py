"""Helpers for tests that edit a copy of the knowledge files (thucydides/data) to check the loaders' errors."""

from __future__ import annotations

from pathlib import Path


def append(path: Path, text: str) -> int:
    """Append lines to a file; return the line number of the first appended line."""
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1
