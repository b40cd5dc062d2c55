"""A run's configuration file (TOML): users' own knowledge, so a project need not repeat options on every run.

    # thucydides.toml
    [knowledge]
    actors = ["knowledge/my_actors.yaml"]    # people and organisations (format: docs/tutorial.md, README)
    lexicon = ["knowledge/my_triggers.yaml"] # event triggers (format of thucydides/data/event_lexicon.yaml)

`thucydides run ... --config thucydides.toml`. Paths are relative to the configuration file's folder. Options
given on the command line (`--actors`, `--lexicon`) are added to the file's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .datafile import DataFileError

_SECTIONS = {"knowledge": {"actors", "lexicon"}}


@dataclass(frozen=True)
class RunConfig:
    actors: tuple[Path, ...] = ()
    lexicons: tuple[Path, ...] = ()

    def plus(self, actors: list[Path] | None, lexicons: list[Path] | None) -> RunConfig:
        return RunConfig(self.actors + tuple(actors or ()), self.lexicons + tuple(lexicons or ()))


def load_config(path: Path) -> RunConfig:
    """The configuration in `path`; DataFileError naming the file (and the line TOML reports) when bad."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, getattr(exc, "lineno", None), f"TOML error: {exc}") from exc
    for section, value in data.items():
        if section not in _SECTIONS or not isinstance(value, dict):
            raise DataFileError(path, None, f"unknown section [{section}] (expected: {', '.join(_SECTIONS)})")
        unknown = set(value) - _SECTIONS[section]
        if unknown:
            raise DataFileError(path, None, f"[{section}]: unknown key {sorted(unknown)[0]!r} "
                                            f"(expected: {', '.join(sorted(_SECTIONS[section]))})")
    knowledge = data.get("knowledge", {})

    def files(key: str) -> tuple[Path, ...]:
        value = knowledge.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(path, None, f"[knowledge] {key} must be a list of file names")
        found = tuple((path.parent / v) for v in value)
        for f in found:
            if not f.is_file():
                raise DataFileError(path, None, f"[knowledge] {key}: no such file {f}")
        return found

    return RunConfig(actors=files("actors"), lexicons=files("lexicon"))
