"""Scoring functions of thucydides.evaluation on tiny hand-made gold and predictions (no spaCy model)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from typer.testing import CliRunner

from thucydides.cli import app
from thucydides.evaluation import (
    GoldDataError, Metric, Ratio, PRF, below_floor, floors_of, load_gate, overlaps, read_jsonl,
)
from thucydides.evaluation.actors import country_ok, parse_day, score_cases, sector_ok
from thucydides.evaluation.dates import gold_precision, score_documents
from thucydides.evaluation.events import (
    GoldActor, GoldEvent, GoldQuad, OrgCodes, PredictedEvent, acceptable_pairs, actor_matches, actor_overlaps,
    event_correct, normalize_code, normalize_type, parse_conflibert, parse_plover, pentaclass, score_plover, score_quad,
)
from thucydides.evaluation.quotes import GoldAttribution, QuoteTally, gold_antecedent, same_name, score_article
from thucydides.evaluation.report import (
    DocEntry, metrics_table, misses_markdown, render_accuracy_doc, render_report, rules_markdown,
)
from thucydides.model import ActorRef, Quote, ResolvedDate, Speaker
from thucydides.nlp import register_extensions
from thucydides.quotes import Attribution, Quotation

ORGS = OrgCodes(igo=frozenset({"UN", "AU", "ICJ"}), ngo=frozenset({"HRW"}))


def ref(code: str | None, sector: str | None = None, kind: str | None = "country", text: str = "x") -> ActorRef:
    return ActorRef(text=text, name=text, code=code, sector=sector, kind=kind, role=None)


def ev(event_type: str, source: ActorRef | None, target: ActorRef | None = None, *, confidence: float = 0.9,
       position: int = 0, cameo: str | None = None) -> PredictedEvent:
    return PredictedEvent(event_type, source, target, trigger="t", cameo=cameo, confidence=confidence,
                          position=position)


def gold(event_type: str, sources: list[str | None], targets: list[str | None], *, reciprocal: bool = False,
         gid: str = "g") -> GoldEvent:
    return GoldEvent(gid, "An invented sentence.", event_type, tuple(GoldActor(str(c), c) for c in sources if c),
                     tuple(GoldActor(str(c), c) for c in targets if c), reciprocal)


# ---------------------------------------------------------------- shared
def test_read_jsonl_limit_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2}\n{"a": 3}\n', encoding="utf-8")
    assert [r["a"] for r in read_jsonl(path, limit=2)] == [1, 2]
    path.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldDataError, match=r"g\.jsonl:2"):
        read_jsonl(path)


def test_ratio_prf_and_overlaps() -> None:
    assert Ratio(1, 4).value == 0.25 and Ratio(0, 0).value is None
    assert PRF(Ratio(1, 2), Ratio(1, 4)).f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert PRF(Ratio(0, 0), Ratio(1, 4)).f1 is None
    assert overlaps((3, 5), [(4, 9)]) and not overlaps((3, 5), [(5, 9)])


def test_floors_and_gate(tmp_path: Path) -> None:
    metrics = [Metric("a", "A", 0.8), Metric("b", "B", 1.3, higher_is_better=False), Metric("c", "C", None)]
    assert floors_of(metrics, 0.02) == {"a": 0.78}
    assert below_floor(metrics, {"a": 0.78}) == []
    assert below_floor(metrics, {"a": 0.81})[0].startswith("a: 0.800")
    assert below_floor(metrics, {"z": 0.1}) == ["z: no value (floor 0.100)"]
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"margin": 0.02, "sets": [{"kind": "events", "file": "f.jsonl", "limit": 5,
                                                          "part": "check", "floors": {"a": 0.5}}]}), encoding="utf-8")
    gate = load_gate(path)
    assert gate.sets[0].limit == 5 and gate.sets[0].floors == {"a": 0.5} and gate.sets[0].part == "check"
    path.write_text(json.dumps({"sets": [{"kind": "events", "file": "f.jsonl", "part": "check",
                                          "floors": {"a": 1.5}}]}))
    with pytest.raises(GoldDataError, match="floors.json:1: set 1.*'a'"):
        load_gate(path)


# ---------------------------------------------------------------- PLOVER-GSR
def test_old_types_and_codes_are_mapped() -> None:
    assert [normalize_type(t) for t in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "AGREE")] == [
        "REQUEST", "ACCUSE", "ACCUSE", "ASSAULT", "AGREE"]
    assert [normalize_code(c) for c in ("JAP", "ITL", "VTN", "KEN", "", None)] == ["JPN", "ITA", "VNM", "KEN", None, None]
    record = {"id": "r1", "text": "Ruritania and Elbonia agreed.", "event": "FIGHT", "markup": "(SRC/TAR: x)",
              "source": [{"actorText": "Japan", "code": "JAP"}], "target": []}
    parsed = parse_plover(record)
    assert parsed.event_type == "ASSAULT" and parsed.sources[0].code == "JPN" and parsed.reciprocal


def test_actor_matching_rules() -> None:
    assert actor_matches("KEN", ref("KEN"), ORGS) and not actor_matches("KEN", ref("UGA"), ORGS)
    assert actor_matches("IGO", ref("UN", "IGO"), ORGS)
    assert actor_matches("IGO", ref("ICJ", "JUD", "organization"), ORGS)  # a declared intergovernmental code
    assert actor_matches("IGO", ref(None, "IGO"), ORGS)
    assert not actor_matches("IGO", ref("HRW", "NGO", "organization"), ORGS)
    assert actor_matches("NGO", ref("HRW", None, "organization"), ORGS)
    assert actor_matches("ISM", ref("SOM", "REB", "group"), ORGS) and actor_matches("IMG", ref(None, None, "group"), ORGS)
    assert not actor_matches("ISM", ref("SOM", "MIL"), ORGS)
    assert actor_matches(None, None, ORGS) and actor_matches(None, ref(None), ORGS)  # empty gold side
    assert not actor_matches(None, ref("KEN"), ORGS) and not actor_matches("KEN", None, ORGS)


def test_acceptable_pairs_compound_and_reciprocal() -> None:
    assert acceptable_pairs(gold("AID", ["KEN"], ["UGA", "TZA"])) == [("KEN", "UGA"), ("KEN", "TZA")]
    assert acceptable_pairs(gold("AGREE", ["KEN"], [])) == [("KEN", None)]
    assert acceptable_pairs(gold("ASSAULT", [], ["KEN"])) == [(None, "KEN")]
    pairs = acceptable_pairs(gold("AGREE", ["KEN", "UGA"], [], reciprocal=True))
    assert set(pairs) == {("KEN", None), ("KEN", "UGA"), ("UGA", None), ("UGA", "KEN")}
    g = gold("AGREE", ["KEN", "UGA"], [], reciprocal=True)
    assert event_correct(g, ev("AGREE", ref("UGA"), ref("KEN")), ORGS)
    assert not event_correct(g, ev("AGREE", ref("UGA"), ref("TZA")), ORGS)
    assert not event_correct(g, ev("SUPPORT", ref("UGA"), ref("KEN")), ORGS)


def test_score_plover_counts_types_triples_confusion_and_misses() -> None:
    golds = [
        gold("AGREE", ["KEN"], ["UGA"], gid="right"),
        gold("REQUEST", ["KEN"], ["UGA"], gid="target"),
        gold("ASSAULT", ["KEN"], ["UGA"], gid="type"),
        gold("PROTEST", ["KEN"], [], gid="none"),
        gold("REJECT", ["KEN"], ["UGA"], gid="source"),
    ]
    predicted = [
        [ev("AGREE", ref("KEN"), ref("UGA")), ev("CONSULT", ref("KEN"), ref("UGA"), confidence=0.5)],
        [ev("REQUEST", ref("KEN"), ref("TZA"))],
        [ev("COERCE", ref("KEN"), ref("UGA"), confidence=0.4, position=5),
         ev("THREATEN", ref("KEN"), ref("UGA"), confidence=0.8, position=9)],
        [],
        [ev("REJECT", ref("TZA"), ref("UGA"))],
    ]
    s = score_plover(golds, predicted, ORGS)
    assert s.records == 5 and s.events == 6
    assert (s.type.precision.right, s.type.precision.total) == (3, 6)  # AGREE, REQUEST, REJECT
    assert (s.type.recall.right, s.type.recall.total) == (3, 5)
    assert (s.triple.precision.right, s.triple.recall.right) == (1, 1)
    assert s.extra_per_correct == 5.0
    assert (s.source_code.right, s.source_code.total) == (2, 3)  # the REJECT has the wrong source
    assert (s.target_code.right, s.target_code.total) == (2, 3)  # the REQUEST has the wrong target
    assert s.miss_reasons == {"target": 1, "wrong type": 1, "no event": 1, "source": 1}
    assert s.confusion["ASSAULT"] == {"THREATEN": 1}  # the most confident of our events
    assert s.confusion["PROTEST"] == {"none": 1} and s.confusion["AGREE"] == {"AGREE": 1}
    assert s.per_type["CONSULT"].precision == Ratio(0, 1) and s.per_type["PROTEST"].recall == Ratio(0, 1)
    assert [m.id for m in s.misses] == ["target", "type", "none", "source"]
    assert s.misses[1].produced[0] == "COERCE KEN -> UGA (t)"
    keys = [m.key for m in s.metrics()]
    assert "events.plover.triple_f1" in keys and "events.plover.type_recall" in keys


def test_score_plover_needs_aligned_predictions() -> None:
    with pytest.raises(ValueError):
        score_plover([gold("AGREE", ["KEN"], [])], [], ORGS)


# ---------------------------------------------------------------- ConfliBERT
def test_pentaclass_by_cameo_root() -> None:
    assert [pentaclass(c) for c in ("010", "0211", "036", "057", "061", "083", "090", "138", "141", "204")] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert pentaclass(None) is None and pentaclass("x1") is None and pentaclass("21") is None


def test_reducing_relations_is_verbal_conflict_in_conflibert_classes() -> None:
    # ConfliBERT labels sanctions, expulsions and suspended aid (CAMEO 16) with verbal conflict
    assert [pentaclass(c) for c in ("160", "1662", "172", "145")] == [3, 3, 4, 4]


def test_parse_conflibert_finds_char_spans_of_bio_tags() -> None:
    text = "Rebels shelled the town, and Ruritania and Elbonia met."
    tokens = ["Rebels", "shelled", "the", "town", ",", "and", "Ruritania", "and", "Elbonia", "met", "."]
    tags = ["B-S", "O", "B-T", "I-T", "O", "O", "B-R", "O", "B-R", "O", "O"]
    g = parse_conflibert({"id": "c1", "text": text, "quad_label": 4, "has_span_annotation": True,
                          "tokens": tokens, "tags": tags})
    assert [text[s:e] for s, e in g.sources] == ["Rebels", "Ruritania", "Elbonia"]
    assert [text[s:e] for s, e in g.targets] == ["the town", "Ruritania", "Elbonia"]


def test_actor_overlaps_verbatim_and_word_fallback() -> None:
    text = "The Elbonian army shelled a village."
    spans = ((0, 17),)  # "The Elbonian army"
    assert actor_overlaps(text, ref("ELB", text="Elbonian army"), spans)
    assert not actor_overlaps(text, ref("ELB", text="village"), spans)
    assert actor_overlaps(text, ref("ELB", text="Elbonian  army"), spans)  # not verbatim: shared word
    assert not actor_overlaps(text, None, spans) and not actor_overlaps(text, ref("ELB", text="army"), ())


def test_score_quad_main_event_and_no_event_is_class_zero() -> None:
    t = "Ruritania attacked Elbonia."
    golds = [GoldQuad("a", t, 4, True, ((0, 9),), ((19, 26),)), GoldQuad("b", t, 0, False),
             GoldQuad("c", t, 1, False), GoldQuad("d", t, 3, False)]
    predicted = [
        [ev("ASSAULT", ref("RUR", text="Ruritania"), ref("ELB", text="Elbonia"), cameo="190")],
        [],
        [],
        [ev("CONSULT", ref("RUR"), None, cameo="040", confidence=0.9),
         ev("ACCUSE", ref("RUR"), None, cameo="112", confidence=0.5)],
    ]
    s = score_quad(golds, predicted)
    assert s.accuracy == Ratio(2, 4)  # a right; b: no event = 0, right
    assert s.accuracy_with_event == Ratio(1, 2)
    assert s.any_event_accuracy == Ratio(3, 4)  # d: 3 is among our classes
    assert s.event_rate == Ratio(2, 3)
    assert s.source_overlap == Ratio(1, 1) and s.target_overlap == Ratio(1, 1)
    assert s.confusion[1] == {0: 1} and s.confusion[3] == {1: 1}
    assert [m.id for m in s.misses] == ["c", "d"]


# ---------------------------------------------------------------- actors
class FakeKnowledge:
    """Just what score_cases asks of ActorKnowledge."""

    def acronyms(self) -> frozenset[str]:
        return frozenset({"UN", "WHO", "EU"})

    def parent_of(self, code: str) -> str | None:
        return "UN" if code == "WHO" else None

    def find_country(self, text: str) -> str | None:
        return "KEN" if "Kenyan" in text else None

    def resolve_phrase(self, text: str, on: date | None, context: str | None):
        from thucydides.actors.knowledge import Match
        from thucydides.model import Actor

        if "minister" in text:
            return Match(Actor("x", "KEN", "GOV", "person"), "title")
        return None


def test_country_and_sector_conventions() -> None:
    kw = {"declared": frozenset({"UN", "WHO", "EU"}), "parents": {"WHO": "UN"}}
    assert country_ok("", None, **kw) and not country_ok("", "KEN", **kw)
    assert country_ok("EUR", "EU", **kw) and country_ok("UNO", "WHO", **kw) and country_ok("IGO", "EU", **kw)
    assert not country_ok("IGO", "KEN", **kw) and country_ok("KEN", "KEN", **kw)
    assert sector_ok("UNK", None, None) and sector_ok(["GOV", "MIL"], None, "MIL") and sector_ok("GOV", "MIL", "MIL")
    assert not sector_ok("GOV", None, "MIL")
    assert parse_day("today", date(2020, 5, 1)) == date(2020, 5, 1) and parse_day(" ") is None
    assert parse_day("2021-07-01") == date(2021, 7, 1)


def test_score_cases_on_invented_cases() -> None:
    cases = [
        {"method": "search_nat", "input": ["a Kenyan farmer"], "expect": [{"output_index": 0, "key": None, "op": "Eq", "value": "KEN"}]},
        {"method": "search_nat", "input": ["a farmer"], "expect": [{"output_index": 0, "key": None, "op": "Eq", "value": "UGA"}]},
        {"method": "short_text_to_agent", "input": ["the finance minister"], "kwargs": None,
         "expect": [{"key": "country", "op": "Eq", "value": "KEN"}, {"key": "code_1", "op": "Eq", "value": "MIL"},
                    {"key": "code_2", "op": "Eq", "value": "GOV"}]},
        {"method": "agent_to_code", "input": ["a farmer"], "expect": [{"key": None, "op": "Is", "value": None}]},
        {"method": "query_wiki", "input": ["anything"], "expect": []},
    ]
    s = score_cases(cases, FakeKnowledge())  # type: ignore[arg-type]
    assert s.nationality == Ratio(1, 2) and s.country == Ratio(1, 1) and s.sector == Ratio(1, 1)
    assert s.no_actor == Ratio(1, 1) and s.skipped == 1
    assert [(m.kind, m.text) for m in s.misses] == [("nationality", "a farmer")]


# ---------------------------------------------------------------- dates
def test_gold_precision() -> None:
    assert [gold_precision(v) for v in ("2001-02-03", "2001-02", "2001", "2001-W05", "PRESENT_REF")] == [
        "day", "month", "year", None, None]


def test_score_documents_component_and_precision() -> None:
    register_extensions()
    text = "The vote was on Tuesday and the war began in 1990."
    tuesday, the_war = text.index("Tuesday"), text.index("the war")
    fixed = [ResolvedDate(date(2001, 2, 6), "day", "text", "Tuesday", tuesday, tuesday + 7),
             ResolvedDate(date(2001, 2, 8), "day", "text", "the war", the_war, the_war + 7)]
    name = "test_fixed_dates"
    if name not in Language.factories:
        Language.component(name, func=lambda doc: _set_dates(doc, fixed))
    nlp = spacy.blank("en")
    nlp.add_pipe(name)
    record = {"id": "d1", "dct": "2001-02-08", "text": text, "timexes": [
        {"type": "DATE", "start": tuesday, "end": tuesday + 7, "value": "2001-02-06", "text": "Tuesday"},
        {"type": "DATE", "start": text.index("1990"), "end": text.index("1990") + 4, "value": "1990", "text": "1990"},
    ]}
    s = score_documents([record], nlp)
    assert s.scored == 2 and s.component == Ratio(1, 2)
    assert s.by_precision == {"day": Ratio(1, 1), "year": Ratio(0, 1)}
    assert s.component_precision == Ratio(1, 2)  # "the war" overlaps no gold expression: wrong
    assert s.expression.right >= 1  # "1990" resolves alone
    assert [m.text for m in s.misses] == ["1990"]


def _set_dates(doc, dates):
    doc._.dates = list(dates)
    return doc


# ---------------------------------------------------------------- quotes
def attribution(text: str, span: tuple[int, int], speaker_span: tuple[int, int] | None, speaker: Speaker | None) -> Attribution:
    quote = Quote(id="q", article_id="a", text=text[span[0]:span[1]], speaker=speaker, cue="said", span=span)
    return Attribution(quote, Quotation(span[0], span[1], span[0] - 1, span[1] + 1, True), None, speaker_span, "after")


def test_same_name_and_antecedent() -> None:
    assert same_name("Ada Okafor", "Minister Okafor") and same_name("The Daily Star", "the Star")
    assert not same_name("The ministry", "The agency") and not same_name(None, "Okafor")
    gold = [GoldAttribution(((0, 10),), ((20, 30),), "Ada Okafor", "", True),
            GoldAttribution(((40, 48),), ((50, 60),), "a source", "", False),
            GoldAttribution(((70, 72),), ((80, 90),), "he", "", True)]
    assert gold_antecedent(gold, gold[2]) == "Ada Okafor"  # "a source" is not a name


def test_score_article_speakers_pronouns_and_precision() -> None:
    text = 'Ada Okafor said: "We will build the bridge." Then she said: "It will open soon." "Rain," said nobody.'
    q1 = (text.index("We"), text.index('."') + 1)
    q2 = (text.index("It will"), text.index('soon.') + 5)
    q3 = (text.index("Rain"), text.index("Rain") + 4)
    she = (text.index("she"), text.index("she") + 3)
    gold = [GoldAttribution(((0, 10),), (q1,), "Ada Okafor", "", True),
            GoldAttribution((she,), (q2,), "she", "", True)]
    ours = [attribution(text, q1, (0, 10), Speaker("Ada Okafor", "Ada Okafor", "NGA", "GOV")),
            attribution(text, q2, she, Speaker("she", None, None, None)),  # unresolved pronoun: wrong
            attribution(text, q3, None, None)]
    tally, misses = QuoteTally(), []
    score_article("a", gold, ours, tally, misses)
    s = tally.scores(1, misses)
    assert s.recall == Ratio(2, 2) and s.speaker == Ratio(1, 2) and s.speaker_overlap == Ratio(2, 2)
    assert s.pronoun_antecedent == Ratio(0, 1) and s.precision_direct == Ratio(2, 3)
    ours[1] = attribution(text, q2, she, Speaker("she", "Ada Okafor", "NGA", "GOV"))
    tally, misses = QuoteTally(), []
    score_article("a", gold, ours, tally, misses)
    assert tally.pronoun_right == 1 and tally.speaker == 2
    assert [m.kind for m in misses] == ["precision"]


# ---------------------------------------------------------------- report and CLI
def test_reports_keep_sentences_out_of_the_accuracy_page() -> None:
    golds = [gold("PROTEST", ["KEN"], [], gid="p1")]
    scores = score_plover(golds, [[]], ORGS)
    report = render_report(scores, gold_path=Path("g.jsonl"), command="thucydides eval events g.jsonl")
    assert "An invented sentence." in report and "[no event]" in report
    assert "An invented sentence." in misses_markdown(scores)
    tuning = score_plover(golds, [[ev("PROTEST", ref("KEN"))]], ORGS)
    page = render_accuracy_doc([DocEntry("set", scores, tuning, "cmd", "1 sentence checked, 1 for tuning")],
                               today="2001-01-01", commit="abc",
                               rules=[("Events", "Title.\n\nRules\n-----\n- one\n\n    usage()\n")],
                               regenerate="regen", gate="gate text", split="split text",
                               targets={"events.plover.triple_f1": 0.7})
    assert "An invented sentence." not in page
    # the check part is the headline column, the tuning part beside it, each with its counts
    assert "| set | type+source+target recall | **0.000** | 1.000 |  | 0/1 | 1/1 | UniversalPetrarch" in page
    # the target is judged on the check part, and the command names both parts
    assert "| set | type+source+target F1 | **n/a** | 1.000 | ≥ 0.70 NOT met |" in page
    assert "`cmd --part check` (tuning: `--part tuning`) |" in page
    # breakdowns come from the tuning part: its PROTEST event, not the check part's "none"
    breakdowns = page.split("## Breakdowns", 1)[1].split("## Scoring rules", 1)[0]
    assert "| PROTEST | 1.000 (1/1) |" in breakdowns and "1 sentence checked, 1 for tuning" in breakdowns
    assert "## The split\n\nsplit text" in page
    assert "#### Rules" in page and "usage()" not in page and "`abc`" in page
    table = metrics_table(scores.metrics())
    assert "type F1" in table and "(lower is better)" in table
    assert rules_markdown("A.\n\nB\n---\nc") == "A.\n\n#### B\nc"


def test_cli_eval_prints_scores_and_writes_report(tmp_path: Path) -> None:
    gold_file = tmp_path / "cases.jsonl"
    gold_file.write_text(json.dumps({"method": "search_nat", "input": ["a Kenyan farmer"], "expect": [
        {"output_index": 0, "key": None, "op": "Eq", "value": "UGA"}]}) + "\n", encoding="utf-8")
    report = tmp_path / "r.md"
    result = CliRunner().invoke(app, ["eval", "actors", str(gold_file), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "nationality from a string" in result.output and "0/1" in result.output
    assert "a Kenyan farmer" in report.read_text(encoding="utf-8")
    wrong = CliRunner().invoke(app, ["eval", "dates", str(gold_file)])
    assert wrong.exit_code == 1 and "not a gold file for dates" in wrong.output


def test_date_miss_counts_split_missed_spans_from_wrong_values() -> None:
    from thucydides.evaluation.dates import DateMiss, DateScores
    from thucydides.evaluation.report import miss_counts

    misses = [DateMiss("d", "Monday", "2001-02-05", "2001-02-05", "-", "2001-02-08"),
              DateMiss("d", "May", "2001-05", "2000-05", "2000-05", "2001-02-08"),
              DateMiss("d", "June", "2001-06", "None", "-", "2001-02-08")]
    scores = DateScores(1, 3, Ratio(0, 3), {}, Ratio(0, 1), Ratio(0, 3), Ratio(0, 3), {}, misses)
    assert miss_counts(scores) == [("span missed", 2), ("wrong value", 1)]
