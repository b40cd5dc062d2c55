"""The run loop under stress (issue 11): long texts in parts, the time limit, re-runs after a metadata
correction, --force, invisible characters inside names, and CSV cells that a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from thucydides.model import Article, ArticleResult, Skipped
from thucydides.pipeline import Pipeline, split_parts
from thucydides.report import write_rows

PARAGRAPHS = (
    "The foreign minister of Norway met the Chancellor of Austria in Vienna on Tuesday to discuss fishing quotas.",
    "Protesters clashed with police outside the parliament in Lisbon, officials said on Wednesday.",
    "President Halvorsen said: \"We will not accept these tariffs,\" after talks with Japan.",
    "The United Nations condemned the attack on the aid convoy near the Chadian border.",
)
ARTICLE = "\n\n".join(PARAGRAPHS) + "\n"


# ---- CSV export ----

@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://x.example\")", "'=HYPERLINK(\"http://x.example\")"),  # formula
    ("+1+2", "'+1+2"),  # a plus starts a formula in most spreadsheets
    ("-2+3", "'-2+3"),  # so does a minus
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),  # Lotus-style function call
    ("\tcmd", "'\tcmd"),  # a leading tab, then a formula in some importers
    ("\rcmd", "'\rcmd"),  # a leading carriage return
    ("Talks resumed", "Talks resumed"),  # ordinary text is untouched
    ("", ""),  # an empty cell stays empty
])
def test_csv_cells_cannot_start_a_formula(value: str, shown: str) -> None:
    out = io.StringIO()
    write_rows([{"sentence": value, "source": {"name": value}, "goldstein": -5.0}], "csv", out, kind="events")
    [row] = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["sentence"] == shown and row["source.name"] == shown
    assert row["goldstein"] == "-5.0"  # numbers are numbers, not formulas: no apostrophe


# ---- splitting a long text ----

@pytest.mark.parametrize("text, limit, cuts", [
    ("aaaa\n\nbbbb\n\ncccc", 12, [(0, 12), (12, 16)]),  # after the last paragraph break that fits
    ("aaaa\nbbbb\ncccc", 12, [(0, 10), (10, 14)]),  # no paragraph break: after a line break
    ("Aaa. Bbb. Ccc ddd", 12, [(0, 10), (10, 17)]),  # no line break: after a sentence end
    ("aaa bbb ccc ddd", 9, [(0, 8), (8, 15)]),  # no sentence end: after a space
    ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),  # nothing to cut at: at the limit
    ("short", 100, [(0, 5)]),  # under the limit: one part
])
def test_split_parts(text: str, limit: int, cuts: list[tuple[int, int]]) -> None:
    assert split_parts(text, limit) == cuts
    assert "".join(text[s:e] for s, e in cuts) == text


# ---- with the model ----

@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.default()


def signature(result: ArticleResult) -> tuple:
    """Everything that must not change when a text is parsed in parts: ids, offsets, codes."""
    return (
        [(e.id, e.event_type, e.span, e.trigger_span, e.sentence_index, e.source.code,
          e.target.code if e.target else None) for e in result.events],
        [(m.start, m.end, m.sentence_index, m.text) for m in result.mentions],
        [(q.id, q.span, q.text) for q in result.quotes],
    )


@pytest.mark.model
def test_long_text_in_parts_gives_the_same_records(pipeline: Pipeline) -> None:
    text = ARTICLE * 3
    [whole] = pipeline.process([Article(id="long", raw_text=text, language="en")])
    parted = Pipeline(pipeline.nlp, part_chars=250)
    [in_parts] = parted.process([Article(id="long", raw_text=text, language="en")])
    assert isinstance(in_parts, ArticleResult) and whole.events
    assert signature(in_parts) == signature(whole)
    assert in_parts.article.notes == []  # every cut fell on a paragraph break


@pytest.mark.model
def test_text_over_spacy_max_length_is_parsed_not_failed(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    # spaCy raises E088 for a text over nlp.max_length: the text is parsed in parts under it instead
    monkeypatch.setattr(pipeline.nlp, "max_length", 300)
    [result] = pipeline.process([Article(id="long", raw_text=ARTICLE * 2, language="en")])
    assert isinstance(result, ArticleResult), result
    assert len(result.events) >= 4


@pytest.mark.model
def test_article_over_the_time_limit_fails_and_the_run_goes_on(pipeline: Pipeline, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "long.txt").write_text(ARTICLE * 3, encoding="utf-8")
    (corpus / "short.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    slow = Pipeline(pipeline.nlp, part_chars=250, time_limit=0.0)  # any time is over budget after a part
    summary = slow.run([corpus], db=tmp_path / "t.duckdb", link=False)
    [failed] = summary.failed
    assert failed.input.endswith("long.txt")
    assert failed.reason.startswith("over the time limit (0 s per article): 1 of ")
    assert summary.articles_processed == 1  # short.txt


@pytest.mark.model
def test_corrected_metadata_is_reprocessed_and_force_redoes_all(pipeline: Pipeline, tmp_path: Path) -> None:
    from thucydides.store import Store

    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (tmp_path / "b.txt").write_text(PARAGRAPHS[1], encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    db = tmp_path / "t.duckdb"

    def write_manifest(published: str, title: str) -> None:
        manifest.write_text("\n".join(json.dumps(e) for e in (
            {"id": "a", "path": "a.txt", "published": published, "title": title},
            {"id": "b", "path": "b.txt", "published": "2023-05-02"},
        )) + "\n", encoding="utf-8")

    write_manifest("2032-05-02", "Talks")  # a typo in the year
    assert pipeline.run([], manifest=manifest, db=db, link=False).articles_processed == 2
    write_manifest("2023-05-02", "Quota talks in Vienna")  # corrected
    second = pipeline.run([], manifest=manifest, db=db, link=False)
    assert (second.articles_processed, second.articles_unchanged) == (1, 1)
    [row] = [r for r in Store(db, read_only=True).articles() if r["id"] == "a"]
    assert (str(row["published"]), row["title"]) == ("2023-05-02", "Quota talks in Vienna")
    forced = pipeline.run([], manifest=manifest, db=db, link=False, force=True)
    assert (forced.articles_processed, forced.articles_unchanged) == (2, 0)


@pytest.mark.model
def test_cli_run_force(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app

    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    db = tmp_path / "t.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--db", str(db)]).exit_code == 0
    again = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--db", str(db), "--force"])
    assert again.exit_code == 0, again.output
    assert "1 processed" in " ".join(again.output.split())


@pytest.mark.model
@pytest.mark.parametrize("char", [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
])
def test_invisible_characters_inside_names_cost_no_events(pipeline: Pipeline, tmp_path: Path, char: str) -> None:
    spoiled = (ARTICLE.replace("Norway", f"Nor{char}way").replace("Austria", f"Aus{char}tria")
               .replace("Halvorsen", f"Halvor{char}sen").replace("Japan", f"Ja{char}pan")
               .replace("United Nations", f"United Na{char}tions"))
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "spoiled.txt").write_text(spoiled, encoding="utf-8")
    expected = len(pipeline.extract(ARTICLE).events)
    assert expected >= 2
    summary = pipeline.run([corpus], db=tmp_path / "t.duckdb", link=False)
    assert (summary.articles_processed, summary.events) == (1, expected)
    assert len(pipeline.extract(spoiled).events) == expected  # the library entry point too


@pytest.mark.model
def test_notes_are_flagged_in_the_summary(pipeline: Pipeline, tmp_path: Path) -> None:
    data = ARTICLE.replace("Vienna", "Vi\u00e9nna").replace("Lisbon", "Lisb\u00f4a").encode("utf-8")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "damaged.txt").write_bytes(data[:30] + b"\xff" + data[30:])
    summary = pipeline.run([corpus], db=tmp_path / "t.duckdb", link=False)
    assert summary.flagged == [Skipped(input=str(corpus / "damaged.txt"),
                                       reason="1 invalid UTF-8 byte sequence replaced with U+FFFD")]
