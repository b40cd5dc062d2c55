"""The event trigger lexicon (data/event_lexicon.yaml): which verbs and nouns signal which event codes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..datafile import DataFileError, as_bool, is_bool, line_of, load_word_lists, load_yaml
from .codes import DATA_DIR, CameoCode, load_cameo_codes

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
_FIELDS = {"lemma", "pos", "cameo", "type", "mode", "with", "without", "requires_target", "needs_dyad", "place_target"}


class LexiconError(DataFileError):
    """A bad lexicon or cue file: names the file and the line (the data-file layer's error)."""


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # verb | noun
    cameo: CameoCode
    event_type: str
    mode: str | None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    requires_target: bool = False
    needs_dyad: bool = False  # a noun that is an event only with two actors ("partnership between X and Y")
    place_target: bool = False  # with no actor target, the country of the place is one ("sought asylum in X")

    @property
    def specificity(self) -> int:
        return 2 * bool(self.with_) + bool(self.requires_target)


class Lexicon:
    def __init__(self, triggers: list[Trigger]):
        by_key: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for trigger in triggers:
            by_key[(trigger.lemma, trigger.pos)].append(trigger)
        self._by_key = {k: sorted(v, key=lambda t: -t.specificity) for k, v in by_key.items()}

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        """Entries for a lemma, most specific first."""
        return self._by_key.get((lemma, pos), [])

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    @classmethod
    def load(cls, path: Path | None = None, extra: Sequence[Path | str] = ()) -> "Lexicon":
        """The packaged lexicon (or `path`), with users' lexicon files `extra` (same format) on top: an entry of
        theirs replaces every built-in entry of the same lemma and part of speech, a new lemma is added. A bad
        entry raises LexiconError naming its file and line."""
        builtin = _read_triggers(path or DATA_DIR / "event_lexicon.yaml")
        users = [t for extra_path in extra for t in _read_triggers(Path(extra_path))]
        replaced = {(t.lemma, t.pos) for t in users}
        return cls([t for t in builtin if (t.lemma, t.pos) not in replaced] + users)


def _read_triggers(path: Path) -> list[Trigger]:
    """The entries of one lexicon file, read once with their lines (the data-file layer)."""
    codes = load_cameo_codes()
    entries = load_yaml(path, LexiconError)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise LexiconError(path, line_of(entries, 1), "expected a list of entries")
    triggers = []
    for entry in entries:
        line = line_of(entry)
        if not isinstance(entry, dict) or set(entry) - _FIELDS or not {"lemma", "pos", "cameo"} <= set(entry):
            raise LexiconError(path, line, f"an entry needs lemma, pos, cameo and only {sorted(_FIELDS)}: "
                                           f"{dict(entry) if isinstance(entry, dict) else entry!r}")
        cameo = codes.get(str(entry["cameo"]))
        if cameo is None:
            raise LexiconError(path, line, f"unknown CAMEO code {str(entry['cameo'])!r}")
        event_type = str(entry["type"]) if entry.get("type") else cameo.plover_event
        if event_type not in PLOVER_TYPES:
            raise LexiconError(path, line, f"no PLOVER type for CAMEO {cameo.code}; give `type`")
        mode = (str(entry["mode"]) if entry["mode"] is not None else None) if "mode" in entry else (
            cameo.plover_mode if cameo.plover_event == event_type else None)
        words: dict[str, tuple[str, ...]] = {}
        for key in ("with", "without"):
            value = entry.get(key) or []
            if not isinstance(value, list) or any(isinstance(w, (dict, list)) or is_bool(w) for w in value):
                raise LexiconError(path, line_of(value, line),
                                   f"`{key}` words must be strings (quote on/off/yes/no): {value!r}")
            words[key] = tuple(str(w) for w in value)
        if entry["pos"] not in ("verb", "noun"):
            raise LexiconError(path, line, f"pos must be verb or noun, not {str(entry['pos'])!r}")
        flags = {}
        for key in ("requires_target", "needs_dyad", "place_target"):
            value = entry.get(key)
            if value is not None and not is_bool(value):
                raise LexiconError(path, line_of(value, line), f"`{key}` must be true or false, not {str(value)!r}")
            flags[key] = value is not None and as_bool(value)
        triggers.append(Trigger(
            lemma=str(entry["lemma"]).lower(), pos=str(entry["pos"]), cameo=cameo, event_type=event_type, mode=mode,
            with_=words["with"], without=words["without"], **flags,
        ))
    return triggers


@dataclass(frozen=True)
class StatementCues:
    """Words that make a reported statement about another actor an event (data/statement_cues.yaml)."""

    critical: frozenset[str]
    critical_phrases: tuple[str, ...]
    request_modals: frozenset[str]
    rejecting_phrases: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> "StatementCues":
        path = path or DATA_DIR / "statement_cues.yaml"
        data = load_word_lists(path, {"critical", "request_modals"}, {"rejecting"}, LexiconError)
        critical = [w.lower().strip() for w in data["critical"]]
        rejecting = data.get("rejecting") or []
        return cls(critical=frozenset(w for w in critical if " " not in w),
                   critical_phrases=tuple(w for w in critical if " " in w),
                   request_modals=frozenset(w.lower() for w in data["request_modals"]),
                   rejecting_phrases=tuple(w.lower().strip() for w in rejecting))
