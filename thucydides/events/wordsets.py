"""Named word sets for the event rules (data/event_modality.yaml, data/event_dating.yaml): one validated loader.

A file is a mapping from a set's name to a list of lower-case words or phrases. The caller names the sets it
needs; a missing set, an extra one, or an entry that is not a non-empty string is an error naming the file and
the line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..datafile import DataFileError, load_word_lists
from .codes import DATA_DIR


class WordSetError(DataFileError):
    """A bad word-set file: names the file and the line (the data-file layer's error)."""


@lru_cache(maxsize=8)
def load_word_sets(path: Path, names: frozenset[str]) -> dict[str, frozenset[str]]:
    """The sets `names` of the YAML file at `path`, each a frozenset of lower-cased entries."""
    lists = load_word_lists(path, names, error=WordSetError)
    return {name: frozenset(w.strip().lower() for w in words) for name, words in lists.items()}


def data_file(name: str) -> Path:
    return DATA_DIR / name
