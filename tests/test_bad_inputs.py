"""A corpus of bad inputs, built in tmp_path (nothing big is committed), run through the real `Pipeline.run`.

Every bad input must come out as one Skipped (or, when it was repaired and stored, one flagged note) with a
clear reason, counted in the summary, while every good article of the same run is stored."""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import thucydides.ingest as ingest
from thucydides.model import Article, Skipped

TOPICS = ("harbour", "bridge", "school", "railway", "hospital", "reservoir", "library", "airport", "market",
          "stadium", "tunnel", "museum", "power plant", "ferry", "courthouse", "prison", "border post",
          "lighthouse", "canal", "depot", "barracks", "observatory")


def english(topic: str) -> str:
    """A short invented English article about `topic` (each topic gives a different text)."""
    return (f"The regional council of Port Elsby voted on Thursday to close the old {topic} after engineers "
            f"found cracks in its foundations.\n\nThe mayor said the {topic} would reopen next spring and that "
            f"residents would be consulted on the repairs at a public meeting in the town hall.")


FRENCH = ("Le conseil régional a voté jeudi la fermeture de l'ancien pont après que des ingénieurs ont découvert "
          "des fissures dans ses fondations, et le maire a promis une consultation des habitants.")
CHINESE = "地区议会周四投票决定关闭旧桥，因为工程师在其地基中发现了裂缝。市长表示，居民将在市政厅的公开会议上就维修问题进行协商。"


@dataclass(frozen=True)
class Bad:
    """An input expected to be Skipped: the end of its `input`, and a phrase of the reason."""

    input_end: str
    reason: str


