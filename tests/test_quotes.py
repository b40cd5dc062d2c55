"""Direct quotations: the pure mark-pairing, the cue file loader, and attribution on parsed Docs."""

from __future__ import annotations

import pytest
import spacy

from thucydides.model import Actor, ActorMention
from thucydides.quotes import QuoteCueError, QuoteCues, find_quotations


def contents(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotations(text)]


# -- find_quotations (pure) -------------------------------------------------------------------------------


def test_straight_and_curly_quotes():
    text = 'The envoy said "talks resume on Friday" and later “we expect a deal soon.”'
    assert contents(text) == ["talks resume on Friday", "we expect a deal soon."]


def test_trailing_comma_and_spaces_are_not_content():
    text = "“ Harbours stay closed until further notice, ” the port authority said."
    (q,) = find_quotations(text)
    assert text[q.start:q.end] == "Harbours stay closed until further notice"
    assert text[q.open_at] == "“" and text[q.close_end - 1] == "”"


def test_quote_spanning_several_sentences_is_one():
    text = "“Prices rose again. Wages did not. Families are angry,” the union leader said."
    assert contents(text) == ["Prices rose again. Wages did not. Families are angry"]


def test_apostrophes_are_not_quotes():
    text = "Norway’s fleet didn’t leave port, and the sailors’ union kept its ’80s rules."
    assert find_quotations(text) == []


def test_single_curly_quotes_when_clearly_a_quotation():
    text = "Ministers Warn ‘We Will Not Pay Twice’ as Norway’s Budget Talks Stall"
    assert contents(text) == ["We Will Not Pay Twice"]


def test_single_quotes_nested_in_double_are_part_of_it():
    text = "“They told us ‘wait another year’ and we waited,” she said."
    assert contents(text) == ["They told us ‘wait another year’ and we waited"]


def test_other_style_marks_nest_inside_a_quotation():
    text = '"We watched the show “Harbour Lights” every night together," he said.'
    assert contents(text) == ["We watched the show “Harbour Lights” every night together"]


def test_doubled_straight_single_quotes_are_double_quotes():
    text = "''Nobody reads the annex,'' the auditor said. ''That is the problem.''"
    assert contents(text) == ["Nobody reads the annex", "That is the problem."]


def test_unbalanced_quote_is_capped_at_its_paragraph():
    text = ("“The first part of the statement goes on here and is never closed\n\n"
            "The next paragraph is narration with no quotation at all.\n\n"
            "“A later quotation closes properly,” the clerk said.")
    found = find_quotations(text)
    assert [text[q.start:q.end] for q in found] == [
        "The first part of the statement goes on here and is never closed",
        "A later quotation closes properly",
    ]
    assert [q.closed for q in found] == [False, True]
    assert "\n" not in text[found[0].start:found[0].end]


def test_stray_closing_mark_is_ignored():
    assert contents("The list ended here” and the meeting went on.") == []


# -- cue file loader -------------------------------------------------------------------------------------


def test_default_cues_load():
    cues = QuoteCues.load()
    assert {"say", "tell", "add", "write", "warn"} <= cues.verbs
    assert ("according", "to") in cues.phrases


@pytest.mark.parametrize("body, line, message", [
    ("verbs:\n  - say\n  - Said Loudly\n", 3, "lower-case lemma"),
    ("verbs:\n  - say\n  - say\n", 3, "listed twice"),
    ("verbs:\n  - say\nnouns:\n  - word\n", 3, "unknown key"),
    ("verbs:\n  - say\n  - yes\n", 3, "non-empty string"),  # YAML's yes is a boolean, not a word
    ("verbs:\n  - say\nphrases:\n  - according\n", 4, "two lower-case words"),
])
def test_bad_cue_entry_names_file_and_line(tmp_path, body, line, message):
    path = tmp_path / "cues.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(QuoteCueError, match=message) as error:
        QuoteCues.load(path)
    assert str(error.value).startswith(f"{path.resolve()}:{line}:")


# -- the component without a parser ----------------------------------------------------------------------


def test_component_on_blank_pipeline_finds_quotes_without_speakers():
    import thucydides.quotes  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("thucydides_quotes")
    doc = nlp.make_doc("He spoke. “The border stays open for trade,” he said, calling it “fair”.")
    doc._.article_id = "art7"
    doc = nlp.get_pipe("thucydides_quotes")(doc)
    assert [(q.id, q.article_id, q.text, q.speaker) for q in doc._.quotes] == [
        ("art7:q0", "art7", "The border stays open for trade", None),
    ]
    q = doc._.quotes[0]
    assert doc.text[q.span[0]:q.span[1]] == q.text


# -- attribution on parsed Docs (real model) -------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    import thucydides.quotes  # noqa: F401
    from thucydides.nlp import MODEL_NAME, register_extensions, split_at_line_breaks
    from spacy.language import Language

    register_extensions()
    if "thucydides_line_breaks" not in Language.factories:
        Language.component("thucydides_line_breaks", func=split_at_line_breaks)
    model = spacy.load(MODEL_NAME)
    model.add_pipe("thucydides_line_breaks", before="parser")
    model.add_pipe("thucydides_quotes")
    return model


