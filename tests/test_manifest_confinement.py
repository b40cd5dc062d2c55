"""A manifest's paths stay inside the manifest's folder (issue 11, defect 1): a manifest is data, often from
someone else, and `serve` publishes what `run` reads, so a path out of the folder would disclose local files."""

import json
from pathlib import Path

import pytest

from thucydides.ingest import iter_inputs, read_manifest
from thucydides.model import Article, Skipped

TEXT = "The harbour authority said on Monday that the northern piers would close for repairs next month."


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """tmp/secret.txt beside tmp/feed/ (the manifest's folder) holding feed/ok.txt and feed/sub/deep.txt."""
    (tmp_path / "secret.txt").write_text("private " + TEXT, encoding="utf-8")
    feed = tmp_path / "feed"
    (feed / "sub").mkdir(parents=True)
    (feed / "ok.txt").write_text(TEXT, encoding="utf-8")
    (feed / "sub" / "deep.txt").write_text(TEXT.replace("northern", "southern"), encoding="utf-8")
    return feed


def run_manifest(feed: Path, paths: list[str]) -> tuple[list[Article], list[Skipped]]:
    manifest = feed / "manifest.jsonl"
    manifest.write_text("".join(json.dumps({"id": f"a{i}", "path": p}) + "\n" for i, p in enumerate(paths)),
                        encoding="utf-8")
    items = list(iter_inputs([], manifest))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


@pytest.mark.parametrize("path", [
    "../secret.txt",                # up and out
    "sub/../../secret.txt",         # down, then out
    "{root}/secret.txt",            # absolute
    "~/secret.txt",                 # the home directory
    "/etc/passwd",                  # the classic
    "C:\\Windows\\win.ini",         # a Windows drive path
])
def test_paths_out_of_the_folder_are_skipped_with_the_reason(layout: Path, path: str) -> None:
    articles, skipped = run_manifest(layout, ["ok.txt", path.format(root=layout.parent)])
    assert [a.id for a in articles] == ["a0"]  # the good entry is still read
    [bad] = skipped
    assert bad.input.endswith("manifest.jsonl:2")
    assert "manifest's folder" in bad.reason


def test_symlink_out_of_the_folder_is_skipped(layout: Path) -> None:
    (layout / "link.txt").symlink_to(layout.parent / "secret.txt")
    articles, skipped = run_manifest(layout, ["link.txt"])
    assert not articles and "leaves the manifest's folder" in skipped[0].reason


@pytest.mark.parametrize("path", [
    "ok.txt",                       # beside the manifest
    "sub/deep.txt",                 # below it
    "sub/../ok.txt",                # a detour that stays inside
])
def test_paths_inside_the_folder_are_read(layout: Path, path: str) -> None:
    articles, skipped = run_manifest(layout, [path])
    assert not skipped and len(articles) == 1 and "private" not in articles[0].raw_text


def test_read_manifest_raises_naming_the_line(layout: Path) -> None:
    manifest = layout / "m.jsonl"
    manifest.write_text(json.dumps({"id": "x", "path": "../secret.txt"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"m\.jsonl:1: .*leaves the manifest's folder"):
        read_manifest(manifest)
