"""Peoples (thucydides/data/peoples.yaml): the loader, the look-ups, and how the actors component codes an ethnic
group by the state it lives in. Sentences are invented for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from knowledge_files import append

from thucydides.actors.knowledge import ActorKnowledge, KnowledgeError


@pytest.fixture(scope="module")
def kb() -> ActorKnowledge:
    return ActorKnowledge.load()




# ---------------------------------------------------------------- knowledge (no spaCy)

@pytest.mark.parametrize("text, name", [
    ("Kurds", "Kurds"), ("Kurdish", "Kurds"), ("the Hutu", "Hutu"), ("Ibo", "Igbo"), ("Igbos", "Igbo"),
    ("Uighur", "Uyghurs"), ("Baloch", "Baluch"), ("Crimean Tatars", "Crimean Tatars"), ("Tatars", "Tatars"),
])
def test_ethnic_group_forms(kb, text, name):
    assert kb.ethnic_group(text).name == name


def test_peoples_are_not_countries(kb):
    assert kb.country("Kurdish") is None and kb.country("Yoruba") is None
    assert kb.ethnic_group("Albanians") is None  # a demonym: Albania, or a minority by the kin rule


def test_candidate_countries_in_order(kb):
    assert kb.ethnic_group("Kurds").countries[:2] == ("TUR", "IRQ")
    assert kb.ethnic_group("Hutu").countries[0] == "BDI"
    assert "MKD" in kb.kin_group("ALB").countries and kb.kin_group("ALB").kin == "ALB"
    assert kb.kin_group("USA") is None


def test_find_ethnic_groups_in_free_text(kb):
    text = "Igbo traders and Hausa herders met; kurdish was lower case"
    found = [(text[s:e], g.name) for s, e, g in kb.find_ethnic_groups(text)]
    assert found == [("Igbo", "Igbo"), ("Hausa", "Hausa")]


def test_anti_never_names_the_country(kb):
    assert kb.find_country("an anti-American preacher") is None
    assert kb.find_country("anti Syria writers") is None
    assert kb.find_country("pro-Russian militias") == "RUS"
    assert kb.find_country("anti-war Canadians") == "CAN"  # only the word right after "anti"
    phrase = kb.resolve_phrase("anti-Japanese activists")
    assert phrase is None or phrase.actor.code != "JPN"


@pytest.mark.parametrize("entry, message", [
    ("  - {name: Nowhere People, forms: [Nowherean], countries: [QQQ]}\n", "unknown ISO 3166-1"),
    ("  - {name: Formless, countries: [FRA]}\n", "missing 'forms'"),
    ("  - {name: Homeless, forms: [Homelessian]}\n", "missing 'countries'"),
    ("  - {name: Albanian Again, forms: [Albanian], countries: [MKD]}\n", "already names the country ALB"),
    ("  - {name: Second Kurds, forms: [Kurd], countries: [IRQ]}\n", "already names 'Kurds'"),
    ("  - {name: Odd, forms: [Oddish], countries: [FRA], language: Oddic}\n", "unknown field 'language'"),
    ("  - {name: Kin With Forms, kin: FRA, forms: [Frenchy], countries: [BEL]}\n", "not from forms"),
    ("  - {name: Kin At Home, kin: NOR, countries: [NOR, SWE]}\n", "not a minority home"),
    ("  - {name: Twice, forms: [Twicean], countries: [FRA, FRA]}\n", "listed twice"),
])
def test_peoples_schema_errors_name_file_and_line(data_copy, entry, message):
    line = append(data_copy / "peoples.yaml", entry)
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("peoples.yaml")
    assert err.value.line == line
    assert message in err.value.message
    assert f"peoples.yaml:{line}:" in str(err.value)


def test_loader_accepts_a_new_people(data_copy):
    append(data_copy / "peoples.yaml", "  - {name: Zorbans, forms: [Zorban], countries: [NOR, SWE]}\n")
    kb = ActorKnowledge.load(data_copy)
    assert kb.ethnic_group("Zorbans").countries == ("NOR", "SWE")


# ---------------------------------------------------------------- resolution (real model)

@pytest.fixture(scope="module")
def nlp():
    from thucydides.nlp import build_pipeline

    return build_pipeline(components=("thucydides_actors",))


def actor_of(nlp, text, words):
    doc = nlp.make_doc(text)
    doc._.published = date(2021, 5, 4)
    doc = nlp(doc)
    found = [m for m in doc._.actor_mentions if words in m.text]
    assert found, f"no mention with {words!r} in {[m.text for m in doc._.actor_mentions]}"
    return found[0].actor


def codes(nlp, text):
    doc = nlp.make_doc(text)
    doc._.published = date(2021, 5, 4)
    return {m.actor.code for m in nlp(doc)._.actor_mentions if m.actor}


@pytest.mark.model
@pytest.mark.parametrize("text, words, code, sector", [
    # no place, no country in the sentence: the people's first state; the head noun gives the sector
    ("Yoruba leaders called for a boycott of the census.", "Yoruba", "NGA", "ELI"),
    ("A Hutu rebel group turned down the offer of talks.", "Hutu", "BDI", "REB"),
    ("Tamil rebels ambushed an army patrol at dawn.", "Tamil", "LKA", "REB"),
    ("Igbo elders asked the governor to free the students.", "Igbo", "NGA", "CVL"),
    # placed by a preposition or a participle
    ("Kurds living in Sweden rallied outside the parliament.", "Kurds", "SWE", "CVL"),
    ("The Kurds of northern Syria asked for more aid.", "Kurds", "SYR", "CVL"),
    # one of its states named in the sentence, a place of the clause first
    ("A Hutu militia raided a village in Rwanda overnight.", "Hutu", "RWA", None),
    ("Kurdish fighters clashed with soldiers inside Iran on Sunday.", "Kurdish", "IRN", "REB"),
    # a country word on the noun
    ("Iranian Kurds fled across the mountains.", "Kurds", "IRN", "CVL"),
])
def test_people_without_one_state(nlp, text, words, code, sector):
    actor = actor_of(nlp, text, words)
    assert actor.code == code
    if sector:
        assert actor.sector == sector


@pytest.mark.model
@pytest.mark.parametrize("text, words, code", [
    ("Ethnic Albanians in Montenegro voted for their own party.", "Albanians", "MNE"),
    ("The Hungarians of southern Slovakia asked for bilingual signs.", "Hungarians", "SVK"),
    ("Russians in Estonia demanded easier citizenship tests.", "Russians", "EST"),
    ("Ethnic Germans held a festival, Kazakh officials said.", "Germans", "KAZ"),
    ("Ethnic Albanian gunmen fired on a checkpoint near Tetovo.", "Albanian", "MKD"),
])
def test_minority_takes_the_state_it_lives_in(nlp, text, words, code):
    assert actor_of(nlp, text, words).code == code


@pytest.mark.model
def test_a_demonym_placed_abroad_without_ethnic_stays_its_country(nlp):
    # Americans are listed nowhere as a minority: Americans in Iraq are Americans
    assert actor_of(nlp, "Americans in Iraq complained about the new curfew.", "Americans").code == "USA"
    assert actor_of(nlp, "Albanians marched in Tirana on Friday.", "Albanians").code == "ALB"


@pytest.mark.model
def test_anti_x_is_never_x(nlp):
    assert "SYR" not in codes(nlp, "An anti-Syria columnist was shot dead in Beirut.")
    assert actor_of(nlp, "An anti-Syria columnist was shot dead in Beirut.", "columnist").code == "LBN"
    protesters = actor_of(nlp, "Anti-American protesters marched in Lahore.", "protesters")
    assert protesters.code == "PAK"
    assert "USA" not in codes(nlp, "An anti-American preacher condemned the visit.")


@pytest.mark.model
def test_pro_x_prefers_the_place(nlp):
    assert actor_of(nlp, "Pro-Russian fighters in Moldova seized a depot.", "fighters").code == "MDA"


@pytest.mark.model
def test_a_given_name_is_not_a_people(nlp):
    doc = nlp.make_doc("Karen Mills spoke on Monday. Karen later left the room.")
    doc._.published = date(2021, 5, 4)
    found = nlp(doc)._.actor_mentions
    assert not any(m.method == "people" for m in found)


@pytest.mark.model
def test_a_country_word_on_the_noun_beats_the_place(nlp):
    assert actor_of(nlp, "Iraqi Kurds in Germany held a vigil.", "Kurds").code == "IRQ"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Drought hit the Afar region last month.",  # a place named after a people
    "Police in Tamil Nadu detained two fishermen.",  # a people's word inside a place name
    "The anti-Kurdish decree was signed on Monday.",  # about them, not by them
])
def test_places_and_stances_named_after_a_people_are_not_the_people(nlp, text):
    doc = nlp.make_doc(text)
    doc._.published = date(2021, 5, 4)
    assert not any(m.method == "people" for m in nlp(doc)._.actor_mentions)
