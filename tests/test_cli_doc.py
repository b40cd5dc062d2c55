"""docs/cli.md is the `--help` of every command (as datasette tests its docs): stale when an option changes."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cli_doc():
    spec = importlib.util.spec_from_file_location("cli_doc", ROOT / "scripts" / "cli_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    doc = _cli_doc()
    expected = doc.render()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == expected, \
        "docs/cli.md is stale: run `python scripts/cli_doc.py`"


def test_cli_reference_covers_every_command() -> None:
    doc = _cli_doc()
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    names = doc.commands()
    assert {"run", "events", "export", "serve", "eval"} <= set(names)
    for name in names:
        assert f"## thucydides {name}\n" in text
