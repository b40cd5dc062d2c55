"""Event nouns as events in their own right, and later mentions of one happening joined into one record.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import thucydides
from thucydides.events.lexicon import LexiconError
from thucydides.events.nominal import NominalRules


def _events(text: str):
    return thucydides.extract(text, published="2024-05-06").events


def _dyads(text: str) -> set[tuple[str, str | None, str | None]]:
    return {(e.event_type, e.source.code, e.target.code if e.target else None) for e in _events(text)}


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # a possessive source and an "of" victim, the noun standing as the subject of a verb of consequence
    ("Moscow's invasion of Georgia in 2008 killed hundreds of people.", ("ASSAULT", "RUS", "GEO")),
    # a participle hung on the noun: its agent is the source, its "on" object the target
    ("The sanctions imposed on Iran by the EU have hurt its economy.", ("SANCTION", "EU", "IRN")),
    # conjoined nationality words inside "between" name one party each
    ("A seven-hour meeting between the French and German ministers ended without a deal.", ("CONSULT", "FRA", "DEU")),
    # a hyphenated pair of countries before the noun
    ("The Russia-Ukraine talks lasted three hours.", ("CONSULT", "RUS", "UKR")),
    # the passive the noun is the subject of names the doer
    ("The attack on the Ukrainian town was carried out by Russia on Tuesday.", ("ASSAULT", "RUS", "UKR")),
    # the object of "during" or "amid", with its own actors
    ("During Turkey's incursion into Syria last year, Sweden froze arms sales.", ("ASSAULT", "TUR", "SYR")),
    # "the two presidents": the last two people named, one per country
    ("Emmanuel Macron and Olaf Scholz disagree on energy. A phone call between the two presidents on March 18 "
     "lasted two hours.", ("CONSULT", "FRA", "DEU")),
    # attending talks is taking part in them; joining someone for talks is meeting them
    ("Kenya's president attended talks with Uganda in Nairobi on Monday.", ("CONSULT", "KEN", "UGA")),
    ("The Japanese prime minister joined the South Korean president for talks on Monday.", ("CONSULT", "JPN", "KOR")),
    # kin nouns from the lexicon: a strike "on" a target is an attack; a warning "to" someone a threat
    ("Israel's strike on Syria's air base on Tuesday killed four soldiers.", ("ASSAULT", "ISR", "SYR")),
    ("Sudan's warning to Egypt was delivered in Cairo on Sunday.", ("THREATEN", "SDN", "EGY")),
    ("Hungary's rebuke of Brussels came after the vote.", ("ACCUSE", "HUN", "EU")),
])
def test_noun_phrase_gives_the_event(text: str, expected: tuple) -> None:
    assert expected in _dyads(text)


@pytest.mark.model
@pytest.mark.parametrize("text, absent", [
    # a topic or a wish is not a happening
    ("The prospect of sanctions against Cuba worried investors in Madrid.", "SANCTION"),
    ("Officials in Ottawa renewed calls for talks between Ethiopia and Eritrea.", "CONSULT"),
    ("A possible visit by the Indian prime minister to Nepal was discussed in Kathmandu.", "CONSULT"),
    # the object of a verb other than a light verb is the topic of that verb, reported elsewhere
    ("Germany condemned Russia's invasion of Ukraine.", "ASSAULT"),
    # a subject of a verb that asserts nothing of it ("would be a disaster")
    ("Analysts said a US strike on Iran would be a disaster.", "ASSAULT"),
    # background: an event that happened before the clause's act is told elsewhere
    ("Rebels have disarmed since the peace accord between Chad and Sudan, officials said.", "AGREE"),
    # a generic plural without actors
    ("Air strikes rarely end wars, the historian wrote.", "ASSAULT"),
])
def test_noun_that_is_not_a_happening_gives_no_event(text: str, absent: str) -> None:
    assert absent not in {t for t, _, _ in _dyads(text)}


@pytest.mark.model
def test_strike_on_a_date_is_a_walkout() -> None:
    # "on Monday" is a date, not the target of an attack
    found = {t for t, _, _ in _dyads("Oil workers in Nigeria began a strike on Monday.")}
    assert "PROTEST" in found and "ASSAULT" not in found


@pytest.mark.model
def test_the_phrase_dates_its_own_noun() -> None:
    # the sentence has two dates: the invasion's is the one inside its phrase
    text = "On Monday, Poland said that Russia's invasion of Ukraine on 24 February 2022 had displaced millions of people."
    [invasion] = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert (invasion.date, invasion.date_basis) == ("2022-02-24", "text")


@pytest.mark.model
@pytest.mark.parametrize("text, event_type, sentences", [
    # a verb first, then actorless definite nouns: one record, four mentions
    ("Germany's chancellor spoke with the Polish president on Friday. The call lasted an hour. During that "
     "conversation, the two leaders discussed energy. Officials later called the talks useful.", "CONSULT",
     [0, 1, 2, 3]),
    # a definite noun that names the same parties is the same happening
    ("Peru and Chile held talks in Lima on Monday. The talks between Peru and Chile ended without a deal.",
     "CONSULT", [0, 1]),
    # an attack told by a verb, then by a noun with its doer
    ("Rebels attacked a Nigerian army base on Sunday. The attack by the rebels killed nine soldiers.",
     "ASSAULT", [0, 1]),
])
def test_later_mentions_join_one_record(text: str, event_type: str, sentences: list[int]) -> None:
    events = [e for e in _events(text) if e.event_type == event_type]
    assert events, "the happening is coded"
    # "X and Y held talks" may be coded once per direction: the record holding the most mentions
    first = max(events, key=lambda e: len(e.mentions))
    assert first.sentence_index == 0
    assert sorted({m.sentence_index for m in first.mentions}) == sentences
    assert all(e.sentence_index == 0 for e in events), "no row for a later mention"
    assert all(m.sentence in text and m.trigger for m in first.mentions)


@pytest.mark.model
def test_different_happenings_are_not_joined() -> None:
    # a promised call is not the call that later happened, and two countries' calls are two calls
    text = ("Japan will call China next week. Kenya spoke with Uganda on Friday. The call lasted an hour.")
    events = _events(text)
    kenya = next(e for e in events if e.source.code in ("KEN", "UGA") and e.event_type == "CONSULT")
    assert [m.sentence_index for m in kenya.mentions] == [1, 2]
    assert not any(2 in {m.sentence_index for m in e.mentions} for e in events if e.source.code == "JPN")


@pytest.mark.model
def test_mentions_are_stored_and_read_back(tmp_path: Path) -> None:
    from thucydides.store import Store

    result = thucydides.extract("Kenya spoke with Uganda on Friday. The call lasted an hour.", published="2024-05-06")
    store = Store(tmp_path / "t.duckdb")
    store.write_results([result], run_id="r1")
    [row] = [r for r in store.events() if r["event_type"] == "CONSULT"][:1]
    assert [m["sentence_index"] for m in row["mentions"]] == [0, 1]
    with store.connect() as con:
        column = con.execute("SELECT mentions FROM events WHERE event_type = 'CONSULT' LIMIT 1").fetchone()[0]
    assert [m["sentence_index"] for m in json.loads(column)] == [0, 1]


@pytest.mark.parametrize("text, problem", [
    # an unknown key is named with its line
    ("anaphoric_determiners: [the]\nunasserting_modifiers: [possible]\ntopic_heads: [prospect]\n"
     "asserting_governors: [kill]\ntypo_key: [x]\n", ":5: unknown key 'typo_key'"),
    # a key whose value is not a list of words
    ("anaphoric_determiners: the\nunasserting_modifiers: [possible]\ntopic_heads: [prospect]\n"
     "asserting_governors: [kill]\n", ":1: `anaphoric_determiners` must be a list of words"),
])
def test_rules_file_errors_name_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "nominal_events.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=str(path).replace(".", r"\.") + problem.replace("[", r"\[")):
        NominalRules.load(path)


def test_packaged_rules_load() -> None:
    rules = NominalRules.load()
    assert "the" in rules.anaphoric_determiners and "possible" in rules.unasserting_modifiers


@pytest.mark.model
def test_possessive_mention_joins_and_each_mention_is_kept_once() -> None:
    # "Chad's invasion" is definite: the same invasion as the first sentence's, not a second record
    text = ("Chad invaded Niger on Monday. Chad's invasion of Niger drew protests in Abuja. "
            "The invasion was condemned in Dakar.")
    invasions = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert len(invasions) == 1
    spans = [(m.sentence_index, m.trigger_span) for m in invasions[0].mentions]
    assert [i for i, _ in spans] == [0, 1, 2] and len(set(spans)) == len(spans)


@pytest.mark.model
def test_joined_record_keeps_the_people_a_later_mention_names() -> None:
    # the first mention names countries, the second the two ministers: the record names the ministers
    text = "France spoke with Germany on Saturday. The call between Emmanuel Macron and Olaf Scholz lasted an hour."
    [call] = [e for e in _events(text) if e.event_type == "CONSULT"]
    assert [m.sentence_index for m in call.mentions] == [0, 1]
    assert {call.source.name, call.target.name if call.target else None} == {"Emmanuel Macron", "Olaf Scholz"}
