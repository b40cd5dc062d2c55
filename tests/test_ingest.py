"""Ingest: files, directories, JSONL, manifests, encodings, languages, and every way an input is skipped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from thucydides.ingest import ManifestEntry, detect_language, iter_inputs, parse_published, read_manifest
from thucydides.model import Article, Skipped

ENGLISH = (
    "The harbour authority in Port Elsby closed two piers on Thursday after a storm damaged the breakwater.\n\n"
    "Officials said repairs would take at least three weeks and that ferries would dock at the northern quay."
)
FRENCH = (
    "Le gouvernement a présenté mardi un projet de loi sur la réforme des retraites, malgré l'opposition "
    "des syndicats qui appellent à une nouvelle journée de grève dans tout le pays la semaine prochaine."
)
HTML = """<!DOCTYPE html><html lang="en"><head><title>Dam talks resume | Valley Courier</title>
<meta property="og:url" content="https://courier.example/dam-talks">
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2023-05-02T09:15:00+02:00">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Dam talks resume</h1>
<p>Negotiators from the two river states met again on Tuesday to discuss how water from the upper dam is shared during the dry season.</p>
<p>A spokeswoman for the delegation said both sides had agreed to publish their flow measurements every week from now on.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def collect(paths, manifest=None) -> tuple[list[Article], list[Skipped]]:
    items = list(iter_inputs(paths, manifest))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_plain_text_file(tmp_path: Path) -> None:
    f = tmp_path / "harbour.txt"
    f.write_bytes(ENGLISH.replace("\n", "\r\n").encode("utf-8"))
    articles, skipped = collect([f])
    assert skipped == []
    [a] = articles
    assert a.id == "harbour"
    assert a.raw_text == ENGLISH  # CRLF normalised
    assert a.path == str(f)
    assert a.language == "en"
    assert a.published is None


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"))
    [a] = collect([f])[0]
    assert a.raw_text == ENGLISH


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = ("The café owner in Montréal said the naïve plan to widen the road would fail, and José Muñoz, "
            "who runs the bakery next door, agreed at the council meeting on Monday evening.")
    f = tmp_path / "cafe.txt"
    f.write_bytes(text.encode("latin-1"))
    [a] = collect([f])[0]
    assert a.raw_text == text


def test_html_file_main_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "dam.html"
    f.write_text(HTML, encoding="utf-8")
    [a] = collect([f])[0]
    assert "Negotiators from the two river states" in a.raw_text
    assert "All rights reserved" not in a.raw_text and "Home" not in a.raw_text
    assert a.title == "Dam talks resume"
    assert a.url == "https://courier.example/dam-talks"
    assert a.published == date(2023, 5, 2)
    assert a.source == "Valley Courier"


def test_html_sniffed_in_txt_file(tmp_path: Path) -> None:
    f = tmp_path / "saved_page.txt"
    f.write_text(HTML, encoding="utf-8")
    [a] = collect([f])[0]
    assert "<p>" not in a.raw_text and "Negotiators" in a.raw_text


def test_jsonl_bad_line_is_skipped_and_rest_read(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ENGLISH, "published": "2021-06-01", "source": "Wire", "title": "Piers"}),
        "{not json",
        "",
        json.dumps({"text": ENGLISH, "published": "2021-06-02T23:30:00Z"}),
        json.dumps({"id": "a4", "text": ENGLISH, "published": "next Tuesday"}),
        json.dumps({"id": "a5", "text": "   "}),
        json.dumps(["a", "list"]),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, skipped = collect([f])
    assert [a.id for a in articles] == ["a1", "batch:4"]
    assert articles[0].published == date(2021, 6, 1) and articles[0].source == "Wire" and articles[0].title == "Piers"
    assert articles[1].published == date(2021, 6, 2)
    reasons = {s.input: s.reason for s in skipped}
    assert set(reasons) == {f"{f}:2", f"{f}:5", f"{f}:6", f"{f}:7"}
    assert "invalid JSON" in reasons[f"{f}:2"]
    assert "published" in reasons[f"{f}:5"] and "next Tuesday" in reasons[f"{f}:5"]
    assert "text" in reasons[f"{f}:6"]
    assert "object" in reasons[f"{f}:7"]