def run(nlp, text: str, mentions: list[ActorMention] | None = None, article_id: str | None = None):
    """Parse, set the actor mentions by hand (as the actors component would), then run the quotes component."""
    with nlp.select_pipes(disable=["thucydides_quotes"]):
        doc = nlp(text)
    doc._.article_id = article_id
    doc._.actor_mentions = mentions
    return nlp.get_pipe("thucydides_quotes")(doc)._.quotes


def mention(text: str, phrase: str, actor: Actor | None, method: str = "registry", nth: int = 0) -> ActorMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return ActorMention(text=phrase, start=start, end=start + len(phrase), sentence_index=0, actor=actor, method=method)


BERG = Actor(name="Anna Berg", code="SWE", sector="GOV", kind="person", role="Foreign Minister")


@pytest.mark.model
def test_cue_after_with_coreferent_pronoun_and_continuation(nlp):
    text = ("Anna Berg arrived late. “We will not sign this treaty under pressure,” she said. "
            "“Our position has not changed at all.”")
    mentions = [mention(text, "Anna Berg", BERG), mention(text, "she", BERG, method="coref")]
    quotes = run(nlp, text, mentions, article_id="a1")
    assert [q.text for q in quotes] == ["We will not sign this treaty under pressure",
                                        "Our position has not changed at all."]
    assert [q.id for q in quotes] == ["a1:q0", "a1:q1"]
    for q in quotes:  # the second quotation has no cue of its own: it takes the adjacent sentence's speaker
        assert q.speaker is not None and q.speaker.text == "she"
        assert (q.speaker.name, q.speaker.code, q.speaker.sector) == ("Anna Berg", "SWE", "GOV")
        assert q.cue == "say"
        assert text[q.span[0]:q.span[1]] == q.text
    assert [q.sentence_index for q in quotes] == [1, 2]


@pytest.mark.model
def test_split_quote_inside_one_sentence_gives_two_quotes_same_speaker(nlp):
    text = "“The talks are finished,” the harbour minister said, “and nobody in this cabinet will reopen them.”"
    quotes = run(nlp, text, [])
    assert [q.text for q in quotes] == ["The talks are finished", "and nobody in this cabinet will reopen them."]
    assert {q.speaker.text for q in quotes} == {"the harbour minister"}
    assert all(q.speaker.name is None for q in quotes)  # a common noun with no mention: no name
    assert {q.cue for q in quotes} == {"say"}


@pytest.mark.model
def test_inverted_said_name_with_apposition(nlp):
    text = "“Our engineers will stay until the bridge is rebuilt,” said Tomas Varga, the transport minister."
    (q,) = run(nlp, text, None)
    assert q.speaker.text == "Tomas Varga"
    assert q.speaker.name == "Tomas Varga"  # no mentions: the proper name itself


@pytest.mark.model
def test_cue_before_with_colon_resolves_through_mention(nlp):
    text = "The Danish foreign ministry spokesman told reporters: “We reject these accusations completely.”"
    denmark = Actor(name="Denmark", code="DNK", sector="GOV", kind="country")
    (q,) = run(nlp, text, [mention(text, "Danish", denmark, method="demonym")])
    assert q.text == "We reject these accusations completely."
    assert q.cue == "tell"
    assert q.speaker.text == "The Danish foreign ministry spokesman"
    assert (q.speaker.name, q.speaker.code) == ("Denmark", "DNK")


@pytest.mark.model
def test_pronoun_without_mention_has_no_name(nlp):
    text = "“There is no alternative to dialogue with our neighbours,” he warned."
    (q,) = run(nlp, text, [])
    assert (q.speaker.text, q.speaker.name, q.cue) == ("he", None, "warn")


@pytest.mark.model
def test_scare_quotes_and_uncued_fragments_skipped_but_framed_short_quotes_kept(nlp):
    text = ("The agency called the figures “solid” and promised “swift action” next spring.\n\n"
            "The review praised “a steady and careful approach to the reform” in general.\n\n"
            "“Go home now,” the officer shouted.")
    quotes = run(nlp, text, [])
    assert [q.text for q in quotes] == ["Go home now"]
    assert quotes[0].speaker.text == "the officer"


@pytest.mark.model
def test_uncued_quote_borrows_adjacent_cue_sentence_only_in_its_paragraph(nlp):
    text = ("Irena Kovac said the vote would go ahead. “We have waited long enough for an answer.”\n\n"
            "“Nobody on the council expected such a large turnout.”")
    quotes = run(nlp, text, [])
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Irena Kovac", None]


@pytest.mark.model
def test_unbalanced_paragraph_quote_is_capped_and_continued(nlp):
    text = ("“The first step is a ceasefire along the whole river,” the mediator said. “The second step is an "
            "exchange of prisoners before winter\n\n"
            "“And the third step is a conference that both capitals attend.”\n\n"
            "The delegations left the hall in silence.")
    quotes = run(nlp, text, [])
    assert [q.text for q in quotes] == [
        "The first step is a ceasefire along the whole river",
        "The second step is an exchange of prisoners before winter",
        "And the third step is a conference that both capitals attend.",
    ]
    assert [q.speaker.text for q in quotes] == ["the mediator"] * 3
