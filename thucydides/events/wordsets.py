"""Named word sets for the event rules (data/event_modality.yaml, data/event_dating.yaml): one validated loader.

A file is a mapping from a set's name to a list of lower-case words or phrases. The caller names the sets it
needs; a missing set, an extra one, or an entry that is not a non-empty string is an error naming the file and
the line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..datafile import DataFileError
from .codes import DATA_DIR


class WordSetError(DataFileError):
    """A bad word-set file: names the file and the line (the data-file layer's error)."""


@lru_cache(maxsize=8)
def load_word_sets(path: Path, names: frozenset[str]) -> dict[str, frozenset[str]]:
    """The sets `names` of the YAML file at `path`, each a frozenset of lower-cased entries."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
    except FileNotFoundError as exc:
        raise WordSetError(path, None, "file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WordSetError(path, mark.line + 1 if mark else None, str(exc)) from exc
    if not isinstance(node, yaml.MappingNode):
        raise WordSetError(path, 1, "expected a mapping from set names to lists of words")
    out: dict[str, frozenset[str]] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        name = key.value
        if name not in names:
            raise WordSetError(path, line, f"unknown set {name!r} (expected one of {sorted(names)})")
        if not isinstance(value, yaml.SequenceNode):
            raise WordSetError(path, line, f"{name!r} must be a list of words")
        words = set()
        for item in value.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str" or not item.value.strip():
                raise WordSetError(path, item.start_mark.line + 1, f"{name!r}: each entry must be a non-empty "
                                                                   "string (quote yes/no/on/off and numbers)")
            words.add(item.value.strip().lower())
        out[name] = frozenset(words)
    missing = names - set(out)
    if missing:
        raise WordSetError(path, None, f"missing sets {sorted(missing)}")
    return out


def data_file(name: str) -> Path:
    return DATA_DIR / name
