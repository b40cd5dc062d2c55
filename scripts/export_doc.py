"""Regenerate the column tables of docs/export.md from thucydides.export (FLAT_COLUMNS, data/gdelt_columns.tsv).

Run: python scripts/export_doc.py   (tests/test_export.py fails when the page is stale)
"""

from pathlib import Path

from thucydides.export import FLAT_COLUMNS, load_gdelt_columns

DOC = Path(__file__).resolve().parent.parent / "docs" / "export.md"
START, END = "<!-- columns:start -->", "<!-- columns:end -->"


def tables() -> str:
    lines = ["### Flat table (csv, parquet, the sqlite `events` table)", "", "| column | type | meaning |",
             "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {c.meaning} |" for c in FLAT_COLUMNS]
    lines += ["", "### GDELT 2.0 event table (gdelt), in order", "", "| column | filled with |", "|---|---|"]
    lines += [f"| `{c.name}` | {c.source or '(empty)'} |" for c in load_gdelt_columns()]
    return "\n".join(lines)


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{tables()}\n{END}{tail}", encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
