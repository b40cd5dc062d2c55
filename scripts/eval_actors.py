"""Evaluate the actor knowledge base on NGEC's actor-resolution cases (../shared/eval/ngec_actor_tests.jsonl).

    python scripts/eval_actors.py [--file PATH] [--verbose]

Cases by `method`:
    search_nat                    nationality detection from a string: `find_country(text)` against the expected
                                  code (output index 0). Reported as nationality accuracy.
    agent_to_code, short_text_to_agent, trf_agent_match
                                  full resolution with `resolve_phrase(text, on, context)`. Reported: country-code
                                  accuracy where a country is expected, sector accuracy where a sector (code_1) is
                                  expected, and "no actor" accuracy where None is expected.
    query_wiki                    Wikipedia title look-up: out of scope, skipped.

How NGEC's conventions map onto ours: country "" means no country; EUR is our EU; UNO is the UN or a body whose
parent is the UN (WHO, ICJ); IGO is any declared IGO/NGO code. Sector "" or UNK means no sector; NGEC's second
code (code_2) counts as a match too, as our actors carry one sector (a defence minister: GOV, code_2 MIL).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thucydides.actors.knowledge import ActorKnowledge, Match

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ngec_actor_tests.jsonl"
FULL_METHODS = {"agent_to_code", "short_text_to_agent", "trf_agent_match"}


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(note)

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.right / self.total:.3f}" if self.total else "n/a"


def parse_day(text: str | None) -> date | None:
    """NGEC's date strings: 'today', ISO dates, '1 july 2021', 'October 1, 2021'."""
    if not text or not text.strip():
        return None
    if text.strip().lower() == "today":
        return date.today()
    import dateparser

    found = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    return found.date() if found else None


def country_ok(kb: ActorKnowledge, expected: str, got: str | None) -> bool:
    if expected == "":
        return got is None
    if expected == "EUR":
        return got == "EU"
    if expected == "UNO":
        return got == "UN" or (got is not None and kb.parent_of(got) == "UN")
    if expected == "IGO":
        return got is not None and got in kb.acronyms()
    return got == expected


def sector_ok(expected: object, expected_2: str | None, got: str | None) -> bool:
    wanted = set(expected) if isinstance(expected, list) else {str(expected)}
    if wanted & {"", "UNK"}:
        return got is None
    return got in wanted or (expected_2 is not None and got == expected_2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"no evaluation file at {args.file}", file=sys.stderr)
        return 2
    kb = ActorKnowledge.load()
    nat, country, sector, none = Score(), Score(), Score(), Score()
    skipped = 0
    for line in args.file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        method, inputs, expects = case["method"], case["input"], case["expect"]
        text = inputs[0]
        if method == "search_nat":
            want = next(e["value"] for e in expects if e["output_index"] == 0)
            got = kb.find_country(text)
            nat.add((got or "") == want, f"{text!r}: want {want!r}, got {got!r}")
            continue
        if method not in FULL_METHODS:
            skipped += 1
            continue
        context = inputs[1] if len(inputs) > 1 and inputs[1] else None
        kwargs = case.get("kwargs") or {}
        on = date.fromisoformat(kwargs["query_date"]) if kwargs.get("query_date") else parse_day(inputs[2] if len(inputs) > 2 else None)
        match: Match | None = kb.resolve_phrase(text, on, context)
        actor = match.actor if match else None
        got_code = actor.code if actor else None
        got_sector = actor.sector if actor else None
        shown = f"{text!r} on {on}: got {got_code}/{got_sector} ({match.how if match else '-'})"
        by_key = {}
        for e in expects:
            by_key.setdefault(e["key"], []).append(e)
        if None in by_key:  # "Is None": nothing should resolve
            none.add(actor is None, shown)
        for e in by_key.get("country", []):
            ok = country_ok(kb, e["value"], got_code)
            country.add(ok if e["op"] == "Eq" else not country_ok(kb, e["value"], got_code), f"{shown}; want country {e['op']} {e['value']!r}")
        code_2 = next((e["value"] for e in by_key.get("code_2", [])), None)
        firsts = [e for e in by_key.get("code_1", []) if e["value"] != "????"]
        if firsts:
            ok = any(sector_ok(e["value"], code_2, got_sector) for e in firsts)
            sector.add(ok, f"{shown}; want sector {[e['value'] for e in firsts]} / {code_2}")
    print(f"nationality (search_nat) country accuracy: {nat}")
    print(f"full resolution country accuracy:          {country}")
    print(f"full resolution sector accuracy:           {sector}")
    print(f"'no actor' accuracy:                       {none}")
    print(f"skipped (query_wiki):                      {skipped}")
    if args.verbose:
        for name, score in (("nationality", nat), ("country", country), ("sector", sector), ("none", none)):
            for miss in score.misses:
                print(f"  miss [{name}] {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
