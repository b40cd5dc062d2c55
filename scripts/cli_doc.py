"""Regenerate docs/cli.md, the command-line reference, from the `--help` of every `thucydides` command.

Run: python scripts/cli_doc.py        (tests/test_cli_doc.py fails when docs/cli.md is stale, as datasette's do)
"""

from __future__ import annotations

import os
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def help_text(args: list[str]) -> str:
    """`thucydides ARGS --help` as plain text at a fixed width, whatever the terminal."""
    import typer.main
    from typer.testing import CliRunner

    from thucydides.cli import app

    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    result = CliRunner().invoke(app, [*args, "--help"], env=env, prog_name="thucydides")
    if result.exit_code != 0:
        raise RuntimeError(f"thucydides {' '.join(args)} --help failed: {result.output}")
    # trailing spaces are rendering noise, not content
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def commands() -> list[str]:
    import typer.main

    from thucydides.cli import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def render() -> str:
    parts = ["# Command-line reference", "",
             "Generated from `thucydides --help` and each command's `--help` by `scripts/cli_doc.py`; "
             "`tests/test_cli_doc.py` fails when this page is stale.", "", "```", help_text([]), "```"]
    for name in commands():
        parts += ["", f"## thucydides {name}", "", "```", help_text([name]), "```"]
    return "\n".join(parts) + "\n"


def main() -> None:
    os.environ.setdefault("COLUMNS", "100")
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
