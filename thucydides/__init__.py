"""Thucydides: sourced, coded political event data from news articles.

    >>> import thucydides
    >>> result = thucydides.extract("Chinese Foreign Minister Wang Yi met ...", published="2022-03-07")
    >>> result.events, result.quotes, result.mentions

Heavy imports (spaCy, the model) happen on first use, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .model import ArticleResult
    from .pipeline import Pipeline


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def extract(text: str, *, published: Any = None, article_id: str = "article", title: str | None = None) -> ArticleResult:
    """Extract actors, events and quotes from one article's text (cleaned of web boilerplate first)."""
    from .pipeline import Pipeline

    return Pipeline.default().extract(text, published=published, article_id=article_id, title=title)
