"""Event extraction on hand-built parses: no model is loaded, so each test pins one rule exactly."""

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from thucydides.events.component import EventExtractor
from thucydides.events.lexicon import Lexicon, LexiconError
from thucydides.model import Actor, ActorMention
from thucydides.nlp import register_extensions

USA = Actor("United States", "USA", None, "country")
CHN = Actor("China", "CHN", None, "country")
RUS = Actor("Russia", "RUS", None, "country")
UKR = Actor("Ukraine", "UKR", None, "country")
MINISTER = Actor("Jane Roe", "FRA", "GOV", "person", "Foreign Minister")


@pytest.fixture(scope="module")
def vocab():
    register_extensions()
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def extractor():
    return EventExtractor(Lexicon.load())


def parse(vocab, rows, actors, published=date(2023, 5, 10)):
    """rows: (word, head_index, dep, pos, lemma); actors: {token_index: Actor} (one-token mentions)."""
    words = [r[0] for r in rows]
    doc = Doc(vocab, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows])
    doc._.published = published
    doc._.article_id = "t"
    doc._.actor_mentions = [
        ActorMention(text=doc[i].text, start=doc[i].idx, end=doc[i].idx + len(doc[i]), sentence_index=0,
                     actor=actor, method="country")
        for i, actor in actors.items()
    ]
    doc._.dates, doc._.places, doc._.quotes = [], [], []
    return doc


def test_verb_with_subject_and_object(vocab, extractor):
    doc = parse(vocab, [
        ("China", 1, "nsubj", "PROPN", "China"),
        ("criticized", 1, "ROOT", "VERB", "criticize"),
        ("Russia", 1, "dobj", "PROPN", "Russia"),
        (".", 1, "punct", "PUNCT", "."),
    ], {0: CHN, 2: RUS})
    [event] = extractor.extract(doc)
    assert (event.event_type, event.mode, event.cameo) == ("ACCUSE", "disapprove", "111")
    assert (event.source.code, event.target.code) == ("CHN", "RUS")
    assert event.quad_class == 3 and event.goldstein == -2.0
    assert event.date == "2023-05-10" and event.date_basis == "article"
    assert event.trigger == "criticized" and event.rule == "verb:criticize"
    assert event.span == (0, len(doc.text.rstrip()))


def test_passive_agent_is_the_source(vocab, extractor):
    doc = parse(vocab, [
        ("Russia", 2, "nsubjpass", "PROPN", "Russia"),
        ("was", 2, "auxpass", "AUX", "be"),
        ("condemned", 2, "ROOT", "VERB", "condemn"),
        ("by", 2, "agent", "ADP", "by"),
        ("Ukraine", 3, "pobj", "PROPN", "Ukraine"),
    ], {0: RUS, 4: UKR})
    [event] = extractor.extract(doc)
    assert (event.source.code, event.target.code, event.event_type) == ("UKR", "RUS", "ACCUSE")


def test_refusal_becomes_reject_with_target_inside_the_object(vocab, extractor):
    # China refused to condemn Russia's invasion
    doc = parse(vocab, [
        ("China", 1, "nsubj", "PROPN", "China"),
        ("refused", 1, "ROOT", "VERB", "refuse"),
        ("to", 3, "aux", "PART", "to"),
        ("condemn", 1, "xcomp", "VERB", "condemn"),
        ("Russia", 6, "poss", "PROPN", "Russia"),
        ("'s", 4, "case", "PART", "'s"),
        ("invasion", 3, "dobj", "NOUN", "invasion"),
    ], {0: CHN, 4: RUS})
    events = extractor.extract(doc)
    types = {(e.event_type, e.source.code, e.target.code if e.target else None) for e in events}
    assert ("REJECT", "CHN", "RUS") in types
    assert not any(e.event_type == "ACCUSE" for e in events)


def test_negation_is_flagged(vocab, extractor):
    doc = parse(vocab, [
        ("China", 3, "nsubj", "PROPN", "China"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "neg", "PART", "not"),
        ("criticize", 3, "ROOT", "VERB", "criticize"),
        ("Russia", 3, "dobj", "PROPN", "Russia"),
    ], {0: CHN, 4: RUS})
    [event] = extractor.extract(doc)
    assert event.negated and event.event_type == "ACCUSE"


def test_modal_makes_event_hypothetical(vocab, extractor):
    doc = parse(vocab, [
        ("Russia", 2, "nsubj", "PROPN", "Russia"),
        ("could", 2, "aux", "AUX", "could"),
        ("attack", 2, "ROOT", "VERB", "attack"),
        ("Ukraine", 2, "dobj", "PROPN", "Ukraine"),
    ], {0: RUS, 3: UKR})
    [event] = extractor.extract(doc)
    assert event.hypothetical and event.event_type == "ASSAULT"


def test_reported_speech_with_must_is_a_request(vocab, extractor):
    # The minister said China must act
    doc = parse(vocab, [
        ("Roe", 1, "nsubj", "PROPN", "Roe"),
        ("said", 1, "ROOT", "VERB", "say"),
        ("China", 4, "nsubj", "PROPN", "China"),
        ("must", 4, "aux", "AUX", "must"),
        ("act", 1, "ccomp", "VERB", "act"),
    ], {0: MINISTER, 2: CHN})
    [event] = extractor.extract(doc)
    assert (event.event_type, event.source.code, event.target.code) == ("REQUEST", "FRA", "CHN")
    assert event.rule == "reported-request"


