"""Ingest: turn files, directories, JSONL collections and a manifest into `Article` records.

    for item in iter_inputs([Path("articles/")], manifest="articles/manifest.jsonl"):
        if isinstance(item, Skipped):
            print(item.input, item.reason)

Inputs
    * plain text (.txt, .md, or any file that decodes as text): the file is the article body;
    * HTML (.html, .htm, .xhtml, or text that starts like an HTML page): trafilatura extracts the main text
      and the title, date and URL from the page's metadata (comments and tables are left out);
    * JSONL (.jsonl): one article per line, keys `id`, `text`, `published`, `source`, `title`, `url`, `language`.

Directories are walked recursively in sorted order; hidden files and folders are left out, and README/LICENSE
files met in a walk are Skipped as documentation (a file named explicitly is always read). A folder that
cannot be listed, a symbolic link to a folder (not followed: it may loop) and a looping link are Skipped.

Identity: without a manifest an article's id is its file stem (JSONL: the line's `id`, else `stem:line`). Two
inputs with the same id are never both kept: the second is Skipped, naming the first (give ids in a manifest).

Nothing is dropped silently: every input that yields no article yields a `Skipped` with the reason (missing,
unreadable, binary, empty, undecodable, too long, not English, bad metadata, duplicate id). One bad input never
stops the others. Bytes become text in `decoding.py` (BOM-less UTF-16/32, damaged UTF-8, legacy code pages);
invisible format and control characters are removed before the Article is made, so `raw_text` (and every
offset into it or into the cleaned text) never holds them. A repair worth knowing about (bytes replaced, HTML
nesting removed, a future date) is kept in `Article.notes`; the run lists them as flagged. Only a manifest that cannot be read at all raises (it is configuration, not input): OSError, or
ValueError naming the file and line for malformed content.

Publication dates (`published`): ISO 8601 dates or datetimes ("2022-03-07", "2022-03-07T10:00:00+08:00"), or an
RFC 2822 date as in RSS ("Mon, 07 Mar 2022 10:00:00 GMT"); a datetime keeps its own calendar date. A value that
is present but unparseable makes the article Skipped with the reason: every relative date in an article
("on Monday", "last week") is resolved against it, so processing it undated would silently produce undated or
wrongly dated events; fix the value and re-run. A missing or empty value is fine (published=None).

Language: English only. The manifest's or JSONL line's `language` is trusted when given; otherwise it is
detected (`language.py`): a text mostly in a non-Latin script is not English; a Latin-script one only when
py3langid is confident, since a misjudged English article would be lost, while a misjudged foreign one merely
yields few events.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from .decoding import NotText as _NotText
from .decoding import decode_bytes, normalise_newlines, strip_invisible
from .htmltext import extract_page
from .language import detect_language, normalise_language
from .model import Article, Skipped

__all__ = [
    "ManifestEntry",
    "detect_language",
    "iter_inputs",
    "parse_published",
    "read_manifest",
]

SUPPORTED_LANGUAGES = frozenset({"en"})
MAX_FILE_BYTES = 50 * 1024 * 1024  # one article file; JSONL collections are streamed and have no limit
# One article's text: 10x the longest news article; longer texts are books or dumps, which would tie up a run
# for many minutes (spaCy's small model parses ~3,000-10,000 characters a second on one core)
MAX_ARTICLE_CHARS = 1_000_000
FUTURE_SLACK = timedelta(days=1)  # time zones: a page dated "tomorrow" from where it was published is fine
MANIFEST_FIELDS = ("id", "path", "text", "published", "source", "title", "url", "language")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# data files that decode as text but are not an article: reading them as one would produce garbage events
_NOT_ARTICLE_SUFFIXES = {
    ".json": "a JSON file (articles go one per line in a .jsonl file)",
    ".csv": "a CSV file (pass it with the manifest option if it is a manifest)",
    ".tsv": "a TSV file",
    ".yaml": "a YAML file",
    ".yml": "a YAML file",
    ".xml": "an XML file",
}
# project documents that sit in corpus folders; only skipped when met in a directory walk, never when named
_DOC_FILE = re.compile(r"^(?:readme|license|licence|copying|changelog|notice)(?:\.[\w.]+)?$", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ManifestEntry:
    """One line of a manifest: an article file (or inline text) and its metadata."""

    id: str
    path: Path | None  # resolved against the manifest's folder; None when the text is inline
    text: str | None
    published: date | None
    source: str | None
    title: str | None
    url: str | None
    language: str | None
    manifest: Path
    line: int  # 1-based line of the entry in the manifest

    @property
    def where(self) -> str:
        """`manifest:line`, for messages."""
        return f"{self.manifest}:{self.line}"


@dataclass(frozen=True)
class _Meta:
    """Metadata that travels with a text before it becomes an Article."""

    published: date | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None


# ---------------------------------------------------------------------------------------------- public API


def parse_published(value: Any) -> date | None:
    """Parse a publication date; None for a missing or empty value. Raises ValueError for anything else."""
    if value is None or isinstance(value, datetime):
        return value.date() if isinstance(value, datetime) else None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not an ISO 8601 or RFC 2822 date: {value!r}") from None


def read_manifest(path: str | Path) -> list[ManifestEntry]:
    """Read a manifest (CSV when the name ends in .csv or .tsv, else JSONL).

    Columns/keys: `id`, `path` (relative to the manifest's folder, and inside it) or `text`, `published`, `source`, `title`,
    `url`, `language`. Unknown columns are ignored, except near-misses of known ones ("pubished"), which are
    errors. Raises OSError if the file cannot be read, ValueError naming the file and line of a malformed
    entry.
    """
    entries: list[ManifestEntry] = []
    for item in _iter_manifest(Path(path)):
        if isinstance(item, Skipped):
            raise ValueError(f"{item.input}: {item.reason}")
        entries.append(item)
    return entries


def iter_inputs(paths: Sequence[str | Path], manifest: str | Path | None = None) -> Iterator[Article | Skipped]:
    """Yield an Article (or a Skipped with the reason) for every input, in a deterministic order.

    `paths` are files or directories (walked recursively in sorted order; hidden files and folders are left
    out). With a `manifest`, its entries come first, in manifest order, with its metadata; files under
    `paths` that the manifest lists are not read again, and the manifest itself is never read as an article.
    A manifest entry whose file is missing, or a malformed manifest line, yields a Skipped.
    """
    seen_files: set[Path] = set()
    seen_ids: dict[str, str] = {}

    def keep_unique(item: Article | Skipped, where: str) -> Article | Skipped:
        if isinstance(item, Skipped):
            return item
        first = seen_ids.get(item.id)
        if first is not None:
            return Skipped(input=where, reason=f"duplicate article id {item.id!r} (first used by {first})")
        seen_ids[item.id] = where
        return item

    if manifest is not None:
        manifest_path = Path(manifest)
        seen_files.add(_resolved(manifest_path))
        for entry in _iter_manifest(manifest_path):
            if isinstance(entry, Skipped):
                yield entry
                continue
            if entry.path is not None:
                seen_files.add(_resolved(entry.path))
            yield keep_unique(_read_manifest_entry(entry), str(entry.path) if entry.path else entry.where)

    for file_path in _expand(paths, seen_files):
        if isinstance(file_path, Skipped):
            yield file_path
            continue
        if file_path.suffix.lower() in _JSONL_SUFFIXES:
            for where, item in _iter_jsonl(file_path):
                yield keep_unique(item, where)
        else:
            yield keep_unique(_read_article_file(file_path, file_path.stem, _Meta()), str(file_path))


# ---------------------------------------------------------------------------------------------- files


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13): use the spelling
        return path.absolute()


def _expand(paths: Sequence[str | Path], seen: set[Path]) -> Iterator[Path | Skipped]:
    """Files named by `paths` (directories walked), each once, minus those already in `seen`."""
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()  # raises for a name too long, or a path the system refuses outright
        except OSError as exc:
            yield Skipped(input=str(path), reason=_os_reason(exc))
            continue
        if is_dir:
            files, problems = _walk(path)
            yield from problems
            for doc_file in [f for f in files if _DOC_FILE.match(f.name)]:
                files.remove(doc_file)
                if _resolved(doc_file) not in seen:
                    yield Skipped(input=str(doc_file), reason="a documentation file (README, LICENSE, ...), not an article: name it explicitly to read it")
        elif path.exists() or path.is_symlink():
            files = [path]
        else:
            yield Skipped(input=str(path), reason="no such file or directory")
            continue
        for file_path in files:
            key = _resolved(file_path)
            if key in seen:
                continue
            seen.add(key)
            yield file_path


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Non-hidden files under `root`, sorted by their path components (stable across file systems), and a
    Skipped for each folder that could not be listed or was not entered.

    Symbolic links to folders are not followed (a link can loop back to its parent, or lead out of the
    corpus), but are reported; a link to a file is read like the file (a looping or broken one is reported
    when read)."""
    found: list[Path] = []
    problems: list[Skipped] = []

    def unreadable(exc: OSError) -> None:
        problems.append(Skipped(input=str(exc.filename or root), reason=f"folder not read: {_os_reason(exc)}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(folder, name)):
                problems.append(Skipped(input=os.path.join(folder, name),
                                        reason="a symbolic link to a folder: not followed (it may loop or leave the corpus); pass the folder itself"))
                continue
            kept.append(name)
        dirs[:] = kept
        found.extend(Path(folder, name) for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).parts), problems


def _os_reason(exc: OSError) -> str:
    """A short reason for an OSError met while reading an input."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file (a broken symbolic link?)" if exc.filename and os.path.islink(exc.filename) else "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read: {exc.strerror or exc}"


def _read_bytes(path: Path) -> bytes | Skipped:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Skipped(input=str(path), reason=f"file too large ({size} bytes, limit {MAX_FILE_BYTES})")
        return path.read_bytes()
    except OSError as exc:
        return Skipped(input=str(path), reason=_os_reason(exc))


def _read_article_file(path: Path, article_id: str, meta: _Meta) -> Article | Skipped:
    suffix = path.suffix.lower()
    if suffix in _NOT_ARTICLE_SUFFIXES:
        return Skipped(input=str(path), reason=f"not an article: {_NOT_ARTICLE_SUFFIXES[suffix]}")
    data = _read_bytes(path)
    if isinstance(data, Skipped):
        return data
    try:
        decoded = decode_bytes(data)
    except _NotText as exc:
        return Skipped(input=str(path), reason=str(exc))
    text = decoded.text
    is_html = suffix in _HTML_SUFFIXES or (suffix != ".md" and _looks_like_html(text))
    return _make_article(article_id, text, str(path), meta, html=is_html,
                         notes=[decoded.note] if decoded.note else [])


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip()
    return head.startswith("<") and _HTML_SNIFF.search(head) is not None


# ---------------------------------------------------------------------------------------------- articles


def _make_article(article_id: str, text: str, where: str, meta: _Meta, *, html: bool = False,
                  notes: list[str] | None = None) -> Article | Skipped:
    """Build the Article from decoded text (extracting from HTML first), remove invisible characters, and
    check its length and language."""
    notes = list(notes or [])
    if html:
        try:
            text, html_meta, html_note = _extract_html(text)
        except _NotText as exc:
            return Skipped(input=where, reason=str(exc))
        if html_note:
            notes.append(html_note)
        meta = _Meta(
            published=meta.published or html_meta.published,
            source=meta.source or html_meta.source,
            title=meta.title or html_meta.title,
            url=meta.url or html_meta.url,
            language=meta.language,
        )
    # raw_text is stored without invisible characters: the cleaned text, every offset and the web view's
    # removals all refer to it, and a soft hyphen inside a name would otherwise split it
    text = strip_invisible(text)
    if not text.strip():
        return Skipped(input=where, reason="no text (empty or whitespace only)")
    if len(text) > MAX_ARTICLE_CHARS:
        return Skipped(input=where, reason=f"text too long ({len(text):,} characters, limit {MAX_ARTICLE_CHARS:,}): split it into articles")
    if meta.published is not None and meta.published > date.today() + FUTURE_SLACK:
        # kept (the text is fine) but flagged: a typo in the year re-dates every relative date in it
        notes.append(f"published {meta.published.isoformat()} is in the future: check the date")
    if meta.language:
        language = normalise_language(meta.language)
    else:
        language = detect_language(text)
    if language not in SUPPORTED_LANGUAGES:
        return Skipped(input=where, reason=f"language {language!r} is not supported (English only)")
    return Article(
        id=article_id,
        raw_text=text,
        published=meta.published,
        source=meta.source,
        title=strip_invisible(meta.title) if meta.title else None,
        url=meta.url,
        language=language,
        path=where,
        notes=notes,
    )


def _extract_html(html: str) -> tuple[str, _Meta, str | None]:
    """Main text, metadata and a note (or None) of an HTML page; _NotText when there is no article text."""
    page = extract_page(html)
    try:
        published = parse_published(page.date)
    except ValueError:
        published = None  # a page's own metadata date is a hint, not a contract: ignore a malformed one
    return page.text, _Meta(published=published, source=page.source, title=page.title, url=page.url), page.note


# ---------------------------------------------------------------------------------------------- JSONL


def _iter_jsonl(path: Path) -> Iterator[tuple[str, Article | Skipped]]:
    """(where, Article or Skipped) for each non-blank line of a JSONL article collection."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot read file: {exc.strerror or exc}"
        yield str(path), Skipped(input=str(path), reason=reason)
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
                raw_line = raw_line[3:]
            if not raw_line.strip():
                continue
            try:
                record = json.loads(raw_line.decode("utf-8"))
            except UnicodeDecodeError:
                yield where, Skipped(input=where, reason="line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield where, Skipped(input=where, reason=f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            except RecursionError:  # json raises it for arrays/objects nested thousands deep
                yield where, Skipped(input=where, reason="invalid JSON: nested too deep")
                continue
            yield where, _jsonl_article(record, path, number, where)


def _jsonl_article(record: Any, path: Path, number: int, where: str) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped(input=where, reason=f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        if "path" in record and "text" not in record:
            return Skipped(input=where, reason="no 'text' but a 'path': this looks like a manifest line; pass the file as the manifest")
        return Skipped(input=where, reason="missing or empty 'text'" if text is None or isinstance(text, str) else "'text' is not a string")
    try:
        meta = _meta_from_record(record)
    except ValueError as exc:
        return Skipped(input=where, reason=str(exc))
    article_id = _opt_str(record.get("id")) or f"{path.stem}:{number}"
    return _make_article(article_id, normalise_newlines(text), where, meta)


def _meta_from_record(record: dict[str, Any]) -> _Meta:
    """Metadata from a JSONL line or manifest row; ValueError naming the field on a bad value."""
    try:
        published = parse_published(record.get("published"))
    except ValueError as exc:
        raise ValueError(f"bad 'published' value: {exc}") from None
    return _Meta(
        published=published,
        source=_opt_str(record.get("source")),
        title=_opt_str(record.get("title")),
        url=_opt_str(record.get("url")),
        language=_opt_str(record.get("language")),
    )


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------------------------------------- manifest


def _iter_manifest(path: Path) -> Iterator[ManifestEntry | Skipped]:
    """Entries of a manifest, or a Skipped ("manifest:line") per malformed one. OSError if unreadable."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # manifests are UTF-8 (a BOM from spreadsheet exports is fine)
    except UnicodeDecodeError as exc:  # configuration, not input: the whole manifest is refused, naming the spot
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"{path}:{line}: the manifest is not UTF-8 (byte {data[exc.start]:#04x}): save it as UTF-8") from None
    folder = path.parent
    if path.suffix.lower() in (".csv", ".tsv"):
        rows = _csv_rows(text, path, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    else:
        rows = _jsonl_rows(text, path)
    for number, row in rows:
        where = f"{path}:{number}"
        if isinstance(row, str):
            yield Skipped(input=where, reason=row)
            continue
        try:
            yield _manifest_entry(row, path, folder, number)
        except ValueError as exc:
            yield Skipped(input=where, reason=str(exc))


def _jsonl_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        except RecursionError:  # json raises it for arrays/objects nested thousands deep
            yield number, "invalid JSON: nested too deep"
            continue
        if not isinstance(record, dict):
            yield number, f"expected a JSON object, got {type(record).__name__}"
            continue
        misspelt = _misspelt_fields(record.keys())
        yield number, (misspelt or record)


def _csv_rows(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    import io

    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise ValueError(f"{path}:1: empty manifest (no header row)")
    reader.fieldnames = header
    misspelt = _misspelt_fields(header)
    if misspelt:
        raise ValueError(f"{path}:1: {misspelt}")
    if "path" not in header and "text" not in header:
        raise ValueError(f"{path}:1: the header needs a 'path' or a 'text' column (has: {', '.join(header)})")
    previous_end = reader.line_num
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if None in row:
            yield start, f"more fields than the header has ({len(header)})"
            continue
        if all(not (v or "").strip() for v in row.values()):
            continue
        yield start, row


def _misspelt_fields(keys: Any) -> str | None:
    """A message for a key that is close to, but not, a known manifest field (a typo would lose metadata)."""
    import difflib

    for key in keys:
        if key in MANIFEST_FIELDS:
            continue
        close = difflib.get_close_matches(str(key), MANIFEST_FIELDS, n=1, cutoff=0.8)
        if close:
            return f"unknown field {key!r}: did you mean {close[0]!r}?"
    return None


def _manifest_entry(row: dict[str, Any], manifest: Path, folder: Path, number: int) -> ManifestEntry:
    meta = _meta_from_record(row)
    rel = _opt_str(row.get("path"))
    inline = row.get("text")
    inline_text = inline if isinstance(inline, str) and inline.strip() else None
    if rel is None and inline_text is None:
        raise ValueError("needs a 'path' or a non-empty 'text'")
    if rel is not None and inline_text is not None:
        raise ValueError("has both 'path' and 'text': give one")
    entry_path = _inside(folder, rel) if rel is not None else None
    article_id = _opt_str(row.get("id")) or (entry_path.stem if entry_path is not None else None)
    if article_id is None:
        raise ValueError("an entry with inline 'text' needs an 'id'")
    return ManifestEntry(
        id=article_id,
        path=entry_path,
        text=normalise_newlines(inline_text) if inline_text is not None else None,
        published=meta.published,
        source=meta.source,
        title=meta.title,
        url=meta.url,
        language=meta.language,
        manifest=manifest,
        line=number,
    )


def _inside(folder: Path, rel: str) -> Path:
    """`rel` under the manifest's `folder`; ValueError when it would leave it.

    A manifest is data, often from someone else: an absolute path, `~`, `..` or a symlink out of the folder
    would let it read (and `serve` publish) any file of this machine, so entries must stay inside."""
    if rel.startswith("~") or Path(rel).is_absolute() or PureWindowsPath(rel).drive:
        raise ValueError(f"path {rel!r} must be relative to the manifest's folder ({folder})")
    candidate = folder / rel
    if not _resolved(candidate).is_relative_to(_resolved(folder)):
        raise ValueError(f"path {rel!r} leaves the manifest's folder ({folder}): move the manifest above the files it lists")
    return candidate


def _read_manifest_entry(entry: ManifestEntry) -> Article | Skipped:
    meta = _Meta(published=entry.published, source=entry.source, title=entry.title, url=entry.url, language=entry.language)
    if entry.path is None:
        return _make_article(entry.id, entry.text or "", entry.where, meta)
    try:
        exists, is_dir = entry.path.exists(), entry.path.is_dir()
    except OSError as exc:  # a name too long, or a path the system refuses outright
        return Skipped(input=str(entry.path), reason=f"listed in the manifest ({entry.where}): {_os_reason(exc)}")
    if not exists:
        return Skipped(input=str(entry.path), reason=f"listed in the manifest ({entry.where}) but the file does not exist")
    if is_dir:
        return Skipped(input=str(entry.path), reason=f"listed in the manifest ({entry.where}) but it is a directory")
    if entry.path.suffix.lower() in _JSONL_SUFFIXES:
        return Skipped(input=str(entry.path), reason=f"manifest entry {entry.where} names a JSONL collection: a manifest entry is one article; pass JSONL files as inputs")
    return _read_article_file(entry.path, entry.id, meta)
