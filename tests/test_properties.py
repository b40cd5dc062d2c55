"""Property-based tests (hypothesis) of cleaning, date resolution and manifest parsing: invariants that must
hold for any input, not just the examples in the other test files. Example counts are kept modest (a few
seconds in all); `scripts/fuzz_ingest.py` runs the ingest path for longer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thucydides.clean import REASONS, clean_text
from thucydides.dates import resolve_expression
from thucydides.ingest import ManifestEntry, _iter_manifest
from thucydides.model import Skipped

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- cleaning ----
# Lines that boilerplate rules target, mixed with ordinary sentences and random text, so that removals happen.
BOILERPLATE = (
    "Share this article", "Follow us on Twitter", "Sign up for our newsletter", "Photo: Reuters",
    "Leave a comment below.", "Support independent journalism: donate today.", "Advertisement",
    "Subscribe now for full access.", "Jane Roe is a reporter covering the harbour.", "By Jane Roe",
    "Read more:", "Click here to subscribe.",
)
SENTENCES = (
    "The council closed the old bridge on Thursday.", "Engineers found cracks in its foundations.",
    "The mayor said it would reopen in spring.", "\u201cWe will consult residents,\u201d she said.",
)
line = st.one_of(st.sampled_from(BOILERPLATE), st.sampled_from(SENTENCES), st.text(max_size=40))
raw_texts = st.lists(line, max_size=12).flatmap(
    lambda lines: st.lists(st.sampled_from(["\n", "\n\n", " ", "\n\n\n"]), min_size=len(lines), max_size=len(lines))
    .map(lambda seps: "".join(l + s for l, s in zip(lines, seps))))


@FAST
@given(raw_texts)
def test_cleaning_removals_are_inside_the_text_and_account_for_every_character(raw: str) -> None:
    text, removals = clean_text(raw)
    position = 0
    kept = []
    for r in sorted(removals, key=lambda r: r.start):
        assert 0 <= r.start < r.end <= len(raw)  # inside the raw text, never empty
        assert r.start >= position  # no two removals overlap
        assert raw[r.start:r.end] == r.text  # the removal says exactly what went
        # a boilerplate removal leaves nothing; a repair (mojibake) leaves its replacement
        assert r.reason in REASONS or (r.reason == "mojibake" and r.replacement)
        kept.append(raw[position:r.start] + r.replacement)
        position = r.end
    kept.append(raw[position:])
    assert text == "".join(kept)  # the cleaned text is the raw text with the removals applied, nothing else


@FAST
@given(raw_texts)
def test_cleaning_is_idempotent(raw: str) -> None:
    text, _ = clean_text(raw)
    again, removals = clean_text(text)
    assert (again, removals) == (text, [])


# ---- dates ----
WORDS = ("last", "next", "this", "on", "in", "early", "late", "the", "a", "two", "ten", "days", "weeks", "months",
         "years", "ago", "later", "earlier", "Monday", "Friday", "weekend", "March", "Feb.", "December", "spring",
         "winter", "summer", "2014", "1999", "3000", "0", "31", "29", "4th", "of", "year", "month", "day", "/",
         "-", "Christmas", "Easter", "quarter", "third", "since", "until", "yesterday", "tomorrow", "today")
expressions = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
    st.from_regex(r"\A\d{1,5}[-/]\d{1,3}[-/]\d{1,5}\Z"),  # numeric dates, in and out of range
    st.text(max_size=30),
)
anchors = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@FAST
@given(expressions, anchors, st.sampled_from([None, "past", "future", "nonsense"]))
def test_date_resolution_never_raises_and_stays_in_sane_bounds(text: str, anchor: date | None, tense) -> None:
    found = resolve_expression(text, anchor, tense=tense)
    if found is None:
        return
    assert found.precision in ("day", "month", "year")
    assert date(1000, 1, 1) <= found.value <= date(2999, 12, 31)
    if found.precision != "day":
        assert found.value.day == 1  # a month or a year is dated by its first day
    if found.precision == "year":
        assert found.value.month == 1


# ---- manifest parsing ----
PATHS = ("a.txt", "sub/b.txt", "./a.txt", "sub/../a.txt", "../outside.txt", "../../etc/passwd", "/etc/passwd",
         "~/notes.txt", "C:\\\\x.txt", "link_out/secret.txt", "loop", "sub", "missing.txt", "a.txt\x00", "", " ",
         "sub/../../outside.txt", "\u00e9t\u00e9.txt")
values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
records = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=10), values), "path": st.one_of(st.sampled_from(PATHS), st.text(max_size=15), values),
    "text": st.one_of(st.just("The council closed the old bridge on Thursday after engineers found cracks."), values),
    "published": st.one_of(st.sampled_from(["2023-05-02", "2023-02-30", "2099-01-01", "Mon, 07 Mar 2022 10:00:00 GMT",
                                            "yesterday", "0001-01-01", ""]), values),
    "title": values, "language": st.one_of(st.sampled_from(["en", "EN-gb", "fr", "xx", ""]), values),
    "pubished": values, "extra": values,
})
lines = st.one_of(records.map(json.dumps), st.text(max_size=30), st.sampled_from(["[1]", "null", "{", "[" * 5000]))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("manifest")
    (root / "outside.txt").write_text("A secret outside the corpus.", encoding="utf-8")
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "\u00e9t\u00e9.txt"):
        (corpus / name).write_text("The council closed the old bridge on Thursday after engineers found cracks.",
                                   encoding="utf-8")
    (corpus / "link_out").symlink_to(root)  # a folder link that leaves the corpus
    (corpus / "loop").symlink_to("loop")
    return corpus


def check_manifest(manifest: Path, folder: Path) -> None:
    from thucydides.ingest import iter_inputs
    from thucydides.model import Article

    inside = folder.resolve()
    for item in _iter_manifest(manifest):
        assert isinstance(item, (ManifestEntry, Skipped))
        if isinstance(item, Skipped):
            assert item.input.startswith(f"{manifest}:") and item.reason
        elif item.path is not None:
            try:
                where = item.path.resolve()
            except (OSError, RuntimeError):  # a symlink loop inside the folder (reading it is a Skipped)
                where = item.path.absolute()
            assert where.is_relative_to(inside)
    for item in iter_inputs([], manifest):  # reading the files the entries name raises nothing either
        assert isinstance(item, (Article, Skipped))
        if isinstance(item, Article) and item.path and ":" not in item.path:
            assert Path(item.path).resolve().is_relative_to(inside)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=6))
def test_jsonl_manifest_lines_never_raise_nor_leave_the_folder(folder: Path, manifest_lines: list[str]) -> None:
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(manifest_lines) + "\n", encoding="utf-8", errors="surrogatepass")
    check_manifest(manifest, folder)


cells = st.one_of(st.sampled_from(PATHS), st.text(max_size=12), st.sampled_from(["2023-05-02", "31/12/2023", ""]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, max_size=6), max_size=6))
def test_csv_manifest_rows_never_raise_nor_leave_the_folder(folder: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "path", "published", "title"])  # a valid header: row problems are per line
    writer.writerows(rows)
    manifest = folder / "manifest.csv"
    manifest.write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    check_manifest(manifest, folder)
