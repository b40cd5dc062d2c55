"""Actor resolution against NGEC's actor-resolution test cases (ngec_actor_tests.jsonl).

    scores = evaluate(Path("../shared/eval/ngec_actor_tests.jsonl"))   # ActorScores

The cases run through the path that ships: each phrase goes through the whole pipeline (`Pipeline.extract`:
cleaning, spaCy, the actors component with its coreference and title rules) as the subject of a short
sentence, "PHRASE spoke on Monday.", with the case's date as the publication date and its context (a country
or nationality hint) as a dateline, "CONTEXT: PHRASE spoke on Monday."; the actor is the mention that covers
most of the phrase. (Earlier versions scored `ActorKnowledge.resolve_phrase`, which the pipeline never calls.)

Scoring rules
-------------
- `search_nat` cases (nationality detection from a string): the country code of the actor found, against the
  expected code (output index 0). nationality accuracy = cases right.
- `agent_to_code`, `short_text_to_agent`, `trf_agent_match` cases (full resolution): the actor found, with the
  case's date (its `query_date`, or the third input: "today", ISO or written dates such as "1 july 2021" or
  "October 1, 2021") and context (the second input). Three figures: country accuracy over cases that expect a country, sector accuracy
  over cases that expect a sector (`code_1`), and "no actor" accuracy over cases that expect nothing to resolve.
  An expectation with op other than Eq (NotEq) is right when the country does not match.
- `query_wiki` (Wikipedia title look-up) is out of scope: counted as skipped.
- NGEC's conventions mapped onto ours: country "" means no country; EUR is our EU; UNO is the UN or a body
  whose parent is the UN (WHO, ICJ); IGO is any declared international organisation code. Sector "" or UNK
  means no sector; NGEC's second code (code_2) counts as a match too, as our actors carry one sector (a defence
  minister: GOV, code_2 MIL); an expected "????" sector is not scored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import Metric, Ratio, ratio_metric, read_jsonl, require_fields

if TYPE_CHECKING:
    from ..actors.knowledge import ActorKnowledge
    from ..model import Actor
    from ..pipeline import Pipeline

# (phrase, date or None, context or None) -> (the actor found or None, how it was found)
Resolver = Callable[[str, "date | None", "str | None"], "tuple[Actor | None, str]"]

FULL_METHODS = frozenset({"agent_to_code", "short_text_to_agent", "trf_agent_match"})


@dataclass(frozen=True)
class ActorMiss:
    kind: str  # nationality | country | sector | none
    text: str
    expected: str
    got: str


@dataclass
class ActorScores:
    cases: int
    nationality: Ratio
    country: Ratio
    sector: Ratio
    no_actor: Ratio
    skipped: int
    misses: list[ActorMiss] = field(default_factory=list)
    dataset: str = "ngec_actor_tests"

    def metrics(self) -> list[Metric]:
        p = "actors.ngec"
        return [
            ratio_metric(f"{p}.nationality", "nationality from a string", self.nationality),
            ratio_metric(f"{p}.country", "country code (full resolution)", self.country),
            ratio_metric(f"{p}.sector", "sector (full resolution)", self.sector),
            ratio_metric(f"{p}.no_actor", "nothing resolved where nothing should", self.no_actor),
        ]


class _Tally:
    """Counts right/total and keeps the misses of one figure."""

    def __init__(self, kind: str, misses: list[ActorMiss]):
        self.kind, self.right, self.total, self._misses = kind, 0, 0, misses

    def add(self, ok: bool, text: str, expected: str, got: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self._misses.append(ActorMiss(self.kind, text, expected, got))

    def ratio(self) -> Ratio:
        return Ratio(self.right, self.total)


def parse_day(text: str | None, today: date | None = None) -> date | None:
    """NGEC's date strings: 'today', ISO dates, '1 july 2021', 'October 1, 2021'; None when empty."""
    if not text or not text.strip():
        return None
    if text.strip().lower() == "today":
        return today or date.today()
    import dateparser

    found = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    return found.date() if found else None


def country_ok(expected: str, got: str | None, *, declared: frozenset[str], parents: dict[str, str | None]) -> bool:
    """NGEC's expected country code against ours (see the module docstring)."""
    if expected == "":
        return got is None
    if expected == "EUR":
        return got == "EU"
    if expected == "UNO":
        return got == "UN" or (got is not None and parents.get(got) == "UN")
    if expected == "IGO":
        return got is not None and got in declared
    return got == expected


def sector_ok(expected: object, expected_2: str | None, got: str | None) -> bool:
    """NGEC's expected sector (code_1, a value or a list of acceptable ones; code_2 also accepted) against ours."""
    wanted = {str(v) for v in expected} if isinstance(expected, list) else {str(expected)}
    if wanted & {"", "UNK"}:
        return got is None
    return got in wanted or (expected_2 is not None and got == expected_2)