def write_articles(folder: Path) -> None:
    (folder / "texts").mkdir()
    (folder / "texts" / "one.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "texts" / "two.txt").write_text(ENGLISH.replace("harbour", "airport"), encoding="utf-8")


def test_jsonl_manifest_gives_metadata_and_is_not_an_article(tmp_path: Path) -> None:
    write_articles(tmp_path)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join([
        json.dumps({"id": "first", "path": "texts/one.txt", "published": "2020-02-03", "source": "Gazette",
                    "title": "Piers closed", "url": "https://gazette.example/1", "language": "en"}),
        json.dumps({"id": "inline", "text": ENGLISH, "published": "2020-02-04"}),
        json.dumps({"id": "gone", "path": "texts/missing.txt"}),
    ]) + "\n", encoding="utf-8")
    # the folder holding the manifest is also given: the manifest and the listed file are each read once
    articles, skipped = collect([tmp_path], manifest)
    assert [a.id for a in articles] == ["first", "inline", "two"]
    first = articles[0]
    assert (first.published, first.source, first.title, first.url) == (
        date(2020, 2, 3), "Gazette", "Piers closed", "https://gazette.example/1")
    assert articles[1].path == f"{manifest}:2"
    [missing] = skipped
    assert missing.input.endswith("missing.txt") and "does not exist" in missing.reason


def test_csv_manifest(tmp_path: Path) -> None:
    write_articles(tmp_path)
    manifest = tmp_path / "list.csv"
    manifest.write_text(
        "id,path,published,source,title,url,language\n"
        "c1,texts/one.txt,2019-11-30,Post,,,\n"
        "c2,texts/two.txt,30/11/2019,Post,,,\n",
        encoding="utf-8",
    )
    articles, skipped = collect([], manifest)
    assert [(a.id, a.published, a.source, a.title) for a in articles] == [("c1", date(2019, 11, 30), "Post", None)]
    [bad] = skipped
    assert bad.input == f"{manifest}:3" and "30/11/2019" in bad.reason


def test_read_manifest_entries_and_errors(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "x", "path": "sub/x.txt", "language": "English"}) + "\n", encoding="utf-8")
    [entry] = read_manifest(manifest)
    assert isinstance(entry, ManifestEntry)
    assert entry.path == tmp_path / "sub" / "x.txt" and entry.line == 1 and entry.language == "English"

    manifest.write_text(json.dumps({"id": "x", "path": "x.txt"}) + "\n" + json.dumps({"id": "y"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"m\.jsonl:2: .*path"):
        read_manifest(manifest)
    manifest.write_text(json.dumps({"id": "x", "path": "x.txt", "pubished": "2020-01-01"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"m\.jsonl:1: .*did you mean 'published'"):
        read_manifest(manifest)


def test_binary_empty_and_whitespace_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02\x03binary\x00data" * 20)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n  ", encoding="utf-8")
    articles, skipped = collect([tmp_path])
    assert articles == []
    reasons = {Path(s.input).name: s.reason for s in skipped}
    assert "binary" in reasons["image.txt"]
    assert "PDF" in reasons["doc.pdf"]
    assert reasons["empty.txt"] == "empty file"
    assert "whitespace" in reasons["blank.txt"]


def test_missing_and_unreadable_inputs_are_skipped(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(ENGLISH, encoding="utf-8")
    locked.chmod(0)
    try:
        articles, skipped = collect([tmp_path / "nowhere.txt", locked])
    finally:
        locked.chmod(0o644)
    reasons = {Path(s.input).name: s.reason for s in skipped}
    assert reasons["nowhere.txt"] == "no such file or directory"
    if articles == []:  # root can read anything: the permission case is only checkable as a normal user
        assert reasons["locked.txt"] == "permission denied"


def test_non_english_text_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    articles, skipped = collect([tmp_path])
    assert [a.id for a in articles] == ["en"]
    [s] = skipped
    assert s.reason == "language 'fr' is not supported (English only)"


def test_manifest_language_is_trusted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "a", "path": "a.txt", "language": "de"}) + "\n", encoding="utf-8")
    articles, skipped = collect([], manifest)
    assert articles == [] and "'de'" in skipped[0].reason


def test_detect_language() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(ENGLISH) == "en"
    # too short to judge: assumed English rather than lost
    assert detect_language("Hello") == "en"
    assert detect_language("Kharkiv, Mariupol, Odesa") == "en"


def test_directory_recursion_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "deep" / "z1.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b" / "a2.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a3.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / ".cache" / "c.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "README.md").write_text("How this corpus was collected.", encoding="utf-8")
    articles, skipped = collect([tmp_path, tmp_path / "a3.txt"])  # a3 named twice: read once
    assert [a.id for a in articles] == ["a3", "a2", "z1"]
    [readme] = skipped
    assert readme.input.endswith("README.md") and "not an article" in readme.reason


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "story.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "y" / "story.txt").write_text(ENGLISH, encoding="utf-8")
    articles, skipped = collect([tmp_path])
    assert len(articles) == 1
    [dup] = skipped
    assert dup.input.endswith("y/story.txt") and "duplicate article id 'story'" in dup.reason


