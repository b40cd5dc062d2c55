"""The article in an HTML page: main text and metadata through trafilatura, robust to hostile markup.

    page = extract_page(html)    # NotText(reason) when the page holds no article
    page.text, page.title, page.date (as the page gives it), page.source, page.url, page.note
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .decoding import NotText, normalise_newlines

__all__ = ["MAX_LAYOUT_DEPTH", "MIN_HTML_WORDS", "Page", "extract_page"]

_LAYOUT_TAG = re.compile(r"<(/?)(?:div|span)\b[^>]*>", re.IGNORECASE)
MAX_LAYOUT_DEPTH = 200  # nested <div>/<span> above which they are removed (libxml2's tree depth limit is 256)
MIN_HTML_WORDS = 8  # below this, the "article" text of a page is its navigation or a widget


@dataclass(frozen=True)
class Page:
    text: str
    date: str | None  # the page's own metadata date, unparsed
    source: str | None
    title: str | None
    url: str | None
    note: str | None  # a repair worth knowing about (nesting removed)


def extract_page(html: str) -> Page:
    """The main text and metadata of an HTML page; NotText with the reason when there is no article text.

    libxml2 stops building the tree 256 elements deep, so a page with hundreds of nested <div>s (generated
    layouts, or hostile ones) would lose its text: its <div>/<span> tags, which carry layout only, are
    removed before extraction, and the note says so."""
    import trafilatura

    note = None
    depth = _layout_depth(html)
    if depth > MAX_LAYOUT_DEPTH:
        html = _LAYOUT_TAG.sub("", html)
        note = f"HTML nested {depth} <div>/<span> deep: extracted with that nesting removed"
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            include_tables=False,  # table cells come out as sentence-less fragments
            # metadata dates only: a full-text search picks up any date mentioned in the story
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()},
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup; one page must not stop a run
        raise NotText(f"HTML extraction failed: {type(exc).__name__}: {exc}") from None
    if doc is None or not (doc.text or "").strip():
        raise NotText("no article text found in the HTML")
    words = len(doc.text.split())
    if words < MIN_HTML_WORDS:  # trafilatura falls back to any text: a page without an article gives its menu
        raise NotText(f"no article text found in the HTML (only {words} word{'s' if words != 1 else ''}: a menu or boilerplate)")
    return Page(text=normalise_newlines(doc.text), date=doc.date or None, source=doc.sitename or doc.hostname or None,
                title=doc.title or None, url=doc.url or None, note=note)


def _layout_depth(html: str) -> int:
    """The deepest nesting of <div>/<span> elements in `html` (a regex scan: the parser is what fails)."""
    depth = deepest = 0
    for match in _LAYOUT_TAG.finditer(html):
        if match.group(1):
            depth = max(0, depth - 1)
        elif not match.group(0).endswith("/>"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest
