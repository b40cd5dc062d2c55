"""Cleaning: repair mojibake, then remove web boilerplate (comment prompts, appeals, bios, bylines, captions, share
lines) from text.

    text, removals = clean_text(raw)
    for r in removals:
        assert raw[r.start:r.end] == r.text   # r.reason says why it went, r.replacement what stands there now

The cleaned text is exactly `raw` with each `Removal` span replaced by its `replacement` ("" for boilerplate), so
nothing disappears or changes without a record, and every `Removal` offset refers to `raw`. Mojibake (UTF-8 read as
cp1252: "â€™" for "’") is repaired first, one run of non-ASCII characters at a time by ftfy, each repair a
`Removal` with reason "mojibake" and the repaired characters as its replacement. A removed paragraph takes the line
breaks that follow it, so kept paragraphs keep their blank-line separation. The rules live in
thucydides/data/boilerplate.yaml (see its header); `Cleaner.from_file(path)` loads another file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .datafile import DataFileError, as_bool, as_int, is_bool, line_of, parse_yaml
from .model import Removal

__all__ = ["REASONS", "BoilerplateError", "Cleaner", "Rule", "clean_text", "repair_mojibake"]

REASONS = frozenset({
    "comment-prompt", "donation-appeal", "subscription-appeal", "author-bio", "byline", "photo-caption",
    "share-line", "newsletter", "advertisement",
})
Scope = Literal["line", "paragraph", "tail"]
MatchMode = Literal["full", "start", "search"]

_RULE_KEYS = frozenset({"reason", "scope", "match", "phrases", "pattern", "patterns", "also", "max_words",
                        "at_end", "case_sensitive"})
_EDGE_CHARS = " \t:.|•·*-–—>»›→#!?…"
_SENTENCE_END = re.compile(r"[.!?]['\"”’)\]]*\s*$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


class BoilerplateError(DataFileError):
    """A bad entry in a boilerplate rules file: names the file and the line (the data-file layer's error)."""


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule, compiled (see the header of data/boilerplate.yaml for the meaning of fields)."""

    reason: str
    scope: Scope
    match: MatchMode
    phrases: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    also: tuple[re.Pattern[str], ...]
    max_words: int | None
    at_end: bool
    line: int  # where the rule starts in its file, for messages

    def find(self, text: str, norm: str | None, words: int) -> re.Match[str] | bool:
        """The match (or True for a phrase) when this rule applies to the stripped `text`, else False."""
        if self.max_words is not None and words > self.max_words:
            return False
        found: re.Match[str] | bool = False
        if norm is not None and norm in self.phrases:
            found = True
        else:
            for pattern in self.patterns:
                m = (pattern.fullmatch(text) if self.match == "full"
                     else pattern.match(text) if self.match == "start" else pattern.search(text))
                if m:
                    found = m
                    break
        if found and all(a.search(text) for a in self.also):
            return found
        return False


@dataclass(frozen=True)
class TailSettings:
    """When a tail rule may take the rest of the article."""

    min_position: float
    short_words: int
    vocabulary: re.Pattern[str]
    addressee: re.Pattern[str]


@dataclass
class _Unit:
    """A paragraph: its span in the raw text and the spans of its lines (one, unless hard-wrapped)."""

    start: int
    end: int
    lines: list[tuple[int, int]]


class Cleaner:
    """Boilerplate remover with its rules compiled once. Build with `Cleaner.from_file()`."""

    def __init__(self, rules: Sequence[Rule], tail: TailSettings):
        self.rules = tuple(rules)
        self.tail = tail
        self._max_phrase_len = max((len(p) for r in self.rules for p in r.phrases), default=0) + 8

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Cleaner:
        """Load rules from a YAML file (default: the packaged data/boilerplate.yaml).

        Raises BoilerplateError naming the file and line of a bad entry (unknown key or reason, a regex that
        does not compile, a phrase listed twice, ...)."""
        if path is None:
            source = resources.files("thucydides").joinpath("data/boilerplate.yaml")
            return cls._from_text(source.read_text(encoding="utf-8"), "thucydides/data/boilerplate.yaml")
        return cls._from_text(Path(path).read_text(encoding="utf-8"), str(path))

    @classmethod
    def _from_text(cls, text: str, name: str) -> Cleaner:
        data = _load_yaml(text, name)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise BoilerplateError(name, 1, "expected a mapping with a 'rules' list")
        tail = _tail_settings(data.get("tail"), name)
        rules: list[Rule] = []
        seen_phrases: dict[str, int] = {}
        for raw_rule in data["rules"]:
            rule = _build_rule(raw_rule, name)
            for phrase in rule.phrases:
                if phrase in seen_phrases:
                    raise BoilerplateError(name, rule.line, f"phrase {phrase!r} is already listed by the rule at line {seen_phrases[phrase]}")
                seen_phrases[phrase] = rule.line
            rules.append(rule)
        return cls(rules, tail)

    # ------------------------------------------------------------------------------------------ cleaning

    def clean(self, raw: str) -> tuple[str, list[Removal]]:
        """Return (cleaned text, removals); cleaned text == raw with each removal's span replaced by its
        replacement, in order (offsets into `raw`)."""
        repairs = repair_mojibake(raw)
        if not repairs:
            return self._remove_boilerplate(raw)
        repaired = _replace(raw, repairs)
        text, removals = self._remove_boilerplate(repaired)
        return text, _merge(raw, repairs, removals)

    def _remove_boilerplate(self, raw: str) -> tuple[str, list[Removal]]:
        units = _paragraphs(raw)
        if not units:
            return raw, []
        # whole-paragraph verdicts, filled from the end backwards: at_end and tail rules look at what follows
        verdict: list[str | None] = [None] * len(units)
        line_cuts: list[tuple[int, int, str]] = []  # single lines cut out of hard-wrapped paragraphs
        end_ok = True  # everything after the current paragraph is removed or short junk
        tail_ok = True  # ... or appeal wording
        pending_name: str | None = None  # author bio accepted: its name line, if just before, goes too
        min_tail_start = self.tail.min_position * len(raw)
        for i in range(len(units) - 1, -1, -1):
            unit = units[i]
            text = raw[unit.start:unit.end]
            if pending_name is not None and text.strip() == pending_name:
                verdict[i] = "author-bio"
            pending_name = None
            if verdict[i] is None:
                verdict[i], name, took_tail = self._judge(raw, unit, text, end_ok, tail_ok, unit.start >= min_tail_start, line_cuts)
                if took_tail:
                    for j in range(i + 1, len(units)):
                        verdict[j] = verdict[j] or verdict[i]
                    end_ok = tail_ok = True  # all that follows is gone now
                pending_name = name
            removed = verdict[i] is not None
            if not removed:
                words = len(text.split())
                junk = words <= self.tail.short_words and not _SENTENCE_END.search(text)
                end_ok = end_ok and junk
                tail_ok = tail_ok and (junk or self._appeal_like(text))
        spans = self._spans(raw, units, verdict, line_cuts)
        return _apply(raw, spans)

    def _judge(self, raw: str, unit: _Unit, text: str, end_ok: bool, tail_ok: bool, late: bool,
               line_cuts: list[tuple[int, int, str]]) -> tuple[str | None, str | None, bool]:
        """(reason or None, author name, whether a tail rule took the rest) for one paragraph."""
        stripped = text.strip()
        words = len(stripped.split())
        norm = _normalise(stripped) if len(stripped) <= self._max_phrase_len else None
        wrapped = len(unit.lines) > 1
        for rule in self.rules:
            if rule.scope == "line" and wrapped:
                continue  # tried line by line below
            found = rule.find(stripped, norm, words)
            if not found:
                continue
            if rule.at_end and not end_ok:
                continue
            name = found.groupdict().get("name") if isinstance(found, re.Match) else None
            if rule.scope == "tail":
                return rule.reason, name, late and tail_ok
            return rule.reason, name, False
        if wrapped:
            line_rules = [r for r in self.rules if r.scope == "line"]
            for start, end in unit.lines:
                line = raw[start:end].strip()
                line_norm = _normalise(line) if len(line) <= self._max_phrase_len else None
                for rule in line_rules:
                    if rule.find(line, line_norm, len(line.split())) and not (rule.at_end and not end_ok):
                        line_cuts.append((start, end, rule.reason))
                        break
        return None, None, False

    def _appeal_like(self, text: str) -> bool:
        outside_quotes = _QUOTED.sub(" ", text)
        return bool(self.tail.vocabulary.search(outside_quotes) and self.tail.addressee.search(outside_quotes))

    @staticmethod
    def _spans(raw: str, units: list[_Unit], verdict: list[str | None],
               line_cuts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Removal spans: a paragraph with the line breaks up to the next paragraph (or to the end)."""
        spans: list[tuple[int, int, str]] = []
        for i, unit in enumerate(units):
            reason = verdict[i]
            if reason is None:
                continue
            end = units[i + 1].start if i + 1 < len(units) else len(raw)
            spans.append((unit.start, end, reason))
        for start, end, reason in line_cuts:
            if end < len(raw) and raw[end] == "\n":
                spans.append((start, end + 1, reason))
            else:  # last line of its paragraph: take the line break before it instead
                spans.append((start - 1 if start > 0 else start, end, reason))
        spans.sort()
        return spans


def clean_text(raw: str) -> tuple[str, list[Removal]]:
    """Remove boilerplate from `raw` with the packaged rules; returns (cleaned text, removals with reasons)."""
    return _default_cleaner().clean(raw)


@lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    return Cleaner.from_file()


# ---------------------------------------------------------------------------------------------- mojibake

# A run of non-ASCII characters (and one following space: "Â " is a mis-decoded no-break space). UTF-8 encodes
# every non-ASCII character with bytes >= 0x80 only, which cp1252 turns into non-ASCII characters only, so each
# mojibake sequence lies inside such a run; ftfy judges each run (ftfy does the decoding and the "is it really
# mojibake" judgement; this only finds where to ask, so that each repair gets its offsets).
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+ ?")
# "â€" then U+FFFD: the scraper lost the third byte of a UTF-8 punctuation mark because cp1252 has no character
# for it; 0x9D (the closing double quote ”) is the one news text uses, the other undefined bytes are format codes.
_LOST_CLOSING_QUOTE = ("â€\ufffd", "â€\x9d")


def repair_mojibake(raw: str) -> list[Removal]:
    """The mojibake in `raw`, one `Removal` (reason "mojibake", replacement the repaired text) per repaired run."""
    import ftfy

    repairs: list[Removal] = []
    for match in _NON_ASCII_RUN.finditer(raw):
        run = match.group(0)
        fixed = ftfy.fix_encoding(run.replace(*_LOST_CLOSING_QUOTE))
        if fixed == run:
            continue
        # keep the run's trailing space outside the record when the repair kept it too
        start, end = match.start(), match.end()
        if run.endswith(" ") and fixed.endswith(" "):
            run, fixed, end = run[:-1], fixed[:-1], end - 1
        repairs.append(Removal(start=start, end=end, reason="mojibake", text=run, replacement=fixed))
    return repairs


def _replace(raw: str, changes: list[Removal]) -> str:
    """`raw` with each change's span replaced by its replacement (changes sorted, not overlapping)."""
    pieces: list[str] = []
    pos = 0
    for change in changes:
        pieces += [raw[pos:change.start], change.replacement]
        pos = change.end
    pieces.append(raw[pos:])
    return "".join(pieces)


def _merge(raw: str, repairs: list[Removal], removals: list[Removal]) -> list[Removal]:
    """Repairs (offsets into `raw`) and boilerplate removals (offsets into the repaired text) as one sorted list
    with offsets into `raw`; a repair inside removed boilerplate goes with it."""
    # repaired-text offset -> raw offset: shift by the length each earlier repair took away
    marks: list[tuple[int, int]] = []  # (repaired-text offset where a repair ends, raw offset there)
    shift = 0
    for r in repairs:
        shift += (r.end - r.start) - len(r.replacement)
        marks.append((r.end - shift, r.end))

    def to_raw(pos: int) -> int:
        base_new, base_raw = 0, 0
        for new_end, raw_end in marks:
            if new_end > pos:
                break
            base_new, base_raw = new_end, raw_end
        return base_raw + (pos - base_new)

    out = [Removal(start=to_raw(r.start), end=to_raw(r.end), reason=r.reason, text="") for r in removals]
    out = [Removal(start=r.start, end=r.end, reason=r.reason, text=raw[r.start:r.end]) for r in out]
    kept = [r for r in repairs if not any(b.start <= r.start and r.end <= b.end for b in out)]
    return sorted(kept + out, key=lambda r: r.start)


# ---------------------------------------------------------------------------------------------- helpers


def _apply(raw: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[Removal]]:
    pieces: list[str] = []
    removals: list[Removal] = []
    pos = 0
    for start, end, reason in spans:
        start = max(start, pos)  # never overlap an earlier span
        if end <= start:
            continue
        pieces.append(raw[pos:start])
        removals.append(Removal(start=start, end=end, reason=reason, text=raw[start:end]))
        pos = end
    pieces.append(raw[pos:])
    return "".join(pieces), removals


_LINE = re.compile(r"[^\n]*")


def _paragraphs(raw: str) -> list[_Unit]:
    """Paragraphs of `raw`: blocks between blank lines, split into lines unless the block is hard-wrapped."""
    units: list[_Unit] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        if not block:
            return
        if _hard_wrapped(raw, block):
            units.append(_Unit(block[0][0], block[-1][1], list(block)))
        else:
            units.extend(_Unit(s, e, [(s, e)]) for s, e in block)
        block.clear()

    pos = 0
    n = len(raw)
    while pos <= n:
        end = raw.find("\n", pos)
        if end < 0:
            end = n
        if raw[pos:end].strip():
            block.append((pos, end))
        else:
            flush()
        pos = end + 1
    flush()
    return units


def _hard_wrapped(raw: str, block: list[tuple[int, int]]) -> bool:
    """Lines of moderate length that mostly run on without ending a sentence: wrapped prose, one paragraph."""
    if len(block) < 2 or max(e - s for s, e in block) > 100:
        return False
    body = block[:-1]
    running_on = sum(1 for s, e in body if e - s >= 40 and not _SENTENCE_END.search(raw[s:e]))
    return running_on * 2 >= len(body)


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(_EDGE_CHARS)


# ---------------------------------------------------------------------------------------------- loading


def _load_yaml(text: str, name: str) -> Any:
    return parse_yaml(text, name, BoilerplateError)


def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", default)


def _compile(source: Any, flags: int, name: str, line: int, what: str) -> re.Pattern[str]:
    if not isinstance(source, str) or not source:
        raise BoilerplateError(name, _line_of(source, line), f"{what} must be a non-empty string")
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise BoilerplateError(name, _line_of(source, line), f"{what} {source!r} does not compile: {exc}") from None


def _build_rule(raw: Any, name: str) -> Rule:
    if not isinstance(raw, dict):
        raise BoilerplateError(name, _line_of(raw, 1), "a rule must be a mapping")
    line = line_of(raw)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise BoilerplateError(name, line, f"unknown key(s) {sorted(unknown)} (allowed: {sorted(_RULE_KEYS)})")
    reason = raw.get("reason")
    if reason not in REASONS:
        raise BoilerplateError(name, _line_of(reason, line), f"unknown reason {reason!r} (one of: {', '.join(sorted(REASONS))})")
    scope = str(raw.get("scope", "paragraph"))
    if scope not in ("line", "paragraph", "tail"):
        raise BoilerplateError(name, _line_of(scope, line), f"scope must be line, paragraph or tail, not {scope!r}")
    match = str(raw.get("match", "full"))
    if match not in ("full", "start", "search"):
        raise BoilerplateError(name, _line_of(match, line), f"match must be full, start or search, not {match!r}")
    case_sensitive = raw.get("case_sensitive")
    if case_sensitive is not None and not is_bool(case_sensitive):
        raise BoilerplateError(name, line, "case_sensitive must be true or false")
    flags = re.IGNORECASE if case_sensitive is None or not as_bool(case_sensitive) else 0
    sources = list(_as_list(raw.get("patterns"), name, line, "patterns"))
    if raw.get("pattern") is not None:
        sources.insert(0, raw["pattern"])
    patterns = tuple(_compile(s, flags, name, line, "pattern") for s in sources)
    also = tuple(_compile(s, flags, name, line, "'also' pattern") for s in _as_list(raw.get("also"), name, line, "also"))
    phrases: set[str] = set()
    for phrase in _as_list(raw.get("phrases"), name, line, "phrases"):
        if not isinstance(phrase, str) or not _normalise(phrase):
            raise BoilerplateError(name, _line_of(phrase, line), "a phrase must be non-empty text")
        phrases.add(_normalise(phrase))
    if not phrases and not patterns:
        raise BoilerplateError(name, line, "rule has neither phrases nor a pattern")
    raw_max = raw.get("max_words")
    max_words = as_int(raw_max) if raw_max is not None else None
    if raw_max is not None and (max_words is None or max_words < 1):
        raise BoilerplateError(name, line, f"max_words must be a positive integer, not {str(raw_max)!r}")
    raw_end = raw.get("at_end")
    if raw_end is not None and not is_bool(raw_end):
        raise BoilerplateError(name, line, "at_end must be true or false")
    at_end = raw_end is not None and as_bool(raw_end)
    return Rule(reason=str(reason), scope=scope, match=match, phrases=frozenset(phrases), patterns=patterns,
                also=also, max_words=max_words, at_end=at_end, line=line)


def _as_list(value: Any, name: str, line: int, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value]
    raise BoilerplateError(name, line, f"{what} must be a list")


def _tail_settings(raw: Any, name: str) -> TailSettings:
    if raw is None:
        raise BoilerplateError(name, 1, "missing 'tail' settings")
    if not isinstance(raw, dict):
        raise BoilerplateError(name, _line_of(raw, 1), "'tail' must be a mapping")
    line = line_of(raw)
    try:
        min_position = float(raw["min_position"])
        short_words = int(raw["short_words"])
    except (KeyError, TypeError, ValueError):
        raise BoilerplateError(name, line, "'tail' needs numeric min_position and short_words") from None
    if not 0.0 <= min_position < 1.0:
        raise BoilerplateError(name, line, "tail min_position must be in [0, 1)")
    return TailSettings(
        min_position=min_position,
        short_words=short_words,
        vocabulary=_compile(raw.get("vocabulary"), re.IGNORECASE, name, line, "tail vocabulary"),
        addressee=_compile(raw.get("addressee"), re.IGNORECASE, name, line, "tail addressee"),
    )
