"""Users' own knowledge (issue 13 item 2): actor and lexicon files added to, or replacing, the packaged data,
through the one data-file layer (thucydides.datafile), with errors naming the file and the line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thucydides.actors.knowledge import ActorKnowledge, KnowledgeError
from thucydides.cli import app
from thucydides.config import load_config
from thucydides.datafile import DataFileError
from thucydides.events.lexicon import Lexicon, LexiconError

# invented people and bodies; the sentences below are written for this test
ACTORS = """\
people:
  - name: Mara Voss
    roles:
      - {code: DEU, sector: GOV, role: Trade Minister, start: 2020-01}
international:
  - name: Northern Rivers Commission
    code: NRC
    sector: IGO
    aliases: [the Rivers Commission]
"""
LEXICON = '- {lemma: upbraid, pos: verb, cameo: "111"}\n'
TEXT = ("Trade Minister Mara Voss met the Rivers Commission in Geneva on Monday.\n\n"
        "Mara Voss upbraided France on Tuesday.")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    actors, lexicon = tmp_path / "actors.yaml", tmp_path / "triggers.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    lexicon.write_text(LEXICON, encoding="utf-8")
    return actors, lexicon


def test_user_actors_resolve(files: tuple[Path, Path]) -> None:
    kb = ActorKnowledge.load(extra_files=[files[0]])
    person = kb.resolve_phrase("Mara Voss", date(2023, 1, 1), None).actor
    assert (person.code, person.sector, person.role) == ("DEU", "GOV", "Trade Minister")
    body = kb.resolve_phrase("the Rivers Commission", date(2023, 1, 1), None).actor
    assert (body.name, body.code, body.sector) == ("Northern Rivers Commission", "NRC", "IGO")
    assert ActorKnowledge.load().resolve_phrase("Mara Voss", date(2023, 1, 1), None) is None  # packaged: unknown


def test_a_user_entry_replaces_the_packaged_one_of_the_same_name(tmp_path: Path) -> None:
    packaged = ActorKnowledge.load()
    name = packaged._persons[0].name  # whoever the registry lists first
    path = tmp_path / "override.yaml"
    path.write_text(f"people:\n  - name: {name}\n    roles:\n      - {{code: FRA, sector: MIL, role: Admiral, "
                    f"start: 1900}}\n", encoding="utf-8")
    actor = ActorKnowledge.load(extra_files=[path]).resolve_phrase(name, date(2020, 1, 1), None).actor
    assert (actor.code, actor.sector, actor.role) == ("FRA", "MIL", "Admiral")


def test_user_lexicon_adds_and_replaces(tmp_path: Path, files: tuple[Path, Path]) -> None:
    assert not Lexicon.load().candidates("upbraid", "verb")
    [added] = Lexicon.load(extra=[files[1]]).candidates("upbraid", "verb")
    assert (added.event_type, added.cameo.code) == ("ACCUSE", "111")
    replace = tmp_path / "meet.yaml"
    replace.write_text('- {lemma: meet, pos: verb, cameo: "046"}\n', encoding="utf-8")
    assert [t.cameo.code for t in Lexicon.load(extra=[replace]).candidates("meet", "verb")] == ["046"]


@pytest.mark.parametrize("text, error, where", [
    # an unknown sector in a role
    ("people:\n  - name: A B\n    roles:\n      - {code: DEU, sector: XYZ, role: Envoy, start: 2020}\n",
     KnowledgeError, ":4: unknown sector 'XYZ'"),
    # a date that is not one
    ("people:\n  - name: A B\n    roles:\n      - {code: DEU, sector: GOV, role: Envoy, start: soon}\n",
     KnowledgeError, ":4: bad date 'soon'"),
    # a section the file format does not have
    ("people: []\nparties:\n  - name: X\n", KnowledgeError, ":3: unknown section 'parties'"),
    # broken YAML
    ("people:\n  - name: [unclosed\n", KnowledgeError, ":3: YAML error"),
])
def test_bad_actor_files_name_their_line(tmp_path: Path, text: str, error: type, where: str) -> None:
    path = tmp_path / "bad_actors.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=r"bad_actors\.yaml" + where.replace("[", r"\[")):
        ActorKnowledge.load(extra_files=[path])


@pytest.mark.parametrize("text, where", [
    ('- {lemma: scold, pos: verb, cameo: "999"}\n', ":1: unknown CAMEO code '999'"),        # no such code
    ('- {lemma: scold, pos: verb, cameo: "111"}\n- {lemma: x, pos: adverb, cameo: "111"}\n',
     ":2: pos must be verb or noun"),                                                        # second entry bad
    ('- {lemma: scold, pos: verb, cameo: "111", with: [on]}\n', ":1: `with` words must be strings"),  # YAML's on
    ('- {lemma: scold, pos: verb, cameo: "111", requires_target: "yes"}\n', ":1: `requires_target` must be true"),
])
def test_bad_lexicon_files_name_their_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad_lex.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad_lex\.yaml" + where.replace("`", "`")):
        Lexicon.load(extra=[path])
    assert issubclass(LexiconError, DataFileError) and issubclass(KnowledgeError, DataFileError)


def test_config_file(tmp_path: Path, files: tuple[Path, Path]) -> None:
    config = tmp_path / "thucydides.toml"
    config.write_text('[knowledge]\nactors = ["actors.yaml"]\nlexicon = "triggers.yaml"\n', encoding="utf-8")
    loaded = load_config(config)
    assert loaded.actors == (tmp_path / "actors.yaml",) and loaded.lexicons == (tmp_path / "triggers.yaml",)
    config.write_text('[knowledge]\nactor = ["actors.yaml"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"thucydides\.toml: \[knowledge\]: unknown key 'actor'"):
        load_config(config)


def test_cli_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: A B\n    roles: []\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--db", str(tmp_path / "x.duckdb"), "--actors", str(bad)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: ") and "bad.yaml:3" in line and "roles must be a non-empty list" in line


@pytest.mark.model
def test_user_knowledge_changes_the_coding_of_a_sentence(files: tuple[Path, Path]) -> None:
    from thucydides.pipeline import Pipeline

    plain = Pipeline.default().extract(TEXT, published="2023-06-14")
    assert not any(e.event_type == "ACCUSE" for e in plain.events)
    taught = Pipeline.with_knowledge(actors=[files[0]], lexicons=[files[1]]).extract(TEXT, published="2023-06-14")
    found = {(e.event_type, e.source.code, e.target.code if e.target else None) for e in taught.events}
    assert ("CONSULT", "DEU", "NRC") in found and ("ACCUSE", "DEU", "FRA") in found
