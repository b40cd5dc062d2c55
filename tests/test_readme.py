"""The README's example and command list match what the code does."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_setup_is_exactly_two_commands():
    block = README.split("## Set-up", 1)[1].split("```", 2)[1]
    assert [line for line in block.splitlines() if line.strip()] == ["make demo", "make test"]


def test_cli_commands_in_readme_exist():
    from thucydides.cli import app

    runner = CliRunner()
    for command in ("run", "events", "quotes", "actors", "articles"):
        assert f"thucydides {command}" in README or command in README
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
    for option in ("--db", "--format", "--actor", "--dyad", "--type", "--since", "--until"):
        assert option in runner.invoke(app, ["events", "--help"], env={"COLUMNS": "200"}).output


@pytest.mark.model
def test_example_output_matches_readme():
    import thucydides
    from thucydides.model import to_dict

    text = (ROOT / "samples" / "example.txt").read_text(encoding="utf-8")
    result = thucydides.extract(text, published="2023-06-19", article_id="example")
    events = [to_dict(e) for e in result.events]
    first = events[0]
    # the first JSON record shown in the README, unfolded
    shown = json.loads(re.search(r'```json\n(\{"id": "example:e0".*?\})\n\{"id": "example:e1"', README, re.S)
                       .group(1).replace('..."}', '"}'))
    for key in ("event_type", "mode", "cameo", "quad_class", "goldstein", "date", "date_precision", "date_basis",
                "date_text", "trigger", "rule", "confidence", "negated", "hypothetical", "span", "sentence_index"):
        assert first[key] == shown[key], key
    assert first["source"] == shown["source"] and first["target"] == shown["target"]
    assert {k: first["location"][k] for k in ("name", "country")} == {"name": "Beijing", "country": "CHN"}
    second = events[1]
    assert (second["event_type"], second["target"]["code"], second["date"]) == ("REQUEST", "CHN", "2023-06-19")
    [quote] = [to_dict(q) for q in result.quotes]
    assert quote["speaker"]["name"] == "Antony Blinken" and quote["cue"] == "tell"


def test_every_cli_command_is_documented():
    from thucydides.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    missing = [n for n in names if f"thucydides {n}" not in README and not re.search(rf"thucydides [a-z|]*\b{n}\b", README)]
    assert not missing, f"commands missing from README.md: {missing}"