def test_parse_published() -> None:
    assert parse_published("2022-03-07") == date(2022, 3, 7)
    assert parse_published("2022-03-07T23:10:00-05:00") == date(2022, 3, 7)
    assert parse_published("Mon, 07 Mar 2022 10:00:00 GMT") == date(2022, 3, 7)
    assert parse_published("") is None and parse_published(None) is None
    with pytest.raises(ValueError, match="03/07/2022"):
        parse_published("03/07/2022")


# ---- issue 11: reliability of ingest ----

CHINESE = "外交部发言人周二表示，两国代表将于下月在首都举行新一轮会谈，讨论边境贸易和水资源分配问题。"
RUSSIAN = "Министр иностранных дел заявил во вторник, что переговоры о торговле продолжатся в следующем месяце."


def test_symlink_loops_are_skipped_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "self").symlink_to("self")  # a link to itself
    (corpus / "ping").symlink_to("pong")  # two links to each other
    (corpus / "pong").symlink_to("ping")
    (corpus / "up").symlink_to("..")  # a folder link back to its parent
    articles, skipped = collect([corpus, corpus / "self"])
    assert [a.id for a in articles] == ["good"]
    reasons = {Path(s.input).name: s.reason for s in skipped}
    for name in ("self", "ping", "pong"):
        assert reasons[name] == "a symbolic link loop (the link leads back to itself)"
    assert reasons["up"].startswith("a symbolic link to a folder: not followed")


def test_unreadable_subfolder_is_listed_as_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(ENGLISH, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder, so a chmod cannot make one unreadable here: fake the refusal
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, skipped = collect([tmp_path])
    assert [a.id for a in articles] == ["ok"]
    assert skipped == [Skipped(input=str(locked), reason="folder not read: permission denied")]


@pytest.mark.parametrize("codec", [
    "utf-16-le",  # Windows "Unicode" without its byte-order mark
    "utf-16-be",  # big-endian export from an old Mac tool
    "utf-32-le",
    "utf-32-be",
])
def test_wide_encodings_without_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    text = ENGLISH + "\n\nThe mayor\u2019s office called it \u201cregrettable\u201d."
    f = tmp_path / "wide.txt"
    f.write_bytes(text.encode(codec))
    [a] = collect([f])[0]
    assert a.raw_text == text
    assert a.notes == [f"read as {codec.upper()} (no byte-order mark)"]


def test_binary_with_scattered_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 8)
    [s] = collect([f])[1]
    assert s.reason == "binary file (contains NUL bytes), not text"


@pytest.mark.parametrize("depth", [
    300,  # just past libxml2's 256-element depth limit
    1500,  # far past it
])
def test_deeply_nested_html_still_yields_its_text(tmp_path: Path, depth: int) -> None:
    body = "<p>" + ENGLISH.replace("\n\n", "</p><p>") + "</p>"
    f = tmp_path / "deep.html"
    f.write_text(f"<html><head><title>Piers closed</title></head><body>{'<div class=x>' * depth}{body}"
                 f"{'</div>' * depth}</body></html>", encoding="utf-8")
    [a] = collect([f])[0]
    assert "breakwater" in a.raw_text and "northern quay" in a.raw_text
    assert a.notes == [f"HTML nested {depth} <div>/<span> deep: extracted with that nesting removed"]


def test_one_bad_byte_in_utf8_is_replaced_not_mojibake(tmp_path: Path) -> None:
    text = "The caf\u00e9 owner\u2019s appeal \u2014 \u201cfix the pier\u201d \u2014 was heard by the mayor of Montr\u00e9al on Monday."
    f = tmp_path / "damaged.txt"
    data = text.encode("utf-8")
    f.write_bytes(data[:20] + b"\xff" + data[20:])
    [a] = collect([f])[0]
    assert a.raw_text == data[:20].decode() + "\ufffd" + data[20:].decode()
    assert a.notes == ["1 invalid UTF-8 byte sequence replaced with U+FFFD"]


def test_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    # no valid multi-byte UTF-8 at all: a legacy code page, not damaged UTF-8
    text = "The caf\u00e9 owner\u2019s appeal \u2014 \u201cfix the pier\u201d \u2014 was heard by the mayor on Monday."
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode("cp1252"))
    [a] = collect([f])[0]
    assert a.raw_text == text and a.notes == []


@pytest.mark.parametrize("text, language", [
    (CHINESE * 3, "zh"),  # py3langid is only ~0.7 sure of Chinese: the script decides
    (RUSSIAN, "ru"),
    ("President Halvorsen met the envoy. " + CHINESE * 2, "zh"),  # mixed, mostly Chinese letters
])
def test_non_latin_script_text_is_not_english(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_mostly_english_text_with_a_foreign_name_is_english() -> None:
    assert detect_language(ENGLISH + " The visiting delegation was led by 王小明.") == "en"


def test_chinese_file_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text(CHINESE * 3, encoding="utf-8")
    [s] = collect([tmp_path])[1]
    assert s.reason == "language 'zh' is not supported (English only)"


@pytest.mark.parametrize("char", [
    "\u00ad",  # soft hyphen, left by hyphenating CMSs
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # a BOM in the middle of the text (pasted files)
])
def test_invisible_characters_are_removed_at_ingest(tmp_path: Path, char: str) -> None:
    spoiled = ENGLISH.replace("Elsby", f"El{char}sby").replace("authority", f"autho{char}rity")
    f = tmp_path / "inv.txt"
    f.write_text(spoiled, encoding="utf-8")
    [a] = collect([f])[0]
    assert a.raw_text == ENGLISH


def test_control_characters_are_removed_and_form_feed_breaks_a_line(tmp_path: Path) -> None:
    f = tmp_path / "ctl.txt"
    f.write_text("The harbour\x1b[0m authority closed two piers.\x0cOfficials said repairs would take weeks.",
                 encoding="utf-8")
    [a] = collect([f])[0]
    assert a.raw_text == "The harbour[0m authority closed two piers.\nOfficials said repairs would take weeks."


def test_text_over_the_length_limit_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import thucydides.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_ARTICLE_CHARS", len(ENGLISH) - 1)
    (tmp_path / "long.txt").write_text(ENGLISH, encoding="utf-8")
    [s] = collect([tmp_path])[1]
    assert s.reason == f"text too long ({len(ENGLISH):,} characters, limit {len(ENGLISH) - 1:,}): split it into articles"


@pytest.mark.parametrize("field, value", [
    ("published", date(2023, 5, 3)),  # a corrected date re-dates every relative date
    ("title", "Piers closed after storm"),
    ("source", "Harbour Gazette"),
    ("url", "https://gazette.example/piers"),
    ("language", "en-GB"),
])
def test_content_hash_covers_metadata(field: str, value: object) -> None:
    import dataclasses

    base = Article(id="a", raw_text=ENGLISH, published=date(2023, 5, 2), title="Piers", source="S", url="u",
                   language="en")
    assert dataclasses.replace(base, **{field: value}).content_hash != base.content_hash
    assert dataclasses.replace(base).content_hash == base.content_hash


def test_future_publication_date_is_kept_but_noted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "a", "path": "a.txt", "published": "2099-05-02"}) + "\n", encoding="utf-8")
    [a] = collect([], manifest)[0]
    assert a.published == date(2099, 5, 2)
    assert a.notes == ["published 2099-05-02 is in the future: check the date"]


@pytest.mark.parametrize("as_manifest", [
    True,  # a manifest line
    False,  # a line of an article collection
])
def test_json_nested_too_deep_is_a_skipped_line(tmp_path: Path, as_manifest: bool) -> None:
    # json.loads raises RecursionError, not JSONDecodeError, for arrays nested thousands deep
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    good = {"id": "a", "path": "a.txt"} if as_manifest else {"id": "a", "text": ENGLISH}
    f = tmp_path / "lines.jsonl"
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    articles, skipped = collect([], f) if as_manifest else collect([f])
    assert skipped == [Skipped(input=f"{f}:1", reason="invalid JSON: nested too deep")]
    assert [a.id for a in articles] == ["a"]


def test_manifest_not_in_utf8_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "title": "Caf\xe9"}\n')
    with pytest.raises(ValueError, match=r"m\.jsonl:2: the manifest is not UTF-8 \(byte 0xe9\)"):
        read_manifest(manifest)


@pytest.mark.parametrize("as_manifest", [
    True,  # a manifest entry's path (found by scripts/fuzz_ingest.py)
    False,  # a path given on the command line
])
def test_file_name_too_long_is_skipped(tmp_path: Path, as_manifest: bool) -> None:
    name = "x" * 300 + ".txt"  # over the usual 255-byte limit of a file name
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    if as_manifest:
        manifest = tmp_path / "m.jsonl"
        manifest.write_text(json.dumps({"id": "long", "path": name}) + "\n" + json.dumps({"id": "a", "path": "a.txt"}) + "\n",
                            encoding="utf-8")
        articles, skipped = collect([], manifest)
    else:
        articles, skipped = collect([tmp_path / name, tmp_path / "a.txt"])
    assert [a.id for a in articles] == ["a"]
    [s] = skipped
    assert s.reason.endswith("cannot read: File name too long")
