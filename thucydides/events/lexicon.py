"""The event trigger lexicon (data/event_lexicon.yaml): which verbs and nouns signal which event codes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .codes import DATA_DIR, CameoCode, load_cameo_codes

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
_FIELDS = {"lemma", "pos", "cameo", "type", "mode", "with", "without", "requires_target", "needs_dyad", "place_target"}


class LexiconError(ValueError):
    pass


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
    def load(cls, path: Path | None = None) -> "Lexicon":
        path = path or DATA_DIR / "event_lexicon.yaml"
        codes = load_cameo_codes()
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: {exc}") from exc
        entries = yaml.safe_load(text) or []
        triggers = []
        for item, entry in zip(node.value if node else [], entries):
            where = f"{path}:{item.start_mark.line + 1}"
            if not isinstance(entry, dict) or set(entry) - _FIELDS or not {"lemma", "pos", "cameo"} <= set(entry):
                raise LexiconError(f"{where}: an entry needs lemma, pos, cameo and only {sorted(_FIELDS)}: {entry!r}")
            cameo = codes.get(str(entry["cameo"]))
            if cameo is None:
                raise LexiconError(f"{where}: unknown CAMEO code {entry['cameo']!r}")
            event_type = entry.get("type") or cameo.plover_event
            if event_type not in PLOVER_TYPES:
                raise LexiconError(f"{where}: no PLOVER type for CAMEO {cameo.code}; give `type`")
            mode = entry["mode"] if "mode" in entry else (cameo.plover_mode if cameo.plover_event == event_type else None)
            for key in ("with", "without"):
                if not all(isinstance(word, str) for word in entry.get(key) or ()):
                    raise LexiconError(f"{where}: `{key}` words must be strings (quote on/off/yes/no): {entry[key]!r}")
            if entry["pos"] not in ("verb", "noun"):
                raise LexiconError(f"{where}: pos must be verb or noun, not {entry['pos']!r}")
            triggers.append(Trigger(
                lemma=str(entry["lemma"]).lower(), pos=entry["pos"], cameo=cameo, event_type=event_type, mode=mode,
                with_=tuple(entry.get("with") or ()), without=tuple(entry.get("without") or ()),
                requires_target=bool(entry.get("requires_target")), needs_dyad=bool(entry.get("needs_dyad")),
                place_target=bool(entry.get("place_target")),
            ))
        return cls(triggers)


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
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path}: {exc}") from exc
        for key in ("critical", "request_modals"):
            words = data.get(key)
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise LexiconError(f"{path}: `{key}` must be a list of words")
        critical = [w.lower().strip() for w in data["critical"]]
        rejecting = data.get("rejecting") or []
        if not isinstance(rejecting, list) or not all(isinstance(w, str) and w.strip() for w in rejecting):
            raise LexiconError(f"{path}: `rejecting` must be a list of phrases")
        return cls(critical=frozenset(w for w in critical if " " not in w),
                   critical_phrases=tuple(w for w in critical if " " in w),
                   request_modals=frozenset(w.lower() for w in data["request_modals"]),
                   rejecting_phrases=tuple(w.lower().strip() for w in rejecting))
