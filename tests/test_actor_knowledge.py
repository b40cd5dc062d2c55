"""The actor knowledge base (thucydides/actors/knowledge.py) on the packaged data files: no spaCy needed."""

from __future__ import annotations

from datetime import date

import pytest
from knowledge_files import append

from thucydides.actors.knowledge import ActorKnowledge, KnowledgeError


@pytest.fixture(scope="module")
def kb() -> ActorKnowledge:
    return ActorKnowledge.load()


def code_of(match):
    return match.actor.code if match else None


# ---------------------------------------------------------------- countries

@pytest.mark.parametrize("text, code", [
    ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("America", "USA"),
    ("Britain", "GBR"), ("UK", "GBR"), ("Great Britain", "GBR"),
    ("South Korea", "KOR"), ("Republic of Korea", "KOR"), ("North Korea", "PRK"), ("DPRK", "PRK"),
    ("People's Republic of China", "CHN"), ("Republic of China", "TWN"), ("Taiwan", "TWN"),
    ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Syria", "SYR"), ("Vietnam", "VNM"),
    ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Czech Republic", "CZE"), ("Czechia", "CZE"),
    ("Burma", "MMR"), ("Myanmar", "MMR"), ("Holland", "NLD"), ("Türkiye", "TUR"), ("Turkey", "TUR"),
    ("Kosovo", "XKX"), ("Guinea-Bissau", "GNB"), ("Guinea Bissau", "GNB"),
])
def test_country_names_and_variants(kb, text, code):
    match = kb.country(text)
    assert code_of(match) == code
    assert match.how == "country" and match.actor.kind == "country" and match.actor.sector is None


def test_country_actor_has_the_common_name(kb):
    assert kb.country("Russian Federation").actor.name == "Russia"
    assert kb.country("U.S.").actor.name == "United States"


@pytest.mark.parametrize("text, code", [
    ("Chinese", "CHN"), ("American", "USA"), ("Americans", "USA"), ("Russians", "RUS"), ("Ukrainian", "UKR"),
    ("Lithuanian", "LTU"), ("British", "GBR"), ("French", "FRA"), ("Israelis", "ISR"), ("Palestinians", "PSE"),
    ("Saudi", "SAU"), ("Emirati", "ARE"), ("Afghan", "AFG"), ("North Korean", "PRK"), ("South Koreans", "KOR"),
    ("Taiwanese", "TWN"), ("Turkish", "TUR"), ("Filipinos", "PHL"), ("Czechs", "CZE"), ("Swiss", "CHE"),
])
def test_demonyms(kb, text, code):
    match = kb.country(text)
    assert code_of(match) == code and match.how == "demonym"


def test_ambiguous_or_non_country_words_do_not_resolve(kb):
    assert kb.country("Kurdish") is None
    assert kb.country("Korean") is None
    assert kb.country("us") is None  # the pronoun, not the country
    assert kb.country("the States") is None


