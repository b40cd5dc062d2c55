"""`thucydides eval actors` scores the path that ships: the phrase goes through the pipeline's extraction
(issue 13 item 3), not the knowledge base's phrase look-up that the pipeline never calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from thucydides.evaluation.actors import parse_day, pipeline_resolver, score_cases
from thucydides.model import Actor, ActorMention


@dataclass
class _Result:
    mentions: list[ActorMention]


@dataclass
class _StubPipeline:
    """Records what it was asked and answers with the mentions a test gives for each text."""

    answers: dict[str, list[ActorMention]]
    calls: list[tuple[str, object]] = field(default_factory=list)

    def extract(self, text: str, *, published=None, article_id="article", title=None) -> _Result:
        self.calls.append((text, published))
        return _Result(self.answers.get(text, []))


VOSS = Actor("Mara Voss", "ELB", "GOV", "person", "Minister")  # invented person of an invented country
ELB = Actor("Elbonia", "ELB", None, "country")


def _mention(text: str, whole: str, actor: Actor | None, method: str) -> ActorMention:
    start = whole.index(text)
    return ActorMention(text, start, start + len(text), 0, actor, method)


def test_resolver_frames_the_phrase_and_picks_the_mention_covering_it() -> None:
    whole = "Elbonia: Minister Mara Voss spoke on Monday."
    stub = _StubPipeline({whole: [_mention("Elbonia", whole, ELB, "country"),
                                  _mention("Minister Mara Voss", whole, VOSS, "registry")]})
    actor, how = pipeline_resolver(stub)("Minister Mara Voss", date(2021, 7, 1), "Elbonia")
    assert (actor, how) == (VOSS, "registry")  # the dateline's country is context, not the answer
    assert stub.calls == [(whole, date(2021, 7, 1))]


def test_resolver_finds_nothing_when_no_mention_overlaps() -> None:
    stub = _StubPipeline({})
    assert pipeline_resolver(stub)("a cat named Frank", None, None) == (None, "-")


@pytest.mark.parametrize("case, figure, right", [
    # full resolution: country and sector both from the pipeline's actor
    ({"method": "agent_to_code", "input": ["Minister Mara Voss"],
      "expect": [{"key": "country", "op": "Eq", "value": "ELB"}, {"key": "code_1", "op": "Eq", "value": "GOV"}]},
     "country", 1),
    # a name with no code and no sector counts as nothing resolved
    ({"method": "agent_to_code", "input": ["Frank"], "expect": [{"key": None, "op": "Is", "value": None}]},
     "no_actor", 1),
    # the case's date in words reaches the pipeline as the publication date
    ({"method": "agent_to_code", "input": ["Minister Mara Voss", "", "1 july 2021"],
      "expect": [{"key": "country", "op": "Eq", "value": "ELB"}]}, "country", 1),
])
def test_score_cases_through_a_resolver(case: dict, figure: str, right: int) -> None:
    seen: list[date | None] = []

    def resolve(phrase: str, on: date | None, context: str | None):
        seen.append(on)
        if phrase == "Frank":
            return Actor("Frank", None, None, "person"), "name"
        return VOSS, "registry"

    class _Kb:  # only the declared codes are read when a resolver is given
        def acronyms(self):
            return frozenset()

        def parent_of(self, code):
            return None

    scores = score_cases([case], _Kb(), resolve=resolve)
    assert getattr(scores, figure).right == right
    if len(case["input"]) > 2:
        assert seen == [parse_day("1 july 2021")] == [date(2021, 7, 1)]