def pipeline_resolver(pipeline: Pipeline) -> Resolver:
    """The shipped path: the phrase as the subject of a one-sentence article run through `pipeline.extract`."""

    def resolve(phrase: str, on: date | None, context: str | None) -> tuple[Actor | None, str]:
        prefix = f"{context}: " if context else ""
        text = f"{prefix}{phrase} spoke on Monday."
        start, end = len(prefix), len(prefix) + len(phrase)
        mentions = pipeline.extract(text, published=on, article_id="ngec-case").mentions
        inside = [m for m in mentions if m.actor is not None and m.start < end and m.end > start]
        if not inside:
            return None, "-"
        best = max(inside, key=lambda m: (min(m.end, end) - max(m.start, start), -m.start))
        return best.actor, best.method

    return resolve


def score_cases(cases: list[dict[str, Any]], knowledge: ActorKnowledge, today: date | None = None,
                resolve: Resolver | None = None) -> ActorScores:
    """Score NGEC case records: actors found by `resolve` (the shipped pipeline path, see `pipeline_resolver`),
    or, without it, by `knowledge`'s phrase look-ups (kept for unit tests of the knowledge base alone).
    `knowledge` also supplies the declared organisation codes the scoring conventions need."""
    shipped = resolve is not None
    if resolve is None:
        def resolve(phrase: str, on: date | None, context: str | None) -> tuple[Actor | None, str]:
            match = knowledge.resolve_phrase(phrase, on, context)
            return (match.actor, match.how) if match else (None, "-")
    declared = knowledge.acronyms()
    parents = {code: knowledge.parent_of(code) for code in declared}
    misses: list[ActorMiss] = []
    nat, country, sector, none = (_Tally(k, misses) for k in ("nationality", "country", "sector", "none"))
    skipped = 0
    for case in cases:
        method, inputs, expects = case["method"], case["input"], case["expect"]
        text = inputs[0]
        if method == "search_nat":
            want = next(e["value"] for e in expects if e["output_index"] == 0)
            if shipped:
                found, _ = resolve(text, today, None)
                got = found.code if found is not None and found.code and len(found.code) == 3 else None
            else:
                got = knowledge.find_country(text)
            nat.add((got or "") == want, text, want, str(got))
            continue
        if method not in FULL_METHODS:
            skipped += 1
            continue
        context = inputs[1] if len(inputs) > 1 and inputs[1] else None
        kwargs = case.get("kwargs") or {}
        on = parse_day(kwargs.get("query_date") or (inputs[2] if len(inputs) > 2 else None), today)
        actor, how = resolve(text, on, context)
        got_code = actor.code if actor else None
        got_sector = actor.sector if actor else None
        got = f"{got_code}/{got_sector} ({how})"
        by_key: dict[Any, list[dict[str, Any]]] = {}
        for e in expects:
            by_key.setdefault(e["key"], []).append(e)
        if None in by_key:  # NGEC's "Is None": nothing should resolve (a bare name with no code or sector is nothing)
            none.add(actor is None or not (actor.code or actor.sector), text, "nothing", got)
        for e in by_key.get("country", []):
            ok = country_ok(e["value"], got_code, declared=declared, parents=parents)
            country.add(ok if e["op"] == "Eq" else not ok, text, f"country {e['op']} {e['value']!r}", got)
        code_2 = next((e["value"] for e in by_key.get("code_2", [])), None)
        firsts = [e for e in by_key.get("code_1", []) if e["value"] != "????"]
        if firsts:
            ok = any(sector_ok(e["value"], code_2, got_sector) for e in firsts)
            sector.add(ok, text, f"sector {[e['value'] for e in firsts]} / {code_2}", got)
    return ActorScores(cases=len(cases), nationality=nat.ratio(), country=country.ratio(), sector=sector.ratio(),
                       no_actor=none.ratio(), skipped=skipped, misses=misses)


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None,
             *, knowledge: ActorKnowledge | None = None) -> ActorScores:
    """Score actor resolution on NGEC's cases through `pipeline` (the default pipeline when None), the path
    that ships. `knowledge` instead scores the knowledge base's phrase look-ups alone (not what ships)."""
    from ..pipeline import Pipeline

    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("method", "input", "expect"), gold_path, "NGEC actor-case")
    if knowledge is not None:
        return score_cases(records, knowledge)
    pipeline = pipeline or Pipeline.default()
    kb = pipeline.nlp.get_pipe("thucydides_actors").resolver.kb
    return score_cases(records, kb, resolve=pipeline_resolver(pipeline))