@pytest.mark.parametrize("text, code", [
    ("Beijing", "CHN"), ("Washington", "USA"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("White House", "USA"),
    ("Downing Street", "GBR"), ("Whitehall", "GBR"), ("Vilnius", "LTU"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
    ("Taipei", "TWN"), ("Pyongyang", "PRK"), ("TEHRAN", "IRN"), ("Jerusalem", "ISR"), ("Ramallah", "PSE"),
])
def test_capitals_and_metonyms_stand_for_the_government(kb, text, code):
    match = kb.country(text)
    assert code_of(match) == code
    assert match.how == "capital" and match.actor.sector == "GOV" and match.actor.kind == "country"


def test_brussels_is_the_eu_not_belgium(kb):
    match = kb.country("Brussels")
    assert match.actor.code == "EU" and match.actor.kind == "organization" and match.how == "capital"


def test_a_capital_named_like_its_country_stays_the_country(kb):
    assert kb.country("Luxembourg").how == "country"


def test_iso_codes_only_in_capitals(kb):
    assert kb.country("RUS").actor.code == "RUS"
    assert kb.country("can") is None


# ---------------------------------------------------------------- organisations

@pytest.mark.parametrize("text, code, sector", [
    ("United Nations", "UN", "IGO"), ("U.N.", "UN", "IGO"), ("the UN", "UN", "IGO"), ("Security Council", "UN", "IGO"),
    ("General Assembly", "UN", "IGO"), ("Human Rights Council", "UN", "IGO"), ("European Union", "EU", "IGO"),
    ("European Commission", "EU", "IGO"), ("NATO", "NATO", "IGO"), ("G-20", "G20", "IGO"), ("G7", "G7", "IGO"),
    ("ASEAN", "ASEAN", "IGO"), ("African Union", "AU", "IGO"), ("OSCE", "OSCE", "IGO"), ("WHO", "WHO", "IGO"),
    ("IMF", "IMF", "IGO"), ("World Bank", "WB", "IGO"), ("WTO", "WTO", "IGO"), ("IAEA", "IAEA", "IGO"),
    ("OPEC", "OPEC", "IGO"), ("Arab League", "LAS", "IGO"), ("Red Cross", "ICRC", "NGO"),
    ("Amnesty International", "AMNESTY", "NGO"), ("Human Rights Watch", "HRW", "NGO"),
    ("State Department", "USA", "GOV"), ("Department of State", "USA", "GOV"), ("the Pentagon", "USA", "MIL"),
    ("Congress", "USA", "LEG"), ("Senate", "USA", "LEG"), ("House of Representatives", "USA", "LEG"),
    ("Senate Foreign Relations Committee", "USA", "LEG"), ("Duma", "RUS", "LEG"), ("Xinhua", "CHN", "JRN"),
    ("CGTN", "CHN", "JRN"), ("China Global Television Network", "CHN", "JRN"), ("Global Times", "CHN", "JRN"),
    ("TASS", "RUS", "JRN"), ("BBC", "GBR", "JRN"), ("Reuters", "GBR", "JRN"), ("AFP", "FRA", "JRN"),
    ("Hamas", "PSE", "REB"), ("Hezbollah", "LBN", "REB"), ("ISIS", "IRQ", "REB"), ("Islamic State", "IRQ", "REB"),
])
def test_organizations(kb, text, code, sector):
    match = kb.organization(text)
    assert match is not None, text
    assert (match.actor.code, match.actor.sector) == (code, sector)


def test_organization_kinds_and_how(kb):
    assert kb.organization("NATO").how == "igo"
    assert kb.organization("Amnesty").how == "organization"
    hamas = kb.organization("Hamas")
    assert hamas.how == "group" and hamas.actor.kind == "group"


def test_acronyms_match_only_in_capitals(kb):
    assert kb.organization("who") is None
    assert kb.organization("WHO").actor.code == "WHO"


def test_dated_sector_of_a_group(kb):
    assert kb.organization("Taliban", date(2019, 6, 1)).actor.sector == "REB"
    assert kb.organization("the Taliban", date(2022, 6, 1)).actor.sector == "GOV"


def test_igo_parents(kb):
    assert kb.parent_of("WHO") == "UN"
    assert kb.parent_of("NATO") is None


# ---------------------------------------------------------------- sectors and titles

@pytest.mark.parametrize("text, sector, role", [
    ("foreign minister", "GOV", "Foreign Minister"),
    ("Secretary of State", "GOV", "Secretary of State"),
    ("foreign ministry spokesman", "GOV", "Spokesperson"),  # the head title, not the longer "foreign ministry"
    ("Chinese Foreign Ministry spokeswoman", "GOV", "Spokesperson"),
    ("Prime Minister of India", "GOV", "Prime Minister"),
    ("national security adviser", "GOV", "National Security Adviser"),
    ("defense minister", "GOV", "Defense Minister"),
    ("officials", "GOV", "Official"),
    ("senators", "LEG", "Senator"),
    ("opposition lawmaker", "LEG", "Lawmaker"),
    ("opposition leader", "OPP", "Opposition Leader"),
    ("ranking member", "LEG", "Ranking Member"),
    ("troops", "MIL", "Troops"),
    ("army officer", "MIL", "Army Officer"),
    ("police officers", "COP", "Police Officer"),
    ("judge", "JUD", "Judge"),
    ("separatists", "REB", "Separatist"),
    ("protesters", "CVL", "Protester"),
    ("state media", "JRN", "State Media"),
    ("CEO", "BUS", "CEO"),
    ("ruling party", "PTY", "Ruling Party"),
    ("a bus full of students", "CVL", "Student"),  # nothing before "of": the first title after it
    ("former president", "ELI", "former President"),
    ("ex-foreign minister", "ELI", "former Foreign Minister"),
])
def test_sector_of(kb, text, sector, role):
    assert kb.sector_of(text) == (sector, role)


def test_sector_of_nothing(kb):
    assert kb.sector_of("a large orange cat") is None
    assert kb.sector_of("") is None


# ---------------------------------------------------------------- people

def test_person_role_on_a_date(kb):
    actor = kb.person("Antony Blinken", date(2022, 3, 7)).actor
    assert (actor.code, actor.sector, actor.kind, actor.role) == ("USA", "GOV", "person", "Secretary of State")


def test_person_aliases(kb):
    assert kb.person("Tony Blinken", date(2022, 3, 7)).actor.name == "Antony Blinken"
    assert kb.person("Volodymyr Zelenskyy", date(2022, 3, 7)).actor.name == "Volodymyr Zelensky"
    assert kb.person("Sergei Lavrov", date(2022, 3, 7)).actor.role == "Foreign Minister"


def test_former_office_holder_is_elite_without_role(kb):
    actor = kb.person("Antony Blinken", date(2026, 2, 1)).actor
    assert (actor.code, actor.sector, actor.role) == ("USA", "ELI", None)


def test_person_before_any_office_has_country_but_no_sector(kb):
    actor = kb.person("Keir Starmer", date(2015, 1, 1)).actor
    assert (actor.code, actor.sector, actor.role) == ("GBR", None, None)


def test_wang_yi_changes_office(kb):
    assert kb.person("Wang Yi", date(2022, 6, 1)).actor.role == "Foreign Minister"
    assert kb.person("Wang Yi", date(2023, 3, 15)).actor.role.startswith("Director of the Office")
    assert kb.person("Wang Yi", date(2024, 1, 10)).actor.role == "Foreign Minister"


def test_putin_over_the_years(kb):
    assert kb.person("Vladimir Putin", date(2005, 1, 1)).actor.role == "President"
    assert kb.person("Vladimir Putin", date(2010, 1, 1)).actor.role == "Prime Minister"
    assert kb.person("Vladimir Putin", date(2020, 1, 1)).actor.role == "President"


def test_trump_gap_between_terms(kb):
    assert kb.person("Donald Trump", date(2019, 1, 1)).actor.sector == "GOV"
    assert kb.person("Donald Trump", date(2022, 1, 1)).actor.sector == "ELI"
    assert kb.person("Donald Trump", date(2025, 6, 1)).actor.role == "President"


def test_person_without_date_gets_current_role(kb):
    assert kb.person("Marco Rubio").actor.role == "Secretary of State"
    assert kb.person("Angela Merkel").actor.role == "Chancellor"  # no current role: the latest one


def test_unknown_person_and_bare_surname_are_not_found(kb):
    assert kb.person("Jane Q. Nobody", date(2022, 1, 1)) is None
    assert kb.person("Blinken", date(2022, 1, 1)) is None  # surnames are not aliases


def test_person_by_surname_needs_one_holder_on_the_date(kb):
    assert kb.person_by_surname("Blinken", date(2022, 1, 1)).actor.name == "Antony Blinken"
    assert kb.person_by_surname("Blinken", date(2026, 2, 1)) is None
    assert kb.person_by_surname("Wang", date(2022, 1, 1)) is None  # Wang Yi and Wang Wenbin
    assert kb.person_by_surname("Xi", date(2022, 1, 1)).actor.name == "Xi Jinping"


def test_registry_size_and_igo_heads(kb):
    people = kb.people()
    assert len(people) >= 150
    assert kb.person("Antonio Guterres", date(2022, 1, 1)).actor.code == "UN"
    assert kb.person("Jens Stoltenberg", date(2022, 1, 1)).actor.code == "NATO"
    assert kb.person("Mark Rutte", date(2025, 1, 1)).actor.code == "NATO"


# ---------------------------------------------------------------- phrases

@pytest.mark.parametrize("text, code", [
    ("Republic of China", "TWN"), ("People's Republic of China", "CHN"), ("three Kenyan runners", "KEN"),
    ("a British frigate", "GBR"), ("a U.S. carrier group", "USA"), ("Sudanese rebels", "SDN"),
    ("South Sudanese troops", "SSD"), ("Prime Minister of Japan", "JPN"), ("Peru’s congress", "PER"),
    ("a Niger-based group", "NER"), ("Brussels officials", "EU"), ("a large orange cat", None),
    ("let us go", None), ("a turkey dinner with Bob", None),
])
def test_find_country(kb, text, code):
    assert kb.find_country(text) == code


@pytest.mark.parametrize("text, on, code, sector", [
    ("Chinese Foreign Ministry spokesman", None, "CHN", "GOV"),
    ("U.S. Senator Marco Rubio", date(2021, 5, 1), "USA", "LEG"),
    ("Secretary of State Marco Rubio", date(2025, 5, 1), "USA", "GOV"),
    ("State Department spokesperson", None, "USA", "GOV"),
    ("Hamas spokesman", None, "PSE", "REB"),  # a generic office keeps its group's sector
    ("European Union lawmakers", None, "EU", "LEG"),
    ("a former Pentagon official", None, "USA", "ELI"),
    ("Peruvian ambassador to the United Nations", None, "PER", "GOV"),  # the owner comes first
    ("Kenyan farmers", None, "KEN", "AGR"),
    ("Taliban", date(2023, 1, 1), "AFG", "GOV"),
    ("an al-Shabaab attack", None, "SOM", "REB"),  # a name written in lower case in the data matches as written
])
def test_resolve_phrase(kb, text, on, code, sector):
    match = kb.resolve_phrase(text, on)
    assert (match.actor.code, match.actor.sector) == (code, sector)


def test_resolve_phrase_uses_context_country_and_refuses_nonsense(kb):
    assert kb.resolve_phrase("the interior ministry", None, context="Nigerian").actor.code == "NGA"
    assert kb.resolve_phrase("a ball of string") is None


# ---------------------------------------------------------------- loader errors



def test_loader_accepts_a_valid_new_person(data_copy):
    append(data_copy / "people.yaml",
           "  - name: Ada Example\n    roles:\n      - {code: LTU, sector: GOV, role: Minister, start: 2021-02, end: null}\n")
    kb = ActorKnowledge.load(data_copy)
    assert kb.person("Ada Example", date(2021, 2, 1)).actor.code == "LTU"
    assert kb.person("Ada Example", date(2021, 1, 31)).actor.sector is None


@pytest.mark.parametrize("entry, line_offset, message", [
    ("  - aliases: [Nameless]\n    roles: []\n", 0, "missing 'name'"),
    ("  - name: Bad Date\n    roles:\n      - {code: FRA, sector: GOV, role: Minister, start: 2021-13-01}\n", 2, "bad date"),
    ("  - name: Bad Sector\n    roles:\n      - {code: FRA, sector: XYZ, role: Minister, start: 2021-01-01}\n", 2, "unknown sector"),
    ("  - name: Bad Code\n    roles:\n      - {code: QQQ, sector: GOV, role: Minister, start: 2021-01-01}\n", 2, "unknown country"),
    ("  - name: Backwards\n    roles:\n      - {code: FRA, sector: GOV, role: Minister, start: 2021-01-01, end: 2020-01-01}\n", 2, "ends before"),
    ("  - name: Antony Blinken\n    roles:\n      - {code: USA, sector: GOV, role: Clerk, start: 2001-01-01}\n", 0, "already names"),
])
def test_people_schema_errors_name_file_and_line(data_copy, entry, line_offset, message):
    line = append(data_copy / "people.yaml", entry)
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("people.yaml")
    assert err.value.line == line + line_offset
    assert message in err.value.message


def test_yaml_syntax_error_names_file_and_line(data_copy):
    line = append(data_copy / "organizations.yaml", "  - {name: Broken, code: [USA\n")
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("organizations.yaml")
    assert err.value.line is not None and err.value.line >= line
    assert "organizations.yaml:" in str(err.value)


def test_capital_with_unknown_code(data_copy):
    line = append(data_copy / "capitals.yaml", "  - {name: Atlantis City, code: ATL}\n")
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("capitals.yaml") and err.value.line == line


def test_unknown_sector_in_sectors_file(data_copy):
    line = append(data_copy / "sectors.yaml", "  XYZ:\n    - wizard\n")
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("sectors.yaml") and err.value.line == line + 1


def test_demonyms_row_with_wrong_columns(data_copy):
    line = append(data_copy / "demonyms.tsv", "FRA\tFrance\tFrench\n")
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("demonyms.tsv") and err.value.line == line
    assert "4 tab-separated columns" in err.value.message


def test_title_listed_under_two_sectors(data_copy):
    line = append(data_copy / "sectors.yaml", "  ELI:\n    - judge\n")
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.line == line + 1 and "already listed under JUD" in err.value.message


# ---------------------------------------------------------------- people known by surname alone

def test_person_known_by_surname_in_and_out_of_office(kb):
    assert kb.person_known_by_surname("Putin", date(2022, 3, 1)).actor.name == "Vladimir Putin"
    found = kb.person_known_by_surname("Gorbachev", date(2010, 1, 1))  # long out of office: still him, as ELI
    assert (found.actor.name, found.actor.sector, found.how) == ("Mikhail Gorbachev", "ELI", "surname")
    assert kb.person_known_by_surname("Mitterrand", date(1990, 1, 1)).actor.role == "President"


def test_person_known_by_surname_alias_spellings(kb):
    assert kb.person_known_by_surname("Zelenskyy").actor.name == "Volodymyr Zelensky"
    assert kb.person_known_by_surname("Gadhafi", date(2000, 1, 1)).actor.code == "LBY"
    assert kb.person_known_by_surname("al-Assad", date(2015, 1, 1)).actor.name == "Bashar al-Assad"
    assert kb.person_known_by_surname("Silva") is None  # the name's own last word is not Lula's surname


def test_person_known_by_surname_shared_surnames_need_the_date(kb):
    assert kb.person_known_by_surname("Bush", date(1990, 6, 1)).actor.name == "George H. W. Bush"
    assert kb.person_known_by_surname("Bush", date(2005, 6, 1)).actor.name == "George W. Bush"
    assert kb.person_known_by_surname("Bush") is None  # two flagged Bushes and no date
    assert kb.person_known_by_surname("Bush", date(2015, 6, 1)) is None  # neither in office


def test_person_known_by_surname_refuses_unflagged_and_unknown(kb):
    assert kb.person_known_by_surname("Wang", date(2022, 1, 1)) is None  # common surname: never flagged
    assert kb.person_known_by_surname("Nobodyson") is None


def test_resolve_phrase_falls_back_on_a_known_surname(kb):
    # two Premadasas in the registry, neither in office in 2010: only the flagged one is named by surname alone
    match = kb.resolve_phrase("Premadasa", date(2010, 1, 1))
    assert (match.actor.name, match.actor.code, match.actor.sector, match.how) == (
        "Ranasinghe Premadasa", "LKA", "ELI", "surname")
    assert kb.resolve_phrase("Arafat", date(1990, 1, 1)).actor.sector == "REB"  # PLO chairman before Oslo


def test_transnational_leader_has_no_country(kb):
    actor = kb.person("Osama bin Laden", date(2001, 9, 1)).actor
    assert (actor.code, actor.sector) == (None, "REB")


@pytest.mark.parametrize("text, code", [
    ("Bosnian Serbs", "BIH"), ("Congolese", "COD"), ("Kosovo Albanians", "XKX"), ("Soviet", "RUS"),
    ("the Soviet Union", "RUS"), ("Sahrawi", "ESH"), ("Sierra Leonean", "SLE"), ("Burkinabe", "BFA"),
])
def test_more_demonyms_and_historical_names(kb, text, code):
    assert code_of(kb.country(text)) == code


@pytest.mark.parametrize("text, on, code, sector", [
    ("European Economic Community", None, "EU", "IGO"), ("OAU", None, "AU", "IGO"),
    ("ANC", date(1985, 1, 1), "ZAF", "OPP"), ("ANC", date(2000, 1, 1), "ZAF", "PTY"),
    ("Tamil Tigers", None, "LKA", "REB"), ("UNITA", date(1990, 1, 1), "AGO", "REB"), ("UNITA", date(2010, 1, 1), "AGO", "OPP"),
    ("Khmer Rouge", date(1977, 1, 1), "KHM", "GOV"), ("Khmer Rouge", date(1985, 1, 1), "KHM", "REB"),
])
def test_more_organizations(kb, text, on, code, sector):
    actor = kb.organization(text, on).actor
    assert (actor.code, actor.sector) == (code, sector)


@pytest.mark.parametrize("text, sector", [
    ("security forces", "COP"), ("Jewish settlers", "CVL"), ("factory workers", "LAB"), ("tribal elders", "CVL"),
    ("detainees", "CVL"), ("military spokesman", "MIL"), ("suicide bomber", "REB"), ("junta", "GOV"),
])
def test_more_titles(kb, text, sector):
    assert kb.sector_of(text)[0] == sector


# ---------------------------------------------------------------- known_by_surname in the loader

PERSON = "  - name: {name}\n{extra}    roles:\n      - {{code: FRA, sector: GOV, role: Minister, start: 2001-01-01, end: 2002-01-01}}\n"


def test_loader_reads_known_by_surname(data_copy):
    append(data_copy / "people.yaml", PERSON.format(name="Ada Zwiebelbaum", extra="    known_by_surname: true\n")
           + PERSON.format(name="Bob Quargelhuber", extra="    known_by_surname: false\n"))
    kb = ActorKnowledge.load(data_copy)
    assert kb.person_known_by_surname("Zwiebelbaum", date(2010, 1, 1)).actor.name == "Ada Zwiebelbaum"
    assert kb.person_known_by_surname("Quargelhuber", date(2001, 6, 1)) is None


@pytest.mark.parametrize("extra, offset, message", [
    ("    known_by_surname: yes please\n", 1, "expected true or false"),
    ("    known_by_surname: \"true\"\n", 1, "expected true or false"),
    ("    known_by_surname: [true]\n", 1, "expected true or false"),
    ("    known_by_surnam: true\n", 1, "unknown field 'known_by_surnam'"),
])
def test_loader_rejects_bad_known_by_surname(data_copy, extra, offset, message):
    line = append(data_copy / "people.yaml", PERSON.format(name="Cy Example", extra=extra))
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("people.yaml") and err.value.line == line + offset
    assert message in err.value.message


# ---------------------------------------------------------------- gender

def test_gender_of_registry_people_by_name_and_alias(kb):
    assert kb.gender_of("Theresa May") == "f"
    assert kb.gender_of("Volodymyr Zelensky") == "m"
    assert kb.gender_of("Vladimir Zelenskiy") == "m"  # an alias
    assert kb.gender_of("Mariya Zakharova") == "f"  # an alias


def test_gender_of_unknown_name_is_none(kb):
    assert kb.gender_of("Ada Nobody") is None
    assert kb.gender_of("May") is None  # a bare surname is not a registry name


def test_loader_reads_gender_and_leaves_it_out_when_absent(data_copy):
    append(data_copy / "people.yaml", PERSON.format(name="Ada Zwiebelbaum", extra="    gender: f\n")
           + PERSON.format(name="Bob Quargelhuber", extra=""))
    kb = ActorKnowledge.load(data_copy)
    assert kb.gender_of("Ada Zwiebelbaum") == "f"
    assert kb.gender_of("Bob Quargelhuber") is None
    assert next(p for p in kb.people() if p.name == "Ada Zwiebelbaum").gender == "f"


@pytest.mark.parametrize("extra", ["    gender: x\n", "    gender: female\n", "    gender: [f]\n", "    gender: F\n"])
def test_loader_rejects_bad_gender(data_copy, extra):
    line = append(data_copy / "people.yaml", PERSON.format(name="Cy Example", extra=extra))
    with pytest.raises(KnowledgeError) as err:
        ActorKnowledge.load(data_copy)
    assert err.value.path.endswith("people.yaml") and err.value.line == line + 1
    assert "Cy Example: gender: expected f or m" in err.value.message


def test_one_edit_apart() -> None:
    from thucydides.actors.knowledge import _one_edit_apart

    assert _one_edit_apart("bashir", "bachir") and _one_edit_apart("gbagbo", "gbago")
    assert _one_edit_apart("ethiopia", "ethopia") and not _one_edit_apart("ethiopia", "ethiopia")
    assert not _one_edit_apart("abc", "acb") and not _one_edit_apart("abc", "abcde")


def test_misspelt_registry_names_and_countries(kb: ActorKnowledge) -> None:
    assert kb.person_misspelt("Joe Bidden").actor.code == "USA"
    assert kb.person_misspelt("Vladimir Putn").actor.code == "RUS"
    assert kb.person_misspelt("Bidden") is None  # a single word is too little to go on
    assert kb.country_misspelt("Ethopia").actor.code == "ETH"
    assert kb.country_misspelt("Gambja").actor.code == "GMB"
    assert kb.country_misspelt("Irak") is None  # short names are too close to each other
    assert kb.country_misspelt("Austrlia") is None  # one slip from Australia and from Austria: ambiguous