def build_corpus(root: Path) -> tuple[Path, Path, set[str], list[Bad], list[Bad]]:
    """(corpus folder, manifest, ids of the good articles, expected skips, expected flagged notes)."""
    corpus = root / "corpus"
    corpus.mkdir()
    topics = iter(TOPICS)
    good: set[str] = set()

    def put(name: str, data: bytes | str, *, ok: bool = True) -> Path:
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if ok:
            good.add(path.stem)
        return path

    # -- good, or repaired: stored --
    put("plain.txt", english(next(topics)))
    put("latin1.txt", english(next(topics)).replace("council", "conseil régional").encode("latin-1"))
    for name, codec, bom in (("utf16_bom.txt", "utf-16", b""), ("utf16le.txt", "utf-16-le", b""),
                             ("utf16be.txt", "utf-16-be", b""), ("utf32_bom.txt", "utf-32", b""),
                             ("utf32le.txt", "utf-32-le", b""), ("utf8_bom.txt", "utf-8", b"\xef\xbb\xbf")):
        put(name, bom + english(next(topics)).encode(codec))
    damaged = english(next(topics)).replace("mayor", "mayor \u2014 Ms Lefèvre \u2014").encode("utf-8")
    put("damaged.txt", damaged[:40] + b"\xff" + damaged[40:])
    put("controls.txt", english(next(topics)).replace("Thursday", "Thurs\x07day\x1b").replace("\n\n", "\x0c"))
    put("invisible.txt", english(next(topics)).replace("Elsby", "El\u00adsby").replace("mayor", "ma\u200byor"))
    put("page.html", f"<!DOCTYPE html><html><head><title>Closure</title></head><body><article>"
                     f"<p>{english(next(topics))}</p></article></body></html>")
    put("broken.html", f"<html><body><div><p>{english(next(topics))}<p><b>unclosed <i>tags</div></td></html")
    put("deep.html", "<html><body>" + "<div>" * 600 + f"<p>{english(next(topics))}</p>" + "</div>" * 600
        + "</body></html>")
    put("mostly_english.txt", english(next(topics)) + " The visiting engineer, 王工程师, agreed.")
    put("listed.txt", english(next(topics)))
    put("future.txt", english(next(topics)))
    put("nested/deeper/inner.txt", english(next(topics)))

    # -- bad: Skipped --
    outside = root / "outside.txt"
    outside.write_text(english("secret"), encoding="utf-8")
    put("blob.txt", bytes(range(256)) * 16, ok=False)
    put("image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), ok=False)
    put("empty.txt", b"", ok=False)
    put("blank.txt", "  \n\t \n", ok=False)
    put("script_only.html", "<html><body><script>alert('x')</script><nav><a href='/'>Home</a></nav></body></html>", ok=False)
    put("french.txt", FRENCH, ok=False)
    put("chinese.txt", CHINESE * 2, ok=False)
    put("mostly_chinese.txt", "Talks resumed. " + CHINESE, ok=False)
    put("data.json", json.dumps({"text": english("json")}), ok=False)
    put("README.md", "# Corpus\n\nArticles about closures.", ok=False)
    put("huge.txt", english("marathon") * (ingest.MAX_ARTICLE_CHARS // 200), ok=False)
    put("huge_bytes.txt", b"x" * 2_100_000, ok=False)  # over the byte limit the test sets
    put("locked/inside.txt", english("vault"), ok=False)
    (corpus / "self_loop").symlink_to("self_loop")
    (corpus / "ping").symlink_to("pong")
    (corpus / "pong").symlink_to("ping")
    (corpus / "up").symlink_to("..")
    put("bad_lines.jsonl", "\n".join([
        json.dumps({"id": "collected", "text": english(next(topics))}),
        "{not json",
        json.dumps({"id": "no_text"}),
        json.dumps({"id": "bad_date", "text": english("x"), "published": "31/02/2023"}),
    ]) + "\n", ok=False)
    good.add("collected")

    manifest = corpus / "manifest.jsonl"
    manifest.write_text("\n".join(json.dumps(e) for e in (
        {"id": "listed", "path": "listed.txt", "published": "2023-05-02", "title": "Closure"},
        {"id": "future", "path": "future.txt", "published": "2099-01-01"},
        {"id": "inline", "text": english(next(topics)), "published": "2023-05-03"},
        {"id": "missing_both"},
        {"id": "bad_date", "path": "plain.txt", "published": "next Tuesday"},
        {"id": "listed", "path": "latin1.txt"},
        {"id": "escape", "path": "../outside.txt"},
        {"id": "absolute", "path": str(outside)},
        {"id": "gone", "path": "gone.txt"},
        {"id": "typo", "path": "plain.txt", "pubished": "2023-05-02"},
    )) + "\n[1, 2]\n", encoding="utf-8")
    good.add("inline")
    m = f"{manifest}:"
    skipped = [
        Bad("blob.txt", "binary file (contains NUL bytes)"), Bad("image.png", "binary file (a PNG image"),
        Bad("empty.txt", "empty file"), Bad("blank.txt", "no text (empty or whitespace only)"),
        Bad("script_only.html", "no article text found in the HTML"),
        Bad("french.txt", "language 'fr' is not supported"), Bad("/chinese.txt", "language 'zh' is not supported"),
        Bad("mostly_chinese.txt", "language 'zh' is not supported"),
        Bad("data.json", "not an article: a JSON file"), Bad("README.md", "a documentation file"),
        Bad("huge.txt", "text too long"), Bad("huge_bytes.txt", "file too large (2100000 bytes, limit 2000000)"),
        Bad("locked", "folder not read: permission denied"),
        Bad("self_loop", "a symbolic link loop"), Bad("ping", "a symbolic link loop"),
        Bad("pong", "a symbolic link loop"), Bad("up", "a symbolic link to a folder: not followed"),
        Bad("bad_lines.jsonl:2", "invalid JSON"), Bad("bad_lines.jsonl:3", "missing or empty 'text'"),
        Bad("bad_lines.jsonl:4", "bad 'published' value"),
        Bad(m + "4", "needs a 'path' or a non-empty 'text'"), Bad(m + "5", "bad 'published' value"),
        Bad("latin1.txt", "duplicate article id 'listed'"), Bad(m + "7", "leaves the manifest's folder"),
        Bad(m + "8", "must be relative to the manifest's folder"),
        Bad("gone.txt", "listed in the manifest"), Bad(m + "10", "did you mean 'published'"),
        Bad(m + "11", "expected a JSON object"),
    ]
    flagged = [
        Bad("damaged.txt", "1 invalid UTF-8 byte sequence replaced with U+FFFD"),
        Bad("utf16le.txt", "read as UTF-16-LE (no byte-order mark)"),
        Bad("utf16be.txt", "read as UTF-16-BE (no byte-order mark)"),
        Bad("utf32le.txt", "read as UTF-32-LE (no byte-order mark)"),
        Bad("deep.html", "HTML nested 600 <div>/<span> deep"),
        Bad("future.txt", "published 2099-01-01 is in the future"),
    ]
    # latin1.txt is read once, through the manifest line that names it (a duplicate id); the lines naming
    # plain.txt are rejected before the file is claimed, so the walk reads it
    good -= {"latin1"}
    return corpus, manifest, good, skipped, flagged


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 2_000_000)
    built = build_corpus(tmp_path)
    locked = built[0] / "locked"
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder, so a chmod cannot make one unreadable here: fake the refusal
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return built


def match(items: list[Skipped], expected: list[Bad]) -> list[str]:
    """Problems: an expected case with no item, or with more than one; an item no case expects."""
    problems = []
    claimed: set[int] = set()
    for case in expected:
        found = [i for i, s in enumerate(items) if s.input.endswith(case.input_end) and case.reason in s.reason]
        if len(found) != 1:
            problems.append(f"{case}: {len(found)} matching items")
        claimed.update(found)
    problems += [f"unexpected: {s}" for i, s in enumerate(items) if i not in claimed]
    return problems


def test_ingest_reports_every_bad_input(corpus) -> None:
    folder, manifest, good, skipped, flagged = corpus
    items = list(ingest.iter_inputs([folder], manifest))
    articles = [i for i in items if isinstance(i, Article)]
    assert match([i for i in items if isinstance(i, Skipped)], skipped) == []
    notes = [Skipped(input=a.path or a.id, reason=n) for a in articles for n in a.notes]
    assert match(notes, flagged) == []
    assert {a.id for a in articles} == good


@pytest.mark.model
def test_run_stores_every_good_article_and_counts_every_bad_one(corpus, tmp_path: Path) -> None:
    from rich.console import Console

    from thucydides.pipeline import Pipeline
    from thucydides.report import render_summary
    from thucydides.store import Store

    folder, manifest, good, skipped, flagged = corpus
    db = tmp_path / "bad.duckdb"
    summary = Pipeline.default().run([folder], manifest=manifest, db=db, link=False)
    assert match(summary.skipped, skipped) == []
    assert match(summary.flagged, flagged) == []
    assert summary.failed == []
    assert summary.articles_processed == summary.articles_read == len(good)
    assert {row["id"] for row in Store(db, read_only=True).articles()} == good
    out = io.StringIO()
    render_summary(summary, Console(file=out, width=300), max_per_reason=None)
    text = " ".join(out.getvalue().split())
    assert f"{len(skipped)} skipped" in text and f"{len(flagged)} flagged" in text
    for case in skipped + flagged:
        assert case.input_end.split(":")[0] in text


def test_csv_manifest_with_bad_rows_skips_only_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(english("harbour"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(english("bridge"), encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("id,path,published\n"
                        "a,a.txt,2023-05-02\n"
                        "b,b.txt,2023-13-45\n"  # no 13th month
                        "c,c.txt,2023-05-02,extra\n"  # more fields than the header
                        "d\n"  # missing columns: no path, no text
                        "b2,b.txt\n",  # published left out: fine
                        encoding="utf-8")
    items = list(ingest.iter_inputs([], manifest))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b2"]
    assert match([i for i in items if isinstance(i, Skipped)], [
        Bad("m.csv:3", "bad 'published' value"), Bad("m.csv:4", "more fields than the header has"),
        Bad("m.csv:5", "needs a 'path' or a non-empty 'text'"),
    ]) == []


@pytest.mark.parametrize("header, message", [
    ("id,published\n", "the header needs a 'path' or a 'text' column"),  # missing columns: nothing to read
    ("id,path,pubished\n", "did you mean 'published'"),  # a typo would silently drop every date
    ("", "empty manifest"),
])
def test_unusable_csv_manifest_header_is_an_error_naming_the_file(tmp_path: Path, header: str, message: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(header + "a,a.txt,2023-05-02\n" if header else "", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"m\.csv:1: .*{message}"):
        list(ingest.iter_inputs([], manifest))
