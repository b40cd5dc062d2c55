"""The one data-file layer: YAML read with the line of every value kept, and one error that names the file and
the line of a bad entry. Built-in data files and users' own files (`--actors`, `--lexicon`) go through it.

    data = load_yaml(Path("my_actors.yaml"))          # dicts, lists and strings that know their line
    raise DataFileError(path, line_of(entry), "unknown sector 'XYZ'")

Values come back as `LineDict`, `LineList` and `LineStr` (plain dict, list and str subclasses with a `line`;
a `LineStr` also keeps the YAML tag its scalar resolved to, so a loader can tell `true` from `"true"`), and None
for nulls. Duplicate keys are errors: YAML would keep the last one silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A bad data file or entry: `path:line: message` (line None when the whole file is at fault)."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class LineStr(str):
    line: int
    tag: str  # the YAML tag the scalar resolved to (bool, int, str): the loader keeps the raw text


class LineDict(dict):
    line: int
    key_lines: dict[str, int]  # the line of each key (a value may start on a later line)


class LineList(list):
    line: int


# libyaml's loader is ten times faster on the large registry and keeps the line marks; pure Python when absent
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, error: type[DataFileError] = DataFileError) -> Any:
    """The YAML document of `path` with line-aware values; `error` (a DataFileError) when it cannot be read or
    parsed or repeats a key."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, None, f"cannot read: {exc}") from exc
    return parse_yaml(text, path, error)


def parse_yaml(text: str, path: Path | str, error: type[DataFileError] = DataFileError) -> Any:
    """`load_yaml` of text already read (a packaged resource); `path` names it in errors."""
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(path, mark.line + 1 if mark else None, f"YAML error: {getattr(exc, 'problem', exc)}") from exc
    return _plain(node, path, error) if node is not None else None


def _plain(node: yaml.Node, path: Path, error: type[DataFileError]) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line = line
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                raise error(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _plain(value_node, path, error)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LineList(_plain(v, path, error) for v in node.value)
        seq.line = line
        return seq
    if node.tag == "tag:yaml.org,2002:null":
        return None
    s = LineStr(node.value)
    s.line = line
    s.tag = node.tag
    return s


def line_of(value: Any, default: int | None = None) -> int | None:
    """The line a loaded value started on (`default` for values without one)."""
    return getattr(value, "line", default)


def is_bool(value: Any) -> bool:
    """A YAML boolean scalar (true/false, unquoted)."""
    return getattr(value, "tag", None) == "tag:yaml.org,2002:bool"


def as_bool(value: Any) -> bool:
    return str(value).lower() in ("true", "yes", "on", "y")


def as_int(value: Any) -> int | None:
    """A YAML integer scalar as an int; None for anything else (a quoted number is text)."""
    if getattr(value, "tag", None) == "tag:yaml.org,2002:int":
        try:
            return int(str(value), 0)
        except ValueError:
            return None
    return None


def load_word_lists(path: Path, required: frozenset[str] | set[str], optional: frozenset[str] | set[str] = frozenset(),
                    error: type[DataFileError] = DataFileError) -> dict[str, list[LineStr]]:
    """A file that maps names to lists of words or phrases (cue words, word sets): every required name present,
    no other name than `required` and `optional`, every entry a non-empty plain (unquoted-safe) string. The
    entries keep their lines, for the caller's own checks (shape, duplicates)."""
    data = load_yaml(path, error)
    if not isinstance(data, dict):
        raise error(path, line_of(data, 1), f"expected a mapping from names to lists of words "
                                            f"({', '.join(sorted(required))})")
    known = set(required) | set(optional)
    out: dict[str, list[LineStr]] = {}
    for name, value in data.items():
        line = data.key_lines.get(name, line_of(data, 1))
        if name not in known:
            raise error(path, line, f"unknown key {name!r} (expected one of {sorted(known)})")
        if not isinstance(value, list):
            raise error(path, line, f"`{name}` must be a list of words")
        for item in value:
            if not isinstance(item, LineStr) or item.tag != "tag:yaml.org,2002:str" or not item.strip():
                raise error(path, line_of(item, line), f"`{name}`: each entry must be a non-empty string "
                                                       "(quote yes/no/on/off and numbers)")
        out[name] = list(value)
    missing = set(required) - set(out)
    if missing:
        raise error(path, None, f"missing {sorted(missing)}")
    return out


def as_number(value: Any) -> float | None:
    """A YAML int or float scalar as a float; None for anything else (a quoted number is text)."""
    if getattr(value, "tag", None) in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        try:
            return float(str(value))
        except ValueError:
            return None
    return None