def test_compound_subject_gives_one_record_per_dyad(vocab, extractor):
    # China and Russia agreed
    doc = parse(vocab, [
        ("China", 3, "nsubj", "PROPN", "China"),
        ("and", 0, "cc", "CCONJ", "and"),
        ("Russia", 0, "conj", "PROPN", "Russia"),
        ("agreed", 3, "ROOT", "VERB", "agree"),
    ], {0: CHN, 2: RUS})
    dyads = {(e.source.code, e.target.code) for e in extractor.extract(doc)}
    assert dyads == {("CHN", "RUS"), ("RUS", "CHN")}


def test_noun_between_two_actors(vocab, extractor):
    # talks between China and Russia ended
    doc = parse(vocab, [
        ("Talks", 5, "nsubj", "NOUN", "talk"),
        ("between", 0, "prep", "ADP", "between"),
        ("China", 1, "pobj", "PROPN", "China"),
        ("and", 2, "cc", "CCONJ", "and"),
        ("Russia", 2, "conj", "PROPN", "Russia"),
        ("ended", 5, "ROOT", "VERB", "end"),
    ], {2: CHN, 4: RUS})
    events = extractor.extract(doc)
    assert {(e.event_type, e.source.code, e.target.code) for e in events} == {
        ("CONSULT", "CHN", "RUS"), ("CONSULT", "RUS", "CHN")}


def test_no_event_without_a_resolved_source(vocab, extractor):
    doc = parse(vocab, [
        ("He", 1, "nsubj", "PRON", "he"),
        ("criticized", 1, "ROOT", "VERB", "criticize"),
        ("Russia", 1, "dobj", "PROPN", "Russia"),
    ], {2: RUS})
    assert extractor.extract(doc) == []


def test_lexicon_error_names_file_and_line(tmp_path):
    bad = tmp_path / "lex.yaml"
    bad.write_text("- {lemma: meet, pos: verb, cameo: \"040\"}\n- {lemma: frob, pos: verb, cameo: \"999\"}\n")
    with pytest.raises(LexiconError, match=r"lex.yaml:2: unknown CAMEO code"):
        Lexicon.load(bad)


def test_lexicon_types_all_plover():
    lexicon = Lexicon.load()
    assert len(lexicon) > 150
    assert lexicon.candidates("invasion", "noun")[0].event_type == "ASSAULT"
    # the more specific reading comes first
    assert lexicon.candidates("call", "verb")[0].with_


def _nested_reports(vocab, levels: int):
    """"A said B said C said ... ": every reported clause holds all the later ones (issue 11's shape)."""
    countries = [USA, CHN, RUS, UKR]
    rows, actors = [], {}
    for k in range(levels):
        subject, verb = 2 * k, 2 * k + 1
        rows.append((countries[k % 4].name.split()[-1], verb, "nsubj", "PROPN", countries[k % 4].name))
        rows.append(("said", verb if k == 0 else verb - 2, "ROOT" if k == 0 else "ccomp", "VERB", "say"))
        actors[subject] = countries[k % 4]
    return parse(vocab, rows, actors)


def _python_calls(function) -> int:
    """Python function calls (and generator resumptions) made while running `function`: a measure of work that
    does not depend on the machine's load."""
    import sys

    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def test_nested_reported_clauses_cost_linear_work(vocab, extractor):
    # each clause used to be scanned for cue words whole: quadratic in the nesting (a 20,000-word sentence took
    # minutes). Four times the clauses must cost well under the 16 times of a quadratic scan.
    small, large = _nested_reports(vocab, 60), _nested_reports(vocab, 240)
    extractor.extract(small)  # warm caches (lexicon lookups, the CAMEO table)
    ratio = _python_calls(lambda: extractor.extract(large)) / _python_calls(lambda: extractor.extract(small))
    assert ratio < 8, ratio


def _many_anaphors(vocab, count: int):
    """"The United States said: the talks, the talks, ...": one long sentence of definite event nouns."""
    rows = [("US", 1, "nsubj", "PROPN", "United States"), ("said", 1, "ROOT", "VERB", "say")]
    for k in range(count):
        noun = len(rows) + 1
        rows += [("the", noun, "det", "DET", "the"), ("talks", 1, "npadvmod", "NOUN", "talk")]
    return parse(vocab, rows, {0: USA})


def test_many_event_nouns_in_one_sentence_cost_linear_work(vocab, extractor):
    # each definite event noun is evidence of an earlier happening; taking the sentence's text for each one
    # was quadratic. Four times the nouns must cost well under the 16 times of that.
    small, large = _many_anaphors(vocab, 100), _many_anaphors(vocab, 400)
    extractor.extract(small)
    ratio = _python_calls(lambda: extractor.extract(large)) / _python_calls(lambda: extractor.extract(small))
    assert ratio < 8, ratio
